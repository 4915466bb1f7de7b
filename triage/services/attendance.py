"""The melder's answer to the invitation: in the meeting room or online.

Why these rules: the triage is hybrid and a case is not discussed without its melder, so the
chair needs to know beforehand who comes and how. The melder (or a colleague of the same
organisation who may go in their place) answers from the invitation's link and may change
the answer until the meeting starts; after that the answer is history. Only an item that is
really on a finalised agenda of a meeting that is held can be answered: an item that moved on
gets a new invitation for its new meeting.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from ..constants import AgendaItemStatus, Attendance
from ..models import AgendaItem, TriageMeeting
from ..selectors.invitations import items_answerable_by


def meeting_starts_at(meeting: TriageMeeting) -> datetime.datetime:
    """The aware moment the meeting starts (its first slot), in Europe/Amsterdam."""
    return meeting.slots()[0][0]


def attendance_refusal(item: AgendaItem, *, now: datetime.datetime | None = None) -> str | None:
    """Why attendance for ``item`` cannot be confirmed (a Dutch sentence), or None when it can.

    One definition for the page (which hides the form) and for the service (which refuses).
    """
    meeting = item.meeting
    if not meeting.is_held:
        return "Deze triagevergadering gaat niet door. U ontvangt een nieuwe uitnodiging voor de volgende triage."
    if item.status != AgendaItemStatus.GEAGENDEERD or meeting.agenda_finalised_at is None:
        return "Deze casus staat niet (meer) op een vastgestelde agenda van deze triage."
    if (now or timezone.now()) >= meeting_starts_at(meeting):
        return "De triage is al begonnen; uw aanwezigheid kan niet meer worden gewijzigd."
    return None


def attendance_confirm(*, item: AgendaItem, by: User, attendance: str) -> AgendaItem:
    """Record how the melder attends the slot of ``item``; may be changed until the meeting starts."""
    if attendance not in Attendance.values:
        raise ServiceError("Kies of u in de vergaderruimte of online aanwezig bent.")
    if not items_answerable_by(by).filter(pk=item.pk).exists():
        raise ServiceError("U kunt alleen de aanwezigheid bevestigen voor een casus van uw eigen organisatie.")
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting", "casus").get(pk=item.pk)
        refusal = attendance_refusal(locked)
        if refusal:
            raise ServiceError(refusal)
        previous = locked.attendance
        locked.attendance = attendance
        locked.attendance_confirmed_at = timezone.now()
        locked.attendance_confirmed_by = by
        locked.save(update_fields=["attendance", "attendance_confirmed_at", "attendance_confirmed_by"])
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=locked,
            case_reference=locked.casus.reference or "",
            detail={
                "gebeurtenis": "aanwezigheid_bevestigd",
                "aanwezigheid": attendance,
                "vorige": previous,
                "triage": locked.meeting.date.isoformat(),
            },
        )
    return locked
