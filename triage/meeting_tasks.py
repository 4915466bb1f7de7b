"""Celery tasks of the meeting calendar; imported by ``triage.tasks`` so that Celery registers them.

The work is in ``triage.services``; the tasks only supply "now". Both are idempotent, so a
redelivered task (acks_late), a manual run and the beat schedule can overlap safely.
"""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from .services.cutoff import cutoff_close_intake
from .services.invitations import meeting_send_reminders
from .services.meetings import meetings_generate

#: How many held Thursdays ahead the calendar is kept filled.
WEEKS_AHEAD = 8


@shared_task(name="triage.generate_meetings", autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def generate_meetings(weeks: int = WEEKS_AHEAD) -> int:
    """Daily: create the meetings of the coming held Thursdays that do not exist yet; returns how many."""
    return len(meetings_generate(start=timezone.localdate(), weeks=weeks))


@shared_task(name="triage.close_intake", autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def close_intake() -> dict[str, int]:
    """Thursday 16:00 (and a daily catch-up): process every passed cutoff; returns counts only."""
    runs = cutoff_close_intake(now=timezone.now())
    return {"cutoffs": len(runs), "gebonden": sum(run.bound_count for run in runs)}


@shared_task(name="triage.send_meeting_reminders", autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def send_meeting_reminders() -> int:
    """Daily: remind the melders and fixed partners of tomorrow's meetings (and of today's when a run was missed).

    Returns how many mails were queued.

    Idempotent by the mail keys, so a second run (or a retry after a dropped connection) sends nothing twice.
    """
    return meeting_send_reminders(now=timezone.now())
