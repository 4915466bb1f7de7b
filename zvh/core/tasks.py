"""Scheduled checks that keep the system trustworthy."""

import logging

from celery import shared_task

from zvh.audit.services import verify_chain

logger = logging.getLogger(__name__)


@shared_task(name="zvh.audit.verify_chain")
def verify_audit_chain() -> int:
    """Re-verify the audit log's hash chain; returns the number of problems (0 = intact).

    Read-only and therefore idempotent. A non-zero result is logged as an error (without any
    content of the log) so that operations notice tampering the same day.
    """
    problems = sum(1 for _ in verify_chain())
    if problems:
        logger.error("Auditlog-keten verbroken: %d probleem/problemen", problems)
    return problems
