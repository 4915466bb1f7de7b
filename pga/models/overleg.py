"""The casusoverleg of a PGA dossier: its participating organisations, their contact persons and answers.

Everything here hangs from the dossier (``on_delete=CASCADE``), so erasing a case, which deletes the
dossier as a whole, deletes every casusoverleg with its agenda, minutes and participants too.
"""

from django.conf import settings
from django.db import models

from participants.fields import actor_field
from participants.models import Organisation
from triage.constants import IncidentalGround

from ..constants import OverlegResponse, OverlegStatus
from .dossier import PgaDossier


class Casusoverleg(models.Model):
    """One meeting of the partners about a dossier; ``calendar_sequence`` rises with every sent change."""

    dossier = models.ForeignKey(
        PgaDossier, verbose_name="dossier", on_delete=models.CASCADE, related_name="casusoverleggen"
    )
    number = models.PositiveIntegerField("volgnummer")
    previous = models.ForeignKey(
        "self", verbose_name="vorig overleg", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    date = models.DateField("datum")
    starts_at = models.TimeField("begintijd")
    ends_at = models.TimeField("eindtijd")
    place = models.CharField("plaats", max_length=200, blank=True)
    online_link = models.URLField("link online deelnemen", blank=True)
    agenda = models.TextField("agenda (zonder persoonsgegevens)")
    status = models.CharField("status", max_length=16, choices=OverlegStatus.choices, default=OverlegStatus.GEPLAND)
    calendar_sequence = models.PositiveIntegerField("volgnummer agenda-uitnodiging", default=0)
    invitations_sent_at = models.DateTimeField("uitnodigingen verstuurd op", null=True, blank=True)
    cancelled_at = models.DateTimeField("geannuleerd op", null=True, blank=True)
    held_recorded_at = models.DateTimeField("verslag vastgelegd op", null=True, blank=True)
    created_by = actor_field("gepland door")
    created_at = models.DateTimeField("gepland op", auto_now_add=True)

    class Meta:
        verbose_name = "casusoverleg"
        verbose_name_plural = "casusoverleggen"
        ordering = ["date", "starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="one_casusoverleg_number"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="overleg_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Casusoverleg {self.number} ({self.date:%d-%m-%Y})"


class OverlegParticipant(models.Model):
    """An organisation taking part in one casusoverleg; an incidental one carries its ground."""

    overleg = models.ForeignKey(
        Casusoverleg, verbose_name="casusoverleg", on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.PROTECT, related_name="+"
    )
    is_incidental = models.BooleanField("incidentele deelnemer", default=False)
    ground = models.CharField("grondslag", max_length=32, choices=IncidentalGround.choices, blank=True)
    ground_explanation = models.TextField("toelichting grondslag", blank=True)

    class Meta:
        verbose_name = "deelnemende organisatie"
        verbose_name_plural = "deelnemende organisaties"
        ordering = ["is_incidental", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "organisation"], name="one_participation_per_organisation"),
            models.CheckConstraint(
                condition=models.Q(is_incidental=False) | (~models.Q(ground="") & ~models.Q(ground_explanation="")),
                name="incidental_participant_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class OverlegContact(models.Model):
    """Who attends for a participating organisation: a ketenpartner user, or a name and address for the invitation."""

    participant = models.ForeignKey(
        OverlegParticipant, verbose_name="deelnemer", on_delete=models.CASCADE, related_name="contacts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField("naam", max_length=200, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    response = models.CharField(
        "antwoord", max_length=16, choices=OverlegResponse.choices, default=OverlegResponse.OPEN
    )
    response_reason = models.TextField("reden afwezig", blank=True)
    responded_at = models.DateTimeField("geantwoord op", null=True, blank=True)
    attended = models.BooleanField("aanwezig geweest", null=True, blank=True)

    class Meta:
        verbose_name = "contactpersoon casusoverleg"
        verbose_name_plural = "contactpersonen casusoverleg"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | (~models.Q(name="") & ~models.Q(email="")),
                name="overleg_contact_user_or_name_and_email",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.display_name if self.user_id else self.name

    @property
    def address(self) -> str:
        return self.user.email if self.user_id else self.email


class OverlegMinute(models.Model):
    """The summary of one agenda point of a held casusoverleg (read by the organisations that attended)."""

    overleg = models.ForeignKey(
        Casusoverleg, verbose_name="casusoverleg", on_delete=models.CASCADE, related_name="minutes"
    )
    position = models.PositiveIntegerField("volgorde")
    agenda_point = models.CharField("agendapunt", max_length=300)
    summary = models.TextField("samenvatting")

    class Meta:
        verbose_name = "notulen agendapunt"
        verbose_name_plural = "notulen"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.agenda_point


class OverlegMinutesVersion(models.Model):
    """The minutes as they stood before a correction, with who corrected them, when and why.

    The current minutes are the ``OverlegMinute`` rows; every correction first keeps the text it
    replaces here (version 1 is the text as first recorded), so whoever reads the minutes also sees
    that, and how, they were corrected.
    """

    overleg = models.ForeignKey(
        Casusoverleg, verbose_name="casusoverleg", on_delete=models.CASCADE, related_name="minutes_versions"
    )
    number = models.PositiveIntegerField("versie")
    minutes = models.JSONField("notulen van deze versie")  # [{"agenda_point": ..., "summary": ...}]
    reason = models.TextField("reden van de correctie")
    corrected_by = actor_field("gecorrigeerd door")
    corrected_at = models.DateTimeField("gecorrigeerd op", auto_now_add=True)

    class Meta:
        verbose_name = "eerdere versie notulen"
        verbose_name_plural = "eerdere versies notulen"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "number"], name="one_minutes_version_number"),
        ]

    def __str__(self) -> str:
        return f"Notulen versie {self.number}"
