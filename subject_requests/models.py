"""A betrokkene's request to the ZVH's privacycontactpunt, what it found, and objections.

The request holds the person's identifying data (names, date of birth, BSN encrypted with its
keyed hash beside it, as on a betrokkene) because the answer is addressed to them and the search
starts from it. Its number (``AVG-00042``) comes from the row id: only the privacycontactpunt
sees requests, so the id reveals nothing to anyone who does not see the list anyway.
"""

from django.db import models

from intake.models import Betrokkene, Casus, bsn_digest
from intake.models.casus import BsnField, validate_bsn
from participants.fields import actor_field

from .constants import AnswerOutcome, IdentityCheck, ObjectionDecision, Requester, RequestKind, RequestStatus


class SubjectRequest(models.Model):
    kind = models.CharField("soort verzoek", max_length=16, choices=RequestKind.choices)
    status = models.CharField(
        "status", max_length=16, choices=RequestStatus.choices, default=RequestStatus.ONTVANGEN, db_index=True
    )
    requester = models.CharField("verzoek gedaan door", max_length=32, choices=Requester.choices)
    representative_name = models.CharField("naam vertegenwoordiger", max_length=200, blank=True)
    identity_check = models.CharField("identiteit gecontroleerd met", max_length=16, choices=IdentityCheck.choices)
    identity_note = models.TextField("toelichting identiteitscontrole")
    received_on = models.DateField("ontvangen op")
    deadline = models.DateField("wettelijke termijn", db_index=True)
    extension_reason = models.TextField("reden verlenging", blank=True)
    extended_at = models.DateTimeField("verlengd op", null=True, blank=True)

    first_names = models.CharField("voornamen", max_length=200, blank=True)
    surname_prefix = models.CharField("tussenvoegsel", max_length=20, blank=True)
    surname = models.CharField("achternaam", max_length=200)
    date_of_birth = models.DateField("geboortedatum", null=True, blank=True)
    bsn = BsnField("BSN", max_length=9, blank=True, null=True, validators=[validate_bsn])
    bsn_hash = models.CharField(max_length=64, blank=True, editable=False)

    registered_by = actor_field("geregistreerd door")
    registered_at = models.DateTimeField("geregistreerd op", auto_now_add=True)
    outcome = models.CharField("uitkomst", max_length=16, choices=AnswerOutcome.choices, blank=True)
    answer_note = models.TextField("toelichting antwoord", blank=True)
    answered_on = models.DateField("beantwoord op", null=True, blank=True)

    class Meta:
        verbose_name = "verzoek van een betrokkene"
        verbose_name_plural = "verzoeken van betrokkenen"
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"AVG-{self.pk:05d}" if self.pk else "AVG-nieuw"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_names, self.surname_prefix, self.surname) if part)

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.ONTVANGEN, RequestStatus.IN_BEHANDELING)

    def save(self, *args, **kwargs):
        validate_bsn(self.bsn)
        self.bsn_hash = bsn_digest(self.bsn) if self.bsn else ""
        super().save(*args, **kwargs)


class RequestMatch(models.Model):
    """A betrokkene row the privacycontactpunt confirmed to be the requesting person.

    The casus stays linked after an erasure (the reference is the record of what was done); the
    betrokkene row is gone then, and ``erased_at`` says this request deleted it.
    """

    request = models.ForeignKey(
        SubjectRequest, verbose_name="verzoek", on_delete=models.CASCADE, related_name="matches"
    )
    casus = models.ForeignKey(
        Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="subject_request_matches"
    )
    betrokkene = models.ForeignKey(
        Betrokkene, verbose_name="betrokkene", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_by = actor_field("gekoppeld door")
    linked_at = models.DateTimeField("gekoppeld op", auto_now_add=True)
    erased_at = models.DateTimeField("verwijderd op verzoek op", null=True, blank=True)

    class Meta:
        verbose_name = "gevonden gegevens"
        verbose_name_plural = "gevonden gegevens"
        ordering = ["casus__reference", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "betrokkene"], name="match_once_per_request")]

    def __str__(self) -> str:
        return f"Koppeling {self.pk}"


class Objection(models.Model):
    """A betrokkene's objection (AVG article 21) recorded on one case, and the ZVH's decision."""

    request = models.ForeignKey(
        SubjectRequest, verbose_name="verzoek", on_delete=models.CASCADE, related_name="objections"
    )
    casus = models.ForeignKey(Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="subject_objections")
    recorded_by = actor_field("vastgelegd door")
    recorded_at = models.DateTimeField("vastgelegd op", auto_now_add=True)
    decision = models.CharField(
        "besluit", max_length=16, choices=ObjectionDecision.choices, default=ObjectionDecision.OPEN
    )
    decision_note = models.TextField("motivering besluit", blank=True)
    decided_by = actor_field("besloten door", optional=True)
    decided_at = models.DateTimeField("besloten op", null=True, blank=True)

    class Meta:
        verbose_name = "bezwaar"
        verbose_name_plural = "bezwaren"
        ordering = ["recorded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "casus"], name="objection_once_per_case")]

    def __str__(self) -> str:
        return f"Bezwaar {self.pk}"
