"""Seeing the mail: the read-only outbox in Beheer, and the mailbox page that exists in development only."""

import datetime

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from zvh.calendar.scheduling import TIMEZONE
from zvh.mail.constants import MailStatus
from zvh.mail.models import OutgoingMail
from zvh.mail.services import MailAttachment

pytestmark = pytest.mark.django_db

OUTBOX_URL = "/beheer/mail/outgoingmail/"
MAILBOX_URL = "/ontwikkeling/postvak/"
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def invitation():
    """An invitation as the triage sends one: reference, date and link in the text, the meeting as .ics."""
    return OutgoingMail.objects.create(
        key="triage-uitnodiging:17",
        to=["triage@politie.example"],
        subject="Uitnodiging Integrale Triage van donderdag 10 december 2026",
        body="Casusnummer ZVH-2026-00042.\nBevestig via https://zvh.example/triage/aanwezigheid/17/",
        attachments=[MailAttachment("triage-2026-12-10.ics", "text/calendar", ICS).as_json()],
        topic="triagevergadering:5",
        status=MailStatus.SENT,
        attempts=2,
        sent_at=datetime.datetime(2026, 12, 7, 9, 3, tzinfo=TIMEZONE),
    )


# --------------------------------------------------------------------------- the outbox in Beheer


def test_the_beheerder_sees_recipient_subject_topic_status_attempts_and_sent_at(beheer_client, invitation):
    page = beheer_client.get(OUTBOX_URL).content.decode()
    for expected in (
        "triage@politie.example",
        "Uitnodiging Integrale Triage van donderdag 10 december 2026",
        "triagevergadering:5",
        "Verzonden",
        "7 december 2026 09:03",
    ):
        assert expected in page
    assert "Bevestig via" not in page  # the text is not shown


def test_the_outbox_is_read_only(beheer_client, invitation):
    detail = beheer_client.get(f"{OUTBOX_URL}{invitation.pk}/change/")
    assert detail.status_code == 200
    assert 'name="subject"' not in detail.content.decode()  # no form fields
    assert beheer_client.get(f"{OUTBOX_URL}add/").status_code == 403
    assert beheer_client.post(f"{OUTBOX_URL}{invitation.pk}/change/", {"subject": "Anders"}).status_code == 403
    assert beheer_client.post(f"{OUTBOX_URL}{invitation.pk}/delete/").status_code == 403
    changelist = beheer_client.get(OUTBOX_URL).content.decode()
    assert "delete_selected" not in changelist
    invitation.refresh_from_db()
    assert invitation.subject == "Uitnodiging Integrale Triage van donderdag 10 december 2026"


def test_only_the_functioneel_beheerder_sees_the_outbox(client, django_user_model, invitation):
    client.force_login(django_user_model.objects.create_user(username="medewerker", is_staff=True))
    response = client.get(OUTBOX_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_list_costs_the_same_queries_with_one_or_many_mails(
    beheer_client, invitation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as one:
        beheer_client.get(OUTBOX_URL)
    for number in range(20):
        OutgoingMail.objects.create(key=f"extra:{number}", to=["a@b.example"], subject="Herinnering", body="x")
    with django_assert_max_num_queries(len(one.captured_queries)):
        beheer_client.get(OUTBOX_URL)


# --------------------------------------------------------------------------- the development mailbox


@pytest.mark.urls("zvh.urls_dev")
@override_settings(DEBUG=True)
def test_in_development_the_mailbox_shows_the_mail_as_read_and_the_ics_as_a_download(
    client, django_user_model, invitation
):
    client.force_login(django_user_model.objects.create_user(username="demo"))

    listing = client.get(MAILBOX_URL).content.decode()
    assert "Uitnodiging Integrale Triage van donderdag 10 december 2026" in listing
    assert f'href="{MAILBOX_URL}{invitation.pk}/"' in listing

    message = client.get(f"{MAILBOX_URL}{invitation.pk}/").content.decode()
    assert "Casusnummer ZVH-2026-00042." in message
    assert "https://zvh.example/triage/aanwezigheid/17/" in message
    assert "triage-2026-12-10.ics" in message

    download = client.get(f"{MAILBOX_URL}{invitation.pk}/bijlage/0/")
    assert download["Content-Type"] == "text/calendar"
    assert download["Content-Disposition"] == 'attachment; filename="triage-2026-12-10.ics"'
    assert download.content == ICS
    assert client.get(f"{MAILBOX_URL}{invitation.pk}/bijlage/1/").status_code == 404


@pytest.mark.urls("zvh.urls_dev")
@override_settings(DEBUG=True)
def test_the_mailbox_wants_a_login(client, invitation):
    response = client.get(MAILBOX_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.urls("zvh.urls_dev")
def test_the_mailbox_is_refused_without_debug_even_in_the_development_urls(client, django_user_model, invitation):
    client.force_login(django_user_model.objects.create_user(username="demo"))
    assert client.get(MAILBOX_URL).status_code == 404
    assert client.get(f"{MAILBOX_URL}{invitation.pk}/bijlage/0/").status_code == 404


def test_the_project_urls_production_uses_have_no_mailbox():
    with pytest.raises(Resolver404):
        resolve(MAILBOX_URL)
    with pytest.raises(NoReverseMatch):
        reverse("dev_mailbox:list")
