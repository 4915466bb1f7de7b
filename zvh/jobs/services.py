"""Run a recurring job now, by hand: the same Celery task beat runs, audited."""

import logging
from dataclasses import dataclass

from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.celery import app

from .recording import summarise

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ManualRun:
    ok: bool
    summary: dict[str, int]
    error: str  # the kind of error when not ok, never its message


def job_run_now(*, task_name: str, by, via: str) -> ManualRun:
    """Run the task in this process and wait for it; the caller says who (``by``, None for an operator) and how.

    In this process rather than on the worker: the person who asked sees the outcome at once,
    and the jobs are idempotent, so overlapping with a beat run or a second click changes
    nothing twice. The run is recorded like a beat run (``zvh.jobs.recording``) and audited
    twice: that it was asked for (before, so a run that crashes is on record too) and how it went.
    """
    # Outside the worker the apps' task modules are imported only on demand (autodiscover_tasks is lazy).
    app.loader.import_default_modules()
    task = app.tasks[task_name]
    asked = {"gebeurtenis": "taak_handmatig_gestart", "taak": task_name, "via": via}
    audit_record(actor=by, action=AuditAction.CREATE, detail=asked)
    result = task.apply(throw=False)
    run = ManualRun(
        ok=result.successful(),
        summary=summarise(result.result) if result.successful() else {},
        error="" if result.successful() else type(result.result).__name__,
    )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        detail={
            "gebeurtenis": "taak_handmatig_uitgevoerd",
            "taak": task_name,
            "via": via,
            "gelukt": run.ok,
            "aantallen": run.summary,
        },
    )
    if not run.ok:
        logger.error("Taak %s handmatig gestart via %s mislukt: %s", task_name, via, run.error)
    return run
