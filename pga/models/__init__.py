from .dossier import Closure, DossierEvent, PgaDossier
from .informing import InformingStep
from .plan import Action, Goal, PlanVersion
from .progress import DomainScore, Measurement, SelfRelianceInstrument, SelfRelianceLevel
from .records import ContactNote, Escalation

__all__ = [
    "Action",
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
