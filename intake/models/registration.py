import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from participants.fields import actor_field

from .casus import Casus


def private_storage() -> FileSystemStorage:
    """Attachments live under MEDIA_ROOT/private, which no URL serves (see settings)."""
    return FileSystemStorage(location=os.path.join(str(settings.MEDIA_ROOT), "private"))


def attachment_path(instance: "Attachment", filename: str) -> str:
    # A random name: the original file name may contain personal data and stays in the row.
    return f"attachments/{instance.casus_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    casus = models.ForeignKey(Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("bestand", upload_to=attachment_path, storage=private_storage, max_length=200)
    original_name = models.CharField("bestandsnaam", max_length=255)
    content_type = models.CharField("soort bestand", max_length=100)
    size = models.PositiveIntegerField("grootte (bytes)")
    uploaded_by = actor_field("toegevoegd door")
    uploaded_at = models.DateTimeField("toegevoegd op", auto_now_add=True)

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"Bijlage {self.pk}"


class InvolvedOrganisation(models.Model):
    """Another organisation already involved with the betrokkene(n), with a contact person."""

    casus = models.ForeignKey(
        Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="involved_organisations"
    )
    organisation_name = models.CharField("organisatie", max_length=200)
    contact_name = models.CharField("contactpersoon", max_length=200, blank=True)
    contact_details = models.CharField("telefoon of e-mail", max_length=200, blank=True)
    involvement = models.CharField("betrokkenheid", max_length=500, blank=True)
    # Made by the form page for each new row: a second save of the same row (a double submit,
    # an autosave still in flight) finds it by this key instead of storing the person twice.
    row_key = models.UUIDField("rijsleutel", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "betrokken organisatie"
        verbose_name_plural = "betrokken organisaties"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["casus", "row_key"], name="involved_organisation_row_once")]

    def __str__(self) -> str:
        # Not the typed name: it can be a person ("huisarts dr. ..."), and __str__ reaches logs.
        return f"Betrokken organisatie {self.pk}"
