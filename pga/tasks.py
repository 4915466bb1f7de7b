from celery import shared_task

from .services.reminders import pga_send_reminders


@shared_task(name="pga.send_reminders")
def send_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE "pga-herinneringen"): idempotent and catching up, see the service."""
    return pga_send_reminders()
