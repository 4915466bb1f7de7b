"""One row per recurring task: its latest run, kept up to date by ``zvh.jobs.recording``.

One row per task, not one per run: the audit checkpoint runs every five minutes, and Beheer
needs the latest run and outcome, not a history (the audit log and the job's own records,
such as the cutoff runs, hold that). The row holds counts only, never a task's arguments or an
error message, which could carry personal data.
"""

from django.db import models

from .constants import JobOutcome


class JobRecord(models.Model):
    task = models.CharField("taak", max_length=200, unique=True)
    last_started_at = models.DateTimeField("laatst gestart", null=True, blank=True)
    last_finished_at = models.DateTimeField("laatst klaar", null=True, blank=True)
    last_outcome = models.CharField("resultaat", max_length=16, choices=JobOutcome.choices, blank=True)
    last_summary = models.JSONField(
        "aantallen", default=dict, blank=True, help_text="Wat de taak teruggaf, alleen aantallen."
    )
    last_error = models.CharField(
        "soort fout", max_length=100, blank=True, help_text="Alleen de soort fout, nooit de melding."
    )
    last_success_at = models.DateTimeField("laatst gelukt", null=True, blank=True)
    run_count = models.PositiveIntegerField("aantal keer gestart", default=0)
    failure_count = models.PositiveIntegerField("aantal keer mislukt", default=0)

    class Meta:
        verbose_name = "terugkerende taak"
        verbose_name_plural = "terugkerende taken"
        ordering = ["task"]

    def __str__(self) -> str:
        return self.task
