"""When each ended case is deleted: its ending (kind and moment) plus the policy's period, or a later extension.

The mapping from the casus lifecycle (docs/retention.md) is written once, in ``ending_of``:

- ``concept``: a concept never submitted ends with its last change (``updated_at``);
- ``ingetrokken``: the melder's withdrawal (the status change to ingetrokken);
- ``afgewezen``: the moment the chair recorded that the melder was told (the rejection's
  ``melder_contacted_at``); a rejection not yet told to the melder has not ended;
- ``afgesloten`` coming from ``besproken_geen_pga``: the advice sent at the meeting's close;
- ``afgesloten`` coming from ``pga``: the dossier's final close, that is the end of the
  monitoring when there was one (``monitoring_done_at``), else ``closed_at``; a dossier still
  waiting for its monitoring check (phase ``monitoren``) has not ended.

Every other state (running, or already ``verwijderd``) has no deletion date. The deletion date
is the Europe/Amsterdam day of the ending plus the period in months (``add_months``: 31 August
+ 6 months is 28/29 February), or the latest extension when that is later. The case is deleted
on that day (the nightly job), and a job that missed nights deletes it on the first run after.

All the facts are read in one query over however many cases (subqueries per row), so the list
page and the nightly job cost the same number of queries for one case as for thousands.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import Casus, StatusChange
from pga.constants import DossierPhase
from pga.models import Closure
from pga.services.common import add_months
from triage.constants import ScreeningOutcome
from triage.models import ScreeningDecision

from .constants import DEFAULT_PERIODS, EndingKind
from .models import RetentionExtension, RetentionPolicy

# The states in which a case may have ended (ending_of decides); the rest never has a date.
ENDED_STATES = (CasusStatus.CONCEPT, CasusStatus.INGETROKKEN, CasusStatus.AFGEWEZEN, CasusStatus.AFGESLOTEN)


@dataclass(frozen=True)
class Schedule:
    """One ended case's deletion date and how it came about (no personal data: reference and dates)."""

    casus_id: uuid.UUID
    reference: str
    status: str
    kind: EndingKind
    ended_on: datetime.date
    months: int
    policy_date: datetime.date
    extended_until: datetime.date | None

    @property
    def deletion_date(self) -> datetime.date:
        return max(self.policy_date, self.extended_until or self.policy_date)

    @property
    def is_extended(self) -> bool:
        return self.deletion_date != self.policy_date

    def is_expired(self, today: datetime.date) -> bool:
        return self.deletion_date <= today


def active_policy() -> RetentionPolicy:
    """The active version; without one (a database emptied by a test) the documented defaults, unsaved."""
    return RetentionPolicy.objects.filter(is_active=True).first() or RetentionPolicy(version=0, **DEFAULT_PERIODS)


def _latest(queryset: QuerySet, field: str) -> Subquery:
    return Subquery(queryset.values(field)[:1])


def _with_facts(cases: QuerySet[Casus]) -> QuerySet:
    into_status = StatusChange.objects.filter(casus=OuterRef("pk"), to_status=OuterRef("status")).order_by("-at", "-id")
    told = ScreeningDecision.objects.filter(
        casus=OuterRef("pk"), outcome=ScreeningOutcome.REJECTED, melder_contacted_at__isnull=False
    ).order_by("-decided_at", "-id")
    last_closure = Closure.objects.filter(dossier__casus=OuterRef("pk")).order_by("-closed_at", "-id")
    extension = RetentionExtension.objects.filter(casus=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        cases.filter(status__in=ENDED_STATES)
        .annotate(
            status_at=_latest(into_status, "at"),
            status_from=_latest(into_status, "from_status"),
            contacted_at=_latest(told, "melder_contacted_at"),
            dossier_phase=F("pga_dossier__phase"),
            dossier_closed_at=F("pga_dossier__closed_at"),
            monitoring_done_at=_latest(last_closure, "monitoring_done_at"),
            extended_until=_latest(extension, "new_date"),
        )
        .values(
            "pk",
            "reference",
            "status",
            "updated_at",
            "status_at",
            "status_from",
            "contacted_at",
            "dossier_phase",
            "dossier_closed_at",
            "monitoring_done_at",
            "extended_until",
        )
    )


def ending_of(row: dict) -> tuple[EndingKind, datetime.datetime] | None:
    """The kind of ending and its moment for one row of ``_with_facts``; None while the case has not ended."""
    status = row["status"]
    if status == CasusStatus.CONCEPT:
        return EndingKind.CONCEPT, row["updated_at"]
    if status == CasusStatus.INGETROKKEN and row["status_at"]:
        return EndingKind.INGETROKKEN, row["status_at"]
    if status == CasusStatus.AFGEWEZEN and row["contacted_at"]:
        return EndingKind.AFGEWEZEN, row["contacted_at"]
    if status == CasusStatus.AFGESLOTEN and row["status_from"] == CasusStatus.BESPROKEN_GEEN_PGA:
        return EndingKind.GEEN_PGA, row["status_at"]
    if (
        status == CasusStatus.AFGESLOTEN
        and row["status_from"] == CasusStatus.PGA
        and row["dossier_phase"] == DossierPhase.AFGESLOTEN
    ):
        return EndingKind.PGA_AFGESLOTEN, row["monitoring_done_at"] or row["dossier_closed_at"]
    return None


def schedules(cases: QuerySet[Casus], policy: RetentionPolicy | None = None) -> list[Schedule]:
    """The deletion schedule of every ended case among ``cases``, in no particular order.

    One query for the facts, and one for the active policy when any of the cases has ended.
    """
    result = []
    for row in _with_facts(cases):
        ending = ending_of(row)
        if ending is None:
            continue
        policy = policy or active_policy()
        kind, moment = ending
        ended_on = timezone.localdate(moment)
        months = policy.months_for(kind)
        result.append(
            Schedule(
                casus_id=row["pk"],
                reference=row["reference"] or "",
                status=row["status"],
                kind=kind,
                ended_on=ended_on,
                months=months,
                policy_date=add_months(ended_on, months),
                extended_until=row["extended_until"],
            )
        )
    return result


def schedule_of(casus: Casus, policy: RetentionPolicy | None = None) -> Schedule | None:
    """One case's schedule, or None while it has not ended (or is deleted)."""
    found = schedules(Casus.objects.filter(pk=casus.pk), policy)
    return found[0] if found else None
