"""The persoonsgerichte aanpak (PGA): the dossier a procesregisseur runs after the triage."""

from django.conf import settings
from django.db import models

from intake.models import Casus


class PgaDossier(models.Model):
    """Created when the triage decides PGA; need-to-know access follows `procesregisseur`."""

    casus = models.OneToOneField(Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="pga_dossier")
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="procesregisseur",
        on_delete=models.PROTECT,
        related_name="pga_dossiers",
    )
    started_at = models.DateTimeField("gestart op", auto_now_add=True)
    closed_at = models.DateTimeField("afgesloten op", null=True, blank=True)

    class Meta:
        verbose_name = "PGA-dossier"
        verbose_name_plural = "PGA-dossiers"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"PGA {self.casus}"
