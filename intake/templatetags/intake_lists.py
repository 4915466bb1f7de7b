"""``{{ casus|betrokkenen_names }}``: the betrokkenen of a case in a list row, by name.

A filter, not an include: every case list has it in every row, and an include per row cost a
list of fifty rows some 2 ms of its template time (issue 16). The list selectors load the names
with the case (``intake.selectors.betrokkenen_for_lists``), so this reads no database.
"""

from django import template
from django.utils.html import format_html

register = template.Library()

NONE_YET = format_html('<span class="text-body-secondary">{}</span>', "Nog geen betrokkene")


@register.filter
def betrokkenen_names(casus):
    """The full names separated by commas (escaped where they are written), or "Nog geen betrokkene"."""
    names = [betrokkene.full_name for betrokkene in casus.betrokkenen.all()]
    return ", ".join(names) if names else NONE_YET
