from celery import shared_task

from .services.overleg import overleg_send_reminders
from .services.reminders import pga_send_reminders


@shared_task(name="pga.send_reminders")
def send_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE "pga-herinneringen"): idempotent and catching up, see the services.

    Also the casusoverleg reminder the day before (once per contact person and date).
    """
    return pga_send_reminders() + overleg_send_reminders()
