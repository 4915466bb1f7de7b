"""The plan of approach: goals per life domain and actions per owner organisation, versioned.

Every change to a goal or an action writes a ``PlanVersion``: a snapshot of the whole plan as
it stood after that change (JSON, so later changes to the rows do not alter it). "Vaststellen"
marks a version as the plan agreed at that moment; any version can be shown again.
"""

from django.db import models

from intake.constants import LifeDomain
from participants.fields import actor_field
from participants.models import Organisation

from ..constants import ActionStatus, GoalStatus
from .dossier import PgaDossier


class Goal(models.Model):
    dossier = models.ForeignKey(PgaDossier, verbose_name="dossier", on_delete=models.CASCADE, related_name="goals")
    life_domain = models.CharField("leefgebied", max_length=32, choices=LifeDomain.choices)
    description = models.TextField("doel")
    status = models.CharField("status", max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "doel"
        verbose_name_plural = "doelen"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_life_domain_display()}: doel {self.pk}"


class Action(models.Model):
    """What a partner does, owned by an organisation; its partners report back (``action_report``)."""

    dossier = models.ForeignKey(PgaDossier, verbose_name="dossier", on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        Goal, verbose_name="doel", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.TextField("wat")
    owner_organisation = models.ForeignKey(
        Organisation, verbose_name="eigenaar (organisatie)", on_delete=models.PROTECT, related_name="+"
    )
    contact_person = models.CharField("contactpersoon", max_length=200, blank=True)
    due_date = models.DateField("uiterlijk op")
    status = models.CharField("status", max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    status_note = models.TextField("toelichting status", blank=True)
    overleg = models.ForeignKey(
        "pga.Casusoverleg",
        verbose_name="afgesproken in casusoverleg",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    reported_at = models.DateTimeField("teruggemeld door de partner op", null=True, blank=True)
    created_by = actor_field("aangemaakt door")
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)

    class Meta:
        verbose_name = "actie"
        verbose_name_plural = "acties"
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"Actie {self.pk}"


class PlanVersion(models.Model):
    dossier = models.ForeignKey(
        PgaDossier, verbose_name="dossier", on_delete=models.CASCADE, related_name="plan_versions"
    )
    number = models.PositiveIntegerField("versie")
    change = models.CharField("wijziging", max_length=300)
    agreed = models.BooleanField("vastgesteld", default=False)
    snapshot = models.JSONField("plan op dit moment")
    created_by = actor_field("door")
    created_at = models.DateTimeField("op", auto_now_add=True)

    class Meta:
        verbose_name = "versie plan van aanpak"
        verbose_name_plural = "versies plan van aanpak"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="one_plan_version_number")]

    def __str__(self) -> str:
        return f"Plan versie {self.number}"
