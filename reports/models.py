"""The anonymous facts the reports count (docs/decisions.md, "Reports on anonymous facts").

A fact row holds dates, states, categories, organisations, municipalities and durations of one
case or of one of its steps, never a name, a text or anything typed about a betrokkene. Facts
refer to their case by its UUID without a foreign key: they outlive every later change to the
case, its erasure (which deletes the bekendheidschecks and the PGA dossier) and any later
removal of the row itself. Organisations, municipalities and procesregisseurs are professional
data and are referred to by key (PROTECT: they are never deleted, only set inactive).

``reports.facts`` writes them; nothing else does.
"""

from django.conf import settings
from django.db import models

from participants.models import Municipality, Organisation


class CaseFact(models.Model):
    """One submitted case: its registration, screening, triage, PGA and informing as moments and durations.

    ``frozen`` is set when the case is erased: the facts were taken just before (the erasure's
    registered hook) and are never refreshed again, so the report stays what it was.
    """

    casus_id = models.UUIDField(unique=True)
    submitted_at = models.DateTimeField(db_index=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    organisation_kind = models.CharField(max_length=32)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, related_name="+")
    # None: no pre-check; True/False: the advice the melder got.
    precheck_positive = models.BooleanField(null=True)
    # Indexed, as submitted_at: each lead time of the report ranks the steps that ended in the period
    # and the one before, a range on its moment (without the index, a scan of every case's facts).
    screened_at = models.DateTimeField(null=True, db_index=True)
    triage_decided_at = models.DateTimeField(null=True, db_index=True)
    triage_outcome = models.CharField(max_length=16, blank=True)
    pga_started_at = models.DateTimeField(null=True, db_index=True)
    pga_closed_at = models.DateTimeField(null=True, db_index=True)
    procesregisseur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    informed_at = models.DateTimeField(null=True, db_index=True)
    informing_status = models.CharField(max_length=16, blank=True)
    # The date the informing step in progress is due: the planned date of an agreement, or the
    # review date of a postponement. Overdue is decided against the report's own moment.
    informing_due = models.DateField(null=True)
    to_screening = models.DurationField(null=True)
    to_triage = models.DurationField(null=True)
    to_pga = models.DurationField(null=True)
    pga_duration = models.DurationField(null=True)
    to_informed = models.DurationField(null=True)
    frozen = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Feiten casus {self.casus_id}"


class ScreeningFact(models.Model):
    """One screening decision: when, which outcome, which rejection category."""

    decision_id = models.BigIntegerField(unique=True)
    casus_id = models.UUIDField(db_index=True)
    decided_at = models.DateTimeField(db_index=True)
    outcome = models.CharField(max_length=32)
    rejection_category = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return f"Feiten screeningsbesluit {self.decision_id}"


class AgendaFact(models.Model):
    """One agenda item: the meeting it was at, whether it had a slot, what happened to it."""

    item_id = models.BigIntegerField(unique=True)
    casus_id = models.UUIDField(db_index=True)
    meeting_id = models.BigIntegerField(db_index=True)
    meeting_date = models.DateField(db_index=True)
    had_slot = models.BooleanField()
    status = models.CharField(max_length=16)
    decision_outcome = models.CharField(max_length=16, blank=True)

    def __str__(self) -> str:
        return f"Feiten agendapunt {self.item_id}"


class CheckFact(models.Model):
    """One bekendheidscheck: which partner, when asked and answered, and how many reminders it took."""

    check_id = models.BigIntegerField(unique=True)
    casus_id = models.UUIDField(db_index=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(db_index=True)
    response_time = models.DurationField(null=True)
    reminders = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"Feiten bekendheidscheck {self.check_id}"


class ActionFact(models.Model):
    """One action of a PGA plan: the owner organisation, the due date, and the day it was done."""

    action_id = models.BigIntegerField(unique=True)
    casus_id = models.UUIDField(db_index=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(db_index=True)
    status = models.CharField(max_length=16)
    done_on = models.DateField(null=True)

    def __str__(self) -> str:
        return f"Feiten actie {self.action_id}"


class FactRefresh(models.Model):
    """The one row that says when the facts were last brought up to date (locked while refreshing)."""

    started_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"Feiten bijgewerkt {self.started_at}"
