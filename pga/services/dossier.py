"""The dossier as a whole: start, reassignment, the first contact moment, closing, monitoring, reopening.

The dossier starts when the Integrale Triage decides PGA (``triage.signals.pga_decided``, received
in ``pga.receivers``): from that moment the procesregisseur sees it in "Mijn dossiers" and, through
``pga.selectors.procesregisseur_sees_running_dossiers`` (registered with intake), may open the case
(need-to-know follows the assignment).
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import Casus
from intake.selectors import melder_mail_address
from intake.services import casus_transition
from participants.constants import Role
from participants.models import User
from participants.roles import ensure_procesregisseur
from zvh.audit.constants import AuditAction
from zvh.core.exceptions import ServiceError
from zvh.mail.services import absolute_url, mail_queue, mail_render

from ..constants import ClosingReason, DossierPhase, EventKind
from ..models import Closure, PgaDossier
from .common import audit, ensure_can_work, ensure_own_dossier, lock, move, require_text, step, today


def _dossier_link(dossier: PgaDossier) -> str:
    return absolute_url(reverse("pga:dossier", kwargs={"casus_id": dossier.casus_id}))


def _mail_regisseur(dossier: PgaDossier, *, key: str, subject: str, template: str, **context) -> None:
    address = dossier.procesregisseur.email
    if not address:
        return
    reference = dossier.casus.reference or ""
    mail_queue(
        key=key,
        to=[address],
        subject=subject,
        body=mail_render(template, {"reference": reference, "link": _dossier_link(dossier), **context}),
        case_reference=reference,
        topic="pga",
    )


def _mail_melder(dossier: PgaDossier, *, key: str, subject: str, template: str, **context) -> None:
    casus = dossier.casus
    address = melder_mail_address(casus)
    if not address:
        return
    link = absolute_url(reverse("intake:casus_detail", kwargs={"casus_id": casus.pk}))
    mail_queue(
        key=key,
        to=[address],
        subject=subject,
        body=mail_render(template, {"reference": casus.reference, "link": link, **context}),
        case_reference=casus.reference or "",
        topic="pga",
    )


def pga_dossier_start(*, casus: Casus, procesregisseur: User, by: User) -> PgaDossier:
    """Open the PGA dossier of a case the triage just decided PGA for, run by ``procesregisseur``.

    Runs inside the caller's transaction (the triage decision) with the casus locked; a case
    has one dossier, so a second start is refused rather than silently re-assigned. The
    procesregisseur is mailed (reference and link only) once the decision commits.
    """
    ensure_procesregisseur(procesregisseur)
    if casus.status != CasusStatus.PGA:
        raise ServiceError("Een PGA-dossier start pas na een PGA-besluit van de Integrale Triage.")
    with transaction.atomic():
        if PgaDossier.objects.filter(casus=casus).exists():
            raise ServiceError("Voor deze casus loopt al een PGA-dossier.")
        dossier = PgaDossier.objects.create(casus=casus, procesregisseur=procesregisseur)
        step(
            dossier,
            kind=EventKind.BESLUIT,
            by=by,
            text=f"De Integrale Triage besloot tot een PGA; procesregisseur: {procesregisseur.display_name}.",
        )
        audit(
            dossier, by=by, action=AuditAction.CREATE, event="pga_dossier_gestart", procesregisseur=procesregisseur.pk
        )
        _mail_regisseur(
            dossier,
            key=f"pga:toegewezen:{dossier.pk}:{procesregisseur.pk}",
            subject=f"PGA-dossier {casus.reference} aan u toegewezen",
            template="pga/mail/toegewezen.txt",
        )
    return dossier


def dossier_reassign(*, dossier: PgaDossier, to: User, reason: str, by: User) -> PgaDossier:
    """A chair gives the dossier to another procesregisseur; the old one loses access at once."""
    by.require_role(Role.TRIAGEVOORZITTER, to="een dossier aan een andere procesregisseur toewijzen")
    ensure_procesregisseur(to)
    reason = require_text(reason, "Geef de reden waarom het dossier naar een andere procesregisseur gaat.")
    with transaction.atomic():
        locked = lock(dossier)
        if locked.phase == DossierPhase.AFGESLOTEN:
            raise ServiceError("Een afgesloten dossier wordt niet meer toegewezen.")
        if locked.procesregisseur_id == to.pk:
            raise ServiceError("Deze procesregisseur heeft het dossier al.")
        previous = locked.procesregisseur
        locked.procesregisseur = to
        locked.save(update_fields=["procesregisseur"])
        event = step(
            locked,
            kind=EventKind.TOEGEWEZEN,
            by=by,
            text=f"Van {previous.display_name} naar {to.display_name}. Reden: {reason}",
        )
        audit(locked, by=by, event="procesregisseur_gewijzigd", van=previous.pk, naar=to.pk)
        _mail_regisseur(
            locked,
            key=f"pga:toegewezen:{locked.pk}:stap:{event.pk}",
            subject=f"PGA-dossier {locked.casus.reference} aan u toegewezen",
            template="pga/mail/toegewezen.txt",
        )
    dossier.procesregisseur = to
    return locked


def dossier_plan_first_contact(*, dossier: PgaDossier, at: datetime.datetime, by: User) -> PgaDossier:
    """The first contact moment with the melder; the melder sees it on the case page and gets a mail."""
    if at is None:
        raise ServiceError("Kies de datum en het tijdstip van het eerste contactmoment.")
    if at < timezone.now():
        raise ServiceError("Het eerste contactmoment ligt in de toekomst.")
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        locked.first_contact_at = at
        locked.save(update_fields=["first_contact_at"])
        local = timezone.localtime(at)
        step(
            locked,
            kind=EventKind.CONTACTMOMENT,
            by=by,
            text=f"Eerste contactmoment met de melder: {local:%d-%m-%Y %H:%M}.",
        )
        audit(locked, by=by, event="eerste_contactmoment")
        _mail_melder(
            locked,
            key=f"pga:contactmoment:{locked.pk}:{local:%Y%m%d%H%M}",
            subject=f"Eerste contactmoment over casus {locked.casus.reference}",
            template="pga/mail/contactmoment.txt",
            moment=local,
        )
    return locked


def dossier_close(
    *,
    dossier: PgaDossier,
    reason: str,
    evaluation: str,
    by: User,
    explanation: str = "",
    monitoring_date: datetime.date | None = None,
) -> Closure:
    """Close the dossier with a reason and an evaluation; the casus becomes ``afgesloten``.

    With a monitoring date the dossier waits in ``monitoren``: the procesregisseur is reminded on
    that day and may reopen it. The melder is mailed (reference and link, no reason, no names).
    """
    if reason not in ClosingReason.values:
        raise ServiceError("Kies de reden van afsluiten.")
    if reason == ClosingReason.ANDERS:
        explanation = require_text(explanation, "Licht de reden 'anders' toe.")
    evaluation = require_text(evaluation, "Schrijf de evaluatie van de aanpak.")
    if monitoring_date is not None and monitoring_date <= today():
        raise ServiceError("De monitoringsdatum ligt na vandaag.")
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        now = timezone.now()
        move(locked, DossierPhase.MONITOREN if monitoring_date else DossierPhase.AFGESLOTEN)
        locked.closed_at = now
        locked.monitoring_date = monitoring_date
        locked.save(update_fields=["phase", "closed_at", "monitoring_date"])
        closure = Closure.objects.create(
            dossier=locked,
            reason=reason,
            explanation=explanation.strip(),
            evaluation=evaluation,
            monitoring_date=monitoring_date,
            closed_by=by,
            closed_at=now,
        )
        casus_transition(
            casus=locked.casus,
            to=CasusStatus.AFGESLOTEN,
            by=by,
            reason=f"PGA afgesloten: {closure.get_reason_display()}.",
        )
        text = f"Dossier afgesloten. Reden: {closure.get_reason_display()}."
        if monitoring_date:
            text += f" Monitoring op {monitoring_date:%d-%m-%Y}."
        step(locked, kind=EventKind.AFSLUITING, by=by, text=text, closure=closure)
        audit(locked, by=by, obj=closure, action=AuditAction.CREATE, event="dossier_afgesloten", reden=reason)
        _mail_melder(
            locked,
            key=f"pga:afgesloten:{closure.pk}",
            subject=f"PGA voor casus {locked.casus.reference} afgesloten",
            template="pga/mail/afgesloten.txt",
        )
    dossier.refresh_from_db()
    return closure


def _monitored_closure(dossier: PgaDossier, by: User) -> Closure:
    ensure_own_dossier(dossier, by)
    if dossier.phase != DossierPhase.MONITOREN:
        raise ServiceError("Alleen een afgesloten dossier met een monitoringsdatum kan worden gemonitord of heropend.")
    return dossier.closures.select_for_update().order_by("-closed_at", "-id").first()


def dossier_monitoring_complete(*, dossier: PgaDossier, note: str, by: User) -> PgaDossier:
    """The monitoring check found no reason to reopen: the dossier is finally closed."""
    note = require_text(note, "Schrijf kort wat de monitoring opleverde.")
    with transaction.atomic():
        locked = lock(dossier)
        closure = _monitored_closure(locked, by)
        move(locked, DossierPhase.AFGESLOTEN)
        locked.monitoring_date = None
        locked.save(update_fields=["phase", "monitoring_date"])
        closure.monitoring_done_at = timezone.now()
        closure.monitoring_note = note
        closure.save(update_fields=["monitoring_done_at", "monitoring_note"])
        step(
            locked,
            kind=EventKind.MONITORING,
            by=by,
            text=f"Monitoring afgerond, niet heropend: {note}",
            closure=closure,
        )
        audit(locked, by=by, obj=closure, event="monitoring_afgerond")
    return locked


def dossier_reopen(*, dossier: PgaDossier, reason: str, by: User) -> PgaDossier:
    """At monitoring, reopen the dossier with a reason: the casus returns to ``pga`` and the work goes on."""
    reason = require_text(reason, "Geef de reden om het dossier te heropenen.")
    with transaction.atomic():
        locked = lock(dossier)
        closure = _monitored_closure(locked, by)
        move(locked, DossierPhase.UITVOEREN)
        locked.closed_at = None
        locked.monitoring_date = None
        locked.save(update_fields=["phase", "closed_at", "monitoring_date"])
        now = timezone.now()
        closure.monitoring_done_at = now
        closure.reopened_at = now
        closure.reopen_reason = reason
        closure.save(update_fields=["monitoring_done_at", "reopened_at", "reopen_reason"])
        casus_transition(casus=locked.casus, to=CasusStatus.PGA, by=by, reason="PGA heropend na monitoring.")
        step(
            locked,
            kind=EventKind.HEROPEND,
            by=by,
            text=f"Dossier heropend na monitoring. Reden: {reason}",
            closure=closure,
        )
        audit(locked, by=by, obj=closure, event="dossier_heropend")
        _mail_melder(
            locked,
            key=f"pga:heropend:{closure.pk}",
            subject=f"PGA voor casus {locked.casus.reference} heropend",
            template="pga/mail/heropend.txt",
        )
    return locked
