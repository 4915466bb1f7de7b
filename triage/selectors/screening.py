"""Reads of the screening: the age of a registration, the latest decisions, the rejection counts.

The queue itself is intake.selectors.cases_for_screening (who sees which case is defined
there, once); triage.filters narrows and sorts it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from intake.models import Casus

from ..constants import RejectionCategory, ScreeningOutcome
from ..models import ScreeningDecision


def age_in_days(submitted_at: datetime.datetime | None, today: datetime.date) -> int | None:
    """Whole days since submission, counted in Europe/Amsterdam dates (submitted today = 0)."""
    if submitted_at is None:
        return None
    return (today - timezone.localdate(submitted_at)).days


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in Europe/Amsterdam, as an aware datetime (to compare with UTC columns)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def latest_decision(casus: Casus) -> ScreeningDecision | None:
    return casus.screenings.select_related("criteria_set", "decided_by", "melder_contacted_by").first()


def latest_decision_relation() -> FilteredRelation:
    """A case's latest screening decision (as `latest_decision`), to join into a query of cases."""
    latest = ScreeningDecision.objects.filter(casus=OuterRef("pk")).order_by("-decided_at", "-id").values("pk")[:1]
    return FilteredRelation("screenings", condition=Q(screenings__pk=Subquery(latest)))


def latest_rejection(casus: Casus) -> ScreeningDecision | None:
    """The rejection the case is in ``afgewezen`` for: what the melder is told and what the chair records contact on.

    The one definition: the case page, the contact page and the services all ask here.
    """
    return casus.screenings.filter(outcome=ScreeningOutcome.REJECTED).order_by("-decided_at", "-id").first()


@dataclass(frozen=True)
class CategoryCount:
    category: RejectionCategory
    count: int


def rejections_per_category(*, year: int) -> list[CategoryCount]:
    """How many registrations were rejected in `year`, per category; deleted ones included.

    Counts the anonymous record that stays after deletion (outcome, category, date), so the
    statistics survive the deletion of the personal data. Every category is listed, also at 0.
    """
    start, end = start_of_day(datetime.date(year, 1, 1)), start_of_day(datetime.date(year + 1, 1, 1))
    rows: QuerySet = (
        ScreeningDecision.objects.filter(outcome=ScreeningOutcome.REJECTED, decided_at__gte=start, decided_at__lt=end)
        .values("rejection_category")
        .annotate(n=Count("casus", distinct=True))
    )
    counts = {row["rejection_category"]: row["n"] for row in rows}
    return [CategoryCount(category, counts.get(category, 0)) for category in RejectionCategory]
