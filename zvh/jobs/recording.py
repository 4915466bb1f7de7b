"""Record the latest run of every task on the beat schedule, from Celery's task signals.

Generic on purpose: a task is recorded because its name is in ``CELERY_BEAT_SCHEDULE``, so a
recurring job another app adds later shows up in Beheer without code of its own. A run by hand
(``manage.py run_cutoff``, "Nu uitvoeren" in Beheer, ``celery call``) is recorded the same way:
it is a run of the job.

What is kept: when it started and finished, the outcome, the counts the task returned and the
kind of error. Never the arguments or the error message: both could carry personal data.

Celery calls these handlers in the worker around the task (and around ``apply()`` in the web
process). A handler that fails (the database is down) is logged by Celery's dispatcher and
does not fail the task; the task's own work is what matters.
"""

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .constants import JobOutcome
from .models import JobRecord

# Celery's task states, as strings so this module does not depend on celery.states' import order.
_SUCCESS = "SUCCESS"
_RETRY = "RETRY"
SUMMARY_KEY_MAX = 40


def beat_task_names() -> set[str]:
    """The Celery task names on the beat schedule (read per call: tests and apps may add entries)."""
    return {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def summarise(retval) -> dict[str, int]:
    """Counts only: an int becomes ``{"aantal": n}``, a dict keeps its int values; anything else is dropped."""
    if isinstance(retval, int):
        return {"aantal": int(retval)}
    if isinstance(retval, dict):
        return {str(key)[:SUMMARY_KEY_MAX]: value for key, value in retval.items() if isinstance(value, int)}
    return {}


def record_start(*, task_name: str) -> None:
    now = timezone.now()
    changes = {"last_started_at": now, "last_outcome": JobOutcome.RUNNING, "run_count": F("run_count") + 1}
    # An UPDATE without a row lock read first: two workers running the same job do not wait on each other.
    if not JobRecord.objects.filter(task=task_name).update(**changes):
        JobRecord.objects.get_or_create(task=task_name)
        JobRecord.objects.filter(task=task_name).update(**changes)


def record_end(*, task_name: str, state: str, retval) -> None:
    now = timezone.now()
    changes = {"last_finished_at": now}
    if state == _SUCCESS:
        changes |= {
            "last_outcome": JobOutcome.OK,
            "last_success_at": now,
            "last_summary": summarise(retval),
            "last_error": "",
        }
    else:
        changes |= {
            "last_outcome": JobOutcome.RETRYING if state == _RETRY else JobOutcome.FAILED,
            "last_summary": {},
            "last_error": type(retval).__name__ if isinstance(retval, BaseException) else state,
            "failure_count": F("failure_count") + 1,
        }
    JobRecord.objects.filter(task=task_name).update(**changes)


def _on_prerun(sender=None, task=None, **kwargs) -> None:
    if task is not None and task.name in beat_task_names():
        record_start(task_name=task.name)


def _on_postrun(sender=None, task=None, state=None, retval=None, **kwargs) -> None:
    if task is not None and task.name in beat_task_names():
        record_end(task_name=task.name, state=state, retval=retval)


def connect() -> None:
    """Called from ``JobsConfig.ready``: in the worker, beat and web process alike."""
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="zvh.jobs.prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="zvh.jobs.postrun")
