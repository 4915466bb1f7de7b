"""Reads of the weighing: the de-escalatiemodel with its levels, a case's weighings, and a weighing in words.

The rule itself (scores to a suggested conclusion) is ``triage.weighing``; this module only reads
what it needs and hands the chair's pages and the verrijkingsdossier the result.
"""

from dataclasses import dataclass

from django.db.models import FilteredRelation, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects

from intake.models import Casus

from ..models import DimensionLevel, DimensionScore, Weighing, WeighingModel
from ..weighing import Suggestion, suggest_conclusion


def weighing_models_with_levels():
    """WeighingModel rows with their dimensions and levels prefetched (what the rule reads)."""
    return WeighingModel.objects.prefetch_related(
        Prefetch("dimensions__levels", queryset=DimensionLevel.objects.order_by("score"))
    )


def active_weighing_model() -> WeighingModel | None:
    return weighing_models_with_levels().filter(is_active=True).first()


@dataclass(frozen=True)
class WeighingRow:
    dimension: object
    level: object | None
    motivation: str


@dataclass(frozen=True)
class WeighingSummary:
    """A weighing in words: per dimension the level and motivation, and the suggested conclusion."""

    weighing: Weighing | None
    model: WeighingModel
    rows: tuple[WeighingRow, ...]
    suggestion: Suggestion

    @property
    def is_current_model(self) -> bool:
        return self.model.is_active


def summarise(model: WeighingModel, weighing: Weighing | None, scores: dict | None = None) -> WeighingSummary:
    """Rows in the model's dimension order (unscored ones included, empty) and the rule's answer.

    ``scores`` (dimension id -> DimensionScore) when they were read with the model's levels
    (``weighing_summary``) instead of as ``weighing.scores``.
    """
    if scores is None:
        scores = {score.dimension_id: score for score in weighing.scores.all()} if weighing else {}
    rows = []
    for dimension in model.dimensions.all():
        score = scores.get(dimension.pk)
        rows.append(WeighingRow(dimension, score.level if score else None, score.motivation if score else ""))
    suggestion = suggest_conclusion(model, {row.dimension: row.level.score if row.level else None for row in rows})
    return WeighingSummary(weighing=weighing, model=model, rows=tuple(rows), suggestion=suggestion)


def weighings_of(casus: Casus):
    """The case's weighings, newest first, with what `summarise` reads prefetched."""
    return (
        Weighing.objects.filter(casus=casus)
        .select_related("model", "scored_by")
        .prefetch_related(
            Prefetch("scores", queryset=DimensionScore.objects.select_related("level")),
            Prefetch("model__dimensions__levels", queryset=DimensionLevel.objects.order_by("score")),
        )
        .order_by("-scored_at", "-id")
    )


def latest_weighing_relation() -> FilteredRelation:
    """A case's most recent weighing (the one `latest_weighing_summary` shows), to join into a query of cases."""
    latest = Weighing.objects.filter(casus=OuterRef("pk")).order_by("-scored_at", "-id").values("pk")[:1]
    return FilteredRelation("weighings", condition=Q(weighings__pk=Subquery(latest)))


def weighing_summary(weighing: Weighing | None) -> WeighingSummary | None:
    """The summary of a weighing already read with its model (joined through `latest_weighing_relation`).

    Two queries: the model's dimensions, and their levels with the score this weighing gave each
    joined (a weighing scores a dimension once, with one of its levels).
    """
    if weighing is None:
        return None
    chosen = FilteredRelation("dimensionscore", condition=Q(dimensionscore__weighing=weighing))
    levels = DimensionLevel.objects.annotate(chosen=chosen).select_related("chosen").order_by("score")
    prefetch_related_objects([weighing.model], Prefetch("dimensions__levels", queryset=levels))
    scores = {}
    for dimension in weighing.model.dimensions.all():
        for level in dimension.levels.all():
            score = getattr(level, "chosen", None)  # Django sets no attribute for a level not chosen
            if score is not None:
                scores[dimension.pk] = score
    return summarise(weighing.model, weighing, scores)


def latest_weighing_summary(casus: Casus) -> WeighingSummary | None:
    """The most recent weighing of the case (with whatever model version it used), or None."""
    weighing = weighings_of(casus).first()
    return summarise(weighing.model, weighing) if weighing else None
