"""The bekendheidscheck at the partners (process step 4, docs/architecture.md).

First only "is this person known to you?"; only where the answer is "bekend" does the chair
ask for the relevant information, which the partner adds within its own purpose.
"""

from django.db import models

from intake.models import Casus
from participants.fields import actor_field
from participants.models import Organisation

from ..constants import CheckAnswer, IncidentalGround


class Bekendheidscheck(models.Model):
    casus = models.ForeignKey(Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="bekendheidschecks")
    organisation = models.ForeignKey(
        Organisation, verbose_name="partner", on_delete=models.PROTECT, related_name="bekendheidschecks"
    )
    # Incidental partners (a housing corporation, say) need a recorded ground.
    is_incidental = models.BooleanField("incidentele partner", default=False)
    ground = models.CharField("grondslag", max_length=32, choices=IncidentalGround.choices, blank=True)
    ground_explanation = models.TextField("toelichting grondslag", blank=True)
    requested_by = actor_field("gevraagd door")
    requested_at = models.DateTimeField("gevraagd op", auto_now_add=True)
    due_at = models.DateTimeField("antwoord uiterlijk")

    answer = models.CharField("antwoord", max_length=16, choices=CheckAnswer.choices, default=CheckAnswer.OPEN)
    answered_by = actor_field("beantwoord door", optional=True)
    answered_at = models.DateTimeField("beantwoord op", null=True, blank=True)

    info_question = models.TextField("gevraagde informatie", blank=True)
    info_requested_at = models.DateTimeField("informatie gevraagd op", null=True, blank=True)
    info_due_at = models.DateTimeField("informatie uiterlijk", null=True, blank=True)
    info_text = models.TextField("informatie van de partner", blank=True)
    info_contact = models.CharField("contactpersoon bij de partner", max_length=200, blank=True)
    info_provided_by = actor_field("informatie gegeven door", optional=True)
    info_provided_at = models.DateTimeField("informatie gegeven op", null=True, blank=True)

    class Meta:
        verbose_name = "bekendheidscheck"
        verbose_name_plural = "bekendheidschecks"
        ordering = ["due_at", "id"]
        # What changed since the reports' last refresh (reports.facts._changes_since, issue 16).
        indexes = [
            models.Index(fields=[moment], name=f"check_{moment}")
            for moment in ("requested_at", "answered_at", "info_requested_at", "info_provided_at")
        ]
        constraints = [
            models.UniqueConstraint(fields=["casus", "organisation"], name="one_check_per_partner_per_case")
        ]

    def __str__(self) -> str:
        return f"Bekendheidscheck {self.pk}"
