"""One person (Petra Visser) in two organisations' cases, with her household beside her in one of them.

Built through the factories and services the other apps' tests use, so every row sits on a history
the services produce: a running PGA at the police (with a bekendheidscheck at the GGZ and a
casusoverleg), a "geen PGA" case at the municipality, and a withdrawn case at the municipality.
``fill_everything`` then writes every kind of value the ZVH holds on a PGA case (``EVERYTHING``),
for the test that the export holds them all.
"""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import Attachment, Betrokkene, Casus
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.constants import OrganisationKind
from participants.models import Organisation
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.constants import InformingMethod, MeasurementMoment, WhoInforms
from pga.models import OverlegContact, PgaDossier
from pga.services import (
    action_add,
    contact_add,
    escalation_answer,
    escalation_raise,
    goal_add,
    informing_agree,
    informing_record_informed,
    overleg_add_contact,
    overleg_record_meeting,
    overleg_send_invitations,
    plan_agree,
    progress_record,
)
from pga.services.overleg import Agreement, overleg_add_organisation, overleg_plan
from pga.tests.factories import started
from triage.constants import AgendaItemStatus, CheckAnswer, IncidentalGround
from triage.models import AgendaItem, Bekendheidscheck, DimensionScore, ScreeningDecision, Weighing, WeighingModel
from triage.tests.case_factories import NoPgaCasusFactory
from triage.tests.meeting_factories import TriageMeetingFactory

BSN = "111222333"
BIRTH = datetime.date(1979, 5, 2)
PARTNER_BSN = "123456782"
PARTNER_NAME = "Kees Huisgenoot"
PARTNER_BIRTH = datetime.date(1975, 8, 19)
PARTNER_ADDRESS = "Dorpsweg 88"
POLICE_AANLEIDING = "Herhaalde overlast in de Spoorstraat en een dreigende huisuitzetting."
GGZ_INFO = "Bekend bij de ambulante zorg sinds 2024, afspraken worden gemist."
MUNICIPALITY_AANLEIDING = "Schulden bij meerdere schuldeisers en geen dagbesteding."


def contact_point(**kwargs):
    return UserFactory(privacycontactpunt=True, **kwargs)


@dataclass
class Person:
    police_case: Casus
    municipality_case: Casus
    withdrawn_case: Casus
    dossier: PgaDossier
    rows: list[Betrokkene]
    partner: Betrokkene


def _petra(casus: Casus, **extra) -> Betrokkene:
    return BetrokkeneFactory(
        casus=casus,
        first_names="Petra Johanna",
        surname="Visser",
        date_of_birth=BIRTH,
        bsn=BSN,
        relation="hoofdbetrokkene",
        street_address="Spoorstraat 12",
        postal_code="3511 AB",
        city="Utrecht",
        **extra,
    )


def petra_in_two_organisations() -> Person:
    police = OrganisationFactory(name="Politie Midden-Nederland", kind=OrganisationKind.POLITIE)
    municipality = OrganisationFactory(name="Gemeente Utrecht", kind=OrganisationKind.GEMEENTE)
    ggz = OrganisationFactory(name="GGZ Centraal", kind=OrganisationKind.GGZ)

    dossier = started(melder=UserFactory(melder=True, organisation=police))
    police_case = dossier.casus
    Casus.objects.filter(pk=police_case.pk).update(aanleiding=POLICE_AANLEIDING)
    police_row = _petra(police_case)
    partner = BetrokkeneFactory(
        casus=police_case,
        first_names="Kees",
        surname="Huisgenoot",
        date_of_birth=PARTNER_BIRTH,
        bsn=PARTNER_BSN,
        relation="partner",
        street_address=PARTNER_ADDRESS,
    )
    chair = UserFactory(voorzitter=True)
    Bekendheidscheck.objects.create(
        casus=police_case,
        organisation=ggz,
        requested_by=chair,
        due_at=timezone.now(),
        answer=CheckAnswer.BEKEND,
        answered_by=UserFactory(ketenpartner=True, organisation=ggz),
        answered_at=timezone.now(),
        info_question="Welke zorg loopt er?",
        info_text=GGZ_INFO,
    )
    overleg = overleg_plan(
        dossier=dossier,
        date=datetime.date.today() + datetime.timedelta(days=7),
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(11, 0),
        agenda="1. Opening\n2. Plan",
        by=dossier.procesregisseur,
        place="Zaal 1",
    )
    overleg_add_organisation(overleg=overleg, organisation=police, by=dossier.procesregisseur)

    municipality_case = NoPgaCasusFactory(melder=UserFactory(melder=True, organisation=municipality))
    Casus.objects.filter(pk=municipality_case.pk).update(aanleiding=MUNICIPALITY_AANLEIDING)
    municipality_row = _petra(municipality_case)

    withdrawn_case = CasusFactory(
        submitted=True, status=CasusStatus.INGETROKKEN, melder=UserFactory(melder=True, organisation=municipality)
    )
    withdrawn_row = _petra(withdrawn_case)
    for casus in (police_case, municipality_case, withdrawn_case):
        casus.refresh_from_db()
    return Person(
        police_case, municipality_case, withdrawn_case, dossier, [police_row, municipality_row, withdrawn_row], partner
    )


# Every kind of value the ZVH holds on a PGA case, each written once and found nowhere else, so
# the export test can look for each by its text (dates as the letter writes them, dd-mm-jjjj).
EVERYTHING = {
    "involved_organisation": "Schuldhulp Utrecht",
    "involvement": "Budgetbeheer sinds maart",
    "attachment_name": "Brief woningcorporatie.pdf",
    "screening_reason": "Voldoet aan de criteria: meerdere domeinen en onveiligheid.",
    "screening_advice": "Betrek de wijkagent bij de verrijking.",
    "check_ground": "Heeft een huurcontract met de betrokkene",
    "check_contact": "Mevrouw De Wit, woonconsulent",
    "weighing_motivation": "Escalatie in de buurt neemt toe",
    "moved_reason": "Geen tijd meer op de vorige triage",
    "decision_ground": "Kent de woonsituatie van dichtbij",
    "goal": "Huurachterstand binnen een jaar afgelost",
    "action": "Betalingsregeling met de verhuurder opstellen",
    "action_contact": "Dhr. Bakker, incasso",
    "contact_with": "Wijkagent Jansen",
    "contact_summary": "Afgesproken samen op huisbezoek te gaan.",
    "escalation_to": "Teamleider schuldhulp",
    "escalation_reason": "Regeling loopt al drie weken niet",
    "escalation_answer": "Nieuwe consulent toegewezen",
    "progress_reason": "Huur wordt weer deels betaald",
    "overleg_agenda": "1. Opening 2. Huisvesting",
    "overleg_minutes": "Woningcorporatie ziet af van ontruiming zolang de regeling loopt.",
    "agreement": "Huisbezoek samen met de woningcorporatie",
}
HOUSING = "Woningcorporatie Bo-Ex"
# The de-escalatiemodel version 1 (threshold 7 of 12): these levels make 7, so it proposes a PGA.
WEIGHING_LEVELS = [2, 2, 2, 1]


def fill_everything(dossier: PgaDossier, weighing_model: WeighingModel) -> None:
    """Every kind of value on a running dossier's case, through the services where they allow it.

    The case already went past screening and weighing (the factories walk it to its PGA), so the
    screening's texts and the weighing are written on the rows those stages left, as the chair's
    forms would have written them; everything in the dossier goes through pga's services.
    """
    casus = dossier.casus
    by = dossier.procesregisseur
    chair = UserFactory(voorzitter=True)
    housing = OrganisationFactory(name=HOUSING, kind=OrganisationKind.UWV_SVB_WONING)
    ggz = Organisation.objects.get(name="GGZ Centraal")

    casus.involved_organisations.create(
        organisation_name=EVERYTHING["involved_organisation"], involvement=EVERYTHING["involvement"]
    )
    Attachment.objects.create(
        casus=casus,
        file=SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief"),
        original_name=EVERYTHING["attachment_name"],
        content_type="application/pdf",
        size=14,
        uploaded_by=casus.melder,
    )
    screening = ScreeningDecision.objects.get(casus=casus)
    screening.criteria_judgement = {str(criterion.pk): True for criterion in screening.criteria_set.criteria.all()}
    screening.reason, screening.advice = EVERYTHING["screening_reason"], EVERYTHING["screening_advice"]
    screening.save()
    Bekendheidscheck.objects.create(
        casus=casus,
        organisation=housing,
        requested_by=chair,
        due_at=timezone.now(),
        is_incidental=True,
        ground=IncidentalGround.WETTELIJKE_TAAK,
        ground_explanation=EVERYTHING["check_ground"],
        answer=CheckAnswer.BEKEND,
        answered_at=timezone.now(),
        info_contact=EVERYTHING["check_contact"],
    )
    weighing = Weighing.objects.create(casus=casus, model=weighing_model, scored_by=chair)
    for dimension, score in zip(weighing_model.dimensions.order_by("order", "id"), WEIGHING_LEVELS, strict=True):
        DimensionScore.objects.create(
            weighing=weighing,
            dimension=dimension,
            level=dimension.levels.get(score=score),
            motivation=f"{EVERYTHING['weighing_motivation']} ({dimension.name})",
        )
    AgendaItem.objects.create(
        meeting=TriageMeetingFactory(date=datetime.date(2026, 11, 5)),
        casus=casus,
        status=AgendaItemStatus.DOORGESCHOVEN,
        moved_reason=EVERYTHING["moved_reason"],
    )
    decision = casus.agenda_items.get(status=AgendaItemStatus.BESPROKEN).decision
    decision.invitees.create(
        organisation=housing,
        is_incidental=True,
        ground=IncidentalGround.EXPERTISE,
        ground_explanation=EVERYTHING["decision_ground"],
    )

    today = timezone.localdate()
    informing_agree(
        dossier=dossier,
        who_informs=WhoInforms.PARTNER,
        partner_organisation=ggz,
        method=InformingMethod.GESPREK,
        planned_date=today,
        by=by,
    )
    informing_record_informed(
        dossier=dossier,
        informed_on=today,
        who_informs=WhoInforms.PARTNER,
        partner_organisation=ggz,
        method=InformingMethod.GESPREK,
        by=by,
    )
    goal = goal_add(dossier=dossier, life_domain="financien", description=EVERYTHING["goal"], by=by)
    action = action_add(
        dossier=dossier,
        description=EVERYTHING["action"],
        owner_organisation=housing,
        contact_person=EVERYTHING["action_contact"],
        due_date=datetime.date(2027, 1, 15),
        goal=goal,
        by=by,
    )
    plan_agree(dossier=dossier, by=by)
    contact_add(
        dossier=dossier,
        contact_on=today,
        with_whom=EVERYTHING["contact_with"],
        method="telefoon",
        summary=EVERYTHING["contact_summary"],
        by=by,
    )
    escalation = escalation_raise(
        dossier=dossier,
        to_whom=EVERYTHING["escalation_to"],
        reason=EVERYTHING["escalation_reason"],
        action=action,
        by=by,
    )
    escalation_answer(escalation=escalation, answer=EVERYTHING["escalation_answer"], by=by)
    progress_record(
        dossier=dossier, moment=MeasurementMoment.START, scores={"financien": (2, EVERYTHING["progress_reason"])}, by=by
    )
    # A casusoverleg held this morning, with minutes and an agreement that became an action.
    overleg = overleg_plan(
        dossier=dossier,
        date=today,
        starts_at=datetime.time(8, 0),
        ends_at=datetime.time(9, 0),
        agenda=EVERYTHING["overleg_agenda"],
        place="Zaal 2",
        by=by,
    )
    # A dossier's first casusoverleg already takes the housing corporation from the triage's invitees.
    participant = overleg.participants.filter(organisation=housing).first() or overleg_add_organisation(
        overleg=overleg, organisation=housing, by=by
    )
    overleg_add_contact(participant=participant, name="Woonconsulent", email="consulent@woon.example", by=by)
    overleg_send_invitations(overleg=overleg, by=by)
    overleg_record_meeting(
        overleg=overleg,
        attended=[OverlegContact.objects.get(participant=participant).pk],
        minutes=[("2. Huisvesting", EVERYTHING["overleg_minutes"])],
        agreements=[Agreement(EVERYTHING["agreement"], housing, datetime.date(2027, 1, 8))],
        by=by,
    )
