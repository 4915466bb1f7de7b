"""A mail server that stalls or disappears delays mail; it never hangs a worker or holds a lock.

The stalled server here is real: a socket that accepts the connection and then says nothing,
as a mail server behind a broken firewall or under overload does. Django's SMTP backend talks
to it for real (no mock).
"""

import socket
import threading
import time
from datetime import timedelta

import pytest
from django.db import connections, transaction
from django.utils import timezone

from zvh.celery import app as celery_app
from zvh.mail.constants import MailStatus
from zvh.mail.models import OutgoingMail
from zvh.mail.services import CLAIM_EXPIRES, mail_deliver, mail_queue, mail_requeue_stale

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def stalled_mail_server():
    """A listening socket that accepts connections and never answers (no SMTP greeting)."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                accepted.append(conn)
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for conn in accepted:
        conn.close()
    server.close()


@pytest.fixture
def smtp_to(settings, stalled_mail_server):
    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = stalled_mail_server
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    return settings


def queue_one(key: str = "vastgelopen:1") -> OutgoingMail:
    return mail_queue(key=key, to=["melder@politie.example"], subject="Ontvangstbevestiging", body="ZVH-2026-00042")


@pytest.mark.django_db
def test_a_stalled_mail_server_fails_the_attempt_within_the_timeout_and_leaves_it_visible(smtp_to):
    mail = queue_one()
    started = time.monotonic()
    delivered = mail_deliver(mail_id=mail.pk)
    assert time.monotonic() - started < 15  # EMAIL_TIMEOUT is 2 s; without one this never returns
    assert delivered.status == MailStatus.FAILED
    assert delivered.attempts == 1
    assert "timed out" in delivered.last_error.lower() or "timeout" in delivered.last_error.lower()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_database_lock_is_held_while_the_mail_server_is_talked_to(postgres_only, smtp_to):
    """Another connection can lock the row (the chair's retry, a job) while a worker waits on SMTP."""
    smtp_to.EMAIL_TIMEOUT = 5
    mail = queue_one()
    worker = threading.Thread(target=lambda: (mail_deliver(mail_id=mail.pk), connections.close_all()))
    worker.start()
    try:
        deadline = time.monotonic() + 5
        while OutgoingMail.objects.get(pk=mail.pk).status != MailStatus.SENDING:
            assert time.monotonic() < deadline, "de worker begon niet met versturen"
            time.sleep(0.05)
        assert worker.is_alive()  # still waiting on the silent server
        with transaction.atomic():
            # NOWAIT: raises at once if the sending worker still held the row lock.
            locked = OutgoingMail.objects.select_for_update(nowait=True).get(pk=mail.pk)
            assert locked.status == MailStatus.SENDING
    finally:
        worker.join(timeout=20)
    assert OutgoingMail.objects.get(pk=mail.pk).status == MailStatus.FAILED


@pytest.mark.django_db
def test_a_mail_being_sent_by_one_worker_is_not_sent_by_a_second(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        mail = queue_one()
    claimed_now = {"status": MailStatus.SENDING, "attempts": 1, "last_attempt_at": timezone.now()}
    OutgoingMail.objects.filter(pk=mail.pk).update(**claimed_now)

    again = mail_deliver(mail_id=mail.pk)

    assert (again.status, again.attempts) == (MailStatus.SENDING, 1)


@pytest.mark.django_db
def test_a_claim_whose_worker_died_is_picked_up_by_the_sweep_and_sent_once(django_capture_on_commit_callbacks):
    from django.core import mail as django_mail

    with django_capture_on_commit_callbacks(execute=False):
        mail = queue_one()
    died_at = timezone.now() - CLAIM_EXPIRES - timedelta(minutes=1)
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.SENDING, attempts=1, last_attempt_at=died_at)

    with django_capture_on_commit_callbacks(execute=True):
        assert mail_requeue_stale() == 1

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)
    assert len(django_mail.outbox) == 1


def test_mail_runs_on_its_own_queue_so_a_mail_outage_never_delays_the_cutoff_or_the_deletions():
    router = celery_app.amqp.router

    def queue_of(task_name: str) -> str:
        return router.route({}, task_name)["queue"].name

    assert queue_of("zvh.mail.send_outgoing_mail") == "mail"
    assert queue_of("zvh.mail.requeue_stale") == "mail"
    for task in ("triage.close_intake", "triage.delete_contacted_rejections", "triage.send_meeting_reminders"):
        assert queue_of(task) == "default"


def test_production_starts_a_worker_for_each_queue(settings):
    procfile = (settings.BASE_DIR / "Procfile").read_text().splitlines()
    workers = {line.split(":", 1)[0]: line for line in procfile if "celery -A zvh worker" in line}
    assert "--queues=default" in workers["worker"]
    assert "--queues=mail" in workers["mailworker"]
    assert "mail" not in workers["worker"].split("--queues=")[1].split()[0]


def test_the_mail_task_has_a_time_limit():
    task = celery_app.tasks["zvh.mail.send_outgoing_mail"]
    assert task.time_limit and task.soft_time_limit and task.soft_time_limit < task.time_limit <= 300
