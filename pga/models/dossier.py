"""The PGA dossier: what a procesregisseur runs from the triage's PGA decision to closing and monitoring."""

from django.conf import settings
from django.db import models

from intake.models import Casus
from participants.fields import actor_field

from ..constants import ClosingReason, DossierPhase, EventKind, InformingStatus


class PgaDossier(models.Model):
    """Created when the triage decides PGA; need-to-know access follows `procesregisseur`.

    The dossier *runs* while ``closed_at`` is empty (``pga.selectors.RUNNING``): that one rule
    decides "Mijn dossiers" (running view) and whether the procesregisseur may open the case.
    ``phase`` moves only through ``pga.phases``. ``informing_status``, ``informing_review_date``
    and ``monitoring_date`` repeat the current state of their histories (the informing steps, the
    closures) so the list pages can filter and sort on them in one query.
    """

    casus = models.OneToOneField(Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="pga_dossier")
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="procesregisseur",
        on_delete=models.PROTECT,
        related_name="pga_dossiers",
    )
    phase = models.CharField("fase", max_length=16, choices=DossierPhase.choices, default=DossierPhase.INFORMEREN)
    started_at = models.DateTimeField("gestart op", auto_now_add=True)
    closed_at = models.DateTimeField("afgesloten op", null=True, blank=True)
    first_contact_at = models.DateTimeField("eerste contactmoment met de melder", null=True, blank=True)
    informing_status = models.CharField(
        "informeren betrokkene", max_length=16, choices=InformingStatus.choices, default=InformingStatus.OPEN
    )
    informing_review_date = models.DateField("heroverweging uitstel informeren", null=True, blank=True)
    monitoring_date = models.DateField("monitoringsdatum", null=True, blank=True)

    class Meta:
        verbose_name = "PGA-dossier"
        verbose_name_plural = "PGA-dossiers"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"PGA {self.casus}"

    @property
    def is_running(self) -> bool:
        return self.closed_at is None


class DossierEvent(models.Model):
    """One step on the dossier's timeline: who did what when. Append-only."""

    dossier = models.ForeignKey(PgaDossier, verbose_name="dossier", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("soort", max_length=16, choices=EventKind.choices)
    at = models.DateTimeField("tijdstip", auto_now_add=True)
    by = actor_field("door", optional=True)
    text = models.TextField("omschrijving")
    # The record a step is about, where it has one. Every plan version, contact, escalation and
    # closure has a step pointing at it (``pga.services``, their only writers; migration 0009
    # linked the older rows), so the dossier page reads them with the timeline instead of in a
    # query each (issue 16: at most 12 queries a page).
    plan_version = models.ForeignKey(
        "pga.PlanVersion", verbose_name="planversie", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        "pga.ContactNote", verbose_name="contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    escalation = models.ForeignKey(
        "pga.Escalation", verbose_name="escalatie", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    closure = models.ForeignKey(
        "pga.Closure", verbose_name="afsluiting", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "tijdlijnstap"
        verbose_name_plural = "tijdlijnstappen"
        ordering = ["-at", "-id"]
        # What changed since the reports' last refresh (reports.facts._changes_since, issue 16).
        indexes = [models.Index(fields=["at"], name="dossierevent_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"


class Closure(models.Model):
    """One closing of the dossier (a reopened dossier can be closed again): the history stays."""

    dossier = models.ForeignKey(PgaDossier, verbose_name="dossier", on_delete=models.CASCADE, related_name="closures")
    reason = models.CharField("reden", max_length=32, choices=ClosingReason.choices)
    explanation = models.TextField("toelichting reden", blank=True)
    evaluation = models.TextField("evaluatie")
    monitoring_date = models.DateField("monitoringsdatum", null=True, blank=True)
    closed_by = actor_field("afgesloten door")
    closed_at = models.DateTimeField("afgesloten op")
    monitoring_done_at = models.DateTimeField("monitoring afgerond op", null=True, blank=True)
    monitoring_note = models.TextField("bevinding monitoring", blank=True)
    reopened_at = models.DateTimeField("heropend op", null=True, blank=True)
    reopen_reason = models.TextField("reden heropenen", blank=True)

    class Meta:
        verbose_name = "afsluiting"
        verbose_name_plural = "afsluitingen"
        ordering = ["-closed_at", "-id"]

    def __str__(self) -> str:
        return f"Afsluiting {self.dossier} ({self.closed_at:%Y-%m-%d})"
