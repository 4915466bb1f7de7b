"""What the Integrale Triage decided per agenda item (process step 5, docs/architecture.md).

One ``TriageDecision`` per discussed (or not discussed) agenda item:

* **geen PGA**: ``advice`` is the text for the melder (other support, next steps); it is written
  to be sent, so it is shown to the melder in the app after the meeting. ``motivation`` is the
  triage's own reasoning and stays with the ZVH.
* **PGA**: ``procesregisseur`` runs the persoonsgerichte aanpak; the ``CasusoverlegInvitee`` rows
  are the organisations invited to the first casusoverleg. Fixed partners need no ground; an
  incidental one always has its recorded ground (expertise, or a role from its legal or public
  task) and an explanation.
* **niet besproken**: the melder was absent or the meeting ran out of time; the case moves to
  the next meeting (the agenda item becomes ``doorgeschoven``).

``melder_informed_at`` records that the outcome went to the melder (in the app and by mail),
which happens when the chair closes the meeting, once per decision.
"""

from django.conf import settings
from django.db import models

from participants.fields import actor_field
from participants.models import Organisation

from ..constants import DecisionOutcome, IncidentalGround, NotDiscussedReason
from .meetings import AgendaItem


class TriageDecision(models.Model):
    item = models.OneToOneField(
        AgendaItem, verbose_name="agendapunt", on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField("besluit", max_length=16, choices=DecisionOutcome.choices)
    not_discussed_reason = models.CharField(
        "reden niet besproken", max_length=16, choices=NotDiscussedReason.choices, blank=True
    )
    advice = models.TextField("advies aan de melder", blank=True)
    motivation = models.TextField("motivering van de triage", blank=True)
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="procesregisseur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = actor_field("vastgelegd door")
    decided_at = models.DateTimeField("vastgelegd op", auto_now_add=True)
    melder_informed_at = models.DateTimeField("uitkomst aan melder op", null=True, blank=True)

    class Meta:
        verbose_name = "triagebesluit"
        verbose_name_plural = "triagebesluiten"
        ordering = ["decided_at", "id"]
        # What changed since the reports' last refresh (reports.facts._changes_since, issue 16).
        indexes = [models.Index(fields=["decided_at"], name="triagedecision_decided")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome=DecisionOutcome.PGA) | models.Q(procesregisseur__isnull=False),
                name="pga_decision_has_procesregisseur",
                violation_error_message="Bij een PGA-besluit hoort een procesregisseur.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.item})"


class CasusoverlegInvitee(models.Model):
    """An organisation invited to the first casusoverleg of a PGA; incidental ones carry their ground."""

    decision = models.ForeignKey(
        TriageDecision, verbose_name="triagebesluit", on_delete=models.CASCADE, related_name="invitees"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="+"
    )
    is_incidental = models.BooleanField("incidentele deelnemer", default=False)
    ground = models.CharField("grondslag", max_length=32, choices=IncidentalGround.choices, blank=True)
    ground_explanation = models.TextField("toelichting grondslag", blank=True)

    class Meta:
        verbose_name = "deelnemer eerste casusoverleg"
        verbose_name_plural = "deelnemers eerste casusoverleg"
        ordering = ["is_incidental", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "organisation"], name="one_invitation_per_organisation"),
            models.CheckConstraint(
                condition=models.Q(is_incidental=False) | ~models.Q(ground=""),
                name="incidental_invitee_has_ground",
                violation_error_message="Een incidentele deelnemer heeft een vastgelegde grondslag.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)
