"""What every PGA service shares: locking the dossier, who may change it, the timeline, the audit entry."""

import datetime

from django.conf import settings
from django.utils import timezone

from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from ..constants import DossierPhase, EventKind
from ..models import DossierEvent, PgaDossier, PlanVersion
from ..phases import ensure_allowed


def lock(dossier: PgaDossier) -> PgaDossier:
    """The dossier row, locked until the caller's transaction ends (call inside ``transaction.atomic``)."""
    return PgaDossier.objects.select_for_update().select_related("casus", "procesregisseur").get(pk=dossier.pk)


def ensure_own_dossier(dossier: PgaDossier, by: User) -> None:
    """Only the assigned procesregisseur changes a dossier (chairs read and reassign)."""
    if not by.has_role(Role.PROCESREGISSEUR) or dossier.procesregisseur_id != by.pk:
        raise ServiceError("Alleen de procesregisseur van dit dossier kan het dossier wijzigen.")


def ensure_running(dossier: PgaDossier) -> None:
    if dossier.closed_at is not None:
        raise ServiceError("Dit dossier is afgesloten en kan niet meer worden gewijzigd.")


def ensure_can_work(dossier: PgaDossier, by: User) -> None:
    """The ordinary check of a change: the procesregisseur's own, running dossier."""
    ensure_own_dossier(dossier, by)
    ensure_running(dossier)


def move(dossier: PgaDossier, to: DossierPhase) -> None:
    """Change the phase through the table (``pga.phases``); the caller saves the dossier."""
    ensure_allowed(dossier.phase, to)
    dossier.phase = to


def step(
    dossier: PgaDossier,
    *,
    kind: EventKind,
    by: User | None,
    text: str,
    plan_version=None,
    contact=None,
    escalation=None,
    closure=None,
) -> DossierEvent:
    """One step on the timeline, pointing at the record it is about (the dossier page reads those through it)."""
    return DossierEvent.objects.create(
        dossier=dossier,
        kind=kind,
        by=by,
        text=text,
        plan_version=plan_version,
        contact=contact,
        escalation=escalation,
        closure=closure,
    )


def audit(dossier: PgaDossier, *, by: User | None, obj=None, action=AuditAction.UPDATE, event: str, **detail) -> None:
    """The audit entry of a change: identifiers only, never the texts."""
    audit_record(
        actor=by,
        action=action,
        obj=obj if obj is not None else dossier,
        case_reference=dossier.casus.reference or "",
        detail={"gebeurtenis": event, "dossier": dossier.pk, **detail},
    )


def require_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message)
    return value


def today() -> datetime.date:
    return timezone.localdate()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it has fewer days (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def latest_postponement_date(start: datetime.date) -> datetime.date:
    """The furthest review date of a postponement made on ``start`` (setting ``ZVH_PGA_POSTPONE_MAX_MONTHS``)."""
    return add_months(start, settings.ZVH_PGA_POSTPONE_MAX_MONTHS)


def snapshot_plan(dossier: PgaDossier, *, by: User, change: str, agreed: bool = False) -> PlanVersion:
    """Write the plan as it stands now as the next version (the dossier is locked by the caller)."""
    goals = list(dossier.goals.order_by("created_at", "id"))
    actions = list(dossier.actions.select_related("owner_organisation").order_by("due_date", "id"))
    snapshot = {
        "goals": [
            {
                "id": goal.pk,
                "life_domain": goal.get_life_domain_display(),
                "description": goal.description,
                "status": goal.get_status_display(),
            }
            for goal in goals
        ],
        "actions": [
            {
                "id": action.pk,
                "goal_id": action.goal_id,
                "description": action.description,
                "owner": action.owner_organisation.name,
                "contact_person": action.contact_person,
                "due_date": action.due_date.isoformat(),
                "status": action.get_status_display(),
                "status_note": action.status_note,
            }
            for action in actions
        ],
    }
    last = dossier.plan_versions.order_by("-number").values_list("number", flat=True).first() or 0
    return PlanVersion.objects.create(
        dossier=dossier, number=last + 1, change=change[:300], agreed=agreed, snapshot=snapshot, created_by=by
    )
