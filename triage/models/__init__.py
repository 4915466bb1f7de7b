"""Models of screening and verrijking; the triage meetings follow in their own module."""

from .screening import ScreeningDecision
from .verrijking import Bekendheidscheck
from .weighing import Dimension, DimensionLevel, DimensionScore, Weighing, WeighingModel

__all__ = [
    "Bekendheidscheck",
    "Dimension",
    "DimensionLevel",
    "DimensionScore",
    "ScreeningDecision",
    "Weighing",
    "WeighingModel",
]
