"""Every PGA service, with its refusals in Dutch. Expected values are written out by hand."""

import datetime

import pytest
import time_machine
from django.test import override_settings

from intake.constants import CasusStatus
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.constants import (
    ActionStatus,
    ClosingReason,
    ContactMethod,
    DossierPhase,
    InformingMethod,
    InformingStatus,
    PostponementGround,
    WhoInforms,
)
from pga.models import DossierEvent, InformingStep, PlanVersion
from pga.services import (
    action_add,
    action_set_status,
    contact_add,
    dossier_close,
    dossier_monitoring_complete,
    dossier_plan_first_contact,
    dossier_reassign,
    dossier_reopen,
    escalation_answer,
    escalation_raise,
    goal_add,
    informing_agree,
    informing_postpone,
    informing_record_informed,
    plan_agree,
)
from pga.services.common import add_months
from pga.tests.factories import SECRET_SURNAME, informed, regisseur, started, with_plan
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 15)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2027, 1, 15, 10, 0, tzinfo=TIMEZONE), tick=False):
        yield


def agree(dossier):
    return informing_agree(
        dossier=dossier,
        who_informs=WhoInforms.PROCESREGISSEUR,
        method=InformingMethod.GESPREK,
        planned_date=datetime.date(2027, 1, 20),
        by=dossier.procesregisseur,
    )


# --- start ---------------------------------------------------------------------------------------


def test_the_start_mails_the_procesregisseur_reference_and_link_only():
    dossier = started(procesregisseur=regisseur(email="p.de.vries@zvh.example"))
    mail = OutgoingMail.objects.get(to=["p.de.vries@zvh.example"])
    assert mail.subject == f"PGA-dossier {dossier.casus.reference} aan u toegewezen"
    assert f"/dossiers/{dossier.casus_id}/" in mail.body
    assert SECRET_SURNAME not in mail.body
    assert dossier.phase == DossierPhase.INFORMEREN
    assert [e.kind for e in DossierEvent.objects.filter(dossier=dossier)] == ["besluit"]


# --- informing -------------------------------------------------------------------------------------


def test_informing_needs_an_agreement_with_the_melder_first():
    dossier = started()
    with pytest.raises(ServiceError, match="Spreek eerst met de melder af wie de betrokkene informeert"):
        informing_postpone(
            dossier=dossier,
            ground=PostponementGround.VEILIGHEID,
            review_date=datetime.date(2027, 2, 1),
            by=dossier.procesregisseur,
        )


def test_a_partner_who_informs_must_be_named():
    dossier = started()
    with pytest.raises(ServiceError, match="^Kies de partnerorganisatie die de betrokkene informeert.$"):
        informing_agree(
            dossier=dossier,
            who_informs=WhoInforms.PARTNER,
            method=InformingMethod.BRIEF,
            planned_date=datetime.date(2027, 1, 20),
            by=dossier.procesregisseur,
        )


@pytest.mark.parametrize(
    ("ground", "review_date", "explanation", "message"),
    [
        (
            "",
            datetime.date(2027, 2, 1),
            "",
            "Uitstel van informeren kan alleen met een grond: kies de grond voor uitstel.",
        ),
        (
            PostponementGround.VEILIGHEID,
            None,
            "",
            "Uitstel van informeren kan alleen met een datum waarop het uitstel wordt heroverwogen.",
        ),
        (
            PostponementGround.VEILIGHEID,
            datetime.date(2027, 4, 16),
            "",
            "De datum van heroverweging ligt uiterlijk op 15-04-2027.",
        ),
        (PostponementGround.VEILIGHEID, datetime.date(2027, 1, 15), "", "De datum van heroverweging ligt na vandaag."),
        (PostponementGround.ANDERS, datetime.date(2027, 2, 1), "  ", "Licht de grond 'anders' toe."),
    ],
    ids=["no ground", "no review date", "too far", "today", "anders without text"],
)
def test_a_postponement_is_refused_without_ground_or_a_valid_review_date(ground, review_date, explanation, message):
    dossier = started()
    agree(dossier)
    with pytest.raises(ServiceError) as refused:
        informing_postpone(
            dossier=dossier,
            ground=ground,
            review_date=review_date,
            explanation=explanation,
            by=dossier.procesregisseur,
        )
    assert str(refused.value) == message
    dossier.refresh_from_db()
    assert dossier.informing_status == InformingStatus.AFGESPROKEN
    assert not InformingStep.objects.filter(dossier=dossier, kind="uitgesteld").exists()


@override_settings(ZVH_PGA_POSTPONE_MAX_MONTHS=1)
def test_the_longest_postponement_is_a_setting():
    dossier = started()
    agree(dossier)
    with pytest.raises(ServiceError, match="uiterlijk op 15-02-2027"):
        informing_postpone(
            dossier=dossier,
            ground=PostponementGround.STRAFRECHTELIJK,
            review_date=datetime.date(2027, 2, 16),
            by=dossier.procesregisseur,
        )


def test_postponed_twice_then_informed_keeps_every_step():
    dossier = started()
    by = dossier.procesregisseur
    agree(dossier)
    informing_postpone(
        dossier=dossier, ground=PostponementGround.STRAFRECHTELIJK, review_date=datetime.date(2027, 4, 15), by=by
    )
    dossier.refresh_from_db()
    assert (dossier.phase, dossier.informing_status, dossier.informing_review_date) == (
        DossierPhase.PLAN,
        InformingStatus.UITGESTELD,
        datetime.date(2027, 4, 15),
    )
    informing_postpone(
        dossier=dossier, ground=PostponementGround.ONBEREIKBAAR, review_date=datetime.date(2027, 3, 1), by=by
    )
    informing_record_informed(
        dossier=dossier,
        informed_on=datetime.date(2027, 1, 14),
        who_informs=WhoInforms.MELDER,
        method=InformingMethod.TELEFOON,
        by=by,
    )
    dossier.refresh_from_db()
    assert dossier.informing_status == InformingStatus.GEINFORMEERD
    assert dossier.informing_review_date is None
    kinds = list(InformingStep.objects.filter(dossier=dossier).order_by("id").values_list("kind", flat=True))
    assert kinds == ["afspraak", "uitgesteld", "uitgesteld", "geinformeerd"]
    with pytest.raises(ServiceError, match="^De betrokkene is al geïnformeerd.$"):
        agree(dossier)


def test_informed_in_the_future_is_refused():
    dossier = started()
    agree(dossier)
    with pytest.raises(ServiceError, match="^De datum van informeren ligt niet in de toekomst.$"):
        informing_record_informed(
            dossier=dossier,
            informed_on=datetime.date(2027, 1, 16),
            who_informs=WhoInforms.MELDER,
            method=InformingMethod.GESPREK,
            by=dossier.procesregisseur,
        )


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime.date(2027, 1, 15), 3, datetime.date(2027, 4, 15)),
        (datetime.date(2027, 11, 30), 3, datetime.date(2028, 2, 29)),  # leap year, shorter month
        (datetime.date(2027, 1, 31), 1, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 10, 31), 2, datetime.date(2027, 12, 31)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


# --- plan --------------------------------------------------------------------------------------------


def test_the_plan_cannot_be_agreed_before_informing_is_settled():
    dossier = started()
    with pytest.raises(ServiceError, match="^Leg eerst vast dat de betrokkene is geïnformeerd"):
        plan_agree(dossier=dossier, by=dossier.procesregisseur)


def test_every_plan_change_is_a_version_and_an_old_version_shows_the_plan_as_it_was():
    dossier = informed(on=datetime.date(2027, 1, 14))
    by = dossier.procesregisseur
    with pytest.raises(ServiceError, match="^Een plan van aanpak heeft ten minste één doel en één actie.$"):
        plan_agree(dossier=dossier, by=by)
    goal = goal_add(dossier=dossier, life_domain="financien", description="Schulden in beeld", by=by)
    gemeente = OrganisationFactory(name="Gemeente Utrecht")
    first = action_add(
        dossier=dossier,
        description="Aanmelden schuldhulp",
        owner_organisation=gemeente,
        due_date=datetime.date(2027, 2, 1),
        goal=goal,
        contact_person="J. Bakker",
        by=by,
    )
    agreed = plan_agree(dossier=dossier, by=by)
    dossier.refresh_from_db()
    assert dossier.phase == DossierPhase.UITVOEREN
    assert (agreed.number, agreed.agreed) == (3, True)

    action_add(
        dossier=dossier,
        description="Budgetcoach",
        owner_organisation=gemeente,
        due_date=datetime.date(2027, 3, 1),
        by=by,
    )
    action_set_status(action=first, status=ActionStatus.GEDAAN, note="Intake gedaan", by=by)

    versions = list(PlanVersion.objects.filter(dossier=dossier).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4, 5]
    as_agreed = versions[2].snapshot
    assert [a["description"] for a in as_agreed["actions"]] == ["Aanmelden schuldhulp"]
    assert as_agreed["actions"][0]["status"] == "Open"
    latest = versions[4].snapshot
    assert [(a["description"], a["status"]) for a in latest["actions"]] == [
        ("Aanmelden schuldhulp", "Gedaan"),
        ("Budgetcoach", "Open"),
    ]
    plan_events = DossierEvent.objects.filter(dossier=dossier, plan_version__isnull=False).count()
    assert plan_events == 5


def test_an_action_needs_an_owner_and_a_due_date_and_cancelling_needs_a_note():
    dossier = informed(on=datetime.date(2027, 1, 14))
    by = dossier.procesregisseur
    with pytest.raises(ServiceError, match="^Kies de organisatie die eigenaar is van de actie.$"):
        action_add(dossier=dossier, description="X", owner_organisation=None, due_date=TODAY, by=by)
    with pytest.raises(ServiceError, match="^Kies de datum waarop de actie uiterlijk gedaan is.$"):
        action_add(dossier=dossier, description="X", owner_organisation=OrganisationFactory(), due_date=None, by=by)
    action = action_add(
        dossier=dossier, description="X", owner_organisation=OrganisationFactory(), due_date=TODAY, by=by
    )
    with pytest.raises(ServiceError, match="^Geef aan waarom de actie vervalt.$"):
        action_set_status(action=action, status=ActionStatus.VERVALLEN, by=by)


# --- contacts and escalations ------------------------------------------------------------------------


def test_contact_notes_and_escalations():
    dossier = informed(on=datetime.date(2027, 1, 14))
    by = dossier.procesregisseur
    with pytest.raises(ServiceError, match="datum ligt niet in de toekomst"):
        contact_add(
            dossier=dossier,
            contact_on=datetime.date(2027, 1, 16),
            with_whom="moeder",
            method=ContactMethod.TELEFOON,
            summary="Afspraak gemaakt",
            by=by,
        )
    contact_add(
        dossier=dossier,
        contact_on=TODAY,
        with_whom="moeder",
        method=ContactMethod.TELEFOON,
        summary="Afspraak gemaakt",
        by=by,
    )
    escalation = escalation_raise(dossier=dossier, to_whom="Teamleider wijkteam", reason="Geen reactie", by=by)
    with pytest.raises(ServiceError, match="^Vul het antwoord op de escalatie in.$"):
        escalation_answer(escalation=escalation, answer=" ", by=by)
    escalation_answer(escalation=escalation, answer="Nieuwe contactpersoon", by=by)
    with pytest.raises(ServiceError, match="^Op deze escalatie is al een antwoord vastgelegd.$"):
        escalation_answer(escalation=escalation, answer="Nog eens", by=by)
    texts = list(
        DossierEvent.objects.filter(dossier=dossier, kind__in=["contact", "escalatie"])
        .order_by("id")
        .values_list("text", flat=True)
    )
    assert texts == [
        "Telefoon met moeder op 15-01-2027: Afspraak gemaakt",
        "Geëscaleerd naar Teamleider wijkteam: Geen reactie",
        "Antwoord van Teamleider wijkteam: Nieuwe contactpersoon",
    ]


# --- who may change --------------------------------------------------------------------------------------


def test_only_the_assigned_procesregisseur_changes_the_dossier():
    dossier = started()
    for other in (regisseur(), UserFactory(voorzitter=True), UserFactory(melder=True)):
        with pytest.raises(ServiceError, match="^Alleen de procesregisseur van dit dossier kan het dossier wijzigen.$"):
            agree_by(dossier, other)


def test_reassignment_by_a_chair_with_a_reason():
    old = regisseur()
    dossier = started(procesregisseur=old)
    new = regisseur(email="nieuw@zvh.example")
    with pytest.raises(ServiceError, match="^Alleen een triagevoorzitter kan een dossier aan een andere"):
        dossier_reassign(dossier=dossier, to=new, reason="Verlof", by=old)
    chair = UserFactory(voorzitter=True)
    with pytest.raises(ServiceError, match="^Geef de reden waarom het dossier naar een andere procesregisseur gaat.$"):
        dossier_reassign(dossier=dossier, to=new, reason="", by=chair)
    with pytest.raises(ServiceError, match="^Kies een actieve gebruiker met de rol procesregisseur.$"):
        dossier_reassign(dossier=dossier, to=UserFactory(melder=True), reason="Verlof", by=chair)

    dossier_reassign(dossier=dossier, to=new, reason="Langdurig verlof", by=chair)

    dossier.refresh_from_db()
    assert dossier.procesregisseur == new
    mail = OutgoingMail.objects.get(to=["nieuw@zvh.example"])
    assert mail.subject == f"PGA-dossier {dossier.casus.reference} aan u toegewezen"
    with pytest.raises(ServiceError, match="^Alleen de procesregisseur van dit dossier"):
        agree_by(dossier, old)
    event = DossierEvent.objects.filter(dossier=dossier, kind="toegewezen").get()
    assert event.text == f"Van {old.display_name} naar {new.display_name}. Reden: Langdurig verlof"


def agree_by(dossier, user):
    return informing_agree(
        dossier=dossier, who_informs=WhoInforms.MELDER, method=InformingMethod.BRIEF, planned_date=TODAY, by=user
    )


def test_the_first_contact_moment_is_mailed_to_the_melder():
    dossier = started()
    moment = datetime.datetime(2027, 1, 19, 10, 30, tzinfo=TIMEZONE)
    dossier_plan_first_contact(dossier=dossier, at=moment, by=dossier.procesregisseur)
    mail = OutgoingMail.objects.get(to=["melder@politie.example"])
    assert "dinsdag 19 januari 2027 om 10:30 uur" in mail.body
    assert SECRET_SURNAME not in mail.body
    with pytest.raises(ServiceError, match="^Het eerste contactmoment ligt in de toekomst.$"):
        dossier_plan_first_contact(
            dossier=dossier, at=datetime.datetime(2027, 1, 14, 10, 0, tzinfo=TIMEZONE), by=dossier.procesregisseur
        )


# --- closing, monitoring, reopening ---------------------------------------------------------------------


def test_closing_needs_a_reason_and_an_evaluation():
    dossier = with_plan(on=datetime.date(2027, 1, 14), due=datetime.date(2027, 2, 1))
    by = dossier.procesregisseur
    with pytest.raises(ServiceError, match="^Licht de reden 'anders' toe.$"):
        dossier_close(dossier=dossier, reason=ClosingReason.ANDERS, evaluation="Goed", by=by)
    with pytest.raises(ServiceError, match="^Schrijf de evaluatie van de aanpak.$"):
        dossier_close(dossier=dossier, reason=ClosingReason.DOELEN_BEREIKT, evaluation="", by=by)
    with pytest.raises(ServiceError, match="^De monitoringsdatum ligt na vandaag.$"):
        dossier_close(
            dossier=dossier, reason=ClosingReason.DOELEN_BEREIKT, evaluation="Goed", monitoring_date=TODAY, by=by
        )


def test_closing_moves_the_case_to_afgesloten_tells_the_melder_and_makes_the_dossier_read_only():
    dossier = with_plan(on=datetime.date(2027, 1, 14), due=datetime.date(2027, 2, 1))
    by = dossier.procesregisseur
    dossier_close(dossier=dossier, reason=ClosingReason.OVERGEDRAGEN, evaluation="Overgedragen aan FACT", by=by)
    dossier.refresh_from_db()
    dossier.casus.refresh_from_db()
    assert dossier.phase == DossierPhase.AFGESLOTEN
    assert dossier.closed_at is not None
    assert dossier.casus.status == CasusStatus.AFGESLOTEN
    mail = OutgoingMail.objects.get(to=["melder@politie.example"], subject__contains="afgesloten")
    assert mail.subject == f"PGA voor casus {dossier.casus.reference} afgesloten"
    assert SECRET_SURNAME not in mail.body and "FACT" not in mail.body
    with pytest.raises(ServiceError, match="^Dit dossier is afgesloten en kan niet meer worden gewijzigd.$"):
        goal_add(dossier=dossier, life_domain="wonen", description="Nog een doel", by=by)
    with pytest.raises(ServiceError, match="^Alleen een afgesloten dossier met een monitoringsdatum kan"):
        dossier_reopen(dossier=dossier, reason="Toch nodig", by=by)


def test_monitoring_then_reopening_returns_the_case_to_pga():
    dossier = with_plan(on=datetime.date(2027, 1, 14), due=datetime.date(2027, 2, 1))
    by = dossier.procesregisseur
    dossier_close(
        dossier=dossier,
        reason=ClosingReason.DOELEN_BEREIKT,
        evaluation="Stabiel",
        monitoring_date=datetime.date(2027, 4, 15),
        by=by,
    )
    dossier.refresh_from_db()
    assert (dossier.phase, dossier.monitoring_date) == (DossierPhase.MONITOREN, datetime.date(2027, 4, 15))
    with pytest.raises(ServiceError, match="^Geef de reden om het dossier te heropenen.$"):
        dossier_reopen(dossier=dossier, reason="", by=by)
    dossier_reopen(dossier=dossier, reason="Opnieuw huurachterstand", by=by)
    dossier.refresh_from_db()
    dossier.casus.refresh_from_db()
    assert (dossier.phase, dossier.closed_at, dossier.monitoring_date) == (DossierPhase.UITVOEREN, None, None)
    assert dossier.casus.status == CasusStatus.PGA
    # Closed again, this time the monitoring finds nothing: finally closed.
    dossier_close(
        dossier=dossier,
        reason=ClosingReason.DOELEN_BEREIKT,
        evaluation="Nu echt stabiel",
        monitoring_date=datetime.date(2027, 7, 1),
        by=by,
    )
    dossier_monitoring_complete(dossier=dossier, note="Gaat goed", by=by)
    dossier.refresh_from_db()
    assert dossier.phase == DossierPhase.AFGESLOTEN
    assert dossier.closures.count() == 2
    kinds = list(dossier.events.order_by("id").values_list("kind", flat=True))
    assert kinds[-4:] == ["afsluiting", "heropend", "afsluiting", "monitoring"]
