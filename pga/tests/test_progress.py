"""Progress per life domain on the published self-reliance instrument (migration pga 0004)."""

import datetime

import pytest
from django.urls import reverse

from participants.tests.factories import UserFactory
from pga.constants import MeasurementMoment
from pga.models import SelfRelianceInstrument
from pga.services import progress_record
from pga.services.progress import INSTRUMENTS
from pga.tests.factories import informed
from zvh.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def published(self_reliance_instrument):
    """Version 1 as migration pga 0004 publishes it (a browser test's flush removes it)."""


def test_version_1_is_published_with_five_levels():
    instrument = SelfRelianceInstrument.objects.get(version=1)
    assert instrument.is_active
    assert [(level.score, level.label) for level in instrument.levels.all()] == [
        (1, "Acute problematiek"),
        (2, "Niet zelfredzaam"),
        (3, "Beperkt zelfredzaam"),
        (4, "Voldoende zelfredzaam"),
        (5, "Volledig zelfredzaam"),
    ]


def test_a_score_needs_a_level_of_the_instrument_and_a_reason():
    dossier = informed(on=datetime.date.today())
    by = dossier.procesregisseur
    with pytest.raises(ServiceError, match="^Kies voor Wonen een score van 1 tot en met 5.$"):
        progress_record(dossier=dossier, moment=MeasurementMoment.START, scores={"wonen": (6, "x")}, by=by)
    with pytest.raises(ServiceError, match="^Geef voor Wonen een korte onderbouwing van de score.$"):
        progress_record(dossier=dossier, moment=MeasurementMoment.START, scores={"wonen": (2, " ")}, by=by)
    with pytest.raises(ServiceError, match="^Scoor ten minste één leefgebied.$"):
        progress_record(dossier=dossier, moment=MeasurementMoment.START, scores={}, by=by)


def test_a_used_instrument_is_frozen():
    dossier = informed(on=datetime.date.today())
    instrument = SelfRelianceInstrument.objects.get(version=1)
    progress_record(
        dossier=dossier,
        moment=MeasurementMoment.START,
        scores={"wonen": (2, "Huurachterstand")},
        by=dossier.procesregisseur,
    )
    assert not INSTRUMENTS.is_editable(instrument)


def test_the_dossier_shows_the_scores_over_time_as_a_chart_and_a_table(client):
    dossier = informed(on=datetime.date.today())
    by = dossier.procesregisseur
    progress_record(
        dossier=dossier,
        moment=MeasurementMoment.START,
        scores={"wonen": (2, "Huurachterstand"), "financien": (1, "Beslag op loon")},
        by=by,
    )
    progress_record(
        dossier=dossier,
        moment=MeasurementMoment.CASUSOVERLEG,
        scores={"wonen": (3, "Regeling loopt"), "financien": (2, "Schuldhulp gestart")},
        by=by,
    )
    client.force_login(by)
    response = client.get(reverse("pga:dossier", args=[dossier.casus_id]))
    series = {s.label: s.values for s in response.context["series"]}
    assert series == {"Wonen": [2, 3], "Financiën en schulden": [1, 2]}
    wonen = next(s for s in response.context["series"] if s.label == "Wonen")
    # x from 6 to 154 over two measurements; y = 6 + (5 - score) * 9
    assert wonen.points == "6.0,33.0 154.0,24.0"
    assert "<polyline" in response.content.decode()


def test_scoring_through_the_page(client):
    dossier = informed(on=datetime.date.today())
    client.force_login(dossier.procesregisseur)
    url = reverse("pga:progress", args=[dossier.casus_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"moment": "start", "score_wonen": "2", "reason_wonen": ""})
    assert "Geef voor Wonen een korte onderbouwing van de score." in response.content.decode()
    response = client.post(url, {"moment": "start", "score_wonen": "2", "reason_wonen": "Huurachterstand"})
    assert response.status_code == 302
    assert dossier.measurements.get().scores.get().score == 2
    client.force_login(UserFactory(voorzitter=True))
    assert client.get(url).status_code == 404
