"""What pga holds on a set of cases, for a data-subject request (every dossier, unrestricted).

Only ``subject_requests`` reads these: it decides who may ask (the privacycontactpunt) and audits
the read. The casusoverleggen and the actions name the organisations that took part.
"""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from ..models import Action, Casusoverleg, PgaDossier


def dossiers_of_cases(case_ids: Iterable) -> QuerySet[PgaDossier]:
    overleggen = Casusoverleg.objects.order_by("number").prefetch_related("participants__organisation", "minutes")
    return (
        PgaDossier.objects.filter(casus_id__in=list(case_ids))
        .select_related("procesregisseur")
        .prefetch_related(
            Prefetch("casusoverleggen", queryset=overleggen),
            Prefetch(
                "actions", queryset=Action.objects.select_related("owner_organisation").order_by("due_date", "id")
            ),
        )
    )
