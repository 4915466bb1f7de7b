"""The PGA part of the demo: dossiers in the states a procesregisseur meets, made through pga's services.

``informeren``: just started, agreed with the melder, informing postponed (safety) with a review
date; a plan with two actions, one of them overdue. ``uitvoeren``: informed, plan agreed, a contact
note, an open escalation and progress scored at the start. ``monitoren``: closed (goals reached)
with a monitoring check in three months.
"""

import datetime

from django.utils import timezone

from participants.models import Organisation, User
from pga.constants import ClosingReason, ContactMethod, InformingMethod, MeasurementMoment, PostponementGround
from pga.models import PgaDossier
from pga.services import (
    action_add,
    action_set_status,
    contact_add,
    dossier_close,
    dossier_plan_first_contact,
    escalation_raise,
    goal_add,
    informing_agree,
    informing_postpone,
    informing_record_informed,
    plan_agree,
    progress_record,
)
from pga.services.common import add_months


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _plan(dossier: PgaDossier, by: User, today: datetime.date) -> None:
    wonen = goal_add(dossier=dossier, life_domain="wonen", description="Huisuitzetting voorkomen", by=by)
    geld = goal_add(dossier=dossier, life_domain="financien", description="Schulden in beeld en geregeld", by=by)
    action_add(
        dossier=dossier,
        description="Betalingsregeling huurachterstand afspreken",
        goal=wonen,
        owner_organisation=_org("Woningcorporatie Mitros"),
        due_date=today - datetime.timedelta(days=3),
        by=by,
    )
    action_add(
        dossier=dossier,
        description="Aanmelden bij schuldhulpverlening",
        goal=geld,
        owner_organisation=_org("Gemeente Utrecht"),
        contact_person="Wijkteam Noordwest",
        due_date=today + datetime.timedelta(days=14),
        by=by,
    )


def load_pga_work(*, scenario: str, dossier: PgaDossier) -> None:
    by = dossier.procesregisseur
    today = timezone.localdate()
    dossier_plan_first_contact(
        dossier=dossier, at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=2), by=by
    )
    informing_agree(
        dossier=dossier,
        who_informs="procesregisseur",
        method=InformingMethod.GESPREK,
        planned_date=today + datetime.timedelta(days=5),
        by=by,
    )
    if scenario == "informeren":
        informing_postpone(
            dossier=dossier,
            ground=PostponementGround.VEILIGHEID,
            review_date=add_months(today, 1),
            explanation="Eerst veiligheidsplan met Veilig Thuis.",
            by=by,
        )
        _plan(dossier, by, today)
        return
    informing_record_informed(
        dossier=dossier, informed_on=today, who_informs="procesregisseur", method=InformingMethod.GESPREK, by=by
    )
    _plan(dossier, by, today)
    plan_agree(dossier=dossier, by=by)
    progress_record(
        dossier=dossier,
        moment=MeasurementMoment.START,
        scores={"wonen": (2, "Huurachterstand van drie maanden"), "financien": (1, "Beslag op inkomen")},
        by=by,
    )
    contact_add(
        dossier=dossier,
        contact_on=today,
        with_whom="de betrokkene",
        method=ContactMethod.HUISBEZOEK,
        summary="Plan besproken; betrokkene werkt mee aan de betalingsregeling.",
        by=by,
    )
    if scenario == "uitvoeren":
        escalation_raise(
            dossier=dossier,
            to_whom="Teamleider incasso Mitros",
            by=by,
            reason="De betalingsregeling is na twee verzoeken nog niet voorgesteld.",
        )
        return
    for action in dossier.actions.all():
        action_set_status(action=action, status="gedaan", note="Afgerond volgens plan.", by=by)
    progress_record(
        dossier=dossier,
        moment=MeasurementMoment.AFSLUITING,
        scores={"wonen": (4, "Huur wordt op tijd betaald"), "financien": (3, "Schuldhulp loopt")},
        by=by,
    )
    dossier_close(
        dossier=dossier,
        reason=ClosingReason.DOELEN_BEREIKT,
        by=by,
        evaluation="Woning behouden, schulden in beeld; reguliere hulp loopt.",
        monitoring_date=add_months(today, 3),
    )
