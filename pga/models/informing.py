"""Informing the betrokkene (WGS): the agreement with the melder, then informed or postponed."""

from django.db import models

from participants.fields import actor_field
from participants.models import Organisation

from ..constants import InformingKind, InformingMethod, PostponementGround, WhoInforms
from .dossier import PgaDossier


class InformingStep(models.Model):
    """One step, never changed afterwards; the dossier's current state is its latest step.

    afspraak: who informs (and which partner), how, planned date.
    geïnformeerd: the date, by whom, how.
    uitgesteld: the ground (with an explanation for "anders") and the review date.
    """

    dossier = models.ForeignKey(
        PgaDossier, verbose_name="dossier", on_delete=models.CASCADE, related_name="informing_steps"
    )
    kind = models.CharField("soort", max_length=16, choices=InformingKind.choices)
    who_informs = models.CharField("wie informeert", max_length=16, choices=WhoInforms.choices, blank=True)
    partner_organisation = models.ForeignKey(
        Organisation,
        verbose_name="partnerorganisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    method = models.CharField("hoe", max_length=16, choices=InformingMethod.choices, blank=True)
    planned_date = models.DateField("geplande datum", null=True, blank=True)
    informed_on = models.DateField("geïnformeerd op", null=True, blank=True)
    ground = models.CharField("grond voor uitstel", max_length=16, choices=PostponementGround.choices, blank=True)
    explanation = models.TextField("toelichting", blank=True)
    review_date = models.DateField("heroverwegen op", null=True, blank=True)
    recorded_by = actor_field("vastgelegd door")
    recorded_at = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "stap informeren betrokkene"
        verbose_name_plural = "stappen informeren betrokkene"
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=InformingKind.UITGESTELD)
                | (~models.Q(ground="") & models.Q(review_date__isnull=False)),
                name="postponement_has_ground_and_review_date",
                violation_error_message="Uitstel heeft een grond en een datum van heroverweging.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.recorded_at:%Y-%m-%d})"
