"""The plan of approach: goals per life domain, actions per owner organisation, and agreeing the plan.

Every change writes a new ``PlanVersion`` (the whole plan as it stands) and a timeline step that
points at it, so the plan as it was at any moment can be shown again.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from intake.constants import LifeDomain
from participants.constants import Role
from participants.models import Organisation, User
from zvh.audit.constants import AuditAction
from zvh.core.exceptions import ServiceError

from ..constants import PARTNER_REPORTS, ActionStatus, DossierPhase, EventKind, GoalStatus
from ..models import Action, Goal, PgaDossier, PlanVersion
from .common import audit, ensure_can_work, ensure_running, lock, move, require_text, snapshot_plan, step


def _record(dossier: PgaDossier, *, by: User, text: str, kind: EventKind, agreed: bool = False) -> PlanVersion:
    version = snapshot_plan(dossier, by=by, change=text, agreed=agreed)
    step(dossier, kind=kind, by=by, text=f"{text} (planversie {version.number})", plan_version=version)
    return version


def goal_add(*, dossier: PgaDossier, life_domain: str, description: str, by: User) -> Goal:
    if life_domain not in LifeDomain.values:
        raise ServiceError("Kies het leefgebied van het doel.")
    description = require_text(description, "Beschrijf het doel.")
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        goal = Goal.objects.create(dossier=locked, life_domain=life_domain, description=description)
        _record(
            locked,
            by=by,
            kind=EventKind.PLAN,
            text=f"Doel toegevoegd ({goal.get_life_domain_display()}): {description}",
        )
        audit(locked, by=by, obj=goal, action=AuditAction.CREATE, event="doel_toegevoegd")
    return goal


def goal_set_status(*, goal: Goal, status: str, by: User) -> Goal:
    if status not in GoalStatus.values:
        raise ServiceError("Kies de status van het doel.")
    with transaction.atomic():
        locked = lock(goal.dossier)
        ensure_can_work(locked, by)
        goal = Goal.objects.select_for_update().get(pk=goal.pk, dossier=locked)
        if goal.status == status:
            raise ServiceError("Het doel heeft deze status al.")
        goal.status = status
        goal.save(update_fields=["status"])
        _record(
            locked,
            by=by,
            kind=EventKind.PLAN,
            text=f"Status van doel ({goal.get_life_domain_display()}): {goal.get_status_display()}",
        )
        audit(locked, by=by, obj=goal, event="doel_status", status=status)
    return goal


def action_add(
    *,
    dossier: PgaDossier,
    description: str,
    owner_organisation: Organisation | None,
    due_date: datetime.date | None,
    by: User,
    contact_person: str = "",
    goal: Goal | None = None,
    overleg=None,
) -> Action:
    """An action for a partner: what, which organisation owns it (optionally who there), by when.

    ``overleg``: the casusoverleg whose agreement this is (its minutes then show the action).
    """
    description = require_text(description, "Beschrijf wat er moet gebeuren.")
    if owner_organisation is None or not owner_organisation.is_active:
        raise ServiceError("Kies de organisatie die eigenaar is van de actie.")
    if due_date is None:
        raise ServiceError("Kies de datum waarop de actie uiterlijk gedaan is.")
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        if goal is not None and goal.dossier_id != locked.pk:
            raise ServiceError("Dit doel hoort niet bij dit dossier.")
        if overleg is not None and overleg.dossier_id != locked.pk:
            raise ServiceError("Dit casusoverleg hoort niet bij dit dossier.")
        action = Action.objects.create(
            dossier=locked,
            goal=goal,
            description=description,
            owner_organisation=owner_organisation,
            contact_person=(contact_person or "").strip(),
            due_date=due_date,
            overleg=overleg,
            created_by=by,
        )
        agreed_in = f" (afspraak casusoverleg {overleg.number})" if overleg is not None else ""
        _record(
            locked,
            by=by,
            kind=EventKind.ACTIE,
            text=f"Actie toegevoegd{agreed_in} voor {owner_organisation.name}, "
            f"uiterlijk {due_date:%d-%m-%Y}: {description}",
        )
        audit(
            locked,
            by=by,
            obj=action,
            action=AuditAction.CREATE,
            event="actie_toegevoegd",
            organisatie=owner_organisation.pk,
        )
    return action


def action_set_status(*, action: Action, status: str, by: User, note: str = "") -> Action:
    """A new status with a note; cancelling (vervallen) always needs one."""
    if status not in ActionStatus.values:
        raise ServiceError("Kies de status van de actie.")
    note = (note or "").strip()
    if status == ActionStatus.VERVALLEN and not note:
        raise ServiceError("Geef aan waarom de actie vervalt.")
    with transaction.atomic():
        locked = lock(action.dossier)
        ensure_can_work(locked, by)
        action = (
            Action.objects.select_for_update().select_related("owner_organisation").get(pk=action.pk, dossier=locked)
        )
        if action.status == status and action.status_note == note:
            raise ServiceError("De actie heeft deze status al.")
        action.status = status
        action.status_note = note
        action.save(update_fields=["status", "status_note", "updated_at"])
        _record(
            locked,
            by=by,
            kind=EventKind.ACTIE,
            text=f"Actie van {action.owner_organisation.name}: {action.get_status_display()}"
            f"{'. ' + note if note else ''}",
        )
        audit(locked, by=by, obj=action, event="actie_status", status=status)
    return action


def plan_agree(*, dossier: PgaDossier, by: User) -> PlanVersion:
    """Record the plan as agreed now; from the phase plan the dossier moves to uitvoeren."""
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        if locked.phase == DossierPhase.INFORMEREN:
            raise ServiceError("Leg eerst vast dat de betrokkene is geïnformeerd, of waarom dat is uitgesteld.")
        if not locked.goals.exists() or not locked.actions.exists():
            raise ServiceError("Een plan van aanpak heeft ten minste één doel en één actie.")
        if locked.phase == DossierPhase.PLAN:
            move(locked, DossierPhase.UITVOEREN)
            locked.save(update_fields=["phase"])
        version = _record(locked, by=by, kind=EventKind.PLAN, text="Plan van aanpak vastgesteld", agreed=True)
        audit(locked, by=by, obj=version, event="plan_vastgesteld", versie=version.number)
    return version


def action_report(*, action: Action, status: str, by: User, note: str = "") -> Action:
    """A ketenpartner reports back on an action of their own organisation: in progress, done (with a
    note) or cannot be done (with a reason). The procesregisseur sees it in the plan and the timeline."""
    if status not in PARTNER_REPORTS:
        raise ServiceError("Kies: in uitvoering, gedaan of kan niet worden gedaan.")
    note = (note or "").strip()
    if status == ActionStatus.GEDAAN and not note:
        raise ServiceError("Schrijf kort wat er is gedaan.")
    if status == ActionStatus.NIET_MOGELIJK and not note:
        raise ServiceError("Geef aan waarom de actie niet kan worden gedaan.")
    with transaction.atomic():
        locked = lock(action.dossier)
        ensure_running(locked)
        action = (
            Action.objects.select_for_update().select_related("owner_organisation").get(pk=action.pk, dossier=locked)
        )
        if not by.has_role(Role.KETENPARTNER) or by.organisation_id != action.owner_organisation_id:
            raise ServiceError("Alleen een ketenpartner van de eigenaar meldt deze actie terug.")
        if not locked.casusoverleggen.filter(participants__organisation_id=by.organisation_id).exists():
            raise ServiceError("Uw organisatie neemt niet (meer) deel aan het casusoverleg van dit dossier.")
        if action.status in (ActionStatus.GEDAAN, ActionStatus.VERVALLEN):
            raise ServiceError(f"Deze actie is al {action.get_status_display().lower()}.")
        if action.status == status and action.status_note == note:
            raise ServiceError("De actie heeft deze status al.")
        action.status, action.status_note, action.reported_at = status, note, timezone.now()
        action.save(update_fields=["status", "status_note", "reported_at", "updated_at"])
        _record(
            locked,
            by=by,
            kind=EventKind.ACTIE,
            text=f"Teruggemeld door {action.owner_organisation.name}: {action.get_status_display()}"
            f"{'. ' + note if note else ''}",
        )
        audit(locked, by=by, obj=action, event="actie_teruggemeld", status=status)
    return action
