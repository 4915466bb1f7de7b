"""The screening on the casus page: the decision for the chair, the rejection for the melder.

An inclusion tag, so the casus page (intake) needs one line and no triage context of its own.
The page itself is already access-checked and its read audited; this only adds to what it shows.
"""

from django import template

from intake.constants import CasusStatus
from participants.constants import Role
from zvh.core.exceptions import ServiceError

from ..constants import VERRIJKING_STATUSES, ScreeningOutcome
from ..selectors.screening import latest_decision
from ..services.screening import SCREENABLE, ensure_can_record_contact

register = template.Library()


@register.inclusion_tag("triage/screening_on_casus.html", takes_context=True)
def screening_on_casus(context, casus):
    user = context["user"]
    if user.has_role(Role.TRIAGEVOORZITTER):
        decision = latest_decision(casus)
        can_record_contact = False
        if decision is not None:
            decision.casus = casus
            try:
                ensure_can_record_contact(decision, user)
                can_record_contact = True
            except ServiceError:
                pass
        return {
            "for_chair": True,
            "casus": casus,
            "decision": decision,
            "can_screen": casus.status in SCREENABLE and not context.get("on_screening_page"),
            "can_record_contact": can_record_contact,
            "in_verrijking": casus.status in VERRIJKING_STATUSES,
        }
    if casus.status == CasusStatus.AFGEWEZEN:
        decision = casus.screenings.filter(outcome=ScreeningOutcome.REJECTED).first()
        category = decision.get_rejection_category_display() if decision else ""
        return {"for_melder": True, "casus": casus, "category": category}
    return {}
