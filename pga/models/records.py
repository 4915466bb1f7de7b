"""Contact notes and escalations of a dossier."""

from django.db import models

from participants.fields import actor_field

from ..constants import ContactMethod
from .dossier import PgaDossier
from .plan import Action


class ContactNote(models.Model):
    dossier = models.ForeignKey(PgaDossier, verbose_name="dossier", on_delete=models.CASCADE, related_name="contacts")
    contact_on = models.DateField("datum contact")
    with_whom = models.CharField("met wie", max_length=200)
    method = models.CharField("hoe", max_length=16, choices=ContactMethod.choices)
    summary = models.TextField("samenvatting")
    recorded_by = actor_field("vastgelegd door")
    recorded_at = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "contactnotitie"
        verbose_name_plural = "contactnotities"
        ordering = ["-contact_on", "-id"]

    def __str__(self) -> str:
        return f"Contact {self.contact_on:%Y-%m-%d}"


class Escalation(models.Model):
    """A partner does not deliver: to whom the procesregisseur escalated, why, and the answer."""

    dossier = models.ForeignKey(
        PgaDossier, verbose_name="dossier", on_delete=models.CASCADE, related_name="escalations"
    )
    action = models.ForeignKey(
        Action, verbose_name="actie", on_delete=models.SET_NULL, null=True, blank=True, related_name="escalations"
    )
    to_whom = models.CharField("aan wie", max_length=200)
    reason = models.TextField("waarom")
    raised_by = actor_field("geëscaleerd door")
    raised_at = models.DateTimeField("geëscaleerd op", auto_now_add=True)
    answer = models.TextField("antwoord", blank=True)
    answered_at = models.DateTimeField("antwoord vastgelegd op", null=True, blank=True)

    class Meta:
        verbose_name = "escalatie"
        verbose_name_plural = "escalaties"
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"Escalatie {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
