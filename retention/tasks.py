"""Celery tasks of retention. The work is in retention.services; these only schedule and retry it."""

from celery import shared_task
from django.db import OperationalError

from .services import retention_delete_expired


@shared_task(
    name="retention.delete_expired",
    autoretry_for=(OperationalError,),  # a locked SQLite file or a dropped connection: try again
    retry_backoff=300,
    max_retries=3,
)
def delete_expired() -> int:
    """Nightly: delete every case whose retention period (or extension) has ended; how many.

    Idempotent and catching up (it deletes everything expired up to today), so a retry, a second
    beat or a missed night changes nothing but the moment of deletion.
    """
    return retention_delete_expired()
