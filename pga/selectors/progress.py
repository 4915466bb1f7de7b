"""The scores over time per life domain, as numbers and as a small server-side SVG chart (CSP: no script)."""

from dataclasses import dataclass

from intake.constants import LifeDomain

from ..models import DomainScore, Measurement, PgaDossier, SelfRelianceInstrument

WIDTH, HEIGHT, PAD = 160, 48, 6


@dataclass(frozen=True)
class DomainSeries:
    label: str
    values: list  # one score (or None) per measurement
    points: str  # SVG polyline points over the scored measurements
    dots: list  # (x, y) per scored measurement


def _y(score: int) -> float:
    return PAD + (5 - score) * (HEIGHT - 2 * PAD) / 4


def progress_of(dossier: PgaDossier) -> tuple[list[Measurement], list[DomainSeries]]:
    """The dossier's measurements in order and a series per scored life domain, read in one query.

    Read from the scores with their measurement joined: every measurement has at least one score
    (``progress_record`` refuses one without), so none is missed, and the count stays the same
    with or without measurements (issue 16).
    """
    measurements: dict[int, Measurement] = {}
    scores: dict[tuple[int, str], int] = {}
    for score in (
        DomainScore.objects.filter(measurement__dossier=dossier)
        .select_related("measurement")
        .order_by("measurement__recorded_at", "measurement_id")
    ):
        measurements.setdefault(score.measurement_id, score.measurement)
        scores[score.measurement_id, score.life_domain] = score.score
    step = (WIDTH - 2 * PAD) / max(len(measurements) - 1, 1)
    series = []
    for domain in LifeDomain:
        values = [scores.get((measurement_id, domain.value)) for measurement_id in measurements]
        if all(value is None for value in values):
            continue
        dots = [(round(PAD + i * step, 1), round(_y(v), 1)) for i, v in enumerate(values) if v is not None]
        series.append(DomainSeries(domain.label, values, " ".join(f"{x},{y}" for x, y in dots), dots))
    return list(measurements.values()), series


def active_instrument() -> SelfRelianceInstrument | None:
    return SelfRelianceInstrument.objects.filter(is_active=True).prefetch_related("levels").first()
