from .dossier import Closure, DossierEvent, PgaDossier
from .informing import InformingStep
from .overleg import Casusoverleg, OverlegContact, OverlegMinute, OverlegMinutesVersion, OverlegParticipant
from .plan import Action, Goal, PlanVersion
from .progress import DomainScore, Measurement, SelfRelianceInstrument, SelfRelianceLevel
from .records import ContactNote, Escalation

__all__ = [
    "Action",
    "Casusoverleg",
    "OverlegContact",
    "OverlegMinute",
    "OverlegMinutesVersion",
    "OverlegParticipant",
    "Closure",
    "DomainScore",
    "ContactNote",
    "DossierEvent",
    "Escalation",
    "Goal",
    "InformingStep",
    "Measurement",
    "PgaDossier",
    "PlanVersion",
    "SelfRelianceInstrument",
    "SelfRelianceLevel",
]
