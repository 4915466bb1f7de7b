"""Who reads which PGA dossier, and the reads of the list pages and the dossier page.

Need-to-know (docs/decisions.md, "PGA"):

* the assigned procesregisseur reads their dossier, running or closed (read-only once closed),
  and is the only one who changes it;
* a triagevoorzitter reads every dossier and reassigns it;
* everyone else (another procesregisseur, melders, partners, administrators) gets nothing: the
  view answers 404, and a refused attempt on an existing dossier is written to the audit log.

"The dossier runs" is one rule, ``running_q``: ``closed_at`` is empty. "Mijn dossiers" (running
view) and the case visibility of the procesregisseur (registered with intake) both use it.
"""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, DateField, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from intake.models import Betrokkene, Casus
from intake.selectors import betrokkenen_for_lists
from participants.constants import Role
from participants.models import User
from triage.constants import DecisionOutcome
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from ..constants import ACTION_PENDING, OVERLEG_OPEN, DossierPhase, InformingStatus
from ..models import (
    Action,
    Casusoverleg,
    DossierEvent,
    Escalation,
    Goal,
    InformingStep,
    PgaDossier,
    PlanVersion,
)

# Sorts after every real date: "nothing due" in the next-date column.
NO_DATE = datetime.date(9999, 12, 31)


def running_q(prefix: str = "") -> Q:
    """The one definition of a running dossier (``prefix`` reaches it from another model, e.g. "pga_dossier__")."""
    return Q(**{f"{prefix}closed_at__isnull": True})


def _own_running_dossier_q(user: User, prefix: str) -> Q:
    """Rows that reach (through ``prefix``) a running dossier ``user`` is the procesregisseur of."""
    if not user.has_role(Role.PROCESREGISSEUR):
        return Q(pk__in=[])
    return Q(**{f"{prefix}procesregisseur": user}) & running_q(prefix)


def procesregisseur_sees_running_dossiers(user: User) -> Q:
    """The cases a procesregisseur may open (registered with intake's ``visible_cases_q``).

    Only while the dossier runs: a closed dossier is read on pga's own pages (read-only), not
    through the full registration.
    """
    return _own_running_dossier_q(user, "pga_dossier__")


def procesregisseur_reads_pga_decision(user: User) -> Q:
    """The PGA decisions of a procesregisseur's running dossiers (registered with triage's decision readers).

    They carry the decision out, so they print its letter (for the partners and the melder they
    work with); like the registration, only while the dossier runs.
    """
    return _own_running_dossier_q(user, "item__casus__pga_dossier__") & Q(outcome=DecisionOutcome.PGA)


#: The registration's free texts, which no dossier list shows: deferred with the casus (issue 16).
CASUS_LIST_DEFERRED = tuple(f"casus__{name}" for name in Casus.LIST_DEFERRED)


def _with_dates(queryset: QuerySet[PgaDossier]) -> QuerySet[PgaDossier]:
    """Annotate what the lists show and sort on: overdue actions, the next date that matters
    (an informing review, an action due, a monitoring check or the next planned casusoverleg)."""
    today = timezone.localdate()
    pending = Q(actions__status__in=ACTION_PENDING)
    next_overleg = (
        Casusoverleg.objects.filter(dossier=OuterRef("pk"), status__in=OVERLEG_OPEN, date__gte=today)
        .order_by("date")
        .values("date")[:1]
    )
    return (
        queryset.select_related("casus", "procesregisseur")
        .defer(*CASUS_LIST_DEFERRED)
        .prefetch_related(betrokkenen_for_lists("casus__betrokkenen"))
        .annotate(
            next_action_due=Min("actions__due_date", filter=pending),
            overdue_actions=Count("actions", filter=pending & Q(actions__due_date__lt=today), distinct=True),
            open_escalations=Count("escalations", filter=Q(escalations__answered_at__isnull=True), distinct=True),
            # A subquery, not a third join: the counts above would multiply by the meetings.
            next_overleg=Subquery(next_overleg),
        )
        .annotate(
            next_date=Least(
                Coalesce("informing_review_date", Value(NO_DATE), output_field=DateField()),
                Coalesce("next_action_due", Value(NO_DATE), output_field=DateField()),
                Coalesce("monitoring_date", Value(NO_DATE), output_field=DateField()),
                Coalesce("next_overleg", Value(NO_DATE), output_field=DateField()),
                output_field=DateField(),
            )
        )
    )


def attention_q() -> Q:
    """A dossier with something overdue or due today: a review, an action, a monitoring check."""
    today = timezone.localdate()
    return Q(informing_review_date__lte=today) | Q(monitoring_date__lte=today) | Q(overdue_actions__gt=0)


def dossiers_for_regisseur(user: User) -> QuerySet[PgaDossier]:
    """The procesregisseur's own dossiers, running and closed; nobody sees another regisseur's here."""
    if not user.has_role(Role.PROCESREGISSEUR):
        return PgaDossier.objects.none()
    return _with_dates(PgaDossier.objects.filter(procesregisseur=user)).order_by("next_date", "-started_at")


def dossiers_for_chair(user: User) -> QuerySet[PgaDossier]:
    """Every dossier, for a triagevoorzitter (they oversee the PGA and reassign)."""
    if not user.has_role(Role.TRIAGEVOORZITTER):
        return PgaDossier.objects.none()
    return _with_dates(PgaDossier.objects.all()).order_by("next_date", "-started_at")


def open_escalations_for_chair(user: User) -> QuerySet[Escalation]:
    if not user.has_role(Role.TRIAGEVOORZITTER):
        return Escalation.objects.none()
    return (
        Escalation.objects.filter(answered_at__isnull=True)
        .select_related("dossier__casus", "dossier__procesregisseur", "raised_by")
        .order_by("raised_at", "id")
    )


@dataclass(frozen=True)
class Row:
    """One line of a dossier list, with what needs attention spelled out."""

    dossier: PgaDossier
    next_date: datetime.date | None
    days_running: int
    signals: list[str]
    next_is_overleg: bool = False  # the next date is a planned casusoverleg (the list says so)

    @property
    def needs_attention(self) -> bool:
        return bool(self.signals)


def row_of(dossier: PgaDossier, *, today: datetime.date | None = None) -> Row:
    today = today or timezone.localdate()
    end = timezone.localtime(dossier.closed_at).date() if dossier.closed_at else today
    signals = []
    if dossier.informing_review_date and dossier.informing_review_date <= today:
        signals.append("Uitstel informeren heroverwegen")
    if dossier.overdue_actions:
        n = dossier.overdue_actions
        signals.append(f"{n} {'actie' if n == 1 else 'acties'} over datum")
    if dossier.monitoring_date and dossier.monitoring_date <= today:
        signals.append("Monitoring uitvoeren")
    return Row(
        dossier=dossier,
        next_date=None if dossier.next_date in (None, NO_DATE) else dossier.next_date,
        next_is_overleg=dossier.next_overleg is not None and dossier.next_overleg == dossier.next_date,
        days_running=(end - timezone.localtime(dossier.started_at).date()).days,
        signals=signals,
    )


# --- one dossier ------------------------------------------------------------------------------------


def _readable_q(user: User) -> Q | None:
    if user.has_role(Role.TRIAGEVOORZITTER):
        return Q()
    if user.has_role(Role.PROCESREGISSEUR):
        return Q(procesregisseur=user)
    return None


def dossier_or_denied(user: User, casus_id: uuid.UUID, allowed: Q | None) -> PgaDossier:
    found = None
    if allowed is not None and user.is_authenticated and user.is_active:
        found = (
            PgaDossier.objects.filter(allowed, casus_id=casus_id)
            .select_related("casus__organisation", "casus__melder", "procesregisseur")
            .first()
        )
    if found is not None:
        return found
    existing = PgaDossier.objects.filter(casus_id=casus_id).first()
    if existing is not None:
        audit_record(actor=user, action=AuditAction.DENIED, detail={"object": f"pga.pgadossier:{existing.pk}"})
    raise PgaDossier.DoesNotExist


def dossier_for_reading(
    *, user: User, casus_id: uuid.UUID, page: str, audit_action: AuditAction = AuditAction.VIEW
) -> PgaDossier:
    """The dossier if ``user`` may read it (module docstring), with the read audited; DoesNotExist otherwise."""
    dossier = dossier_or_denied(user, casus_id, _readable_q(user))
    audit_record(
        actor=user,
        action=audit_action,
        obj=dossier,
        case_reference=dossier.casus.reference or "",
        detail={"pagina": page},
    )
    return dossier


def dossier_for_changing(*, user: User, casus_id: uuid.UUID, page: str, audit_read: bool) -> PgaDossier:
    """The dossier if ``user`` is its procesregisseur (the only one who changes it); DoesNotExist otherwise.

    ``audit_read``: the form page shows parts of the dossier (a GET); a POST is audited by the service.
    """
    allowed = Q(procesregisseur=user) if user.has_role(Role.PROCESREGISSEUR) else None
    dossier = dossier_or_denied(user, casus_id, allowed)
    if audit_read:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            obj=dossier,
            case_reference=dossier.casus.reference or "",
            detail={"pagina": page},
        )
    return dossier


def dossier_for_reassigning(*, user: User, casus_id: uuid.UUID) -> PgaDossier:
    """A chair reassigns any dossier that is not finally closed; others get DoesNotExist."""
    allowed = Q() if user.has_role(Role.TRIAGEVOORZITTER) else None
    return dossier_or_denied(user, casus_id, allowed)


@dataclass
class DossierPage:
    """Everything the dossier page (and the summary PDF) shows, read in a fixed number of queries."""

    dossier: PgaDossier
    betrokkenen: list
    informing_steps: list
    goals: list
    actions: list
    plan_versions: list
    contacts: list
    escalations: list
    closures: list
    overleggen: list
    events: list
    today: datetime.date
    extra: dict = field(default_factory=dict)

    @property
    def casus(self):
        return self.dossier.casus

    @property
    def overdue_actions(self) -> list:
        return [action for action in self.actions if action.is_overdue]

    @property
    def review_overdue(self) -> bool:
        review = self.dossier.informing_review_date
        return bool(review and review <= self.today)

    @property
    def monitoring_due(self) -> bool:
        day = self.dossier.monitoring_date
        return bool(day and day <= self.today)

    @property
    def agreed_plan(self):
        return next((version for version in self.plan_versions if version.agreed), None)

    @property
    def current_closure(self):
        return self.closures[0] if self.closures and self.dossier.closed_at else None


def dossier_page(dossier: PgaDossier) -> DossierPage:
    """The dossier's parts for a user who may read it (the caller checked and audited that).

    One query per part, and none for the plan's versions, contacts, escalations and closures:
    each of those has a timeline step that points at it (``pga.services``, their only writers),
    so they come with the timeline.
    """
    today = timezone.localdate()
    events = list(
        DossierEvent.objects.filter(dossier=dossier).select_related(
            "by",
            "plan_version__created_by",
            "contact__recorded_by",
            "escalation__raised_by",
            "escalation__action",
            "closure__closed_by",
        )
    )
    actions = list(Action.objects.filter(dossier=dossier).select_related("owner_organisation", "goal"))
    for action in actions:
        action.is_overdue = action.status in ACTION_PENDING and action.due_date < today
    goals = list(Goal.objects.filter(dossier=dossier))
    by_goal: dict[int | None, list] = {}
    for action in actions:
        by_goal.setdefault(action.goal_id, []).append(action)
    for goal in goals:
        goal.plan_actions = by_goal.get(goal.pk, [])
    return DossierPage(
        dossier=dossier,
        betrokkenen=list(Betrokkene.objects.filter(casus_id=dossier.casus_id).order_by("id")),
        informing_steps=list(
            InformingStep.objects.filter(dossier=dossier).select_related("recorded_by", "partner_organisation")
        ),
        goals=goals,
        actions=actions,
        plan_versions=_records_of(events, "plan_version", newest_first=lambda version: version.number),
        contacts=_records_of(events, "contact", newest_first=lambda contact: (contact.contact_on, contact.pk)),
        escalations=_records_of(
            events, "escalation", newest_first=lambda escalation: (escalation.raised_at, escalation.pk)
        ),
        closures=_records_of(events, "closure", newest_first=lambda closure: (closure.closed_at, closure.pk)),
        overleggen=list(dossier.casusoverleggen.all()),
        events=events,
        today=today,
    )


def _records_of(events: list[DossierEvent], part: str, *, newest_first: Callable) -> list:
    """The records the steps point at through ``part``, each once, newest first (their models' ordering)."""
    records = {record.pk: record for event in events if (record := getattr(event, part)) is not None}
    return sorted(records.values(), key=newest_first, reverse=True)


def plan_version_of(dossier: PgaDossier, number: int) -> PlanVersion:
    return PlanVersion.objects.select_related("created_by").get(dossier=dossier, number=number)


def is_changeable_by(dossier: PgaDossier, user: User) -> bool:
    """Whether the page offers the change buttons: the own procesregisseur of a running dossier."""
    return dossier.procesregisseur_id == user.pk and user.has_role(Role.PROCESREGISSEUR) and dossier.closed_at is None


def may_monitor(dossier: PgaDossier, user: User) -> bool:
    return (
        dossier.procesregisseur_id == user.pk
        and user.has_role(Role.PROCESREGISSEUR)
        and dossier.phase == DossierPhase.MONITOREN
    )


def informing_is_open(dossier: PgaDossier) -> bool:
    return dossier.informing_status != InformingStatus.GEINFORMEERD
