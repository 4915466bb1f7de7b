"""What pga holds on a set of cases, for a data-subject request (every dossier, unrestricted).

Only ``subject_requests`` reads these: it decides who may ask (the privacycontactpunt) and audits
the read. The casusoverleggen, the actions and the informing steps name the organisations that
took part. Everything the dossier holds comes with it, each kind of row in one prefetch query
(oldest first, as the person reads a history), so the export's query count does not grow with the
number of cases.
"""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from ..models import (
    Action,
    Casusoverleg,
    Closure,
    ContactNote,
    DossierEvent,
    Escalation,
    InformingStep,
    Measurement,
    OverlegParticipant,
    PgaDossier,
    PlanVersion,
)


def dossiers_of_cases(case_ids: Iterable) -> QuerySet[PgaDossier]:
    participants = OverlegParticipant.objects.select_related("organisation").order_by("is_incidental", "id")
    overleggen = Casusoverleg.objects.order_by("number").prefetch_related(
        Prefetch("participants", queryset=participants), "minutes"
    )
    return (
        PgaDossier.objects.filter(casus_id__in=list(case_ids))
        .select_related("procesregisseur")
        .prefetch_related(
            Prefetch("casusoverleggen", queryset=overleggen),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner_organisation", "goal").order_by("due_date", "id"),
            ),
            "goals",
            Prefetch(
                "informing_steps",
                queryset=InformingStep.objects.select_related("partner_organisation").order_by("recorded_at", "id"),
            ),
            Prefetch("plan_versions", queryset=PlanVersion.objects.order_by("number")),
            Prefetch("contacts", queryset=ContactNote.objects.order_by("contact_on", "id")),
            Prefetch("escalations", queryset=Escalation.objects.select_related("action").order_by("raised_at", "id")),
            Prefetch(
                "measurements", queryset=Measurement.objects.select_related("instrument").prefetch_related("scores")
            ),
            Prefetch("events", queryset=DossierEvent.objects.order_by("at", "id")),
            Prefetch("closures", queryset=Closure.objects.order_by("closed_at", "id")),
        )
    )
