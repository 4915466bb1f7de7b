"""The change pages no other page test walks through: each stores what was typed, says so, and goes back.

Why: the change views declare their service call (``zvh.core.mixins.ServiceCall``) instead of
writing it out; these pages are where a field not passed on, or passed under the wrong name, would
show (nothing stored, or a 500). Each case posts the form as the procesregisseur would, lands on the
dossier page at the section named, reads the message and checks what was stored.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from pga.constants import DossierPhase, GoalStatus, InformingStatus
from pga.models import PgaDossier
from pga.services import dossier_close, escalation_raise, informing_agree
from pga.tests.factories import started, with_plan

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
IN_90_DAYS = TODAY + datetime.timedelta(days=90)


def url(name: str, dossier: PgaDossier, **kwargs) -> str:
    return reverse(f"pga:{name}", kwargs={"casus_id": dossier.casus_id, **kwargs})


def agreed() -> tuple[PgaDossier, dict]:
    dossier = started()
    informing_agree(
        dossier=dossier, who_informs="melder", method="gesprek", planned_date=TODAY, by=dossier.procesregisseur
    )
    return dossier, {}


def with_goal() -> tuple[PgaDossier, dict]:
    dossier = with_plan(on=TODAY, due=TODAY)
    return dossier, {"goal_id": dossier.goals.get().pk}


def escalated() -> tuple[PgaDossier, dict]:
    dossier = started()
    escalation = escalation_raise(
        dossier=dossier, to_whom="Teamleider", reason="Geen reactie", by=dossier.procesregisseur
    )
    return dossier, {"escalation_id": escalation.pk}


def planned() -> tuple[PgaDossier, dict]:
    return with_plan(on=TODAY, due=TODAY), {}


def in_monitoring() -> tuple[PgaDossier, dict]:
    dossier = with_plan(on=TODAY, due=TODAY)
    dossier_close(
        dossier=dossier,
        reason="doelen_bereikt",
        evaluation="Woning behouden.",
        monitoring_date=IN_90_DAYS,
        by=dossier.procesregisseur,
    )
    return dossier, {}


@dataclass(frozen=True)
class Case:
    setup: Any
    page: str
    data: dict
    back_to: str
    message: str
    stored: Any  # what the dossier holds afterwards, read from it
    expected: Any


CASES = {
    "geïnformeerd": Case(
        agreed,
        "informing_informed",
        {"who_informs": "melder", "method": "brief", "informed_on": TODAY.isoformat()},
        "informeren",
        "Vastgelegd dat de betrokkene is geïnformeerd.",
        lambda d: d.informing_status,
        InformingStatus.GEINFORMEERD,
    ),
    "status doel": Case(
        with_goal,
        "goal_status",
        {"status": "bereikt"},
        "plan",
        "De status van het doel is gewijzigd.",
        lambda d: d.goals.get().status,
        GoalStatus.BEREIKT,
    ),
    "antwoord escalatie": Case(
        escalated,
        "escalation_answer",
        {"answer": "Nieuwe contactpersoon bij de partner"},
        "escalaties",
        "Het antwoord is vastgelegd.",
        lambda d: d.escalations.get().answer,
        "Nieuwe contactpersoon bij de partner",
    ),
    "afsluiten": Case(
        planned,
        "close",
        {"reason": "doelen_bereikt", "evaluation": "Woning behouden.", "monitoring_date": IN_90_DAYS.isoformat()},
        "afsluiten",
        "Het dossier is afgesloten.",
        lambda d: (d.phase, d.monitoring_date),
        (DossierPhase.MONITOREN, IN_90_DAYS),
    ),
    "monitoring afronden": Case(
        in_monitoring,
        "monitoring_done",
        {"note": "Huur wordt betaald."},
        "afsluiten",
        "De monitoring is afgerond; het dossier blijft afgesloten.",
        lambda d: (d.phase, d.monitoring_date),
        (DossierPhase.AFGESLOTEN, None),
    ),
    "heropenen": Case(
        in_monitoring,
        "reopen",
        {"reason": "Nieuwe huurachterstand."},
        "afsluiten",
        "Het dossier is heropend.",
        lambda d: (d.phase, d.closed_at),
        (DossierPhase.UITVOEREN, None),
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_the_change_is_stored_and_the_dossier_says_so(client, name):
    case = CASES[name]
    dossier, kwargs = case.setup()
    client.force_login(dossier.procesregisseur)

    response = client.post(url(case.page, dossier, **kwargs), case.data, follow=True)

    assert response.redirect_chain == [(url("dossier", dossier) + f"#{case.back_to}", 302)]
    assert case.message in response.content.decode()
    dossier.refresh_from_db()
    assert case.stored(dossier) == case.expected


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("geïnformeerd", {"who_informs": "melder", "method": "brief"}, "Vul in: geïnformeerd op."),
        ("antwoord escalatie", {"answer": "  "}, "Vul in: antwoord."),
    ],
)
def test_a_refusal_comes_back_with_the_dutch_message_and_stores_nothing(client, name, data, message):
    case = CASES[name]
    dossier, kwargs = case.setup()
    client.force_login(dossier.procesregisseur)

    response = client.post(url(case.page, dossier, **kwargs), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    dossier.refresh_from_db()
    assert case.stored(dossier) != case.expected
