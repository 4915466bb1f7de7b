"""The audit log: append-only and tamper-evident (a SHA-256 hash chain).

Why hand-written: the log must record reads and searches (not only model changes), name the
natural person and the organisation they act for, hold no personal data of betrokkenen, and
make tampering visible. django-auditlog records model diffs (which would copy personal data
into the log) and has no hash chain, so it does not fit.
"""

import hashlib
import json

from django.conf import settings
from django.db import models

from .constants import AuditAction

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Het auditlog kan niet worden gewijzigd.")

    def delete(self):
        raise AppendOnlyError("Het auditlog kan niet worden verwijderd.")


class AuditEvent(models.Model):
    """One entry: who (person and organisation), did what, to which object and case, when."""

    at = models.DateTimeField("tijdstip", db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Snapshots: the log must still say who acted after a user or organisation is renamed.
    username = models.CharField("gebruikersnaam", max_length=150)
    organisation = models.CharField("namens organisatie", max_length=200, blank=True)
    action = models.CharField("actie", max_length=20, choices=AuditAction.choices)
    object_type = models.CharField("soort object", max_length=100, blank=True)
    object_id = models.CharField("object-id", max_length=64, blank=True, db_index=True)
    case_reference = models.CharField("casusnummer", max_length=32, blank=True, db_index=True)
    detail = models.JSONField("details", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"
        ordering = ["-id"]
        permissions = [("read_auditlog", "Mag het auditlog lezen")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    def compute_hash(self) -> str:
        payload = json.dumps(
            [
                self.prev_hash,
                self.at.isoformat(),
                self.user_id,
                self.username,
                self.organisation,
                self.action,
                self.object_type,
                self.object_id,
                self.case_reference,
                self.detail,
            ],
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Het auditlog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Het auditlog kan niet worden verwijderd.")


class AuditChainHead(models.Model):
    """A single row holding the last hash; locking it serialises appends to the chain."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "auditketen"

    def __str__(self) -> str:
        return self.last_hash
