import datetime
from dataclasses import dataclass

from django.db.models import Count

from intake.constants import CasusStatus
from intake.models import Casus

from . import scheduling

# Cases that are still heading for a triage (not yet discussed, rejected or withdrawn).
OPEN_FOR_TRIAGE = (
    CasusStatus.AANGEMELD,
    CasusStatus.AANVULLING_GEVRAAGD,
    CasusStatus.IN_VERRIJKING,
    CasusStatus.GEAGENDEERD,
    CasusStatus.DOORGESCHOVEN,
)


@dataclass(frozen=True)
class MeetingSummary:
    date: datetime.date
    case_count: int


def upcoming_triage_overview(*, today: datetime.date, weeks: int) -> list[MeetingSummary]:
    """Held Thursdays ahead and how many open cases aim at each: counts only, no personal data."""
    dates = scheduling.meeting_dates(today, weeks)
    counts = dict(
        Casus.objects.filter(status__in=OPEN_FOR_TRIAGE, target_triage_date__in=dates)
        .values_list("target_triage_date")
        .annotate(n=Count("id"))
        .values_list("target_triage_date", "n")
    )
    return [MeetingSummary(date=d, case_count=counts.get(d, 0)) for d in dates]
