"""What triage holds on a set of cases, for a data-subject request (every organisation's, unrestricted).

Only ``subject_requests`` reads these: it decides who may ask (the privacycontactpunt) and audits
the read. The bekendheidschecks name the partners that received the person's identifying data.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from ..models import Bekendheidscheck, TriageDecision


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
