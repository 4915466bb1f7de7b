"""Contact notes and escalations."""

import datetime

from django.db import transaction
from django.utils import timezone

from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.core.exceptions import ServiceError

from ..constants import ContactMethod, EventKind
from ..models import Action, ContactNote, Escalation, PgaDossier
from .common import audit, ensure_can_work, lock, require_text, step, today


def contact_add(
    *, dossier: PgaDossier, contact_on: datetime.date | None, with_whom: str, method: str, summary: str, by: User
) -> ContactNote:
    """A short note of a contact: with whom, how, what came out of it."""
    if contact_on is None:
        raise ServiceError("Vul de datum van het contact in.")
    if contact_on > today():
        raise ServiceError("Een contact wordt vastgelegd nadat het er is geweest: de datum ligt niet in de toekomst.")
    with_whom = require_text(with_whom, "Vul in met wie er contact was.")
    if method not in ContactMethod.values:
        raise ServiceError("Kies hoe het contact was.")
    summary = require_text(summary, "Schrijf een korte samenvatting van het contact.")
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        note = ContactNote.objects.create(
            dossier=locked, contact_on=contact_on, with_whom=with_whom, method=method, summary=summary, recorded_by=by
        )
        step(
            locked,
            kind=EventKind.CONTACT,
            by=by,
            text=f"{note.get_method_display()} met {with_whom} op {contact_on:%d-%m-%Y}: {summary}",
            contact=note,
        )
        audit(locked, by=by, obj=note, action=AuditAction.CREATE, event="contact_vastgelegd")
    return note


def escalation_raise(
    *, dossier: PgaDossier, to_whom: str, reason: str, by: User, action: Action | None = None
) -> Escalation:
    """A partner does not deliver: the procesregisseur escalates; the chairs see it until it is answered."""
    to_whom = require_text(to_whom, "Vul in aan wie u escaleert.")
    reason = require_text(reason, "Beschrijf waarom u escaleert.")
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        if action is not None and action.dossier_id != locked.pk:
            raise ServiceError("Deze actie hoort niet bij dit dossier.")
        escalation = Escalation.objects.create(
            dossier=locked, action=action, to_whom=to_whom, reason=reason, raised_by=by
        )
        step(
            locked, kind=EventKind.ESCALATIE, by=by, text=f"Geëscaleerd naar {to_whom}: {reason}", escalation=escalation
        )
        audit(locked, by=by, obj=escalation, action=AuditAction.CREATE, event="escalatie")
    return escalation


def escalation_answer(*, escalation: Escalation, answer: str, by: User) -> Escalation:
    answer = require_text(answer, "Vul het antwoord op de escalatie in.")
    with transaction.atomic():
        locked = lock(escalation.dossier)
        ensure_can_work(locked, by)
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk, dossier=locked)
        if escalation.answered_at is not None:
            raise ServiceError("Op deze escalatie is al een antwoord vastgelegd.")
        escalation.answer = answer
        escalation.answered_at = timezone.now()
        escalation.save(update_fields=["answer", "answered_at"])
        step(
            locked,
            kind=EventKind.ESCALATIE,
            by=by,
            text=f"Antwoord van {escalation.to_whom}: {answer}",
            escalation=escalation,
        )
        audit(locked, by=by, obj=escalation, event="escalatie_beantwoord")
    return escalation
