"""The outbox: one mail per key, sent after commit, failures visible and retried, never twice."""

import datetime

import pytest
from django.conf import settings
from django.core import mail as django_mail
from django.db import transaction
from django.utils import timezone

from zvh.celery import app as celery_app
from zvh.mail.constants import MailStatus
from zvh.mail.models import OutgoingMail
from zvh.mail.services import MailAttachment, mail_deliver, mail_queue, mail_requeue_stale, mail_retry
from zvh.mail.tasks import MAX_RETRIES, requeue_stale_mail, send_outgoing_mail

REFUSING_BACKEND = "zvh.mail.tests.backends.RefusingBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ADDRESS = "melder@politie.example"


def queue(key="test:1", **kwargs):
    return mail_queue(
        key=key,
        to=[ADDRESS],
        subject=kwargs.pop("subject", "Ontvangstbevestiging aanmelding ZVH-2026-00042"),
        body="Casusnummer: ZVH-2026-00042",
        case_reference="ZVH-2026-00042",
        **kwargs,
    )


@pytest.fixture
def refusing_mail_server(settings):
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    return settings


@pytest.mark.django_db
def test_queueing_the_same_key_twice_sends_one_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
    with django_capture_on_commit_callbacks(execute=True) as second_callbacks:
        second = queue()
    assert first.pk == second.pk
    assert second_callbacks == []  # nothing scheduled for a key that exists
    assert OutgoingMail.objects.count() == 1
    assert len(django_mail.outbox) == 1
    sent = django_mail.outbox[0]
    assert sent.to == [ADDRESS]
    assert sent.subject == "Ontvangstbevestiging aanmelding ZVH-2026-00042"
    first.refresh_from_db()
    assert first.status == MailStatus.SENT
    assert first.sent_at is not None
    assert first.attempts == 1


@pytest.mark.django_db
def test_the_task_run_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()
    assert send_outgoing_mail.delay(outgoing.pk).get() == MailStatus.SENT
    assert send_outgoing_mail.delay(outgoing.pk).get() == MailStatus.SENT
    assert len(django_mail.outbox) == 1
    outgoing.refresh_from_db()
    assert outgoing.attempts == 1


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                queue()
                raise RuntimeError("submission failed after queueing")
    assert callbacks == []
    assert OutgoingMail.objects.count() == 0
    assert django_mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_mail_goes_out_only_when_the_real_transaction_commits():
    with transaction.atomic():
        queue()
        assert django_mail.outbox == []  # not before the commit
    assert len(django_mail.outbox) == 1

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            queue(key="test:rolled-back")
            raise RuntimeError
    assert len(django_mail.outbox) == 1
    assert not OutgoingMail.objects.filter(key="test:rolled-back").exists()


@pytest.mark.django_db
def test_a_refusing_mail_server_leaves_a_visible_failure_then_a_retry_sends_once(
    refusing_mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()  # the submission itself does not fail
    outgoing.refresh_from_db()
    assert outgoing.status == MailStatus.FAILED
    assert outgoing.attempts == 1
    assert outgoing.last_error.startswith("SMTPRecipientsRefused")
    assert ADDRESS not in outgoing.last_error
    assert outgoing.sent_at is None
    assert django_mail.outbox == []

    refusing_mail_server.EMAIL_BACKEND = LOCMEM_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        mail_retry(mail=outgoing)
    with django_capture_on_commit_callbacks(execute=True):
        mail_retry(mail=outgoing)  # a second retry of a sent mail does nothing
    assert len(django_mail.outbox) == 1
    outgoing.refresh_from_db()
    assert outgoing.status == MailStatus.SENT
    assert outgoing.attempts == 2
    assert outgoing.last_error == ""


@pytest.mark.django_db
def test_the_task_retries_with_backoff_and_then_leaves_the_mail_failed(refusing_mail_server):
    outgoing = OutgoingMail.objects.create(key="k", to=[ADDRESS], subject="s", body="b")
    # Let Celery run the retries (eagerly, without the countdown) instead of raising the first.
    celery_app.conf.task_eager_propagates = False
    try:
        result = send_outgoing_mail.apply(args=[outgoing.pk])
    finally:
        celery_app.conf.task_eager_propagates = settings.CELERY_TASK_EAGER_PROPAGATES
    assert result.get() == MailStatus.FAILED
    outgoing.refresh_from_db()
    assert outgoing.attempts == 1 + MAX_RETRIES
    assert outgoing.status == MailStatus.FAILED


@pytest.mark.django_db
def test_one_delivery_attempt_records_status_attempts_and_error(refusing_mail_server):
    outgoing = OutgoingMail.objects.create(key="k", to=[ADDRESS], subject="s", body="b")
    delivered = mail_deliver(mail_id=outgoing.pk)
    assert delivered.status == MailStatus.FAILED
    assert delivered.attempts == 1
    assert delivered.last_attempt_at is not None
    assert "[e-mailadres]" in delivered.last_error


@pytest.mark.django_db
def test_attachments_are_sent_decoded(django_capture_on_commit_callbacks):
    ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        queue(attachments=[MailAttachment("uitnodiging.ics", "text/calendar", ics)])
    [sent] = django_mail.outbox
    [(filename, content, mimetype)] = sent.attachments
    assert filename == "uitnodiging.ics"
    assert mimetype == "text/calendar"
    assert (content.encode() if isinstance(content, str) else content) == ics


@pytest.mark.django_db
def test_queueing_without_a_recipient_is_a_programming_error():
    with pytest.raises(ValueError):
        mail_queue(key="k", to=[""], subject="s", body="b")


# --- the periodic sweep -----------------------------------------------------------------------


def _outbox_row(key, *, status, minutes_ago, attempts=0):
    moment = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    row = OutgoingMail.objects.create(key=key, to=[ADDRESS], subject=key, body="b", status=status, attempts=attempts)
    OutgoingMail.objects.filter(pk=row.pk).update(created_at=moment, last_attempt_at=moment if attempts else None)
    return row


@pytest.mark.django_db
def test_the_sweep_sends_stale_pending_and_failed_mail_and_leaves_the_rest(django_capture_on_commit_callbacks):
    lost = _outbox_row("lost-task", status=MailStatus.PENDING, minutes_ago=30)
    failed = _outbox_row("failed-earlier", status=MailStatus.FAILED, minutes_ago=30, attempts=6)
    _outbox_row("just-queued", status=MailStatus.PENDING, minutes_ago=1)
    _outbox_row("in-backoff", status=MailStatus.FAILED, minutes_ago=2, attempts=1)
    _outbox_row("given-up", status=MailStatus.FAILED, minutes_ago=30, attempts=20)
    _outbox_row("done", status=MailStatus.SENT, minutes_ago=30, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_mail.delay().get() == 2

    assert sorted(m.subject for m in django_mail.outbox) == ["failed-earlier", "lost-task"]
    assert set(OutgoingMail.objects.filter(status=MailStatus.SENT).values_list("key", flat=True)) == {
        "lost-task",
        "failed-earlier",
        "done",
    }
    # Running the sweep again finds nothing left to send.
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_requeue_stale() == 0
    assert len(django_mail.outbox) == 2
    assert {lost.pk, failed.pk} <= set(OutgoingMail.objects.filter(status=MailStatus.SENT).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_swept_mail_that_fails_again_gets_one_attempt_not_a_new_backoff_chain(
    refusing_mail_server, django_capture_on_commit_callbacks
):
    failed = _outbox_row("failed-earlier", status=MailStatus.FAILED, minutes_ago=30, attempts=6)
    with django_capture_on_commit_callbacks(execute=True):
        mail_requeue_stale()
    failed.refresh_from_db()
    assert failed.status == MailStatus.FAILED
    assert failed.attempts == 7


def test_the_sweep_is_on_the_beat_schedule(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "zvh.mail.requeue_stale" in schedule
    assert schedule["zvh.mail.requeue_stale"].minute == set(range(0, 60, 15))
