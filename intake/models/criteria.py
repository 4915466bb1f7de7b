"""Criteria sets are versioned data, not code (docs/decisions.md, criteria sets).

A set is read as a conjunction of groups: every group must hold, and a group holds when at
least one of its criteria holds. The Landelijk Kader "1 and 2 and (3 or 4)" is then the
groups A={1}, B={2}, C={3, 4}. Broader WGS criteria can be published as a new version
without a code change; every pre-check and screening records the version it applied.
"""

from collections.abc import Mapping

from django.db import models


class CriteriaSet(models.Model):
    version = models.PositiveIntegerField("versie", unique=True)
    name = models.CharField("naam", max_length=200)
    description = models.TextField("toelichting", blank=True)
    is_active = models.BooleanField(
        "actief",
        default=False,
        help_text="De actieve set wordt gebruikt in de voortoets, het aanmeldformulier en de screening.",
    )
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        verbose_name = "criteriaset"
        verbose_name_plural = "criteriasets"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="one_active_criteria_set",
                violation_error_message="Er kan maar één criteriaset tegelijk actief zijn.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (versie {self.version})"

    def is_met(self, answers: Mapping[int, bool]) -> bool:
        """Whether the answers (criterion id -> yes/no) satisfy every group of the set."""
        groups: dict[str, bool] = {}
        for criterion in self.criteria.all():
            groups[criterion.group] = groups.get(criterion.group, False) or bool(answers.get(criterion.pk))
        return bool(groups) and all(groups.values())


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="criteriaset", on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField("nummer")
    text = models.TextField("criterium")
    question = models.CharField(
        "vraag aan de melder", max_length=300, help_text="Zo verschijnt het criterium in de voortoets."
    )
    explanation = models.TextField("toelichting", blank=True)
    group = models.CharField(
        "groep",
        max_length=1,
        help_text="Alle groepen moeten kloppen; binnen een groep is één criterium genoeg.",
    )

    class Meta:
        verbose_name = "criterium"
        verbose_name_plural = "criteria"
        ordering = ["criteria_set", "number"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "number"], name="unique_criterion_number")]

    def __str__(self) -> str:
        return f"Criterium {self.number}"
