"""Models of screening, verrijking and weighing, and of the triage meetings (meetings.py)."""

from .meetings import AgendaItem, CutoffRun, TriageMeeting
from .screening import ScreeningDecision
from .verrijking import Bekendheidscheck
from .weighing import Dimension, DimensionLevel, DimensionScore, Weighing, WeighingModel

__all__ = [
    "AgendaItem",
    "Bekendheidscheck",
    "CutoffRun",
    "Dimension",
    "DimensionLevel",
    "DimensionScore",
    "ScreeningDecision",
    "TriageMeeting",
    "Weighing",
    "WeighingModel",
]
