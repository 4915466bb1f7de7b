from datetime import timedelta

from django.db import models


class JobOutcome(models.TextChoices):
    """How the latest run of a recurring job went."""

    RUNNING = "running", "Bezig"
    OK = "ok", "Gelukt"
    FAILED = "failed", "Mislukt"
    # The task raised an error it retries on (a locked database, a dropped connection).
    RETRYING = "retrying", "Mislukt, wordt opnieuw geprobeerd"


#: How late a run may start before Beheer calls it missed: beat hands a job to the worker within
#: seconds, but a busy default queue can hold it a few minutes.
MISSED_MARGIN = timedelta(minutes=30)
