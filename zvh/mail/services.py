"""Queueing, sending and retrying outgoing mail (docs/decisions.md: side effects after commit).

The contract for callers: build the text from a template, then call `mail_queue` inside the
transaction that causes the mail, with a key that names the event. The row is written with
the caller's transaction, and the Celery task is only scheduled when that transaction
commits: a rolled-back submission sends nothing. A worker first claims the row (a short
transaction), then talks to the mail server with no lock held, then records the outcome; a
claimed or sent row is skipped, so a task delivered twice sends one mail.

Privacy: mails leave our systems and end up in mailboxes we do not control. They hold
reference numbers, dates and links into the application, never personal data of a
betrokkene (names, BSN, addresses, free text). The templates are written that way; callers
pass identifiers, not model instances, so a template cannot reach for a name by accident.
"""

import base64
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .constants import MailStatus
from .models import OutgoingMail

logger = logging.getLogger(__name__)

# The periodic sweep leaves alone what was tried (or queued) more recently than this: that
# mail is probably still in its task's own backoff.
STALE_AFTER = timedelta(minutes=10)
# A claim older than this belongs to a worker that died while sending: the mail may be sent
# again. Far longer than EMAIL_TIMEOUT, so a slow but live send is never doubled.
CLAIM_EXPIRES = timedelta(minutes=10)
# After this many attempts the sweep gives up; the mail stays "failed" (visible per case)
# until someone calls `mail_retry`. At one sweep per 15 minutes this is several hours.
SWEEP_MAX_ATTEMPTS = 20
ERROR_MAX_LENGTH = 300
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@dataclass(frozen=True)
class MailAttachment:
    """A file to send along, for example an .ics invitation."""

    filename: str
    mimetype: str
    content: bytes

    def as_json(self) -> dict[str, str]:
        return {
            "filename": self.filename,
            "mimetype": self.mimetype,
            "content_b64": base64.b64encode(self.content).decode("ascii"),
        }


def absolute_url(path: str) -> str:
    """A link for a mail: mails are read outside a request, so the host comes from settings."""
    return settings.ZVH_BASE_URL.rstrip("/") + path


def mail_render(template_name: str, context: Mapping[str, Any]) -> str:
    """Render a plain-text mail template in Dutch (dates in words), whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template_name, {"zvh_name": settings.ZVH_NAME, **context})


def _schedule_on_commit(mail_id: int, *, retry: bool = True) -> None:
    """Hand the row to a worker once the caller's transaction commits (at once outside one).

    robust: a broker that is down must not turn a committed submission into an error page;
    the row stays pending and the periodic sweep sends it later.
    """
    from .tasks import send_outgoing_mail  # the task module imports this one

    def schedule_outgoing_mail() -> None:
        send_outgoing_mail.apply_async(args=[mail_id], kwargs={"retry": retry})

    transaction.on_commit(schedule_outgoing_mail, robust=True)


def mail_queue(
    *,
    key: str,
    to: Sequence[str],
    subject: str,
    body: str,
    attachments: Iterable[MailAttachment] = (),
    case_reference: str = "",
    topic: str = "",
) -> OutgoingMail:
    """Put a mail in the outbox once per `key`; it is sent after the current transaction commits.

    A second call with the same key returns the existing row and schedules nothing: the event
    it describes has already been mailed (or is about to be).
    """
    recipients = [address for address in to if address]
    if not recipients:
        raise ValueError("mail_queue needs at least one recipient")
    with transaction.atomic():
        mail, created = OutgoingMail.objects.get_or_create(
            key=key,
            defaults={
                "to": recipients,
                "subject": subject,
                "body": body,
                "attachments": [attachment.as_json() for attachment in attachments],
                "case_reference": case_reference,
                "topic": topic,
            },
        )
        if created:
            _schedule_on_commit(mail.pk)
    return mail


def mail_retry(*, mail: OutgoingMail) -> OutgoingMail:
    """Queue a pending or failed mail again (a person or the sweep decided to); a sent or superseded one is left."""
    with transaction.atomic():
        locked = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
        if locked.status in (MailStatus.PENDING, MailStatus.FAILED):
            locked.status = MailStatus.PENDING
            locked.save(update_fields=["status"])
            _schedule_on_commit(locked.pk)
    mail.refresh_from_db()
    return mail


def mail_supersede(*, mails: QuerySet[OutgoingMail]) -> int:
    """Mark the unsent ones among ``mails`` as replaced by a newer version: never sent, never retried.

    A mail keeps the text it was queued with; once that text is out of date (a meeting moved
    room or was cancelled) sending it late would mislead. Returns how many were superseded.
    """
    return mails.filter(status__in=[MailStatus.PENDING, MailStatus.FAILED]).update(status=MailStatus.SUPERSEDED)


def mail_requeue_stale(*, now=None) -> int:
    """The periodic sweep: queue again what is pending or failed and has been quiet for a while.

    Catches mails whose task was lost (broker down at commit, worker killed) and mails whose
    task gave up after its retries. Each mail gets one attempt per sweep (no fresh backoff
    chain), so repeated sweeps cannot pile up tasks. Idempotent: sending skips sent rows.
    """
    now = now or timezone.now()
    threshold = now - STALE_AFTER
    waiting = Q(status__in=[MailStatus.PENDING, MailStatus.FAILED]) & (
        Q(last_attempt_at__lt=threshold) | Q(last_attempt_at__isnull=True, created_at__lt=threshold)
    )
    abandoned = Q(status=MailStatus.SENDING, last_attempt_at__lt=now - CLAIM_EXPIRES)
    stale = OutgoingMail.objects.filter(waiting | abandoned, attempts__lt=SWEEP_MAX_ATTEMPTS).values_list(
        "pk", flat=True
    )
    ids = list(stale)
    for mail_id in ids:
        _schedule_on_commit(mail_id, retry=False)
    return len(ids)


def _describe(exc: Exception) -> str:
    """The error kind and message, short, with e-mail addresses removed (SMTP errors quote them)."""
    text = EMAIL_ADDRESS.sub("[e-mailadres]", f"{type(exc).__name__}: {exc}")
    return text[:ERROR_MAX_LENGTH]


def mail_message(mail: OutgoingMail) -> EmailMessage:
    """The message exactly as it goes to the mail server (also what the development mailbox shows)."""
    message = EmailMessage(subject=mail.subject, body=mail.body, from_email=settings.DEFAULT_FROM_EMAIL, to=mail.to)
    for attachment in mail.attachments:
        message.attach(attachment["filename"], base64.b64decode(attachment["content_b64"]), attachment["mimetype"])
    return message


def _claim(mail_id: int) -> OutgoingMail | None:
    """Mark the row as being sent by this worker, in a transaction of its own; None if it is not ours to send.

    The row lock lasts only for this claim: the network time comes after the commit, so a
    stalled mail server never holds a lock that the chair's "Opnieuw versturen", the sweep or
    a job touching the same row would wait on.
    """
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status in (MailStatus.SENT, MailStatus.SUPERSEDED):
            return None
        now = timezone.now()
        if mail.status == MailStatus.SENDING and mail.last_attempt_at and mail.last_attempt_at > now - CLAIM_EXPIRES:
            return None  # another worker is sending it right now
        mail.status = MailStatus.SENDING
        mail.attempts += 1
        mail.last_attempt_at = now
        mail.save(update_fields=["status", "attempts", "last_attempt_at"])
    return mail


def mail_deliver(*, mail_id: int) -> OutgoingMail | None:
    """Send one outbox row now, unless it was sent or is being sent already; record the outcome.

    A failure is caught and written down (attempts, last error): the caller decides whether
    to try again. Returns the row as it is afterwards, or None when the row no longer exists.
    """
    mail = _claim(mail_id)
    if mail is None:
        return OutgoingMail.objects.filter(pk=mail_id).first()
    outcome: dict[str, Any]
    try:
        mail_message(mail).send()  # bounded by EMAIL_TIMEOUT
    except Exception as exc:  # any backend error: SMTP, DNS, TLS, a timeout, a full disk ...
        outcome = {"status": MailStatus.FAILED, "last_error": _describe(exc)}
        logger.warning("E-mail %s niet verzonden (poging %d): %s", mail.pk, mail.attempts, type(exc).__name__)
    else:
        outcome = {"status": MailStatus.SENT, "sent_at": timezone.now(), "last_error": ""}
    # Only our own claim is settled: a row claimed anew after ours expired belongs to that worker.
    OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING, attempts=mail.attempts).update(**outcome)
    mail.refresh_from_db()
    return mail
