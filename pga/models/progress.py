"""Progress per life domain: a versioned 1-5 self-reliance instrument and the scores over time.

Like the de-escalatiemodel: data, not code, with fixed rules (a score is a level the
instrument defines); a used version is frozen and a new version is made in "Beheer". Scores are
taken at the start, at a casusoverleg and at closing, each with a short reason; the anonymous
start and end scores are what a report can use to show whether the approach helps.
"""

from django.db import models

from intake.constants import LifeDomain
from participants.fields import actor_field

from ..constants import MeasurementMoment
from .dossier import PgaDossier


class SelfRelianceInstrument(models.Model):
    version = models.PositiveIntegerField("versie", unique=True)
    name = models.CharField("naam", max_length=200)
    is_active = models.BooleanField("actief", default=False)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        verbose_name = "zelfredzaamheidsinstrument"
        verbose_name_plural = "zelfredzaamheidsinstrumenten"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_self_reliance_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (versie {self.version})"


class SelfRelianceLevel(models.Model):
    instrument = models.ForeignKey(
        SelfRelianceInstrument, verbose_name="instrument", on_delete=models.CASCADE, related_name="levels"
    )
    score = models.PositiveSmallIntegerField("score")
    label = models.CharField("niveau", max_length=100)
    description = models.TextField("omschrijving", blank=True)

    class Meta:
        verbose_name = "niveau"
        verbose_name_plural = "niveaus"
        ordering = ["instrument", "score"]
        constraints = [models.UniqueConstraint(fields=["instrument", "score"], name="unique_self_reliance_score")]

    def __str__(self) -> str:
        return f"{self.score}: {self.label}"


class Measurement(models.Model):
    dossier = models.ForeignKey(
        PgaDossier, verbose_name="dossier", on_delete=models.CASCADE, related_name="measurements"
    )
    instrument = models.ForeignKey(SelfRelianceInstrument, verbose_name="instrument", on_delete=models.PROTECT)
    moment = models.CharField("moment", max_length=16, choices=MeasurementMoment.choices)
    recorded_by = actor_field("gescoord door")
    recorded_at = models.DateTimeField("gescoord op", auto_now_add=True)

    class Meta:
        verbose_name = "meting zelfredzaamheid"
        verbose_name_plural = "metingen zelfredzaamheid"
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_moment_display()} ({self.recorded_at:%Y-%m-%d})"


class DomainScore(models.Model):
    measurement = models.ForeignKey(Measurement, verbose_name="meting", on_delete=models.CASCADE, related_name="scores")
    life_domain = models.CharField("leefgebied", max_length=32, choices=LifeDomain.choices)
    score = models.PositiveSmallIntegerField("score")
    reason = models.CharField("korte onderbouwing", max_length=300)

    class Meta:
        verbose_name = "score per leefgebied"
        verbose_name_plural = "scores per leefgebied"
        constraints = [
            models.UniqueConstraint(fields=["measurement", "life_domain"], name="one_score_per_life_domain"),
        ]

    def __str__(self) -> str:
        return f"{self.get_life_domain_display()}: {self.score}"
