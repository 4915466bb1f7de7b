from django.conf import settings
from django.db import models

from participants.models import Municipality

from .casus import Casus
from .criteria import CriteriaSet


class PreCheck(models.Model):
    """The melder's "Hoort mijn casus thuis in het ZVH?" answers and the advice they got.

    It is advice, not a gate: the melder may register anyway, and the chair sees the answers
    during screening. Answers are stored per criterion id of the version that was shown.
    """

    casus = models.OneToOneField(
        Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="precheck", null=True, blank=True
    )
    melder = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="melder", on_delete=models.PROTECT)
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name="criteriaset", on_delete=models.PROTECT)
    answers = models.JSONField("antwoorden per criterium", default=dict)
    municipality = models.ForeignKey(
        Municipality, verbose_name="woongemeente betrokkene", on_delete=models.PROTECT, null=True, blank=True
    )
    organisation_may_register = models.BooleanField("organisatie mag aanmelden")
    advice_positive = models.BooleanField("advies: aanmelden")
    reasons = models.JSONField("redenen bij negatief advies", default=list, blank=True)
    created_at = models.DateTimeField("ingevuld op", auto_now_add=True)

    class Meta:
        verbose_name = "voortoets"
        verbose_name_plural = "voortoetsen"

    def __str__(self) -> str:
        return f"Voortoets {self.pk}"
