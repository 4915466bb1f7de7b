"""The scores over time per life domain, as numbers and as a small server-side SVG chart (CSP: no script)."""

from dataclasses import dataclass

from django.db.models import Prefetch

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
    measurements = list(
        Measurement.objects.filter(dossier=dossier)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("scores", queryset=DomainScore.objects.order_by("life_domain")))
    )
    step = (WIDTH - 2 * PAD) / max(len(measurements) - 1, 1)
    series = []
    for domain in LifeDomain:
        values = [next((s.score for s in m.scores.all() if s.life_domain == domain), None) for m in measurements]
        if all(value is None for value in values):
            continue
        dots = [(round(PAD + i * step, 1), round(_y(v), 1)) for i, v in enumerate(values) if v is not None]
        series.append(DomainSeries(domain.label, values, " ".join(f"{x},{y}" for x, y in dots), dots))
    return measurements, series


def active_instrument() -> SelfRelianceInstrument | None:
    return SelfRelianceInstrument.objects.filter(is_active=True).prefetch_related("levels").first()
