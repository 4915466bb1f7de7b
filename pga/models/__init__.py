from .dossier import Closure, DossierEvent, PgaDossier
from .informing import InformingStep
from .plan import Action, Goal, PlanVersion
from .records import ContactNote, Escalation

__all__ = [
    "Action",
    "Closure",
    "ContactNote",
    "DossierEvent",
    "Escalation",
    "Goal",
    "InformingStep",
    "PgaDossier",
    "PlanVersion",
]
