"""After the agenda went out: a changed room or link, or a cancelled meeting, reaches everyone invited.

Calendar apps match an update to the event they have by its UID and take the higher SEQUENCE:
an update must replace the appointment, a cancellation must remove it. Nothing may change the
number of slots of an agenda that was sent, and a meeting that has started cannot be cancelled.
"""

import base64
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from icalendar import Calendar

from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from triage.constants import DecisionOutcome
from triage.models import TriageDecision, TriageMeeting
from triage.services.agenda import agenda_finalise
from triage.services.invitations import meeting_mail_retry
from triage.services.meetings import meeting_cancel, meeting_save
from triage.tests.meeting_factories import ReadyAgendaItemFactory, TriageMeetingFactory
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError
from zvh.mail.constants import MailStatus
from zvh.mail.models import OutgoingMail
from zvh.mail.services import mail_deliver, mail_requeue_stale

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def monday_before_the_meeting():
    with time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=TIMEZONE), tick=False):
        yield


@pytest.fixture
def finalised():
    """The meeting of 10 December with two cases on its agenda, sent to one fixed partner."""
    OrganisationFactory(name="Politie", kind=OrganisationKind.POLITIE, email="triage@politie.example")
    meeting = TriageMeetingFactory(date=date(2026, 12, 10), intake_closed_at=datetime(2026, 12, 3, 16, tzinfo=TIMEZONE))
    items = [ReadyAgendaItemFactory(meeting=meeting, casus__melder__email=f"melder{n}@org.example") for n in (1, 2)]
    agenda_finalise(meeting=meeting, by=UserFactory(voorzitter=True))
    for item in items:
        item.refresh_from_db()
    meeting.refresh_from_db()
    return meeting, items


def event_of(mail: OutgoingMail):
    (attachment,) = mail.attachments
    calendar = Calendar.from_ical(base64.b64decode(attachment["content_b64"]))
    (event,) = calendar.events
    return calendar, event


def test_a_new_room_after_finalising_updates_every_invitation(finalised):
    meeting, items = finalised
    _, original = event_of(OutgoingMail.objects.get(key=f"triage-uitnodiging:{items[0].pk}"))
    meeting.room = "Zaal 7, tweede verdieping"

    meeting_save(meeting=meeting, by=UserFactory(beheerder=True))

    update = OutgoingMail.objects.get(key=f"triage-wijziging:{meeting.pk}:1:{items[0].pk}")
    assert update.to == ["melder1@org.example"] and "Zaal 7, tweede verdieping" in update.body
    calendar, event = event_of(update)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == str(original["UID"]) and int(event["SEQUENCE"]) == int(original["SEQUENCE"]) + 1
    assert "Zaal 7" in str(event["LOCATION"])
    assert event.start.strftime("%H:%M") == "13:00"
    partner = OutgoingMail.objects.get(key__startswith=f"triage-wijziging:{meeting.pk}:1:org:")
    assert partner.to == ["triage@politie.example"] and "Zaal 7, tweede verdieping" in partner.body
    assert OutgoingMail.objects.filter(key__startswith="triage-wijziging:").count() == 3


def test_an_unsent_old_invitation_is_never_sent_after_the_change(
    finalised, mailoutbox, django_capture_on_commit_callbacks
):
    meeting, items = finalised
    old = OutgoingMail.objects.get(key=f"triage-uitnodiging:{items[0].pk}")
    OutgoingMail.objects.filter(pk=old.pk).update(status=MailStatus.FAILED, attempts=1)
    meeting.online_link = "https://vergaderen.example/nieuw"

    meeting_save(meeting=meeting, by=UserFactory(beheerder=True))

    old.refresh_from_db()
    assert old.status == MailStatus.SUPERSEDED
    with pytest.raises(ServiceError, match="vervangen door een nieuwere versie"):
        meeting_mail_retry(meeting=meeting, mail_id=old.pk, by=UserFactory(voorzitter=True))
    with django_capture_on_commit_callbacks(execute=True):
        mail_requeue_stale(now=timezone.now() + timedelta(hours=1))
    mail_deliver(mail_id=old.pk)
    assert not [m for m in mailoutbox if m.subject == old.subject]
    old.refresh_from_db()
    assert old.status == MailStatus.SUPERSEDED and old.attempts == 1


def test_the_number_of_slots_of_a_sent_agenda_cannot_change(finalised):
    meeting, _ = finalised
    meeting.capacity = 2
    with pytest.raises(ServiceError, match="aantal slots kan niet meer veranderen"):
        meeting_save(meeting=meeting, by=UserFactory(beheerder=True))
    assert TriageMeeting.objects.get(pk=meeting.pk).capacity == 4


def test_cancelling_a_finalised_meeting_removes_it_from_every_calendar(finalised):
    meeting, items = finalised
    _, original = event_of(OutgoingMail.objects.get(key=f"triage-uitnodiging:{items[1].pk}"))

    meeting_cancel(meeting=meeting, by=UserFactory(beheerder=True), reason="Zaal onder water")

    notice = OutgoingMail.objects.get(key=f"triage-geannuleerd:{meeting.pk}:{items[1].casus.pk}")
    assert notice.to == ["melder2@org.example"] and "gaat niet door" in notice.body
    calendar, event = event_of(notice)
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == str(original["UID"]) and int(event["SEQUENCE"]) > int(original["SEQUENCE"])
    partner = OutgoingMail.objects.get(key__startswith=f"triage-geannuleerd:{meeting.pk}:org:")
    assert partner.to == ["triage@politie.example"] and "gaat niet door" in partner.subject
    calendar, event = event_of(partner)
    assert calendar["METHOD"] == "CANCEL" and event.start.strftime("%H:%M") == "13:00"
    assert "Zaal onder water" not in notice.body + partner.body  # the typed reason stays in the app


def test_a_meeting_with_decisions_recorded_cannot_be_cancelled(finalised):
    meeting, items = finalised
    TriageDecision.objects.create(
        item=items[0], outcome=DecisionOutcome.GEEN_PGA, advice="Wijkteam", decided_by=UserFactory(voorzitter=True)
    )
    with pytest.raises(ServiceError, match="er zijn besluiten vastgelegd"):
        meeting_cancel(meeting=meeting, by=UserFactory(beheerder=True), reason="Te laat")
    assert TriageMeeting.objects.get(pk=meeting.pk).is_held
