"""The de-escalatiemodel: a configurable, transparent weighing (never a learning model).

A functional admin defines a model version with dimensions and levels; the chair scores each
dimension with a motivation. The suggested conclusion follows a documented rule on the scores
(`triage.weighing.suggest_conclusion`), so anyone can see why it says what it says.
"""

from django.db import models

from intake.models import Casus
from participants.fields import actor_field


class WeighingModel(models.Model):
    version = models.PositiveIntegerField("versie", unique=True)
    name = models.CharField("naam", max_length=200)
    is_active = models.BooleanField("actief", default=False)
    pga_threshold = models.PositiveSmallIntegerField(
        "drempel totaalscore",
        help_text="Vanaf deze totaalscore luidt de voorgestelde conclusie: bespreken voor een PGA.",
    )
    max_level_escalates = models.BooleanField(
        "hoogste niveau op één dimensie is genoeg",
        default=True,
        help_text="Eén dimensie op het hoogste niveau leidt altijd tot het voorstel: bespreken voor een PGA.",
    )
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        verbose_name = "de-escalatiemodel"
        verbose_name_plural = "de-escalatiemodellen"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_weighing_model"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (versie {self.version})"


class Dimension(models.Model):
    model = models.ForeignKey(WeighingModel, verbose_name="model", on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField("dimensie", max_length=200)
    description = models.TextField("toelichting", blank=True)
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "dimensie"
        verbose_name_plural = "dimensies"
        ordering = ["model", "order", "id"]

    def __str__(self) -> str:
        return self.name


class DimensionLevel(models.Model):
    dimension = models.ForeignKey(Dimension, verbose_name="dimensie", on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField("score")
    label = models.CharField("niveau", max_length=100)
    description = models.TextField("omschrijving", blank=True)

    class Meta:
        verbose_name = "niveau"
        verbose_name_plural = "niveaus"
        ordering = ["dimension", "score"]
        constraints = [models.UniqueConstraint(fields=["dimension", "score"], name="unique_level_score")]

    def __str__(self) -> str:
        return f"{self.score}: {self.label}"


class Weighing(models.Model):
    casus = models.ForeignKey(Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="weighings")
    model = models.ForeignKey(WeighingModel, verbose_name="model", on_delete=models.PROTECT)
    scored_by = actor_field("gewogen door")
    scored_at = models.DateTimeField("gewogen op", auto_now=True)

    class Meta:
        verbose_name = "weging"
        verbose_name_plural = "wegingen"
        constraints = [models.UniqueConstraint(fields=["casus", "model"], name="one_weighing_per_model")]

    def __str__(self) -> str:
        return f"Weging {self.casus}"


class DimensionScore(models.Model):
    weighing = models.ForeignKey(Weighing, verbose_name="weging", on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey(Dimension, verbose_name="dimensie", on_delete=models.PROTECT)
    level = models.ForeignKey(DimensionLevel, verbose_name="niveau", on_delete=models.PROTECT)
    motivation = models.TextField("motivering")

    class Meta:
        verbose_name = "score"
        verbose_name_plural = "scores"
        constraints = [models.UniqueConstraint(fields=["weighing", "dimension"], name="one_score_per_dimension")]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.level}"
