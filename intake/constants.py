from django.db import models


class CasusStatus(models.TextChoices):
    """Where a casus is in the ZVH process. Allowed moves live in intake/lifecycle.py."""

    CONCEPT = "concept", "Concept"
    AANGEMELD = "aangemeld", "Aangemeld"
    AANVULLING_GEVRAAGD = "aanvulling_gevraagd", "Aanvulling gevraagd"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    IN_VERRIJKING = "in_verrijking", "In verrijking"
    GEAGENDEERD = "geagendeerd", "Geagendeerd"
    DOORGESCHOVEN = "doorgeschoven", "Doorgeschoven"
    BESPROKEN_GEEN_PGA = "besproken_geen_pga", "Besproken - geen PGA"
    PGA = "pga", "PGA"
    INGETROKKEN = "ingetrokken", "Ingetrokken"
    AFGESLOTEN = "afgesloten", "Afgesloten"
    VERWIJDERD = "verwijderd", "Verwijderd"


class Urgency(models.TextChoices):
    """How soon the melder thinks the case needs the triage; the chair weighs it when slots run out."""

    NORMAAL = "normaal", "Normaal"
    HOOG = "hoog", "Hoog"


class InformedStatus(models.TextChoices):
    """Whether the betrokkene knows about the registration (WGS: informing is the rule)."""

    JA = "ja", "Ja, de betrokkene is geïnformeerd"
    NOG_NIET = "nog_niet", "Nee, nog niet; de melder informeert de betrokkene binnenkort"
    NEE_VEILIGHEID = "nee_veiligheid", "Nee, vanwege de veiligheid van de betrokkene of anderen"
    NEE_STRAFRECHTELIJK = "nee_strafrechtelijk", "Nee, vanwege een lopend strafrechtelijk onderzoek"


# The reasons that justify not (yet) informing the betrokkene need an explanation.
INFORMED_NEEDS_EXPLANATION = frozenset(
    {InformedStatus.NOG_NIET, InformedStatus.NEE_VEILIGHEID, InformedStatus.NEE_STRAFRECHTELIJK}
)


class LifeDomain(models.TextChoices):
    """Life domains on which the melder describes problems (criterion 1: more than one)."""

    WONEN = "wonen", "Wonen"
    FINANCIEN = "financien", "Financiën en schulden"
    WERK = "werk", "Werk, opleiding en dagbesteding"
    PSYCHISCH = "psychisch", "Psychische gezondheid"
    LICHAMELIJK = "lichamelijk", "Lichamelijke gezondheid"
    VERSLAVING = "verslaving", "Middelengebruik en verslaving"
    JUSTITIE = "justitie", "Justitie en politie"
    HUISELIJK_GEWELD = "huiselijk_geweld", "Huiselijk geweld en veiligheid thuis"
    OPVOEDING = "opvoeding", "Opvoeding en ontwikkeling van kinderen"
    SOCIAAL_NETWERK = "sociaal_netwerk", "Sociaal netwerk en relaties"


class FeedbackKind(models.TextChoices):
    """What the ZVH feeds back to the melder, shown in "Mijn aanmeldingen"."""

    AFWIJZING = "afwijzing", "Afwijzing"
    UITKOMST = "uitkomst", "Uitkomst triage"
    ADVIES = "advies", "Advies"
    BERICHT = "bericht", "Bericht"


# The casus' own texts and their empty state: what erasure blanks, and what an untouched
# concept still holds (intake.selectors.untouched_concept_of).
PERSONAL_FIELDS = {
    "aanleiding": "",
    "concerns": "",
    "life_domains": {},
    "safety_risks": "",
    "tried_before": "",
    "criteria_motivation": {},
    "urgency_reason": "",
    "informed": "",
    "informed_explanation": "",
    "wgs_declared_at": None,
}
