"""The retention policy (versioned), extensions of one case's deletion date, and the deletions done."""

from django.core.validators import MaxValueValidator
from django.db import models

from intake.models import Casus
from participants.fields import actor_field

from .constants import PERIOD_FIELDS, EndingKind

# Ten years: no ending needs more; a typo of 600 instead of 60 is refused.
MAX_PERIOD_MONTHS = 120


def _period(label: str, help_text: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MaxValueValidator(MAX_PERIOD_MONTHS)], help_text=help_text
    )


class RetentionPolicy(models.Model):
    """One version of the retention periods, in months per kind of ending.

    Versioned like the criteria sets (``zvh.core.versioning``): the active version decides every
    ended case's deletion date; a version that a deletion or an extension refers to is frozen, a
    change is a new version, and old versions are kept as the history of the policy.
    """

    version = models.PositiveIntegerField("versie", unique=True)
    is_active = models.BooleanField(
        "actief", default=False, help_text="De actieve versie bepaalt de verwijderdatum van elke afgeronde casus."
    )
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    concept_months = _period(
        "concept niet ingediend (maanden)", "Na de laatste wijziging van een concept dat niet is ingediend."
    )
    withdrawn_months = _period("ingetrokken (maanden)", "Na het intrekken door de melder.")
    rejected_months = _period(
        "afgewezen (maanden)",
        "Na het vastleggen dat de melder over de afwijzing is geïnformeerd; 0 is direct daarna.",
    )
    no_pga_months = _period("geen PGA (maanden)", "Na het versturen van het advies van de triage aan de melder.")
    pga_closed_months = _period(
        "PGA afgesloten (maanden)", "Na het afsluiten van het PGA-dossier, of na de monitoring als die er was."
    )
    motivation = models.TextField("onderbouwing", blank=True, help_text="Waarom deze termijnen (grondslag, afspraken).")

    class Meta:
        verbose_name = "bewaarbeleid"
        verbose_name_plural = "bewaarbeleid"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="one_active_retention_policy",
                violation_error_message="Er kan maar één versie van het bewaarbeleid tegelijk actief zijn.",
            )
        ]

    def __str__(self) -> str:
        return f"Bewaarbeleid versie {self.version}"

    def months_for(self, kind: str) -> int:
        return getattr(self, PERIOD_FIELDS[kind])


class RetentionPolicyActivation(models.Model):
    """When a version was put in force, and by whom: the history of the policy in time.

    Its reference to the version also freezes it (``zvh.core.versioning`` counts every reference
    as use): a version that was in force is never edited, so what applied when stays known.
    """

    policy = models.ForeignKey(
        RetentionPolicy, verbose_name="bewaarbeleid", on_delete=models.PROTECT, related_name="activations"
    )
    activated_at = models.DateTimeField("in gebruik genomen op", auto_now_add=True)
    activated_by = actor_field("in gebruik genomen door", optional=True)

    class Meta:
        verbose_name = "ingebruikname bewaarbeleid"
        verbose_name_plural = "ingebruiknames bewaarbeleid"
        ordering = ["-activated_at", "-id"]

    def __str__(self) -> str:
        return f"Versie {self.policy.version} in gebruik sinds {self.activated_at:%Y-%m-%d}"


class RetentionExtension(models.Model):
    """A chair or the procesregisseur kept one case longer: the new date and why.

    The latest extension holds. The reason is typed text and may name a person, so erasure
    deletes these rows with the case.
    """

    casus = models.ForeignKey(
        Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="retention_extensions"
    )
    policy = models.ForeignKey(
        RetentionPolicy, verbose_name="bewaarbeleid", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous_date = models.DateField("vorige verwijderdatum")
    new_date = models.DateField("nieuwe verwijderdatum")
    reason = models.TextField("reden")
    created_by = actor_field("verlengd door")
    created_at = models.DateTimeField("verlengd op", auto_now_add=True)

    class Meta:
        verbose_name = "verlenging bewaartermijn"
        verbose_name_plural = "verlengingen bewaartermijn"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Verlenging tot {self.new_date:%d-%m-%Y}"


class RetentionDeletion(models.Model):
    """The anonymous record that the retention job deleted a case: which ending, which policy, when.

    One per case (the unique casus is the last guard against deleting twice). No personal data.
    ``policy`` is empty when no version was active and the documented defaults applied.
    """

    casus = models.OneToOneField(
        Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="retention_deletion"
    )
    policy = models.ForeignKey(
        RetentionPolicy, verbose_name="bewaarbeleid", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("soort afronding", max_length=16, choices=EndingKind.choices)
    ended_on = models.DateField("afgerond op")
    deletion_date = models.DateField("verwijderdatum")
    deleted_at = models.DateTimeField("verwijderd op", auto_now_add=True)

    class Meta:
        verbose_name = "verwijdering na bewaartermijn"
        verbose_name_plural = "verwijderingen na bewaartermijn"

    def __str__(self) -> str:
        return f"Verwijderd op {self.deleted_at:%Y-%m-%d}"
