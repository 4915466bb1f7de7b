"""The .ics invitations: calendar apps must read them and show the right Dutch local time.

A slot at 13:20 is 12:20 UTC in winter and 11:20 UTC in summer; an invitation that got this
wrong would send a melder to the triage an hour early or late.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from intake.constants import CasusStatus
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from triage import ics
from triage.models import AgendaItem
from triage.tests.meeting_factories import AgendaItemFactory, TriageMeetingFactory

pytestmark = pytest.mark.django_db

URL = "https://zvh.example/triage/uitnodiging/1/"
SECRET_SURNAME = "Geheimachternaam"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.ZVH_BASE_URL = "https://zvh.example"


def slot_ics(meeting_date: date, position: int = 2) -> tuple[Calendar, bytes, AgendaItem]:
    meeting = TriageMeetingFactory(date=meeting_date)
    item = AgendaItemFactory(
        meeting=meeting,
        geagendeerd=True,
        position=position,
        casus=CasusFactory(submitted=True, status=CasusStatus.GEAGENDEERD, reference="ZVH-2027-00042"),
    )
    BetrokkeneFactory(casus=item.casus, surname=SECRET_SURNAME)
    content = ics.slot_invitation(item=item, slot=meeting.slots()[position - 1], to="melder@politie.example", url=URL)
    return Calendar.from_ical(content), content, item


@pytest.mark.parametrize(
    ("meeting_date", "utc_start", "offset"),
    [
        (date(2026, 12, 10), datetime(2026, 12, 10, 12, 20, tzinfo=UTC), timedelta(hours=1)),  # winter (CET)
        (date(2027, 4, 1), datetime(2027, 4, 1, 11, 20, tzinfo=UTC), timedelta(hours=2)),  # after the March change
    ],
)
def test_a_slot_is_at_13_20_amsterdam_time_in_winter_and_summer(meeting_date, utc_start, offset):
    calendar, content, _ = slot_ics(meeting_date)

    (event,) = calendar.events
    assert (event.start.strftime("%H:%M"), event.end.strftime("%H:%M")) == ("13:20", "13:40")
    assert event.start.date() == meeting_date
    assert str(event.start.tzinfo) == "Europe/Amsterdam"
    assert event.start.utcoffset() == offset
    assert event.start.astimezone(UTC) == utc_start
    assert event.end - event.start == timedelta(minutes=20)
    assert b"DTSTART;TZID=Europe/Amsterdam:" in content


def test_the_invitation_is_a_request_with_a_timezone_and_no_personal_data():
    calendar, content, item = slot_ics(date(2026, 12, 10))

    assert calendar["METHOD"] == "REQUEST"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Amsterdam"]
    (event,) = calendar.events
    assert event["SUMMARY"] == "Integrale Triage – casus ZVH-2027-00042"
    assert event["LOCATION"] == "Zaal 1 / https://vergaderen.example/triage"
    assert "https://vergaderen.example/triage" in event["DESCRIPTION"] and URL in event["DESCRIPTION"]
    assert str(event["ORGANIZER"]) == "mailto:noreply@zvh.example"
    assert str(event["ATTENDEE"]) == "mailto:melder@politie.example"
    assert event.DTSTAMP is not None
    assert SECRET_SURNAME.encode() not in content
    assert item.casus.melder.last_name.encode() not in content


def test_the_uid_is_stable_so_a_resent_invitation_updates_the_event():
    first, _, item = slot_ics(date(2026, 12, 10))
    again = Calendar.from_ical(
        ics.slot_invitation(item=item, slot=item.meeting.slots()[1], to="melder@politie.example", url=URL)
    )
    assert first.events[0].uid == again.events[0].uid == f"triage-agendapunt-{item.pk}@zvh.example"


@pytest.mark.parametrize(("meeting_date", "offset"), [(date(2026, 12, 10), 1), (date(2027, 7, 1), 2)])
def test_the_partners_get_the_whole_meeting(meeting_date, offset):
    meeting = TriageMeetingFactory(date=meeting_date)

    calendar = Calendar.from_ical(ics.meeting_invitation(meeting=meeting, to="triage@politie.example", url=URL))

    (event,) = calendar.events
    assert (event.start.strftime("%H:%M"), event.end.strftime("%H:%M")) == ("13:00", "14:30")
    assert event.start.utcoffset() == timedelta(hours=offset)
    assert event["SUMMARY"] == "Integrale Triage"
    assert event.uid == f"triagevergadering-{meeting.pk}@zvh.example"
    assert calendar["METHOD"] == "REQUEST"
