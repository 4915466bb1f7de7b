from django.db import models

from intake.constants import CasusStatus


class ScreeningOutcome(models.TextChoices):
    """The chair's screening decision (process step 3, docs/architecture.md)."""

    ACCEPTED = "geaccepteerd", "Geaccepteerd: door naar verrijking"
    INFORMATION_REQUESTED = "aanvulling_gevraagd", "Aanvulling gevraagd aan de melder"
    REJECTED = "afgewezen", "Afgewezen"


class RejectionCategory(models.TextChoices):
    ANDERE_REGIO = "andere_regio", "Andere regio"
    CRITERIA = "criteria", "Voldoet niet aan de criteria"
    ANDER_OVERLEG = "ander_overleg", "Hoort in een ander overleg of de reguliere route"
    ANDERS = "anders", "Anders"


class IncidentalGround(models.TextChoices):
    """Why an incidental partner may take part (process step 5, docs/architecture.md): a recorded ground."""

    EXPERTISE = "expertise", "Noodzakelijke expertise"
    WETTELIJKE_TAAK = "wettelijke_taak", "Relevante rol vanuit wettelijke of publieke taak"


class CheckAnswer(models.TextChoices):
    OPEN = "open", "Nog niet beantwoord"
    BEKEND = "bekend", "Bekend"
    NIET_BEKEND = "niet_bekend", "Niet bekend"


class MeetingStatus(models.TextChoices):
    """Whether a triage meeting is held; a cancelled one is kept so it is not generated again."""

    GEPLAND = "gepland", "Gepland"
    GEANNULEERD = "geannuleerd", "Geannuleerd"


class MeetingPhase(models.TextChoices):
    """Where a meeting stands; read from its status and moments (``TriageMeeting.phase``), never stored.

    Why derived: each phase is a moment somebody must know (when intake closed, when and by whom
    the agenda was finalised, when the triage was closed), so the moments are the data and the
    phase is what they add up to. The moves are in ``triage/meeting_lifecycle.py``.
    """

    OPEN = "open", "Open voor aanmeldingen"
    AANMELDING_GESLOTEN = "aanmelding_gesloten", "Aanmelding gesloten"
    VASTGESTELD = "vastgesteld", "Agenda vastgesteld"
    AFGEROND = "afgerond", "Afgerond"
    GEANNULEERD = "geannuleerd", "Geannuleerd"


class AgendaItemStatus(models.TextChoices):
    """Where a casus stands at one meeting: bound by the cutoff, on the agenda, moved on, discussed.

    The moves are in ``triage/agenda_lifecycle.py``.
    """

    GEBONDEN = "gebonden", "Gebonden aan deze triage"
    GEAGENDEERD = "geagendeerd", "Geagendeerd"
    DOORGESCHOVEN = "doorgeschoven", "Doorgeschoven naar een latere triage"
    BESPROKEN = "besproken", "Besproken"
    VERVALLEN = "vervallen", "Vervallen: de casus is ingetrokken of afgewezen"


class Attendance(models.TextChoices):
    """How the melder attends their slot (the triage is hybrid); confirmed from the invitation."""

    FYSIEK = "fysiek", "In de vergaderruimte"
    ONLINE = "online", "Online"


class DecisionOutcome(models.TextChoices):
    """What the Integrale Triage decided for one agenda item (process step 5, docs/architecture.md)."""

    GEEN_PGA = "geen_pga", "Geen PGA"
    PGA = "pga", "PGA"
    NIET_BESPROKEN = "niet_besproken", "Niet besproken: door naar de volgende triage"


class NotDiscussedReason(models.TextChoices):
    """Why a case on the agenda was not discussed; either way it moves to the next meeting."""

    MELDER_AFWEZIG = "melder_afwezig", "De melder was niet aanwezig"
    GEEN_TIJD = "geen_tijd", "Niet aan toegekomen"


# An item in these states holds the casus to its meeting; a casus has at most one such item.
ACTIVE_AGENDA_STATUSES = (AgendaItemStatus.GEBONDEN, AgendaItemStatus.GEAGENDEERD)


# From acceptance until the triage decides: the chair prepares the case (bekendheidscheck,
# weighing, verrijkingsdossier) and partners see their requests. One definition for all.
VERRIJKING_STATUSES = frozenset({CasusStatus.IN_VERRIJKING, CasusStatus.GEAGENDEERD, CasusStatus.DOORGESCHOVEN})
