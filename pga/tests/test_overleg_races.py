"""Two people at the same moment on one casusoverleg, on PostgreSQL with two connections.

Correcting minutes and answering through the link lock the dossier (and the contact) first, so two
requests take turns: two corrections become versions 1 and 2 (never two versions 1, never a text
lost), and the same answer sent twice through the link is one answer with one timeline step.
"""

import datetime
import threading

import pytest
from django.db import connections

from pga.answer_links import AnswerLink
from pga.models import DossierEvent, OverlegContact
from pga.services import overleg_answer_by_link, overleg_correct_minutes
from pga.tests.factories import informed
from pga.tests.test_overleg import held, invited

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("overleg_clock"),
]


def at_once(*calls) -> list[Exception]:
    """Run each call in its own thread (its own connection), released together."""
    barrier = threading.Barrier(len(calls))
    errors: list[Exception] = []

    def run(call) -> None:
        try:
            barrier.wait()
            call()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.parametrize("attempt", range(3))
def test_two_corrections_at_once_become_two_versions(postgres_only, politie, agent, attempt):
    dossier = informed(on=datetime.date(2027, 1, 14))
    overleg = held(dossier, politie, agent)
    texts = {"a": "Schuldhulp loopt (correctie A).", "b": "Schuldhulp loopt (correctie B)."}

    def correct(which: str):
        return lambda: overleg_correct_minutes(
            overleg=overleg,
            minutes=[("2. Voortgang plan", texts[which])],
            reason=f"Correctie {which.upper()}",
            by=dossier.procesregisseur,
        )

    assert at_once(correct("a"), correct("b")) == []
    versions = list(overleg.minutes_versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].minutes == [
        {"agenda_point": "2. Voortgang plan", "summary": "Schuldhulp loopt; politie houdt zicht."}
    ]
    # The second version kept the first correction's text; the current text is the other one.
    first = versions[0].reason[-1].lower()
    second = versions[1].reason[-1].lower()
    assert {first, second} == {"a", "b"}
    assert versions[1].minutes == [{"agenda_point": "2. Voortgang plan", "summary": texts[first]}]
    assert list(overleg.minutes.values_list("summary", flat=True)) == [texts[second]]


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_answer_through_the_link_twice_at_once_is_one_answer(postgres_only, politie, agent, attempt):
    dossier = informed(on=datetime.date(2027, 1, 14))
    invited(dossier, politie, agent)
    school = OverlegContact.objects.get(name="J. Mentor")
    link = AnswerLink(contact_id=school.pk, sequence=0)

    def answer():
        overleg_answer_by_link(link=link, response="online")

    assert at_once(answer, answer) == []
    assert OverlegContact.objects.get(pk=school.pk).response == "online"
    assert DossierEvent.objects.filter(dossier=dossier, text__contains="J. Mentor (Het Lyceum): online").count() == 1
