from django.db import models

from participants.fields import actor_field

from ..constants import FeedbackKind
from .casus import Casus


class InformationRequestQuerySet(models.QuerySet):
    def open(self):
        """Questions the melder should still answer: not answered and not withdrawn."""
        return self.filter(answered_at__isnull=True, withdrawn_at__isnull=True)


class InformationRequest(models.Model):
    """A chair's question to the melder (status "aanvulling gevraagd") and the melder's answer.

    A rejection while a question is open withdraws it (`withdrawn_at`): the melder is no longer
    asked to answer a case that is being deleted (docs/decisions.md, "Two chairs at once").
    """

    casus = models.ForeignKey(
        Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="information_requests"
    )
    question = models.TextField("vraag")
    asked_by = actor_field("gevraagd door")
    asked_at = models.DateTimeField("gevraagd op", auto_now_add=True)
    answer = models.TextField("antwoord", blank=True)
    answered_by = actor_field("beantwoord door", optional=True)
    answered_at = models.DateTimeField("beantwoord op", null=True, blank=True)
    withdrawn_at = models.DateTimeField("vervallen op", null=True, blank=True)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "vraag om aanvulling"
        verbose_name_plural = "vragen om aanvulling"
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return f"Vraag {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.withdrawn_at is None


class Feedback(models.Model):
    """A message from the ZVH to the melder: rejection reason, triage outcome, advice."""

    casus = models.ForeignKey(Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField("soort", max_length=20, choices=FeedbackKind.choices)
    message = models.TextField("bericht")
    created_by = actor_field("door", optional=True)
    created_at = models.DateTimeField("op", auto_now_add=True)

    class Meta:
        verbose_name = "terugkoppeling"
        verbose_name_plural = "terugkoppelingen"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"
