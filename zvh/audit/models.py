"""The audit log: append-only and tamper-evident (keyed hash chains, docs/audit.md).

Why hand-written: the log must record reads and searches (not only model changes), name the
natural person and the organisation they act for, hold no personal data of betrokkenen, and
make tampering visible. django-auditlog records model diffs (which would copy personal data
into the log) and has no hash chain, so it does not fit.
"""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper

from .constants import AuditAction
from .signing import entry_mac

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Het auditlog kan niet worden gewijzigd.")

    def delete(self):
        raise AppendOnlyError("Het auditlog kan niet worden verwijderd.")


class AuditEvent(models.Model):
    """One entry: who (person and organisation), did what, to which object and case, when.

    Each entry is link `seq` of chain `chain`: it names the MAC of the link before it
    (`prev_hash`) and carries its own (`hash`, an HMAC-SHA256 under key `key_id` over every
    other column), so a changed, removed or inserted row breaks its chain.
    """

    at = models.DateTimeField("tijdstip")
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
    chain = models.PositiveSmallIntegerField("keten")
    seq = models.PositiveBigIntegerField("volgnummer")
    prev_hash = models.CharField(max_length=64)
    key_id = models.CharField("sleutel", max_length=32)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"
        ordering = ["-id"]
        permissions = [("read_auditlog", "Mag het auditlog lezen")]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_chain_seq_unique")]
        # The log view reads newest first by (at, id) and pages by that key (views.py); each filter
        # has an index ending in it, so a page is a short index scan whatever the date range
        # (a date filter deep in history by id order read most of a filter's rows: 860 ms at 10
        # million rows). The name filters compare case-insensitively (UPPER on PostgreSQL), so
        # the index does too.
        indexes = [
            models.Index(F("at"), F("id"), name="audit_event_at_id"),
            models.Index(Upper("username"), F("at"), F("id"), name="audit_event_username_at"),
            models.Index(Upper("case_reference"), F("at"), F("id"), name="audit_event_reference_at"),
            models.Index(F("action"), F("at"), F("id"), name="audit_event_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    def compute_hash(self) -> str:
        """The MAC this entry should carry; raises UnknownKeyError for a key id not configured."""
        return entry_mac(self, self.key_id)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Het auditlog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Het auditlog kan niet worden verwijderd.")


class AuditChainHead(models.Model):
    """The last link of one chain. An append locks one free head, so writers do not queue.

    These rows may be updated (every append does); they are never deleted. The entries are
    the record: a head only says where its chain ends, and signed checkpoints outside the
    database catch a head that is moved back together with the tail it names.
    """

    chain = models.PositiveSmallIntegerField("keten", primary_key=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "auditketen"
        verbose_name_plural = "auditketens"

    def __str__(self) -> str:
        return f"keten {self.chain} tot regel {self.last_seq}"
