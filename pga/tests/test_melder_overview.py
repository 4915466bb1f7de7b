""" "Mijn aanmeldingen" tells the melder that the PGA started, who runs it and the first contact moment.

Through the real URL and template: pga's note (registered with intake's ``register_overview_note``)
appears once the meeting is closed, for the melder's colleagues too, never for another
organisation, and the list's query count does not grow with the rows.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from intake.tests.factories import CasusFactory
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.models import PgaDossier
from pga.services import dossier_plan_first_contact
from pga.tests.factories import regisseur
from triage.services.decisions import Invitee, decision_record_pga, meeting_close
from triage.tests.meeting_factories import AgendaItemFactory, TriageMeetingFactory
from zvh.calendar.scheduling import TIMEZONE

pytestmark = pytest.mark.django_db

DURING_MEETING = datetime.datetime(2026, 12, 10, 13, 25, tzinfo=TIMEZONE)


def decide_pga(melder, *, cases: int, close: bool = True) -> list[PgaDossier]:
    """``cases`` registrations of ``melder`` decided PGA at the meeting of 10 December 2026."""
    with time_machine.travel(DURING_MEETING, tick=False):
        meeting = TriageMeetingFactory(date=DURING_MEETING.date())
        items = [
            AgendaItemFactory(meeting=meeting, geagendeerd=True, position=position, casus__melder=melder)
            for position in range(1, cases + 1)
        ]
        meeting.agenda_finalised_at = timezone.now()
        meeting.save(update_fields=["agenda_finalised_at"])
        chair = UserFactory(voorzitter=True)
        politie = OrganisationFactory(name="Politie Midden")
        for item in items:
            decision_record_pga(
                item=item, by=chair, procesregisseur=regisseur(), invitees=[Invitee(politie)], motivation="Zorgen."
            )
        if close:
            meeting_close(meeting=meeting, by=chair)
    return [PgaDossier.objects.get(casus=item.casus) for item in items]


def my_cases(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("intake:my_cases"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def melder():
    return UserFactory(melder=True, organisation=OrganisationFactory(name="Politie Eenheid A"))


def test_a_colleague_sees_the_start_the_procesregisseur_and_the_first_contact_moment(client, melder):
    (dossier,) = decide_pga(melder, cases=1)
    petra = dossier.procesregisseur
    petra.first_name, petra.last_name = "Petra", "de Vries"
    petra.email, petra.phone = "p.devries@zvh.example", "030 123 45 67"
    petra.save()
    colleague = UserFactory(melder=True, organisation=melder.organisation)

    body = my_cases(client, colleague)
    assert (
        "PGA gestart op 10 december 2026; procesregisseur: Petra de Vries (p.devries@zvh.example, 030 123 45 67); "
        "eerste contactmoment: nog niet gepland, de procesregisseur neemt contact met u op." in body
    )

    with time_machine.travel(datetime.datetime(2026, 12, 11, 9, 0, tzinfo=TIMEZONE), tick=False):
        dossier_plan_first_contact(
            dossier=dossier, at=datetime.datetime(2026, 12, 15, 10, 30, tzinfo=TIMEZONE), by=petra
        )
    assert "eerste contactmoment: dinsdag 15 december 2026, 10:30 uur." in my_cases(client, colleague)


def test_nothing_is_said_before_the_meeting_is_closed(client, melder):
    decide_pga(melder, cases=1, close=False)
    assert "PGA gestart op" not in my_cases(client, melder)


def test_a_melder_of_another_organisation_does_not_see_the_case_at_all(client, melder):
    (dossier,) = decide_pga(melder, cases=1)
    CasusFactory(melder=UserFactory(melder=True), submitted=True)
    outsider = UserFactory(melder=True, organisation=OrganisationFactory(name="Gemeente B"))
    CasusFactory(melder=outsider, submitted=True)

    body = my_cases(client, outsider)
    assert "1 aanmelding." in body
    assert dossier.casus.reference not in body
    assert "PGA gestart op" not in body
    assert dossier.procesregisseur.email not in body


# Intake's page with pga's note: at most 12 on every list page (tests/test_list_query_counts.py).
# A note read per row adds 24 at 25 rows.
MAX_QUERIES = 12


@pytest.mark.parametrize(("pga_cases", "other_cases"), [(1, 0), (4, 21)])
def test_the_query_count_does_not_grow_with_rows(client, melder, django_assert_max_num_queries, pga_cases, other_cases):
    decide_pga(melder, cases=pga_cases)
    CasusFactory.create_batch(other_cases, melder=melder, submitted=True)
    client.force_login(melder)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("intake:my_cases"))
    assert len(response.context["cases"]) == pga_cases + other_cases
    assert response.content.decode().count("PGA gestart op 10 december 2026") == pga_cases
