"""Scoring progress per life domain on the active self-reliance instrument; the instrument's versioning."""

from django.db import transaction

from intake.constants import LifeDomain
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.core.exceptions import ServiceError
from zvh.core.versioning import Part, Versioned

from ..constants import EventKind, MeasurementMoment
from ..models import DomainScore, Measurement, PgaDossier, SelfRelianceInstrument
from .common import audit, ensure_can_work, lock, step

INSTRUMENTS = Versioned(
    model=SelfRelianceInstrument,
    parts=(Part("levels", missing="Versie {version} heeft geen niveaus en kan daarom niet actief worden."),),
    copy_fields=("name",),
    noun="instrument",
    article="het",
    audit_key="instrument_versie",
    used_where="in een meting",
    parts_words="de niveaus",
)

REASON_MAX = 300


def progress_record(*, dossier: PgaDossier, moment: str, scores: dict[str, tuple[int, str]], by: User) -> Measurement:
    """One measurement: per scored life domain a level of the active instrument and a short reason."""
    if moment not in MeasurementMoment.values:
        raise ServiceError("Kies het moment van de meting.")
    if not scores:
        raise ServiceError("Scoor ten minste één leefgebied.")
    instrument = SelfRelianceInstrument.objects.filter(is_active=True).prefetch_related("levels").first()
    if instrument is None:
        raise ServiceError("Er is geen actief zelfredzaamheidsinstrument; vraag de functioneel beheerder.")
    allowed = {level.score for level in instrument.levels.all()}
    cleaned = []
    for domain, (score, reason) in scores.items():
        if domain not in LifeDomain.values:
            raise ServiceError("Onbekend leefgebied.")
        label = LifeDomain(domain).label
        if score not in allowed:
            raise ServiceError(f"Kies voor {label} een score van {min(allowed)} tot en met {max(allowed)}.")
        reason = (reason or "").strip()
        if not reason:
            raise ServiceError(f"Geef voor {label} een korte onderbouwing van de score.")
        if len(reason) > REASON_MAX:
            raise ServiceError(f"Houd de onderbouwing voor {label} kort: hoogstens {REASON_MAX} tekens.")
        cleaned.append((domain, score, reason))
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        measurement = Measurement.objects.create(dossier=locked, instrument=instrument, moment=moment, recorded_by=by)
        DomainScore.objects.bulk_create(
            DomainScore(measurement=measurement, life_domain=domain, score=score, reason=reason)
            for domain, score, reason in cleaned
        )
        summary = ", ".join(f"{LifeDomain(domain).label} {score}" for domain, score, _ in cleaned)
        step(
            locked,
            kind=EventKind.VOORTGANG,
            by=by,
            text=f"Zelfredzaamheid ({measurement.get_moment_display()}): {summary}.",
        )
        audit(
            locked, by=by, obj=measurement, action=AuditAction.CREATE, event="voortgang_gescoord", aantal=len(cleaned)
        )
    return measurement
