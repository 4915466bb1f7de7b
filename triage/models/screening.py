"""The chair's screening of a registration against the criteria (process step 3, docs/architecture.md)."""

from django.db import models

from intake.models import Casus, CriteriaSet
from participants.fields import actor_field

from ..constants import RejectionCategory, ScreeningOutcome


class ScreeningDecision(models.Model):
    """One decision on a registration, with the criteria set version it applied.

    A case can be screened more than once (after an aanvulling); the latest decision counts.
    On rejection, `melder_contacted_at` records that the melder was told (the published
    procedure) before the registration is deleted; deletion keeps the row with its category
    and dates for statistics but wipes its texts.
    """

    casus = models.ForeignKey(Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="screenings")
    outcome = models.CharField("besluit", max_length=32, choices=ScreeningOutcome.choices)
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name="toegepaste criteriaset", on_delete=models.PROTECT)
    criteria_judgement = models.JSONField("oordeel per criterium", default=dict, blank=True)
    reason = models.TextField("motivering", blank=True)
    rejection_category = models.CharField(
        "categorie afwijzing", max_length=32, choices=RejectionCategory.choices, blank=True
    )
    advice = models.TextField("advies aan de melder", blank=True)
    decided_by = actor_field("besloten door")
    decided_at = models.DateTimeField("besloten op", auto_now_add=True)
    melder_contacted_at = models.DateTimeField("melder geïnformeerd op", null=True, blank=True)
    melder_contacted_by = actor_field("melder geïnformeerd door", optional=True)
    contact_note = models.TextField("notitie contact met melder", blank=True)

    class Meta:
        verbose_name = "screeningsbesluit"
        verbose_name_plural = "screeningsbesluiten"
        ordering = ["-decided_at", "-id"]
        indexes = [
            # The rejection statistics on the screening queue (one year, per category) read only
            # the rejections of that year from this index, not every screening ever (issue 16).
            models.Index(
                fields=["decided_at", "rejection_category", "casus"],
                condition=models.Q(outcome=ScreeningOutcome.REJECTED),
                name="screening_rejections_by_date",
            ),
            # What changed since the reports' last refresh (reports.facts._changes_since, issue 16).
            models.Index(fields=["decided_at"], name="screening_decided"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.casus})"
