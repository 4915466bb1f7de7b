"""Two people at the same moment on one casusoverleg, on PostgreSQL with two connections.

Correcting minutes and answering through the link lock the dossier (and the contact) first, so two
requests take turns: two corrections become versions 1 and 2 (never two versions 1, never a text
lost), and the same answer sent twice through the link is one answer with one timeline step.
"""

import datetime

import pytest

from pga.answer_links import AnswerLink
from pga.models import DossierEvent, OverlegContact
from pga.services import overleg_answer_by_link, overleg_correct_minutes
from pga.tests.factories import informed
from pga.tests.test_overleg import held, invited
from zvh.core.testing import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("overleg_clock"),
]


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

    assert run_together(correct("a"), correct("b")) == []
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

    assert run_together(answer, answer) == []
    assert OverlegContact.objects.get(pk=school.pk).response == "online"
    assert DossierEvent.objects.filter(dossier=dossier, text__contains="J. Mentor (Het Lyceum): online").count() == 1
