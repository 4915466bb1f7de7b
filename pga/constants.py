"""Choices of the PGA dossier (Dutch labels, English code)."""

from django.db import models


class DossierPhase(models.TextChoices):
    """Where a PGA dossier is; the allowed moves are ``pga.phases.TRANSITIONS``."""

    INFORMEREN = "informeren", "Betrokkene informeren"
    PLAN = "plan", "Plan van aanpak opstellen"
    UITVOEREN = "uitvoeren", "Plan uitvoeren"
    MONITOREN = "monitoren", "Afgesloten, monitoren"
    AFGESLOTEN = "afgesloten", "Afgesloten"


class WhoInforms(models.TextChoices):
    MELDER = "melder", "De melder"
    PROCESREGISSEUR = "procesregisseur", "De procesregisseur"
    PARTNER = "partner", "Een partnerorganisatie"


class InformingMethod(models.TextChoices):
    GESPREK = "gesprek", "In een gesprek"
    BRIEF = "brief", "Met een brief"
    TELEFOON = "telefoon", "Telefonisch"


class InformingKind(models.TextChoices):
    """One step in informing the betrokkene (WGS)."""

    AFSPRAAK = "afspraak", "Afspraak met de melder"
    GEINFORMEERD = "geinformeerd", "Geïnformeerd"
    UITGESTELD = "uitgesteld", "Uitgesteld"


class InformingStatus(models.TextChoices):
    """The dossier's current informing state: the latest step's kind, or nothing yet."""

    OPEN = "open", "Nog niet afgesproken"
    AFGESPROKEN = "afgesproken", "Afgesproken met de melder"
    GEINFORMEERD = "geinformeerd", "Geïnformeerd"
    UITGESTELD = "uitgesteld", "Uitgesteld"


class PostponementGround(models.TextChoices):
    VEILIGHEID = "veiligheid", "Veiligheid van personen"
    STRAFRECHTELIJK = "strafrechtelijk", "Lopend strafrechtelijk onderzoek"
    ONBEREIKBAAR = "onbereikbaar", "Betrokkene niet bereikbaar"
    ANDERS = "anders", "Anders"


class GoalStatus(models.TextChoices):
    OPEN = "open", "Nog niet gestart"
    IN_UITVOERING = "in_uitvoering", "Bezig"
    BEREIKT = "bereikt", "Bereikt"
    NIET_BEREIKT = "niet_bereikt", "Niet bereikt"
    VERVALLEN = "vervallen", "Vervallen"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_UITVOERING = "in_uitvoering", "In uitvoering"
    GEDAAN = "gedaan", "Gedaan"
    NIET_MOGELIJK = "niet_mogelijk", "Kan niet worden gedaan"
    VERVALLEN = "vervallen", "Vervallen"


# An action in one of these can be overdue; done, impossible (reported with a reason) or cancelled ones cannot.
ACTION_PENDING = (ActionStatus.OPEN, ActionStatus.IN_UITVOERING)


class ContactMethod(models.TextChoices):
    GESPREK = "gesprek", "Gesprek"
    HUISBEZOEK = "huisbezoek", "Huisbezoek"
    TELEFOON = "telefoon", "Telefoon"
    EMAIL = "email", "E-mail"
    BRIEF = "brief", "Brief"
    OVERLEG = "overleg", "Overleg met partners"


class ClosingReason(models.TextChoices):
    DOELEN_BEREIKT = "doelen_bereikt", "Doelen bereikt"
    OVERGEDRAGEN = "overgedragen", "Overgedragen aan reguliere zorg of een casusregisseur"
    VERHUISD_ONBEREIKBAAR = "verhuisd_onbereikbaar", "Betrokkene verhuisd of onbereikbaar"
    ANDERS = "anders", "Anders"


class EventKind(models.TextChoices):
    """The kinds of step on a dossier's timeline."""

    BESLUIT = "besluit", "Besluit Integrale Triage"
    TOEGEWEZEN = "toegewezen", "Procesregisseur gewijzigd"
    CONTACTMOMENT = "contactmoment", "Eerste contactmoment gepland"
    INFORMEREN = "informeren", "Informeren betrokkene"
    PLAN = "plan", "Plan van aanpak"
    ACTIE = "actie", "Actie"
    CONTACT = "contact", "Contact"
    ESCALATIE = "escalatie", "Escalatie"
    VOORTGANG = "voortgang", "Voortgang per leefgebied"
    AFSLUITING = "afsluiting", "Afsluiting"
    MONITORING = "monitoring", "Monitoring"
    HEROPEND = "heropend", "Heropend"
    CASUSOVERLEG = "casusoverleg", "Casusoverleg"


class MeasurementMoment(models.TextChoices):
    START = "start", "Start"
    CASUSOVERLEG = "casusoverleg", "Casusoverleg"
    AFSLUITING = "afsluiting", "Afsluiting"


class OverlegStatus(models.TextChoices):
    GEPLAND = "gepland", "Gepland, nog niet uitgenodigd"
    UITGENODIGD = "uitgenodigd", "Uitnodigingen verstuurd"
    GEHOUDEN = "gehouden", "Gehouden"
    GEANNULEERD = "geannuleerd", "Geannuleerd"


# A casusoverleg that is still to be held (it can change, be cancelled, or be the next date of a dossier).
OVERLEG_OPEN = (OverlegStatus.GEPLAND, OverlegStatus.UITGENODIGD)


class OverlegResponse(models.TextChoices):
    OPEN = "open", "Nog geen antwoord"
    FYSIEK = "fysiek", "Aanwezig op locatie"
    ONLINE = "online", "Online aanwezig"
    AFWEZIG = "afwezig", "Niet aanwezig"


# What a partner reports back on an action of its own organisation.
PARTNER_REPORTS = (ActionStatus.IN_UITVOERING, ActionStatus.GEDAAN, ActionStatus.NIET_MOGELIJK)
