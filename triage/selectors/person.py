"""What triage holds on a set of cases, for a data-subject request (every organisation's, unrestricted).

Only ``subject_requests`` reads these: it decides who may ask (the privacycontactpunt) and audits
the read. The bekendheidschecks name the partners that received the person's identifying data.
Each is one query per kind of row (plus its prefetches), however many cases: the export's query
count does not grow with the cases.
"""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from ..models import AgendaItem, Bekendheidscheck, DimensionScore, ScreeningDecision, TriageDecision, Weighing


def checks_of_cases(case_ids: Iterable) -> QuerySet[Bekendheidscheck]:
    return (
        Bekendheidscheck.objects.filter(casus_id__in=list(case_ids))
        .select_related("organisation")
        .order_by("casus_id", "requested_at", "id")
    )


def decisions_of_cases(case_ids: Iterable) -> QuerySet[TriageDecision]:
    return (
        TriageDecision.objects.filter(item__casus_id__in=list(case_ids))
        .select_related("item__meeting")
        .prefetch_related("invitees__organisation")
        .order_by("decided_at", "id")
    )


def screenings_of_cases(case_ids: Iterable) -> QuerySet[ScreeningDecision]:
    """Every screening decision (a case screened again after an aanvulling has more), with its criteria."""
    return (
        ScreeningDecision.objects.filter(casus_id__in=list(case_ids))
        .prefetch_related("criteria_set__criteria")
        .order_by("casus_id", "decided_at", "id")
    )


def weighings_of_cases(case_ids: Iterable) -> QuerySet[Weighing]:
    """The weighings with their scores and the model's dimensions and levels, for the suggested conclusion."""
    return (
        Weighing.objects.filter(casus_id__in=list(case_ids))
        .select_related("model")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=DimensionScore.objects.select_related("dimension", "level").order_by(
                    "dimension__order", "dimension_id"
                ),
            ),
            "model__dimensions__levels",
        )
        .order_by("casus_id", "scored_at", "id")
    )


def agenda_items_of_cases(case_ids: Iterable) -> QuerySet[AgendaItem]:
    """The triage meetings a case was on (a case moved on carries the typed reason)."""
    return (
        AgendaItem.objects.filter(casus_id__in=list(case_ids))
        .select_related("meeting")
        .order_by("casus_id", "meeting__date", "id")
    )
