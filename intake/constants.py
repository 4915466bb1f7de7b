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
