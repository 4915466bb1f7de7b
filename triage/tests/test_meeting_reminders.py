"""The reminder the day before a triage: each melder on the agenda and each fixed partner, once.

What a user would notice: the mail on Wednesday morning with the slot, room, link, reference,
whether they confirmed and the confirm link; nothing personal; no second mail when the task
runs again; nothing for a meeting the day after tomorrow, a cancelled one or an agenda that is
not finalised yet.
"""

from datetime import date, datetime, time

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core import mail as django_mail
from django.urls import reverse

from intake.tests.factories import BetrokkeneFactory
from participants.constants import OrganisationKind as K
from participants.tests.factories import OrganisationFactory, UserFactory
from triage.constants import Attendance, MeetingStatus
from triage.meeting_tasks import send_meeting_reminders
from triage.tests.meeting_factories import AgendaItemFactory, TriageMeetingFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

SECRET_SURNAME = "Herinneringsgeheim"
SECRET_AANLEIDING = "Aanleiding-geheim voor de triage"
THURSDAY = date(2026, 12, 10)
WEDNESDAY_0900 = datetime(2026, 12, 9, 9, 0, tzinfo=TIMEZONE)


@pytest.fixture
def partners():
    return {
        "politie": OrganisationFactory(name="Politie", kind=K.POLITIE, email="triage@politie.example"),
        "ggz": OrganisationFactory(name="GGZ", kind=K.GGZ, email="triage@ggz.example"),
        "gemeente": OrganisationFactory(name="Gemeente", kind=K.GEMEENTE),  # no address
        "om": OrganisationFactory(name="OM", kind=K.OM, email="triage@om.example", is_active=False),
        "school": OrganisationFactory(name="School", kind=K.ONDERWIJS, email="info@school.example"),  # not fixed
    }


def finalised_meeting(day: date = THURSDAY, **kwargs):
    return TriageMeetingFactory(date=day, agenda_finalised_at=datetime(2026, 12, 7, 9, 0, tzinfo=TIMEZONE), **kwargs)


def on_agenda(meeting, position: int, email: str):
    item = AgendaItemFactory(
        meeting=meeting, geagendeerd=True, position=position, casus__melder=UserFactory(melder=True, email=email)
    )
    BetrokkeneFactory(casus=item.casus, surname=SECRET_SURNAME)
    item.casus.aanleiding = SECRET_AANLEIDING
    item.casus.save()
    return item


def run(capture, moment=WEDNESDAY_0900) -> int:
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return send_meeting_reminders.apply().get()


def sent_to() -> list[str]:
    return sorted(address for message in django_mail.outbox for address in message.to)


def test_the_day_before_each_melder_and_fixed_partner_gets_one_reminder(partners, django_capture_on_commit_callbacks):
    meeting = finalised_meeting()
    first = on_agenda(meeting, 1, "eerste@huisarts.example")
    second = on_agenda(meeting, 2, "tweede@wijkteam.example")

    assert run(django_capture_on_commit_callbacks) == 4
    assert run(django_capture_on_commit_callbacks) == 0  # the second run sends nothing

    assert sent_to() == [
        "eerste@huisarts.example",
        "triage@ggz.example",
        "triage@politie.example",
        "tweede@wijkteam.example",
    ]
    keys = set(OutgoingMail.objects.values_list("key", flat=True))
    assert keys == {
        f"triage-herinnering:{first.pk}",
        f"triage-herinnering:{second.pk}",
        f"triage-herinnering:{meeting.pk}:{partners['politie'].pk}",
        f"triage-herinnering:{meeting.pk}:{partners['ggz'].pk}",
    }
    assert set(OutgoingMail.objects.values_list("topic", flat=True)) == {meeting.mail_topic}
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(meeting.pk))
    assert (event.detail["melders"], event.detail["partners"], event.user) == (2, 2, None)


def test_the_melders_reminder_has_slot_room_link_reference_confirmation_and_nothing_personal(
    partners, django_capture_on_commit_callbacks
):
    meeting = finalised_meeting()
    unconfirmed = on_agenda(meeting, 1, "eerste@huisarts.example")
    confirmed = on_agenda(meeting, 2, "tweede@wijkteam.example")
    confirmed.attendance = Attendance.ONLINE
    confirmed.save()

    run(django_capture_on_commit_callbacks)

    by_address = {message.to[0]: message for message in django_mail.outbox}
    first = by_address["eerste@huisarts.example"]
    assert unconfirmed.casus.reference in first.subject
    for expected in (
        "donderdag 10 december 2026",
        "13.00 - 13.20 uur",
        "Zaal 1",
        "https://vergaderen.example/triage",
        unconfirmed.casus.reference,
        "nog niet bevestigd",
        settings.ZVH_BASE_URL + reverse("triage:attendance", args=[unconfirmed.pk]),
    ):
        assert expected in first.body
    second = by_address["tweede@wijkteam.example"]
    assert "13.20 - 13.40 uur" in second.body
    assert "bevestigd, online" in second.body

    partner = by_address["triage@politie.example"]
    assert "Politie" in partner.body
    assert unconfirmed.casus.reference in partner.body and confirmed.casus.reference in partner.body
    for message in django_mail.outbox:
        text = message.subject + message.body
        assert SECRET_SURNAME not in text and SECRET_AANLEIDING not in text
        assert "Test Gebruiker" not in text  # no melder names either


def test_no_reminder_for_the_day_after_tomorrow_a_cancelled_meeting_or_an_open_agenda(
    partners, django_capture_on_commit_callbacks
):
    on_agenda(finalised_meeting(date(2026, 12, 11)), 1, "overmorgen@example.org")  # Friday: the day after tomorrow
    on_agenda(finalised_meeting(status=MeetingStatus.GEANNULEERD), 1, "geannuleerd@example.org")
    open_agenda = TriageMeetingFactory(date=THURSDAY, starts_at=time(9, 0), ends_at=time(10, 30))
    on_agenda(open_agenda, 1, "open@example.org")

    assert run(django_capture_on_commit_callbacks) == 0
    assert django_mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_a_melder_without_address_is_skipped_and_the_rest_still_gets_theirs(
    partners, django_capture_on_commit_callbacks
):
    meeting = finalised_meeting()
    on_agenda(meeting, 1, "")
    on_agenda(meeting, 2, "tweede@wijkteam.example")
    assert run(django_capture_on_commit_callbacks) == 3
    assert "tweede@wijkteam.example" in sent_to()


def test_the_task_is_on_the_beat_schedule_daily_at_nine():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "triage.send_meeting_reminders"]
    assert len(entries) == 1
    assert entries[0]["schedule"] == crontab(hour=9, minute=0)
    assert settings.CELERY_TIMEZONE == "Europe/Amsterdam"


# --------------------------------------------------------------------------- catching up a missed run
# Beat does not run what it missed while the system was down; the next run must still remind
# whoever can still be reminded, and nobody of a meeting that has begun or passed.


def test_a_run_missed_on_wednesday_is_caught_up_on_thursday_morning_saying_today(
    partners, django_capture_on_commit_callbacks
):
    meeting = finalised_meeting()  # Thursday 10 December, 13:00
    on_agenda(meeting, 1, "eerste@huisarts.example")

    # Down from Monday to Thursday morning: the first run is Thursday 09:00, the day itself.
    assert run(django_capture_on_commit_callbacks, datetime(2026, 12, 10, 9, 0, tzinfo=TIMEZONE)) == 3
    melder = next(message for message in django_mail.outbox if message.to == ["eerste@huisarts.example"])
    assert melder.subject.startswith("Herinnering: vandaag Integrale Triage")
    assert "Vandaag wordt uw casus besproken" in melder.body
    partner = next(message for message in django_mail.outbox if message.to == ["triage@politie.example"])
    assert "Vandaag is de Integrale Triage" in partner.body
    # Later that morning the daily catch-up (or a retry) sends nothing twice.
    assert run(django_capture_on_commit_callbacks, datetime(2026, 12, 10, 11, 0, tzinfo=TIMEZONE)) == 0


def test_the_day_before_the_mail_still_says_tomorrow(partners, django_capture_on_commit_callbacks):
    on_agenda(finalised_meeting(), 1, "eerste@huisarts.example")
    run(django_capture_on_commit_callbacks)
    melder = next(message for message in django_mail.outbox if message.to == ["eerste@huisarts.example"])
    assert melder.subject.startswith("Herinnering: morgen Integrale Triage")
    assert "Morgen wordt uw casus besproken" in melder.body


def test_no_reminder_once_the_meeting_has_begun_or_passed(partners, django_capture_on_commit_callbacks):
    on_agenda(finalised_meeting(), 1, "eerste@huisarts.example")

    # Back at 13:05 on the day: the meeting began at 13:00.
    assert run(django_capture_on_commit_callbacks, datetime(2026, 12, 10, 13, 5, tzinfo=TIMEZONE)) == 0
    # Back five days later: the meeting is long gone.
    assert run(django_capture_on_commit_callbacks, datetime(2026, 12, 15, 9, 0, tzinfo=TIMEZONE)) == 0
    assert django_mail.outbox == []
