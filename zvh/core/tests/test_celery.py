"""Celery for real: a task goes through the configured broker to a worker and has its effect.

In CI the broker is Redis (REDIS_URL); locally, kombu's filesystem transport. Nothing is
mocked: the worker runs in a thread of this process, listening to both queues. Task results
are not stored (nobody reads them), so the tests watch the effect in the database.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail as django_mail

from zvh.celery import app
from zvh.mail.constants import MailStatus
from zvh.mail.models import OutgoingMail
from zvh.mail.services import mail_queue


@pytest.fixture
def real_worker():
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=["default", "mail"]):
            yield
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def wait_until_sent(mail: OutgoingMail, timeout: float = 90) -> OutgoingMail:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mail.refresh_from_db()
        if mail.status == MailStatus.SENT:
            break
        time.sleep(0.1)
    return mail


@pytest.mark.django_db(transaction=True)
def test_a_queued_mail_goes_through_the_broker_to_the_mail_worker_and_is_sent_once(real_worker):
    mail = mail_queue(key="celery:rondgang", to=["melder@politie.example"], subject="Test", body="ZVH-2026-00001")
    mail = wait_until_sent(mail)
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 1)
    assert [m.subject for m in django_mail.outbox] == ["Test"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_broker_is_redis_when_configured(real_worker):
    if not settings.REDIS_URL:
        pytest.skip("Geen REDIS_URL: lokaal draait Celery op het bestandssysteem (CI gebruikt Redis).")
    assert app.connection_for_write().transport.driver_type == "redis"
    mail = mail_queue(key="celery:redis", to=["melder@politie.example"], subject="Via Redis", body="ZVH-2026-00001")
    assert wait_until_sent(mail).status == MailStatus.SENT
