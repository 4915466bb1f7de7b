"""Celery for real: a task goes through the configured broker to a worker and back.

In CI the broker and result backend are Redis (REDIS_URL); locally, kombu's filesystem
transport. Nothing is mocked: the worker runs in a thread of this process.
"""

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.celery import app
from zvh.core.tasks import verify_audit_chain


@pytest.fixture
def real_worker():
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.mark.django_db(transaction=True)
def test_task_result_comes_back_through_the_broker(real_worker):
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED)
    result = verify_audit_chain.delay()
    assert result.get(timeout=30) == 0
    assert result.successful()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_broker_is_redis_when_configured(real_worker):
    if not settings.REDIS_URL:
        pytest.skip("Geen REDIS_URL: lokaal draait Celery op het bestandssysteem (CI gebruikt Redis).")
    assert app.connection_for_write().transport.driver_type == "redis"
    result = verify_audit_chain.delay()
    assert result.get(timeout=30) == 0
