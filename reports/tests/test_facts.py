"""How the facts stay current: only what changed is rewritten, also changes that touch no case row."""

import datetime

import pytest
import time_machine

from intake.constants import CasusStatus
from intake.models import Casus
from intake.services.casus import casus_transition
from intake.services.melder import casus_discard_concept
from intake.tests.factories import CasusFactory
from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.constants import ActionStatus
from pga.services import action_add, action_set_status
from reports.facts import OVERLAP, FactsState, facts_refresh, facts_state
from reports.models import ActionFact, CaseFact, CheckFact, FactRefresh
from reports.tests.cases import at, build_spring
from triage.models import Bekendheidscheck
from triage.services.verrijking import ReminderStage, bekendheidscheck_answer, reminder_key
from zvh.mail.services import mail_queue

pytestmark = pytest.mark.django_db


def fact_ids() -> dict[str, int]:
    references = dict(Casus.objects.values_list("pk", "reference"))
    return {references[casus_id]: pk for casus_id, pk in CaseFact.objects.values_list("casus_id", "pk")}


def police_check(spring):
    """A police partner and the bekendheidscheck it is asked on 1 May at 8:00 about case A."""
    politie = OrganisationFactory(name="Politie Midden-Nederland", kind=OrganisationKind.POLITIE)
    partner = UserFactory(ketenpartner=True, organisation=politie)
    with time_machine.travel(at(5, 1, 8), tick=False):
        check = Bekendheidscheck.objects.create(
            casus=spring.cases["A"], organisation=politie, requested_by=spring.chair, due_at=at(5, 3, 8)
        )
    return partner, check


def test_a_refresh_rewrites_only_the_cases_that_changed(criteria_set):
    spring = build_spring()
    with time_machine.travel(at(5, 1, 8), tick=False):
        facts_refresh()
    before = fact_ids()
    reference = {label: casus.reference for label, casus in spring.cases.items()}

    # An hour and more than the overlap later: a status change on F2 only.
    with time_machine.travel(at(5, 1, 9) + OVERLAP, tick=False):
        casus_transition(casus=spring.cases["F2"], to=CasusStatus.AFGESLOTEN, by=None, reason="Afgesloten.")
        facts_refresh()
    after = fact_ids()
    rewritten = {label for label, ref in reference.items() if before[ref] != after[ref]}
    assert rewritten == {"F2"}


def test_a_partners_answer_and_a_reminder_reach_the_facts(criteria_set):
    """Neither changes the case row: the refresh looks at the checks and the case's mails too."""
    spring = build_spring()
    partner, check = police_check(spring)
    with time_machine.travel(at(5, 1, 8), tick=False):
        facts_refresh()
    assert CheckFact.objects.get(check_id=check.pk).response_time is None

    with time_machine.travel(at(5, 1, 20), tick=False):
        bekendheidscheck_answer(check=check, by=partner, known=False)
        facts_refresh()
    assert CheckFact.objects.get(check_id=check.pk).response_time == datetime.timedelta(hours=12)

    other = Bekendheidscheck.objects.create(
        casus=spring.cases["A"], organisation=OrganisationFactory(), requested_by=spring.chair, due_at=at(5, 3, 8)
    )
    with time_machine.travel(at(5, 2, 8), tick=False):
        facts_refresh()
    with time_machine.travel(at(5, 2, 9) + OVERLAP, tick=False):
        mail_queue(
            key=reminder_key(other, ReminderStage.ANSWER),
            to=["partner@example.org"],
            subject="Herinnering",
            body="Herinnering",
            case_reference=spring.cases["A"].reference,
        )
        facts_refresh()
    assert CheckFact.objects.get(check_id=other.pk).reminders == 1


def test_a_done_action_in_a_running_dossier_reaches_the_facts(criteria_set):
    spring = build_spring()
    dossier = spring.cases["F3"].pga_dossier
    with time_machine.travel(at(4, 20, 8), tick=False):
        action = action_add(
            dossier=dossier,
            description="Geheime actie",
            owner_organisation=OrganisationFactory(),
            due_date=datetime.date(2026, 4, 30),
            by=dossier.procesregisseur,
        )
        facts_refresh()
    with time_machine.travel(at(4, 28, 8) + OVERLAP, tick=False):
        action_set_status(action=action, status=ActionStatus.GEDAAN, by=dossier.procesregisseur)
        facts_refresh()
    assert ActionFact.objects.get(action_id=action.pk).done_on == datetime.date(2026, 4, 28)


def test_a_discarded_concept_leaves_no_facts(criteria_set):
    concept = CasusFactory(status=CasusStatus.CONCEPT)
    casus_discard_concept(casus=concept, by=concept.melder)
    facts_refresh()
    assert not CaseFact.objects.exists()


def test_the_facts_hold_no_text(criteria_set):
    build_spring()
    facts_refresh()
    stored = repr([list(model.objects.values_list()) for model in (CaseFact, CheckFact, ActionFact)])
    assert "Geheim" not in stored


def test_the_state_says_whether_a_case_changed_since_the_last_refresh(criteria_set):
    spring = build_spring()
    assert facts_state() == FactsState(refreshed_at=None, pending=True)  # never refreshed
    with time_machine.travel(at(5, 1, 8), tick=False):
        facts_refresh()
    # A change the refresh counted, even within its look back of OVERLAP, is not pending.
    with time_machine.travel(at(5, 1, 8, 5), tick=False):
        assert facts_state() == FactsState(refreshed_at=at(5, 1, 8), pending=False)
    with time_machine.travel(at(5, 1, 9), tick=False):
        casus_transition(casus=spring.cases["F2"], to=CasusStatus.AFGESLOTEN, by=None, reason="Afgesloten.")
        assert facts_state() == FactsState(refreshed_at=at(5, 1, 8), pending=True)


def test_the_state_sees_changes_that_touch_no_case_row_and_not_an_edited_concept(criteria_set):
    """The page's quick check (a probe per source) must see what the refresh would count."""
    spring = build_spring()
    partner, check = police_check(spring)
    politie = partner.organisation
    with time_machine.travel(at(5, 1, 8), tick=False):
        concept = CasusFactory(status=CasusStatus.CONCEPT)
    dossier = spring.cases["F3"].pga_dossier
    changes = {
        "een antwoord van een partner": lambda: bekendheidscheck_answer(check=check, by=partner, known=False),
        "een herinnering": lambda: mail_queue(
            key=reminder_key(check, ReminderStage.ANSWER), to=["partner@example.org"], subject="Herinnering",
            body="Herinnering", case_reference=spring.cases["A"].reference,
        ),
        "een actie in het plan": lambda: action_add(
            dossier=dossier, description="Actie", owner_organisation=politie,
            due_date=datetime.date(2026, 5, 30), by=dossier.procesregisseur,
        ),
    }  # fmt: skip
    for day, (change, make) in enumerate(changes.items(), start=2):
        with time_machine.travel(at(5, day, 8), tick=False):
            facts_refresh()
            assert facts_state().pending is False, change
        with time_machine.travel(at(5, day, 9), tick=False):
            make()
            assert facts_state().pending is True, change

    with time_machine.travel(at(5, 10, 8), tick=False):
        facts_refresh()
    with time_machine.travel(at(5, 10, 9), tick=False):
        concept.aanleiding = "Nog niet ingediend."
        concept.save()
        assert facts_state().pending is False


def test_a_refresh_the_page_asked_for_does_nothing_when_another_started_after_it_asked(criteria_set):
    """Twenty loads of the page before the worker gets to it ask twenty times; the first run counts it all."""
    spring = build_spring()
    with time_machine.travel(at(5, 1, 8), tick=False):
        facts_refresh()
    with time_machine.travel(at(5, 1, 9, 55), tick=False):
        casus_transition(casus=spring.cases["F2"], to=CasusStatus.AFGESLOTEN, by=None, reason="Afgesloten.")
    asked = at(5, 1, 9, 58)
    with time_machine.travel(at(5, 1, 10), tick=False):
        facts_refresh(asked_at=asked)
    counted = fact_ids()
    with time_machine.travel(at(5, 1, 10, 5), tick=False):
        facts_refresh(asked_at=asked)  # would rewrite F2 again: its change is within OVERLAP of 10:00
    assert fact_ids() == counted
    assert FactRefresh.objects.get().started_at == at(5, 1, 10)
