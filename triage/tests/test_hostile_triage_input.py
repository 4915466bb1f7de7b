"""Hostile and mistaken posts to every page of the weekly triage: a Dutch message or a refusal, never a 500.

Each page is posted every field it knows (and some it does not) filled with the same hostile
value: NUL characters, markup, numbers out of range, a huge formset count, a foreign redirect.
The test client raises on a server error, so any 500 fails the test with its traceback.
"""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from participants.tests.factories import UserFactory
from triage.tests.meeting_factories import AgendaItemFactory, ReadyAgendaItemFactory, TriageMeetingFactory
from zvh.calendar.scheduling import TIMEZONE

pytestmark = pytest.mark.django_db

HOSTILE = ["", "\x00", "a\x00b", "<script>alert(1)</script>", "-1", "0", "99999999999999999999", "1e9", "abc:op", " "]
FIELDS = [
    # agenda (action, version, overflow items, reorder move)
    "action", "version", "items", "move",
    # decisions: which form, geen PGA, PGA with its incidental formset, niet besproken
    "besluit", "geen_pga-advice", "geen_pga-motivation", "pga-procesregisseur", "pga-fixed_partners", "pga-motivation",
    "incidenteel-TOTAL_FORMS", "incidenteel-INITIAL_FORMS", "incidenteel-MAX_NUM_FORMS",
    "incidenteel-0-organisation", "incidenteel-0-ground", "incidenteel-0-explanation", "niet_besproken-reason",
    # attendance, two-factor code, redirects
    "aanwezigheid", "code", "next",
]
ACTIONS = ["doorschuiven", "volgorde", "vaststellen", "geen_pga", "pga", "niet_besproken"]


def payloads():
    for value in HOSTILE:
        yield {name: value for name in FIELDS}
    for action in ACTIONS:
        for value in HOSTILE[:4]:
            yield {**{name: value for name in FIELDS}, "action": action, "besluit": action}
    yield {"incidenteel-TOTAL_FORMS": "100000", "incidenteel-INITIAL_FORMS": "0", "besluit": "pga"}
    yield {"next": "https://elders.example/", "code": "123456"}


def post_everything(client, url):
    for data in payloads():
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)
        assert client.get(url).status_code < 500, url


@pytest.fixture
def agenda_meeting():
    """Monday 7 December: the meeting of the 10th has its intake closed and six cases ready."""
    with time_machine.travel(datetime(2026, 12, 7, 10, tzinfo=TIMEZONE), tick=False):
        meeting = TriageMeetingFactory(date=date(2026, 12, 10), intake_closed_at=timezone.now())
        for _ in range(6):
            ReadyAgendaItemFactory(meeting=meeting)
        yield meeting


def test_hostile_posts_to_the_agenda(client, agenda_meeting):
    client.force_login(UserFactory(voorzitter=True))
    post_everything(client, reverse("triage:meeting_agenda", args=[agenda_meeting.pk]))


@pytest.fixture
def meeting_day():
    """Thursday 10 December 13:05: a finalised agenda with two slots, the meeting in session."""
    with time_machine.travel(datetime(2026, 12, 10, 13, 5, tzinfo=TIMEZONE), tick=False):
        meeting = TriageMeetingFactory(date=date(2026, 12, 10), agenda_finalised_at=timezone.now())
        items = [AgendaItemFactory(meeting=meeting, geagendeerd=True, position=n) for n in (1, 2)]
        yield meeting, items


def test_hostile_posts_to_the_session_and_the_invitations(client, meeting_day):
    meeting, items = meeting_day
    client.force_login(UserFactory(voorzitter=True))
    for url in (
        reverse("triage:session_item", args=[meeting.pk, items[0].pk]),
        reverse("triage:meeting_session", args=[meeting.pk]),
        reverse("triage:meeting_invitations", args=[meeting.pk]),
        reverse("triage:meeting_chase", args=[meeting.pk, items[1].pk]),
    ):
        post_everything(client, url)


def test_hostile_posts_to_attendance_and_two_factor(client, meeting_day, settings):
    meeting, items = meeting_day
    client.force_login(items[0].casus.melder)
    post_everything(client, reverse("triage:attendance", args=[items[0].pk]))
    settings.ZVH_REQUIRE_2FA = True
    client.force_login(UserFactory(melder=True))
    post_everything(client, reverse("two_factor_setup"))
    post_everything(client, reverse("two_factor_verify"))
