"""The casus, its betrokkenen, its status history and the reference-number counter."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from stdnum.nl import bsn as stdnum_bsn

from participants.fields import actor_field
from participants.models import Municipality, Organisation
from zvh.fields import StrictEncryptedCharField

from ..constants import CasusStatus, InformedStatus, Urgency


class Casus(models.Model):
    """A registration about one or more betrokkenen, from concept until deletion.

    The primary key is a UUID so that URLs reveal neither how many cases exist nor which
    number a case has. `reference` is the human number (ZVH-2026-00042), given on submission.
    `status` only changes through `intake.services.casus_transition`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField("casusnummer", max_length=32, unique=True, null=True, blank=True)
    status = models.CharField(
        "status", max_length=32, choices=CasusStatus.choices, default=CasusStatus.CONCEPT, db_index=True
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="aanmeldende organisatie", on_delete=models.PROTECT, related_name="cases"
    )
    melder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="melder",
        on_delete=models.PROTECT,
        related_name="registered_cases",
    )
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)
    submitted_at = models.DateTimeField("aangemeld op", null=True, blank=True)
    target_triage_date = models.DateField("beoogde triagedatum", null=True, blank=True, db_index=True)

    # The registration itself (issue: aanmelding). Blank until the melder fills it in: a
    # concept may be incomplete; submission checks completeness.
    criteria_set = models.ForeignKey(
        "intake.CriteriaSet",
        verbose_name="criteriaset",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    aanleiding = models.TextField("aanleiding", blank=True)
    concerns = models.TextField("zorgen", blank=True)
    life_domains = models.JSONField("problemen per leefgebied", default=dict, blank=True)
    safety_risks = models.TextField("veiligheidsrisico's", blank=True)
    tried_before = models.TextField("wat is al geprobeerd en door wie", blank=True)
    criteria_motivation = models.JSONField("motivering per criterium", default=dict, blank=True)
    urgency = models.CharField("urgentie", max_length=16, choices=Urgency.choices, default=Urgency.NORMAAL)
    urgency_reason = models.TextField("toelichting urgentie", blank=True)
    informed = models.CharField(
        "betrokkene geïnformeerd", max_length=32, choices=InformedStatus.choices, blank=True
    )
    informed_explanation = models.TextField("toelichting informeren", blank=True)
    wgs_declared_at = models.DateTimeField("verklaring melder (WGS) afgegeven op", null=True, blank=True)

    class Meta:
        verbose_name = "casus"
        verbose_name_plural = "casussen"
        ordering = ["-created_at"]
        indexes = [
            # "Mijn aanmeldingen": an organisation's cases, newest first (issue 16). Status and melder
            # (what the visibility rule reads) in the index too: the page's count of an organisation's
            # thousands of cases is then an index-only scan instead of a heap read of each.
            models.Index(fields=["organisation", "-created_at", "status", "melder"], name="casus_organisation_listed"),
            # The screening queue: the waiting states, in the order the chairs work through them.
            models.Index(fields=["status", "target_triage_date", "submitted_at"], name="casus_status_target"),
            # What changed since the reports' last refresh (reports.facts._changes_since, issue 16).
            models.Index(fields=["updated_at"], name="casus_updated"),
        ]

    #: The free texts and JSON of a registration (about 1.5 KB a row), which no list shows:
    #: list pages defer them, so a page (and its sort) reads only the short columns (issue 16).
    LIST_DEFERRED = (
        "aanleiding",
        "concerns",
        "life_domains",
        "safety_risks",
        "tried_before",
        "criteria_motivation",
        "urgency_reason",
        "informed_explanation",
    )

    def __str__(self) -> str:
        # Never personal data: this string ends up in admin messages and logs.
        return self.reference or f"Concept {str(self.id)[:8]}"

    @property
    def status_label(self) -> str:
        return CasusStatus(self.status).label


def validate_bsn(value: str | None) -> None:
    """Nine digits that pass the elfproef (python-stdnum), or nothing.

    On the field (Beheer and every model form) and again in ``Betrokkene.save``, so no path that
    stores a betrokkene (the registration service, the demo, a later import or API) can keep an
    invalid BSN.
    """
    if value and not (len(value) == 9 and stdnum_bsn.is_valid(value)):
        raise ValidationError("Dit BSN klopt niet: 9 cijfers die voldoen aan de elfproef.", code="bsn")


class BsnField(StrictEncryptedCharField):
    """The encrypted BSN (a value no key opens is an error), validated without breaking decryption.

    The library's ``clean`` sets an "already decrypted" flag on the field (shared by every
    instance) and removes it only when validation passes; a refused BSN would leave it set and
    the process would stop decrypting BSNs. ``finally`` removes it either way.
    """

    def clean(self, value, model_instance):
        try:
            return super().clean(value, model_instance)
        finally:
            self.__dict__.pop("_already_decrypted", None)


def bsn_digest(bsn: str) -> str:
    """Keyed hash of a BSN: lets us find a person by BSN without decrypting every row."""
    return salted_hmac("zvh.intake.bsn", bsn, secret=settings.BSN_HASH_KEY, algorithm="sha256").hexdigest()


class Betrokkene(models.Model):
    """A person the casus is about. Personal data: read and changed only through services."""

    casus = models.ForeignKey(Casus, verbose_name="casus", on_delete=models.CASCADE, related_name="betrokkenen")
    first_names = models.CharField("voornamen", max_length=200)
    surname_prefix = models.CharField("tussenvoegsel", max_length=20, blank=True)
    surname = models.CharField("achternaam", max_length=200)
    date_of_birth = models.DateField("geboortedatum", null=True, blank=True)
    bsn = BsnField("BSN", max_length=9, blank=True, null=True, validators=[validate_bsn])
    bsn_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    relation = models.CharField(
        "rol in de casus", max_length=100, blank=True, help_text="Bijvoorbeeld: hoofdbetrokkene, partner, kind."
    )
    street_address = models.CharField("adres", max_length=200, blank=True)
    postal_code = models.CharField("postcode", max_length=7, blank=True)
    city = models.CharField("woonplaats", max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name="gemeente", on_delete=models.PROTECT, null=True, blank=True
    )
    # Made by the form page for each new row: a second save of the same row (a double submit,
    # an autosave still in flight) finds it by this key instead of storing the person twice.
    row_key = models.UUIDField("rijsleutel", null=True, blank=True, editable=False)

    #: What a list shows of a betrokkene: the name and the date of birth. Lists read only these
    #: (``intake.selectors.betrokkenen_for_lists``), never the BSN, which is decrypted for every
    #: value read, nor the address (issue 16: load only what is shown).
    LIST_FIELDS = ("id", "casus_id", "first_names", "surname_prefix", "surname", "date_of_birth")

    class Meta:
        verbose_name = "betrokkene"
        verbose_name_plural = "betrokkenen"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["casus", "row_key"], name="betrokkene_row_once")]

    def __str__(self) -> str:
        return f"Betrokkene {self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_names, self.surname_prefix, self.surname) if part)

    def save(self, *args, **kwargs):
        validate_bsn(self.bsn)
        self.bsn_hash = bsn_digest(self.bsn) if self.bsn else ""
        super().save(*args, **kwargs)


class StatusChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("De statusgeschiedenis kan alleen worden aangevuld.")

    def erase_reasons(self) -> int:
        """Blank the free-text reasons: the one change the history allows, for erasure only.

        Why an exception to append-only: a reason is typed by a person and may name a
        betrokkene, and a deleted registration must leave no personal data behind (process
        step 3, docs/architecture.md). Who, when, from and to stay: they are the anonymous record that the case
        existed and was deleted. Only `intake.services.erasure` calls this.
        """
        return models.QuerySet.update(self.exclude(reason=""), reason="")


class StatusChange(models.Model):
    """Append-only history of the lifecycle: who moved the casus, when, from, to and why."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField("van", max_length=32, choices=CasusStatus.choices, blank=True)
    to_status = models.CharField("naar", max_length=32, choices=CasusStatus.choices)
    by = actor_field(
        "door",
        optional=True,
        help_text="Leeg wanneer het systeem de wijziging deed (bijvoorbeeld de cutoff-taak).",
    )
    at = models.DateTimeField("tijdstip", auto_now_add=True)
    reason = models.TextField("reden", blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "statuswijziging"
        verbose_name_plural = "statusgeschiedenis"
        ordering = ["at", "id"]
        # What changed since the reports' last refresh (reports.facts._changes_since, issue 16).
        indexes = [models.Index(fields=["at"], name="statuschange_at")]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("De statusgeschiedenis kan alleen worden aangevuld.")
        super().save(*args, **kwargs)


class ReferenceCounter(models.Model):
    """The last reference number handed out per year; its row is locked while numbering."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "casusnummerteller"
        verbose_name_plural = "casusnummertellers"

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
