"""The outbox: every mail the system sends is first a row here, then a Celery task sends it.

Why a table and not just a task: a task that fails after its last retry is gone, and nobody
would know the melder never got the ontvangstbevestiging or the invitation. A row keeps the
failure visible (status, attempts, last error) per case, and a periodic task and a human can
retry it. The unique `key` makes queueing idempotent: the same event queued twice (a double
click, a task run twice) yields one row and therefore one mail.
"""

from django.db import models

from .constants import MailStatus


class OutgoingMail(models.Model):
    key = models.CharField(
        "sleutel",
        max_length=200,
        unique=True,
        help_text="Unieke sleutel van de gebeurtenis, bijvoorbeeld 'ontvangstbevestiging:<casus-id>'.",
    )
    to = models.JSONField("aan", default=list)
    subject = models.CharField("onderwerp", max_length=255)
    body = models.TextField("tekst")
    # [{"filename": ..., "mimetype": ..., "content_b64": ...}], for example .ics invitations.
    attachments = models.JSONField("bijlagen", default=list, blank=True)
    status = models.CharField(
        "status", max_length=16, choices=MailStatus.choices, default=MailStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField("pogingen", default=0)
    last_error = models.CharField(
        "laatste fout", max_length=300, blank=True, help_text="Soort fout en korte melding, zonder e-mailadressen."
    )
    case_reference = models.CharField("casusnummer", max_length=32, blank=True, db_index=True)
    # What the mail belongs to beyond one case, e.g. "triagevergadering:<id>", so the chair of a
    # meeting sees every invitation and reminder of it (and which failed) in one list.
    topic = models.CharField("onderwerpgroep", max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    last_attempt_at = models.DateTimeField("laatste poging", null=True, blank=True)
    sent_at = models.DateTimeField("verzonden", null=True, blank=True)

    class Meta:
        verbose_name = "uitgaande e-mail"
        verbose_name_plural = "uitgaande e-mails"
        ordering = ["-created_at", "-id"]
        # What changed since the reports' last refresh (reports.facts._changes_since, issue 16).
        indexes = [models.Index(fields=["created_at"], name="outgoingmail_created")]

    def __str__(self) -> str:
        # The key holds identifiers only (event name and a UUID), never personal data.
        return self.key
