"""Erasure reaches everything: a case built through every stage up to its PGA dossier, then erased.

The retention job (and a data subject's request) will erase cases in every state, so the one
erasure service must reach every text any stage wrote about the case: the registration, the
screening, the partners' bekendheidscheck answers and information, the weighing, the agenda,
the triage decision with its invitees. After erasure a scan of every text and JSON column of
the whole database, and of the media folder, finds none of the case's distinctive values,
while the anonymous facts (reference, dates, outcomes, who decided) stay.
"""

import datetime
import os

import pytest
import time_machine

from intake.constants import CasusStatus
from intake.models import Casus, bsn_digest
from intake.services.casus import casus_transition
from intake.services.erasure import casus_erase_personal_data
from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.models import Casusoverleg, PgaDossier
from pga.services import (
    action_report,
    overleg_add_contact,
    overleg_add_organisation,
    overleg_plan,
    overleg_record_meeting,
    overleg_send_invitations,
)
from pga.services.overleg import Agreement
from triage.constants import AgendaItemStatus, DecisionOutcome, IncidentalGround, ScreeningOutcome
from triage.models import AgendaItem, ScreeningDecision, TriageDecision
from triage.services.decisions import Invitee, decision_record_pga
from triage.services.screening import screening_accept
from triage.services.verrijking import (
    bekendheidscheck_answer,
    bekendheidscheck_provide_info,
    bekendheidscheck_request_info,
)
from triage.services.weighing import weighing_save
from triage.tests.meeting_factories import TriageMeetingFactory
from triage.tests.screening_helpers import judge_all
from triage.tests.test_rejection_deletion import (  # noqa: F401 - fixtures
    FILE_CONTENT,
    PERSONAL,
    chair,
    files_containing,
    find_everywhere,
    full_case,
    melder,
    org,
)
from triage.tests.test_weighing import level_ids
from zvh.calendar.scheduling import TIMEZONE

pytestmark = pytest.mark.django_db

# What the later stages write, each a value found nowhere else.
LATER = {
    "accept_reason": "ACCEPTATIE-Jabberwock",
    "info_question": "INFOVRAAG-Tumtumboom",
    "info_text": "PARTNERINFO-Snicker",
    "info_contact": "Contact Snark",
    "weighing_motivation": "WEGING-Boojum",
    "moved_reason": "DOORGESCHOVEN-Bellman",
    "pga_motivation": "PGAMOTIVERING-Beaver",
    "ground_explanation": "GRONDSLAG-Butcher",
    "overleg_agenda": "OVERLEGAGENDA-Borogove",
    "overleg_ground": "OVERLEGGRONDSLAG-Mome",
    "overleg_contact": "Contactpersoon Slithy",
    "overleg_minutes": "NOTULEN-Jabberwock",
    "overleg_agreement": "AFSPRAAK-Bandersnatch",
    "action_report": "TERUGMELDING-Tulgey",
}
MEETING_DATE = datetime.date(2026, 12, 10)


def through_every_stage(casus, by, weighing_model):
    """Screening, verrijking, weighing, two meetings (moved once), a PGA decision and its dossier."""
    screening_accept(
        casus=casus, by=by, reason=LATER["accept_reason"], criteria_judgement=judge_all(casus.criteria_set)
    )
    politie = casus.bekendheidschecks.get(organisation__kind=OrganisationKind.POLITIE)
    partner = UserFactory(ketenpartner=True, organisation=politie.organisation)
    check = bekendheidscheck_answer(check=politie, by=partner, known=True)
    check = bekendheidscheck_request_info(check=check, by=by, question=LATER["info_question"])
    bekendheidscheck_provide_info(check=check, by=partner, text=LATER["info_text"], contact=LATER["info_contact"])
    weighing_save(casus=casus, by=by, scores=level_ids(weighing_model, [2, 2, 2, 2], LATER["weighing_motivation"]))

    # An earlier meeting moved the case on, with a typed reason (as a chair's move on the agenda leaves one).
    earlier = TriageMeetingFactory(date=MEETING_DATE - datetime.timedelta(days=7))
    AgendaItem.objects.create(
        meeting=earlier, casus=casus, status=AgendaItemStatus.DOORGESCHOVEN, moved_reason=LATER["moved_reason"]
    )
    finalised = datetime.datetime(2026, 12, 4, tzinfo=TIMEZONE)
    meeting = TriageMeetingFactory(date=MEETING_DATE, agenda_finalised_at=finalised)
    item = AgendaItem.objects.create(meeting=meeting, casus=casus, status=AgendaItemStatus.GEAGENDEERD, position=1)
    Casus.objects.filter(pk=casus.pk).update(status=CasusStatus.GEAGENDEERD)
    school = OrganisationFactory(name="Het Lyceum", kind=OrganisationKind.ONDERWIJS)
    with time_machine.travel(datetime.datetime(2026, 12, 10, 13, 5, tzinfo=TIMEZONE), tick=False):
        decision_record_pga(
            item=item,
            by=by,
            procesregisseur=UserFactory(regisseur=True),
            invitees=[
                Invitee(politie.organisation),
                Invitee(school, IncidentalGround.EXPERTISE, LATER["ground_explanation"]),
            ],
            motivation=LATER["pga_motivation"],
        )
    # The first casusoverleg, with an incidental organisation and a contact known by name only.
    dossier = PgaDossier.objects.get(casus=casus)
    regisseur = dossier.procesregisseur
    with time_machine.travel(datetime.datetime(2026, 12, 11, 9, 0, tzinfo=TIMEZONE), tick=False):
        overleg = overleg_plan(
            dossier=dossier,
            date=datetime.date(2026, 12, 17),
            starts_at=datetime.time(10),
            ends_at=datetime.time(11),
            place="Zaal 3",
            agenda=LATER["overleg_agenda"],
            by=regisseur,
        )
        housing = overleg_add_organisation(
            overleg=overleg,
            organisation=OrganisationFactory(name="Woonstichting"),
            is_incidental=True,
            ground=IncidentalGround.WETTELIJKE_TAAK,
            ground_explanation=LATER["overleg_ground"],
            by=regisseur,
        )
        overleg_add_contact(
            participant=housing, name=LATER["overleg_contact"], email="slithy@woon.example", by=regisseur
        )
        police = overleg.participants.get(organisation=politie.organisation)
        overleg_add_contact(participant=police, user=partner, by=regisseur)
        lyceum = overleg.participants.get(organisation=school)
        overleg_add_contact(participant=lyceum, name="Mentor", email="mentor@lyceum.example", by=regisseur)
        overleg_send_invitations(overleg=overleg, by=regisseur)
    # The meeting held: minutes and an agreement that became an action of the police.
    with time_machine.travel(datetime.datetime(2026, 12, 17, 12, 0, tzinfo=TIMEZONE), tick=False):
        overleg_record_meeting(
            overleg=overleg,
            attended=[overleg.participants.get(pk=police.pk).contacts.get().pk],
            minutes=[("Voortgang", LATER["overleg_minutes"])],
            agreements=[Agreement(LATER["overleg_agreement"], politie.organisation, datetime.date(2027, 1, 7))],
            by=regisseur,
        )
        # The police reports its action done, with a note.
        action_report(action=dossier.actions.get(), status="gedaan", note=LATER["action_report"], by=partner)
    # A running PGA is never erased (the table refuses pga -> verwijderd): the dossier is closed first.
    # Closed after the decision whatever today's date is, so the status history keeps its order.
    closed = datetime.datetime(2027, 6, 1, tzinfo=TIMEZONE)
    PgaDossier.objects.filter(casus=casus).update(closed_at=closed)
    with time_machine.travel(closed, tick=False):
        casus_transition(
            casus=Casus.objects.get(pk=casus.pk), to=CasusStatus.AFGESLOTEN, by=by, reason="PGA afgesloten."
        )


def test_a_case_erased_after_every_stage_leaves_no_personal_value_anywhere(full_case, chair, weighing_model):  # noqa: F811
    casus = full_case
    through_every_stage(casus, chair, weighing_model)
    # The BSN is stored encrypted (its keyed hash is searched); postcode and city are not unique
    # enough to search; the rejection's texts belong to the other path (test_rejection_deletion).
    not_searched = ("bsn", "postal_code", "city", "chair_reason", "advice", "contact_note")
    values = [value for key, value in {**PERSONAL, **LATER}.items() if key not in not_searched]
    # Before: each value is somewhere, so the scan below can fail.
    missing_before = [value for value in values if not find_everywhere(value)]
    assert missing_before == []
    bsn_hash = bsn_digest(PERSONAL["bsn"])
    assert find_everywhere(bsn_hash)

    casus_erase_personal_data(casus=casus, by=None, reason="Bewaartermijn verstreken.")

    left = {value: find_everywhere(value) for value in values}
    assert {value: hits for value, hits in left.items() if hits} == {}
    assert find_everywhere(bsn_hash) == []

    # The anonymous facts stay: the case, its outcomes, its dates and who decided.
    erased = Casus.objects.get(pk=casus.pk)
    assert erased.status == CasusStatus.VERWIJDERD and erased.reference == casus.reference
    assert ScreeningDecision.objects.filter(casus=casus, outcome=ScreeningOutcome.ACCEPTED).exists()
    decision = TriageDecision.objects.get(item__casus=casus)
    assert decision.outcome == DecisionOutcome.PGA and decision.decided_by == chair
    assert decision.invitees.count() == 2
    # The dossier holds the procesregisseur's texts and goes as a whole; when the PGA started and
    # ended stays in the status history.
    assert not PgaDossier.objects.filter(casus=casus).exists()
    assert not Casusoverleg.objects.exists()
    assert list(
        erased.status_changes.filter(to_status__in=[CasusStatus.PGA, CasusStatus.AFGESLOTEN])
        .order_by("id")
        .values_list("to_status", flat=True)
    ) == [CasusStatus.PGA, CasusStatus.AFGESLOTEN]
    assert AgendaItem.objects.filter(casus=casus).count() == 2


@pytest.mark.django_db(transaction=True)
def test_erasure_removes_the_attachment_files_and_their_empty_folder(full_case):  # noqa: F811
    attachment = full_case.attachments.get()
    folder = os.path.dirname(attachment.file.path)
    assert files_containing(FILE_CONTENT)
    casus_transition(casus=full_case, to=CasusStatus.INGETROKKEN, by=full_case.melder, reason="Ingetrokken.")

    casus_erase_personal_data(casus=full_case, by=None, reason="Bewaartermijn verstreken.")

    assert not os.path.exists(attachment.file.path)
    assert not os.path.exists(folder)
