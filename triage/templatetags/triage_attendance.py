"""The "bevestig uw aanwezigheid" notice on the casus page, for the melder of a case on a finalised agenda.

An inclusion tag, so the casus page (intake) needs one line and no triage context of its own.
The page itself is already access-checked and its read audited; this only adds to what it shows.
"""

from django import template

from intake.constants import CasusStatus

from ..constants import AgendaItemStatus
from ..selectors.invitations import items_answerable_by, slot_of
from ..services.attendance import attendance_refusal

register = template.Library()


@register.inclusion_tag("triage/attendance_notice.html", takes_context=True)
def attendance_notice(context, casus):
    if casus.status != CasusStatus.GEAGENDEERD:
        return {}
    item = (
        items_answerable_by(context["user"])
        .filter(casus=casus, status=AgendaItemStatus.GEAGENDEERD, meeting__agenda_finalised_at__isnull=False)
        .select_related("meeting")
        .first()
    )
    if item is None or attendance_refusal(item) is not None:
        return {}
    slot_start, slot_end = slot_of(item.meeting.slots(), item.position)
    return {"item": item, "meeting": item.meeting, "slot_start": slot_start, "slot_end": slot_end}
