"""Celery tasks of the triage. The work is in triage.services; these only schedule and retry it."""

from celery import shared_task
from django.db import OperationalError

from .services.screening import casus_delete_after_rejection, rejected_cases_ready_for_deletion
from .services.verrijking import bekendheidscheck_send_reminders


@shared_task(
    name="triage.delete_rejected_casus",
    autoretry_for=(OperationalError,),  # a locked SQLite file or a dropped connection: try again
    retry_backoff=60,
    max_retries=5,
)
def delete_rejected_casus(casus_id: str) -> str:
    """Delete a rejected registration once its melder was contacted (process step 3, docs/architecture.md).

    Idempotent: a second run finds the casus VERWIJDERD and does nothing, so a redelivered
    task, a retry and the periodic sweep can overlap safely. Returns what happened.
    """
    return casus_delete_after_rejection(casus_id=casus_id)


@shared_task(name="triage.delete_contacted_rejections")
def delete_contacted_rejections() -> int:
    """Periodic: delete every rejected registration whose melder was contacted.

    Catches deletions whose task was lost (broker down when the contact was recorded, worker
    killed). Returns how many registrations were deleted.
    """
    return sum(casus_delete_after_rejection(casus_id=pk) == "verwijderd" for pk in rejected_cases_ready_for_deletion())


@shared_task(name="triage.send_bekendheidscheck_reminders")
def send_bekendheidscheck_reminders() -> int:
    """Periodic (working-day mornings): remind partners of answers and information due soon.

    Idempotent: each reminder's mail key names the check and the stage (answer or
    information), so a second run, or a run the next morning, sends nothing twice. Returns how
    many reminders were queued.
    """
    return bekendheidscheck_send_reminders()


# The meeting calendar's tasks (generate meetings, the Thursday 16:00 cutoff) live in their own
# module; Celery autodiscovers only this one, so importing it registers them.
from . import meeting_tasks  # noqa: E402, F401
