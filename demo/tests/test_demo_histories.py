"""The demo holds only what the services produce: legal histories, and behind every triage state its meeting.

Why a test of its own: ``load_demo`` once moved cases to ``geagendeerd``, ``pga`` and
``besproken_geen_pga`` with bare status changes, so the demo showed decided cases without an
agenda item, a decision or a meeting; a page or a report that relied on them met data no user
could have made.
"""

import itertools

import pytest

from intake.constants import CasusStatus as S
from intake.lifecycle import CASUS_LIFECYCLE
from intake.models import Casus
from intake.tests.test_lifecycle import ALLOWED
from pga.models import PgaDossier
from triage.constants import AgendaItemStatus, DecisionOutcome
from triage.models import TriageDecision

pytestmark = pytest.mark.django_db


def path(casus: Casus) -> list:
    return list(casus.status_changes.order_by("at", "pk").values_list("from_status", "to_status"))


def surname(casus: Casus) -> str:
    return casus.betrokkenen.order_by("id").first().surname


def test_every_history_is_a_legal_path_from_concept(demo):
    for casus in Casus.objects.all():
        rows = path(casus)
        assert rows[0] == ("", S.CONCEPT), casus.reference
        assert rows[-1][1] == casus.status, casus.reference
        for (_, previous), (source, target) in itertools.pairwise(rows):
            assert source == previous, casus.reference  # each step starts where the last one ended
            CASUS_LIFECYCLE.ensure_allowed(source, target)
            assert (source, target) in ALLOWED


def test_the_decided_cases_went_through_their_meetings(demo):
    decided = {surname(casus): casus for casus in Casus.objects.filter(agenda_items__decision__isnull=False).distinct()}
    assert {name: [to for _, to in path(casus)] for name, casus in decided.items()} == {
        "Visser": [S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.PGA, S.AFGESLOTEN],
        "Mulder": [S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.DOORGESCHOVEN, S.GEAGENDEERD, S.PGA],
        "Jong": [S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.BESPROKEN_GEEN_PGA, S.AFGESLOTEN],
        "Schouten": [S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.PGA],
    }
    by_meeting = TriageDecision.objects.order_by("item__meeting__date")
    outcomes = {
        name: list(by_meeting.filter(item__casus=casus).values_list("outcome", flat=True))
        for name, casus in decided.items()
    }
    assert outcomes == {
        "Visser": [DecisionOutcome.PGA],
        "Mulder": [DecisionOutcome.NIET_BESPROKEN, DecisionOutcome.PGA],
        "Jong": [DecisionOutcome.GEEN_PGA],
        "Schouten": [DecisionOutcome.PGA],
    }
    for decision in TriageDecision.objects.select_related("item__meeting", "item__moved_to"):
        meeting = decision.item.meeting
        # Finalised, decided on the day and closed, so the melder was told.
        assert meeting.agenda_finalised_at is not None and meeting.closed_at is not None
        assert decision.decided_at.date() == meeting.date
        assert decision.melder_informed_at is not None
        moved_on = decision.outcome == DecisionOutcome.NIET_BESPROKEN
        assert decision.item.status == (AgendaItemStatus.DOORGESCHOVEN if moved_on else AgendaItemStatus.BESPROKEN)
    geen_pga = TriageDecision.objects.get(outcome=DecisionOutcome.GEEN_PGA)
    assert geen_pga.advice.startswith("Geen PGA: meld de situatie bij het wijkteam")
    moved = TriageDecision.objects.get(outcome=DecisionOutcome.NIET_BESPROKEN).item
    assert moved.moved_to.meeting.date > moved.meeting.date


def test_every_pga_has_its_decision_invitees_and_dossier(demo):
    after_pga = Casus.objects.filter(status_changes__to_status=S.PGA).distinct()
    assert sorted(surname(casus) for casus in after_pga) == ["Mulder", "Schouten", "Visser"]
    for casus in after_pga:
        decision = TriageDecision.objects.get(item__casus=casus, outcome=DecisionOutcome.PGA)
        assert decision.procesregisseur.username == "regisseur"
        assert sorted(decision.invitees.values_list("organisation__name", "is_incidental")) == [
            ("GGZ Centraal", False),
            ("Gemeente Utrecht", False),
            ("Politie Midden-Nederland", False),
            ("Woningcorporatie Mitros", True),
        ]
        assert PgaDossier.objects.get(casus=casus).procesregisseur == decision.procesregisseur


def test_scheduled_cases_have_their_agenda_item(demo):
    """No case reached geagendeerd without an item placed on a finalised agenda."""
    for casus in Casus.objects.filter(status_changes__to_status=S.GEAGENDEERD).distinct():
        placed = casus.agenda_items.filter(position__isnull=False, meeting__agenda_finalised_at__isnull=False)
        assert placed.exists(), casus.reference


def test_the_enriched_cases_have_answers_and_a_weighing(demo):
    enriched = Casus.objects.filter(weighings__isnull=False).distinct()
    assert sorted(surname(casus) for casus in enriched) == ["Jong", "Kok", "Mulder", "Schouten", "Visser"]
    for casus in enriched:
        assert sorted(casus.bekendheidschecks.exclude(answer="open").values_list("organisation__name", "answer")) == [
            ("GGZ Centraal", "niet_bekend"),
            ("Politie Midden-Nederland", "bekend"),
        ]
