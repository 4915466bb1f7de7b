"""Roles and organisation kinds of the ZVH network."""

from django.db import models


class Role(models.TextChoices):
    """A user's role. Stored as a Django group of the same name, so admins assign roles there."""

    MELDER = "melder", "Melder"
    TRIAGEVOORZITTER = "triagevoorzitter", "Triagevoorzitter"
    KETENPARTNER = "ketenpartner", "Ketenpartner"
    PROCESREGISSEUR = "procesregisseur", "Procesregisseur"
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", "Functioneel beheerder"
    LOGBEHEERDER = "logbeheerder", "Logbeheerder"
    # Handles the betrokkene's requests (inzage, correctie, verwijdering, bezwaar) for the whole
    # samenwerkingsverband: the ZVH's contact point under the WGS (docs/decisions.md).
    PRIVACYCONTACTPUNT = "privacycontactpunt", "Privacycontactpunt"
    # The ZVH's management: figures only, never personal data (the report page).
    RAPPORTAGE = "rapportage", "Rapportage"


class OrganisationKind(models.TextChoices):
    """What an organisation is: a fixed partner of the triage or an incidental category."""

    ZVH = "zvh", "Zorg- en Veiligheidshuis"
    GEMEENTE = "gemeente", "Gemeente"
    OM = "om", "Openbaar Ministerie"
    POLITIE = "politie", "Politie"
    VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
    GGZ = "ggz", "(O)GGZ"
    RECLASSERING = "reclassering", "Reclassering"
    CJIB_AICE = "cjib_aice", "CJIB / AICE"
    ZORGAANBIEDER = "zorgaanbieder", "Zorgaanbieder"
    SOCIAAL_DOMEIN = "sociaal_domein", "Aanbieder sociaal domein"
    GEHANDICAPTENZORG = "gehandicaptenzorg", "Gehandicaptenzorg"
    WELZIJN = "welzijn", "Welzijn"
    ONDERWIJS = "onderwijs", "Onderwijs / school"
    UWV_SVB_WONING = "uwv_svb_woning", "UWV / SVB / woningcorporatie"
    SLACHTOFFERHULP = "slachtofferhulp", "Slachtofferhulp"
    DESKUNDIGE = "deskundige", "Deskundige"
    OVERIG = "overig", "Overig"


# The seven fixed participants of every Integrale Triage (process step 5, docs/architecture.md).
FIXED_PARTNER_KINDS = frozenset(
    {
        OrganisationKind.ZVH,
        OrganisationKind.GEMEENTE,
        OrganisationKind.OM,
        OrganisationKind.POLITIE,
        OrganisationKind.VEILIG_THUIS,
        OrganisationKind.GGZ,
        OrganisationKind.RECLASSERING,
    }
)

