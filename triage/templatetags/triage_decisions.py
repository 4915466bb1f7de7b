"""The triage's decision on the casus page: for the chair once recorded, for the melder once the meeting closed.

An inclusion tag like ``screening_on_casus``, so the casus page (intake) needs one line and no
triage context of its own. The page itself is already access-checked and its read audited.
"""

from django import template

from ..selectors.decisions import decisions_visible_to

register = template.Library()


@register.inclusion_tag("triage/session_outcome_on_casus.html", takes_context=True)
def decision_on_casus(context, casus):
    decision = decisions_visible_to(context["user"], casus).first()
    return {"decision": decision, "casus": casus}
