"""A PGA decision of the triage opens the procesregisseur's dossier (triage.signals.pga_decided, pga.receivers)."""

import datetime

import pytest
import time_machine

from intake.constants import CasusStatus
from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.models import PgaDossier
from pga.selectors import dossiers_for_regisseur
from triage.models import TriageDecision
from triage.services.decisions import Invitee, decision_record_pga
from triage.tests.test_decisions import finalised_meeting
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def during_meeting():
    with time_machine.travel(datetime.datetime(2026, 12, 10, 13, 25, tzinfo=TIMEZONE), tick=False):
        yield


def test_the_pga_decision_opens_the_dossier_in_mijn_dossiers():
    _, (item,) = finalised_meeting(slots=1)
    regisseur = UserFactory(regisseur=True)
    politie = OrganisationFactory(name="Politie Midden", kind=OrganisationKind.POLITIE)

    chair = UserFactory(voorzitter=True)
    decision_record_pga(item=item, by=chair, procesregisseur=regisseur, invitees=[Invitee(politie)])

    dossier = PgaDossier.objects.get(casus=item.casus)
    assert dossier.procesregisseur == regisseur
    assert list(dossiers_for_regisseur(regisseur)) == [dossier]


def test_a_dossier_that_cannot_start_undoes_the_decision():
    """A case that already has a dossier (a data error) refuses the start, and with it the decision."""
    _, (item,) = finalised_meeting(slots=1)
    regisseur = UserFactory(regisseur=True)
    politie = OrganisationFactory(name="Politie Midden", kind=OrganisationKind.POLITIE)
    PgaDossier.objects.create(casus=item.casus, procesregisseur=regisseur)

    with pytest.raises(ServiceError, match="loopt al een PGA-dossier"):
        decision_record_pga(
            item=item, by=UserFactory(voorzitter=True), procesregisseur=regisseur, invitees=[Invitee(politie)]
        )

    item.casus.refresh_from_db()
    assert item.casus.status == CasusStatus.GEAGENDEERD
    assert not TriageDecision.objects.exists()
    assert PgaDossier.objects.count() == 1
