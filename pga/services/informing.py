"""Informing the betrokkene about the registration and the approach (WGS).

First the procesregisseur records with the melder who informs, how and when (``informing_agree``);
then either that it happened (``informing_record_informed``) or why it is postponed
(``informing_postpone``: a ground and a review date at most ``ZVH_PGA_POSTPONE_MAX_MONTHS`` away).
At the review date the procesregisseur is reminded (``pga.tasks``) and records again: informed, or
postponed once more. Every step stays in the history; the dossier keeps the current state.
"""

import datetime

from django.db import transaction

from participants.models import Organisation, User
from zvh.audit.constants import AuditAction
from zvh.core.exceptions import ServiceError

from ..constants import (
    DossierPhase,
    EventKind,
    InformingKind,
    InformingMethod,
    InformingStatus,
    PostponementGround,
    WhoInforms,
)
from ..models import InformingStep, PgaDossier
from .common import audit, ensure_can_work, latest_postponement_date, lock, move, step, today


def _check_who_and_how(who_informs: str, method: str, partner_organisation: Organisation | None) -> None:
    if who_informs not in WhoInforms.values:
        raise ServiceError("Kies wie de betrokkene informeert.")
    if method not in InformingMethod.values:
        raise ServiceError("Kies hoe de betrokkene wordt geïnformeerd.")
    if who_informs == WhoInforms.PARTNER and partner_organisation is None:
        raise ServiceError("Kies de partnerorganisatie die de betrokkene informeert.")


def _who_text(who_informs: str, partner_organisation: Organisation | None) -> str:
    if who_informs == WhoInforms.PARTNER and partner_organisation is not None:
        return partner_organisation.name
    return WhoInforms(who_informs).label.lower()


def _settle(dossier: PgaDossier, status: InformingStatus, review_date: datetime.date | None) -> None:
    """Informed or postponed: the dossier's current state, and the work on the plan can go on
    (the phase table allows informeren -> plan)."""
    dossier.informing_status = status
    dossier.informing_review_date = review_date
    if dossier.phase == DossierPhase.INFORMEREN:
        move(dossier, DossierPhase.PLAN)
    dossier.save(update_fields=["informing_status", "informing_review_date", "phase"])


def informing_agree(
    *,
    dossier: PgaDossier,
    who_informs: str,
    method: str,
    planned_date: datetime.date | None,
    by: User,
    partner_organisation: Organisation | None = None,
) -> InformingStep:
    """What the procesregisseur agreed with the melder: who informs the betrokkene, how, and when."""
    _check_who_and_how(who_informs, method, partner_organisation)
    if planned_date is None:
        raise ServiceError("Kies de datum waarop de betrokkene wordt geïnformeerd.")
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        if locked.informing_status == InformingStatus.GEINFORMEERD:
            raise ServiceError("De betrokkene is al geïnformeerd.")
        informing = InformingStep.objects.create(
            dossier=locked,
            kind=InformingKind.AFSPRAAK,
            who_informs=who_informs,
            partner_organisation=partner_organisation if who_informs == WhoInforms.PARTNER else None,
            method=method,
            planned_date=planned_date,
            recorded_by=by,
        )
        locked.informing_status = InformingStatus.AFGESPROKEN
        locked.save(update_fields=["informing_status"])
        step(
            locked,
            kind=EventKind.INFORMEREN,
            by=by,
            text=f"Afgesproken met de melder: {_who_text(who_informs, partner_organisation)} informeert de betrokkene "
            f"{InformingMethod(method).label.lower()} op {planned_date:%d-%m-%Y}.",
        )
        audit(locked, by=by, obj=informing, action=AuditAction.CREATE, event="informeren_afgesproken")
    return informing


def _ensure_agreed(dossier: PgaDossier) -> None:
    if dossier.informing_status == InformingStatus.OPEN:
        raise ServiceError("Spreek eerst met de melder af wie de betrokkene informeert, hoe en wanneer.")
    if dossier.informing_status == InformingStatus.GEINFORMEERD:
        raise ServiceError("De betrokkene is al geïnformeerd.")


def informing_record_informed(
    *,
    dossier: PgaDossier,
    informed_on: datetime.date | None,
    who_informs: str,
    method: str,
    by: User,
    partner_organisation: Organisation | None = None,
) -> InformingStep:
    """The betrokkene has been informed: on which day, by whom, how."""
    _check_who_and_how(who_informs, method, partner_organisation)
    if informed_on is None:
        raise ServiceError("Vul de datum in waarop de betrokkene is geïnformeerd.")
    if informed_on > today():
        raise ServiceError("De datum van informeren ligt niet in de toekomst.")
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        _ensure_agreed(locked)
        informing = InformingStep.objects.create(
            dossier=locked,
            kind=InformingKind.GEINFORMEERD,
            who_informs=who_informs,
            partner_organisation=partner_organisation if who_informs == WhoInforms.PARTNER else None,
            method=method,
            informed_on=informed_on,
            recorded_by=by,
        )
        _settle(locked, InformingStatus.GEINFORMEERD, None)
        step(
            locked,
            kind=EventKind.INFORMEREN,
            by=by,
            text=f"Betrokkene geïnformeerd op {informed_on:%d-%m-%Y} door "
            f"{_who_text(who_informs, partner_organisation)}, {InformingMethod(method).label.lower()}.",
        )
        audit(locked, by=by, obj=informing, action=AuditAction.CREATE, event="betrokkene_geinformeerd")
    return informing


def informing_postpone(
    *,
    dossier: PgaDossier,
    ground: str,
    review_date: datetime.date | None,
    by: User,
    explanation: str = "",
) -> InformingStep:
    """Postpone informing, only with a recorded ground and a review date within the allowed period."""
    if not ground:
        raise ServiceError("Uitstel van informeren kan alleen met een grond: kies de grond voor uitstel.")
    if ground not in PostponementGround.values:
        raise ServiceError("Kies een van de gronden voor uitstel.")
    explanation = (explanation or "").strip()
    if ground == PostponementGround.ANDERS and not explanation:
        raise ServiceError("Licht de grond 'anders' toe.")
    if review_date is None:
        raise ServiceError("Uitstel van informeren kan alleen met een datum waarop het uitstel wordt heroverwogen.")
    start = today()
    latest = latest_postponement_date(start)
    if review_date <= start:
        raise ServiceError("De datum van heroverweging ligt na vandaag.")
    if review_date > latest:
        raise ServiceError(f"De datum van heroverweging ligt uiterlijk op {latest:%d-%m-%Y}.")
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        _ensure_agreed(locked)
        again = locked.informing_status == InformingStatus.UITGESTELD
        informing = InformingStep.objects.create(
            dossier=locked,
            kind=InformingKind.UITGESTELD,
            ground=ground,
            explanation=explanation,
            review_date=review_date,
            recorded_by=by,
        )
        _settle(locked, InformingStatus.UITGESTELD, review_date)
        step(
            locked,
            kind=EventKind.INFORMEREN,
            by=by,
            text=f"Informeren {'opnieuw ' if again else ''}uitgesteld. Grond: {PostponementGround(ground).label}."
            f"{' ' + explanation if explanation else ''} Heroverwegen op {review_date:%d-%m-%Y}.",
        )
        audit(locked, by=by, obj=informing, action=AuditAction.CREATE, event="informeren_uitgesteld", grond=ground)
    return informing
