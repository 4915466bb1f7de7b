"""Celery tasks of the outbox. The work is in zvh.mail.services; these only decide on retries."""

from celery import shared_task

from .constants import MailStatus
from .services import mail_deliver, mail_requeue_stale

MAX_RETRIES = 5
BACKOFF_SECONDS = 60  # 1, 2, 4, 8, 16 minutes between the attempts of one task
# EMAIL_TIMEOUT bounds each talk with the server; this bounds the task as a whole, so a worker
# of the mail queue is never stuck (the row stays "sending" and the sweep sends it later).
TIME_LIMIT_SECONDS = 120


@shared_task(
    bind=True,
    name="zvh.mail.send_outgoing_mail",
    max_retries=MAX_RETRIES,
    soft_time_limit=TIME_LIMIT_SECONDS - 10,
    time_limit=TIME_LIMIT_SECONDS,
)
def send_outgoing_mail(self, mail_id: int, retry: bool = True) -> str:
    """Send one outbox row; on failure try again with exponential backoff.

    Idempotent: a row that was sent already is skipped, so a redelivered task (acks_late) or a
    retry racing the periodic sweep sends nothing twice. After the last retry the row stays
    "failed" and the sweep (or a person, through `mail_retry`) picks it up.
    """
    mail = mail_deliver(mail_id=mail_id)
    if mail is None:
        return "missing"
    if mail.status == MailStatus.FAILED and retry and self.request.retries < self.max_retries:
        raise self.retry(countdown=BACKOFF_SECONDS * 2**self.request.retries)
    return mail.status


@shared_task(name="zvh.mail.requeue_stale")
def requeue_stale_mail() -> int:
    """Periodic: queue pending and failed mails again; returns how many were queued."""
    return mail_requeue_stale()
