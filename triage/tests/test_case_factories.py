"""The triage case factories: a legal history and the companions the triage would have left."""

import pytest

from intake.constants import CasusStatus as S
from intake.tests.test_lifecycle import ALLOWED
from triage.constants import AgendaItemStatus, DecisionOutcome, MeetingPhase, ScreeningOutcome
from triage.tests.case_factories import NoPgaCasusFactory, RejectedCasusFactory, ScheduledCasusFactory
from zvh.core.tests.transition_checks import assert_legal_path

pytestmark = pytest.mark.django_db


def history(casus) -> list:
    return list(casus.status_changes.order_by("at", "pk").values_list("to_status", flat=True))


def test_a_rejected_case_was_submitted_and_rejected_at_screening(criteria_set):
    casus = RejectedCasusFactory()

    assert history(casus) == [S.CONCEPT, S.AANGEMELD, S.AFGEWEZEN]
    assert_legal_path(ALLOWED, history(casus))
    assert list(casus.screenings.values_list("outcome", "rejection_category")) == [
        (ScreeningOutcome.REJECTED, "andere_regio")
    ]


def test_a_scheduled_case_was_accepted_and_has_its_slot_on_a_finalised_agenda(criteria_set):
    casus = ScheduledCasusFactory()

    assert history(casus) == [S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD]
    assert_legal_path(ALLOWED, history(casus))
    assert list(casus.screenings.values_list("outcome", flat=True)) == [ScreeningOutcome.ACCEPTED]
    item = casus.agenda_items.get()
    assert (item.status, item.position) == (AgendaItemStatus.GEAGENDEERD, 1)
    assert item.meeting.phase == MeetingPhase.VASTGESTELD
    assert item.meeting.date == casus.target_triage_date


def test_a_case_without_pga_was_discussed_with_advice(criteria_set):
    casus = NoPgaCasusFactory()

    assert history(casus) == [S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.BESPROKEN_GEEN_PGA]
    assert_legal_path(ALLOWED, history(casus))
    item = casus.agenda_items.get()
    assert item.status == AgendaItemStatus.BESPROKEN
    assert (item.decision.outcome, item.decision.advice) == (
        DecisionOutcome.GEEN_PGA,
        "Meld de situatie bij het wijkteam.",
    )
