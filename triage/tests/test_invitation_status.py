"""The chair's page per meeting: who confirmed, which invitations and reminders went out or failed.

What a user would notice: per slot the reference, time, melder and confirmation; the status of
each mail (sent, queued, failed with attempts and the short error) but never its text; the
partners' agenda mails; "Opnieuw versturen" that really sends a failed mail; "Herinnering
sturen" that chases a melder once a day; and that only a chair can open the page.
"""

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail as django_mail
from django.urls import reverse

from participants.constants import OrganisationKind as K
from participants.tests.factories import OrganisationFactory, UserFactory
from triage.constants import Attendance
from triage.services.invitations import meeting_mail_retry
from triage.tests.meeting_factories import AgendaItemFactory, TriageMeetingFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError
from zvh.mail.constants import MailStatus
from zvh.mail.models import OutgoingMail
from zvh.mail.services import mail_queue

pytestmark = pytest.mark.django_db

REFUSING_BACKEND = "zvh.mail.tests.backends.RefusingBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
BODY_MARKER = "Deze-tekst-hoort-niet-op-de-pagina"
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=TIMEZONE)


@pytest.fixture(autouse=True)
def monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def meeting():
    return TriageMeetingFactory(date=date(2026, 12, 10), agenda_finalised_at=MONDAY)


@pytest.fixture
def chair():
    return UserFactory(voorzitter=True, first_name="Voor", last_name="Zitter")


@pytest.fixture
def chair_client(client, chair):
    client.force_login(chair)
    return client


def on_agenda(meeting, position, **melder):
    melder.setdefault("email", f"melder{position}@example.org")
    return AgendaItemFactory(
        meeting=meeting, geagendeerd=True, position=position, casus__melder=UserFactory(melder=True, **melder)
    )


def queue_invitation(item, meeting):
    """An invitation as the agenda step queues it (the key and topic that step uses)."""
    return mail_queue(
        key=f"triage-uitnodiging:{item.pk}",
        to=[item.casus.melder.email],
        subject=f"Uitnodiging Integrale Triage, casus {item.casus.reference}",
        body=BODY_MARKER,
        case_reference=item.casus.reference,
        topic=meeting.mail_topic,
    )


def queue_agenda_mail(meeting, organisation):
    return mail_queue(
        key=f"triage-agenda:{meeting.pk}:{organisation.pk}",
        to=[organisation.email],
        subject="Agenda Integrale Triage 10 december 2026",
        body=BODY_MARKER,
        topic=meeting.mail_topic,
    )


def page_url(meeting) -> str:
    return reverse("triage:meeting_invitations", args=[meeting.pk])


def test_per_slot_reference_time_melder_confirmation_and_mail_status(
    chair_client, meeting, django_capture_on_commit_callbacks
):
    confirmed = on_agenda(meeting, 1, first_name="Anna", last_name="Bevestigd")
    waiting = on_agenda(meeting, 3, first_name="Bert", last_name="Wachtend")
    confirmed.attendance = Attendance.ONLINE
    confirmed.attendance_confirmed_at = MONDAY
    confirmed.save()
    politie = OrganisationFactory(name="Politie", kind=K.POLITIE, email="triage@politie.example")
    with django_capture_on_commit_callbacks(execute=True):
        queue_invitation(confirmed, meeting)
        queue_agenda_mail(meeting, politie)
    queue_invitation(waiting, meeting)  # not sent yet: still queued

    response = chair_client.get(page_url(meeting))
    assert response.status_code == 200
    page = response.content.decode()
    for expected in (
        confirmed.casus.reference,
        waiting.casus.reference,
        "13.00 - 13.20",
        "13.40 - 14.00",
        "Anna Bevestigd",
        "Bert Wachtend",
        "Online",
        "Nog niet bevestigd",
        "Verzonden",
        "In de wachtrij",
        "Agenda Integrale Triage 10 december 2026",
        "triage@politie.example",
        "1 melder heeft de aanwezigheid nog niet bevestigd",
    ):
        assert expected in page, expected
    assert BODY_MARKER not in page
    rows = response.context["overview"].rows
    assert [row.item for row in rows] == [confirmed, waiting]
    assert rows[0].invitation.status == MailStatus.SENT
    assert rows[1].invitation.status == MailStatus.PENDING
    event = AuditEvent.objects.get(action=AuditAction.LIST, user=response.wsgi_request.user)
    assert event.detail["ids"] == [str(confirmed.casus_id), str(waiting.casus_id)]


@pytest.mark.parametrize("role", ["ketenpartner", "regisseur", "melder"])
def test_only_a_chair_opens_the_page(client, meeting, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(page_url(meeting)).status_code == 403


def test_an_unknown_meeting_is_404(chair_client):
    assert chair_client.get(reverse("triage:meeting_invitations", args=[999999])).status_code == 404


MAX_QUERIES = 17  # session, user, roles, meeting, items, mails, the audit entry (with savepoints)


@pytest.mark.parametrize("slots", [1, 4])
def test_query_count_does_not_grow_with_slots_or_mails(
    chair_client, meeting, slots, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for position in range(1, slots + 1):
        item = on_agenda(meeting, position)
        with django_capture_on_commit_callbacks(execute=True):
            queue_invitation(item, meeting)
        mail_queue(
            key=f"triage-navraag:{item.pk}:2026-12-07",
            to=["x@example.org"],
            subject="s",
            body="b",
            topic=meeting.mail_topic,
        )
    for n in range(slots):
        queue_agenda_mail(meeting, OrganisationFactory(email=f"partner{n}@example.org"))
    with django_assert_max_num_queries(MAX_QUERIES):
        response = chair_client.get(page_url(meeting))
    assert len(response.context["overview"].rows) == slots
    assert len(response.context["overview"].partner_mails) == slots


def test_a_failed_invitation_shows_as_failed_and_resending_sends_it(
    chair_client, chair, meeting, settings, django_capture_on_commit_callbacks
):
    item = on_agenda(meeting, 1)
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        invitation = queue_invitation(item, meeting)
    invitation.refresh_from_db()
    assert invitation.status == MailStatus.FAILED

    page = chair_client.get(page_url(meeting)).content.decode()
    assert "Mislukt" in page
    assert "na 1 poging" in page
    assert "SMTPRecipientsRefused" in page
    assert item.casus.melder.email not in page.split("SMTPRecipientsRefused", 1)[1][:100]  # the error hides addresses
    assert "Opnieuw versturen" in page

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    retry_url = reverse("triage:meeting_mail_retry", args=[meeting.pk, invitation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(retry_url, follow=True)
    assert "staat opnieuw in de wachtrij" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == MailStatus.SENT
    assert invitation.attempts == 2
    assert [message.to for message in django_mail.outbox] == [[item.casus.melder.email]]
    page = chair_client.get(page_url(meeting)).content.decode()
    assert "Mislukt" not in page and "Verzonden" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, user=chair, object_type="mail.outgoingmail", object_id=str(invitation.pk)
    ).exists()


def test_resending_is_only_for_this_meetings_unsent_mails(
    chair_client, chair, meeting, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    other_meeting = TriageMeetingFactory(date=date(2026, 12, 17))
    with django_capture_on_commit_callbacks(execute=True):
        foreign = mail_queue(
            key="elders:1", to=["a@example.org"], subject="s", body="b", topic=other_meeting.mail_topic
        )
    response = chair_client.post(reverse("triage:meeting_mail_retry", args=[meeting.pk, foreign.pk]), follow=True)
    assert "hoort niet bij deze triagevergadering" in response.content.decode()
    foreign.refresh_from_db()
    assert (foreign.status, foreign.attempts) == (MailStatus.FAILED, 1)

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        sent = queue_agenda_mail(meeting, OrganisationFactory(email="p@example.org"))
    with pytest.raises(ServiceError, match="al verzonden"):
        meeting_mail_retry(meeting=meeting, mail_id=sent.pk, by=chair)
    with pytest.raises(ServiceError, match="triagevoorzitter"):
        meeting_mail_retry(meeting=meeting, mail_id=sent.pk, by=UserFactory(ketenpartner=True))


def test_a_partner_cannot_resend_or_chase(client, meeting):
    item = on_agenda(meeting, 1)
    invitation = queue_invitation(item, meeting)
    client.force_login(UserFactory(ketenpartner=True))
    assert client.post(reverse("triage:meeting_mail_retry", args=[meeting.pk, invitation.pk])).status_code == 403
    assert client.post(reverse("triage:meeting_chase", args=[meeting.pk, item.pk])).status_code == 403
    assert not OutgoingMail.objects.filter(key__startswith="triage-navraag").exists()


def test_the_chair_chases_an_unconfirmed_melder_once_a_day(
    chair_client, chair, meeting, monday, django_capture_on_commit_callbacks
):
    item = on_agenda(meeting, 2)
    chase_url = reverse("triage:meeting_chase", args=[meeting.pk, item.pk])
    assert "Herinnering sturen" in chair_client.get(page_url(meeting)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(chase_url, follow=True)
    page = response.content.decode()
    assert "Herinnering aan de melder van casus" in page
    assert "Laatst verstuurd op 7-12-2026 10:00" in page
    assert "Vandaag al gestuurd." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(chase_url, follow=True)  # a double click
    assert "kreeg vandaag om 10:00 al een herinnering" in response.content.decode()
    assert len(django_mail.outbox) == 1
    message = django_mail.outbox[0]
    assert message.to == [item.casus.melder.email]
    assert item.casus.reference in message.subject
    assert "13.20 - 13.40 uur" in message.body
    assert reverse("triage:attendance", args=[item.pk]) in message.body
    assert OutgoingMail.objects.get(key=f"triage-navraag:{item.pk}:2026-12-07").topic == meeting.mail_topic
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, user=chair, object_id=str(item.pk)).count() == 1

    monday.move_to(datetime(2026, 12, 8, 9, 0, tzinfo=TIMEZONE))
    chair_client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        chair_client.post(chase_url)
    assert len(django_mail.outbox) == 2  # a new day, a new chase


def test_no_chase_for_a_confirmed_melder_or_an_item_of_another_meeting(chair_client, meeting):
    item = on_agenda(meeting, 1)
    item.attendance = Attendance.FYSIEK
    item.save()
    assert "Herinnering sturen" not in chair_client.get(page_url(meeting)).content.decode()
    response = chair_client.post(reverse("triage:meeting_chase", args=[meeting.pk, item.pk]), follow=True)
    assert "al bevestigd" in response.content.decode()

    other = TriageMeetingFactory(date=date(2026, 12, 17))
    assert chair_client.post(reverse("triage:meeting_chase", args=[other.pk, item.pk])).status_code == 404
    assert not OutgoingMail.objects.exists()


def test_a_case_mail_that_is_not_an_invitation_is_listed_apart_from_the_partners(chair_client, meeting):
    """The outcome mail (queued by the triage session) carries the topic too: it is the case's, not a partner's."""
    item = on_agenda(meeting, 1, email="uitkomst-melder@example.org")
    mail_queue(
        key="triage-uitkomst:1",
        to=[item.casus.melder.email],
        subject=f"Uitkomst Integrale Triage: casus {item.casus.reference}",
        body=BODY_MARKER,
        case_reference=item.casus.reference,
        topic=meeting.mail_topic,
    )
    response = chair_client.get(page_url(meeting))
    overview = response.context["overview"]
    assert overview.partner_mails == []
    assert [mail.key for mail in overview.other_mails] == ["triage-uitkomst:1"]
    page = response.content.decode()
    assert "Overige e-mails over deze triage" in page
    assert "uitkomst-melder@example.org" not in page and BODY_MARKER not in page
