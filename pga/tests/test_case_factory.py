"""pga's case factory: a dossier on a case whose whole road to it is one the services produce."""

import pytest

from intake.constants import CasusStatus as S
from intake.tests.test_lifecycle import ALLOWED
from triage.constants import AgendaItemStatus, DecisionOutcome, ScreeningOutcome
from zvh.core.tests.transition_checks import assert_legal_path

from .factories import regisseur, started

pytestmark = pytest.mark.django_db


def test_a_started_dossier_sits_on_a_case_decided_pga_at_its_meeting(criteria_set):
    procesregisseur = regisseur()
    dossier = started(procesregisseur=procesregisseur)
    casus = dossier.casus

    history = list(casus.status_changes.order_by("at", "pk").values_list("to_status", flat=True))
    assert history == [S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.PGA]
    assert_legal_path(ALLOWED, history)
    assert list(casus.screenings.values_list("outcome", flat=True)) == [ScreeningOutcome.ACCEPTED]
    item = casus.agenda_items.get()
    assert item.status == AgendaItemStatus.BESPROKEN
    assert (item.decision.outcome, item.decision.procesregisseur) == (DecisionOutcome.PGA, procesregisseur)
    assert dossier.procesregisseur == procesregisseur and dossier.closed_at is None
