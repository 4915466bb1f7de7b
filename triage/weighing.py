"""The documented rule of the de-escalatiemodel: from the chair's scores to a suggested conclusion.

The WGS forbids deciding about people with a self-learning or otherwise opaque model, and the
triage must be able to explain every suggestion to the melder and the betrokkene. This rule is
therefore deliberately plain arithmetic on numbers a functional administrator configured and a
chair chose with a motivation, and it returns, besides the suggestion, the sentences that say
which part of the rule fired. It only *suggests*: the Integrale Triage decides.

The rule (per version of the model, both knobs are set in "Beheer"):

1. Every dimension of the model must be scored; otherwise there is no suggestion
   ("Weging onvolledig") and the summary names the dimensions still open.
2. The total is the sum of the chosen level scores; the maximum is the sum of each dimension's
   highest level score.
3. The suggestion is "Bespreken voor een persoonsgerichte aanpak (PGA)" when the total is at or
   above the model's threshold (`pga_threshold`), or when the model says one dimension at its
   highest level is enough (`max_level_escalates`) and any dimension is at its highest level.
4. Otherwise: "Lichtere aanpak of reguliere route overwegen".

Pure: no database writes, no clock, no randomness. It reads the model's dimensions and levels
(prefetch them to keep it free of queries) and the scores it is given, nothing else.
"""

from collections.abc import Mapping
from dataclasses import dataclass

PGA = "Bespreken voor een persoonsgerichte aanpak (PGA)"
LIGHTER = "Lichtere aanpak of reguliere route overwegen"
INCOMPLETE = "Weging onvolledig"


@dataclass(frozen=True)
class Suggestion:
    """The outcome of the rule, with the reasons that make it explain itself.

    `total` is None while the weighing is incomplete; `maximum` is the highest total the model
    allows; `is_pga` is None without a suggestion. `reasons` are Dutch sentences for the summary.
    """

    conclusion: str
    is_pga: bool | None
    total: int | None
    maximum: int
    threshold: int
    reasons: tuple[str, ...]
    missing: tuple[str, ...] = ()
    at_highest_level: tuple[str, ...] = ()

    @property
    def is_complete(self) -> bool:
        return self.is_pga is not None


def suggest_conclusion(model, scores: Mapping) -> Suggestion:
    """Apply the rule of the module docstring to `scores`: dimension (or its id) -> level score.

    A dimension that is missing from `scores`, or scored None, is not scored. A score for a
    dimension of another model is a programming error (ValueError), not something to ignore.
    """
    dimensions = list(model.dimensions.all())
    by_id = {getattr(key, "pk", key): value for key, value in scores.items()}
    foreign = set(by_id) - {dimension.pk for dimension in dimensions}
    if foreign:
        raise ValueError(f"Scores voor dimensies buiten dit model: {sorted(foreign)}")

    highest = {d.pk: max((level.score for level in d.levels.all()), default=0) for d in dimensions}
    maximum = sum(highest.values())
    threshold = model.pga_threshold

    missing = tuple(dimension.name for dimension in dimensions if by_id.get(dimension.pk) is None)
    if missing or not dimensions:
        reason = (
            f"Nog niet gescoord: {', '.join(missing)}." if missing else "Het model heeft nog geen dimensies."
        )
        return Suggestion(
            conclusion=INCOMPLETE, is_pga=None, total=None, maximum=maximum, threshold=threshold,
            reasons=(reason, "Een voorstel volgt pas als elke dimensie is gescoord."), missing=missing,
        )

    total = sum(by_id[dimension.pk] for dimension in dimensions)
    at_highest = tuple(d.name for d in dimensions if highest[d.pk] > 0 and by_id[d.pk] >= highest[d.pk])

    reasons = []
    over_threshold = total >= threshold
    if over_threshold:
        reasons.append(f"De totaalscore {total} van {maximum} is gelijk aan of hoger dan de drempel van {threshold}.")
    else:
        reasons.append(f"De totaalscore {total} van {maximum} ligt onder de drempel van {threshold}.")

    escalates = bool(model.max_level_escalates and at_highest)
    if at_highest:
        names = ", ".join(f"\u2018{name}\u2019" for name in at_highest)
        if model.max_level_escalates:
            reasons.append(
                f"Op het hoogste niveau: {names}. In dit model is één dimensie op het hoogste niveau "
                "genoeg om de casus voor een PGA te bespreken."
            )
        else:
            reasons.append(
                f"Op het hoogste niveau: {names}. In dit model leidt het hoogste niveau op één dimensie "
                "niet vanzelf tot een PGA-bespreking; alleen de totaalscore telt."
            )
    elif model.max_level_escalates:
        reasons.append("Geen enkele dimensie staat op het hoogste niveau.")

    is_pga = over_threshold or escalates
    return Suggestion(
        conclusion=PGA if is_pga else LIGHTER,
        is_pga=is_pga,
        total=total,
        maximum=maximum,
        threshold=threshold,
        reasons=tuple(reasons),
        at_highest_level=at_highest,
    )
