"""Reads of the meeting calendar (no personal data: dates, rooms, counts).

A separate module from ``triage.selectors.bekendheidscheck`` because ``intake`` (casus_submit, the deadline
shown to melders) needs the cancelled dates too, and this keeps that import small.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from intake.models import Casus

from ..constants import ACTIVE_AGENDA_STATUSES, MeetingStatus
from ..models import AgendaItem, TriageMeeting
from .bekendheidscheck import OPEN_FOR_TRIAGE


def cancelled_meeting_dates() -> frozenset[datetime.date]:
    """Dates on which a meeting was cancelled by hand and no other meeting is held that day.

    This is the ``cancelled`` argument of every rule in ``zvh.calendar.scheduling``: the rules then
    skip these Thursdays exactly as they skip public holidays. A date with a cancelled meeting
    *and* a held one (an extra meeting added the same day) is not cancelled: cases can go there.
    """
    held_same_day = TriageMeeting.objects.filter(status=MeetingStatus.GEPLAND, date=OuterRef("date"))
    return frozenset(
        TriageMeeting.objects.filter(status=MeetingStatus.GEANNULEERD)
        .exclude(Exists(held_same_day))
        .values_list("date", flat=True)
    )


def meetings_with_counts() -> QuerySet[TriageMeeting]:
    """Meetings annotated with ``active_count``: how many cases are bound to or on the agenda of each.

    One query however many meetings; counts only, so the functioneel beheerder (who has no
    need-to-know for cases) can see how full a meeting is.
    """
    return TriageMeeting.objects.annotate(
        active_count=Count("items", filter=Q(items__status__in=ACTIVE_AGENDA_STATUSES))
    )


def cases_affected_by_cancelling(meeting: TriageMeeting) -> QuerySet[Casus]:
    """The cases that move when ``meeting`` is cancelled, and whose melders are told.

    Those bound to it or on its agenda; and, when no other meeting is held that day, the open
    cases still waiting for the cutoff that were told this date at submission (they have no
    agenda item yet, but their melder expects them to be discussed that day).
    """
    affected = Q(
        Exists(AgendaItem.objects.filter(meeting=meeting, status__in=ACTIVE_AGENDA_STATUSES, casus=OuterRef("pk")))
    )
    other_held = TriageMeeting.objects.filter(date=meeting.date, status=MeetingStatus.GEPLAND).exclude(pk=meeting.pk)
    if not other_held.exists():
        bound_anywhere = AgendaItem.objects.filter(status__in=ACTIVE_AGENDA_STATUSES, casus=OuterRef("pk"))
        affected |= Q(status__in=OPEN_FOR_TRIAGE, target_triage_date=meeting.date) & ~Q(Exists(bound_anywhere))
    return Casus.objects.filter(affected)
