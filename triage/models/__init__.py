"""Models of screening, verrijking and weighing, the triage meetings (meetings.py) and their decisions."""

from .decisions import CasusoverlegInvitee, TriageDecision
from .meetings import AgendaItem, CutoffRun, TriageMeeting
from .screening import ScreeningDecision
from .verrijking import Bekendheidscheck
from .weighing import Dimension, DimensionLevel, DimensionScore, Weighing, WeighingModel

__all__ = [
    "AgendaItem",
    "Bekendheidscheck",
    "CasusoverlegInvitee",
    "CutoffRun",
    "Dimension",
    "DimensionLevel",
    "DimensionScore",
    "ScreeningDecision",
    "TriageDecision",
    "TriageMeeting",
    "Weighing",
    "WeighingModel",
]
