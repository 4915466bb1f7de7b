"""Choices of a data-subject request (Dutch labels, English code)."""

from django.db import models


class RequestKind(models.TextChoices):
    """Which right the betrokkene exercises (AVG articles 15, 16, 17 and 21)."""

    INZAGE = "inzage", "Inzage"
    CORRECTIE = "correctie", "Correctie"
    VERWIJDERING = "verwijdering", "Verwijdering"
    BEZWAAR = "bezwaar", "Bezwaar"


class Requester(models.TextChoices):
    BETROKKENE = "betrokkene", "De betrokkene zelf"
    VERTEGENWOORDIGER = "vertegenwoordiger", "Een vertegenwoordiger (wettelijk of gemachtigd)"


class IdentityCheck(models.TextChoices):
    """How the privacycontactpunt made sure the request comes from the person (or their representative)."""

    BALIE = "balie", "Identiteitsbewijs getoond aan de balie"
    KOPIE = "kopie", "Afgeschermde kopie van een identiteitsbewijs"
    MACHTIGING = "machtiging", "Machtiging en identiteitsbewijs van de vertegenwoordiger"
    ANDERS = "anders", "Anders (zie toelichting)"


class RequestStatus(models.TextChoices):
    """Where a request is; the allowed moves are ``subject_requests.lifecycle.REQUEST_LIFECYCLE``."""

    ONTVANGEN = "ontvangen", "Ontvangen"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    AFGEHANDELD = "afgehandeld", "Afgehandeld"
    INGETROKKEN = "ingetrokken", "Ingetrokken"


class AnswerOutcome(models.TextChoices):
    TOEGEWEZEN = "toegewezen", "Toegewezen"
    DEELS = "deels", "Deels toegewezen"
    AFGEWEZEN = "afgewezen", "Afgewezen"


class ObjectionDecision(models.TextChoices):
    OPEN = "open", "Nog geen besluit"
    TOEGEWEZEN = "toegewezen", "Bezwaar toegewezen: de verwerking stopt"
    AFGEWEZEN = "afgewezen", "Bezwaar afgewezen: dwingende gronden voor de verwerking"


class SearchBy(models.TextChoices):
    BSN = "bsn", "BSN"
    NAAM = "naam", "Achternaam en geboortedatum"


# The betrokkene's values a correction may change, with their Dutch names (the audit log names
# the field, never the old or new value).
CORRECTABLE_FIELDS = {
    "first_names": "voornamen",
    "surname_prefix": "tussenvoegsel",
    "surname": "achternaam",
    "date_of_birth": "geboortedatum",
    "bsn": "BSN",
    "street_address": "adres",
    "postal_code": "postcode",
    "city": "woonplaats",
}
