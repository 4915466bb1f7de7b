"""The recurring jobs as Beheer lists them: every beat entry with its latest run and whether it missed one."""

import datetime
from dataclasses import dataclass

from celery.schedules import BaseSchedule
from django.conf import settings
from django.utils import timezone

from .constants import MISSED_MARGIN, JobOutcome
from .models import JobRecord
from .schedules import as_schedule, describe


@dataclass(frozen=True)
class RecurringJob:
    name: str  # the beat entry's name
    task: str
    schedule_text: str
    record: JobRecord | None
    next_due_at: datetime.datetime | None  # the run due after the latest one; None before a first run

    @property
    def missed(self) -> bool:
        """The run due after the latest one has not started, with ``MISSED_MARGIN`` to spare."""
        return self.next_due_at is not None and self.next_due_at + MISSED_MARGIN < timezone.now()

    @property
    def outcome(self) -> str:
        if self.record is None or not self.record.last_outcome:
            return "Nog niet uitgevoerd"
        return JobOutcome(self.record.last_outcome).label

    @property
    def failed(self) -> bool:
        return self.record is not None and self.record.last_outcome in (JobOutcome.FAILED, JobOutcome.RETRYING)

    @property
    def summary_text(self) -> str:
        if self.record is None:
            return ""
        # In name order: PostgreSQL's jsonb does not keep the order the task returned.
        return ", ".join(f"{key}: {value}" for key, value in sorted(self.record.last_summary.items()))


def _next_due(sched: BaseSchedule, last_started_at: datetime.datetime | None) -> datetime.datetime | None:
    """When the run after ``last_started_at`` was (or is) due, by Celery's own reading of the schedule."""
    if last_started_at is None:
        return None
    # Celery measures from its own "now", a moment before ours: round the sub-second difference away.
    due = timezone.now() + sched.remaining_estimate(last_started_at) + datetime.timedelta(milliseconds=500)
    return due.replace(microsecond=0)


def recurring_jobs() -> list[RecurringJob]:
    """Every entry of ``CELERY_BEAT_SCHEDULE`` in name order, with its task's record (one query).

    A task with two entries (the Thursday cutoff and its daily catch-up) shares one record: a
    run of either is a run of the job.
    """
    records = {record.task: record for record in JobRecord.objects.all()}
    jobs = []
    for name, entry in sorted(settings.CELERY_BEAT_SCHEDULE.items()):
        record = records.get(entry["task"])
        sched = as_schedule(entry["schedule"])
        jobs.append(
            RecurringJob(
                name=name,
                task=entry["task"],
                schedule_text=describe(sched),
                record=record,
                next_due_at=_next_due(sched, record.last_started_at if record else None),
            )
        )
    return jobs
