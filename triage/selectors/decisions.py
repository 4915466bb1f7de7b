"""Reads of the triage's decisions: the chair's session, the decision letter, the outcome on the casus page.

Who sees a decision:

* a triagevoorzitter: every decision, from the moment it is recorded (they take part);
* the melder (and their colleagues, who share the organisation's cases): once the meeting is
  closed, because that is when the outcome is sent; the triage's own motivation never;
* whom a later step registers (``triage.extensions.register_decision_readers``): pga lets the
  procesregisseur of a running PGA dossier read its decision and print the letter;
* nobody else (a partner has the invitation).
"""

import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from intake.models import Casus
from intake.selectors import casus_denied, visible_cases_q
from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from ..constants import AgendaItemStatus
from ..extensions import registered_decision_readers
from ..models import AgendaItem, CasusoverlegInvitee, TriageDecision, TriageMeeting
from .invitations import slot_of

# An agenda slot: on the agenda, discussed, or moved on with a decision ("niet besproken").
SESSION_ITEMS = Q(status__in=(AgendaItemStatus.GEAGENDEERD, AgendaItemStatus.BESPROKEN)) | Q(decision__isnull=False)


def decisions_with_details() -> QuerySet[TriageDecision]:
    """Decisions with what the letter and the casus page show, in a fixed number of queries."""
    return TriageDecision.objects.select_related(
        "item__meeting", "item__casus__organisation", "item__moved_to__meeting", "procesregisseur"
    ).prefetch_related(
        Prefetch("invitees", queryset=CasusoverlegInvitee.objects.select_related("organisation"))
    )


@dataclass(frozen=True)
class Slot:
    item: AgendaItem
    starts_at: object | None  # aware datetime, or None for an item beyond the meeting's capacity
    ends_at: object | None

    @property
    def decision(self) -> TriageDecision | None:
        return getattr(self.item, "decision", None)


def session_slots(meeting: TriageMeeting) -> list[Slot]:
    """The agenda of a finalised meeting in slot order, each with its time and decision (one query)."""
    items = (
        meeting.items.filter(SESSION_ITEMS, position__isnull=False)
        .select_related("casus", "decision")
        .order_by("position", "pk")
    )
    times = meeting.slots()
    return [Slot(item, *slot_of(times, item.position)) for item in items]


def session_slot(meeting: TriageMeeting, item_id: int) -> tuple[Slot, Slot | None, Slot | None]:
    """One slot with the previous and the next; AgendaItem.DoesNotExist when it is not on this agenda."""
    slots = session_slots(meeting)
    for index, slot in enumerate(slots):
        if slot.item.pk == item_id:
            previous = slots[index - 1] if index else None
            following = slots[index + 1] if index + 1 < len(slots) else None
            return slot, previous, following
    raise AgendaItem.DoesNotExist


def melder_sees_outcome_q(user: User) -> Q:
    """Decisions a melder may read once the meeting is closed: those of their organisation's cases.

    Only a narrowing on top of the case check: callers first fetch the casus through
    ``visible_cases_q`` (as ``decision_for_letter`` and the casus page do).
    """
    if not user.has_role(Role.MELDER) or not user.organisation_id:
        return Q(pk__in=[])
    return Q(item__casus__organisation_id=user.organisation_id, item__meeting__closed_at__isnull=False)


def decisions_visible_to(user: User, casus: Casus) -> QuerySet[TriageDecision]:
    """The decisions on ``casus`` that ``user`` may read, newest first (see the module docstring)."""
    decisions = decisions_with_details().filter(item__casus=casus).order_by("-decided_at", "-pk")
    if user.has_role(Role.TRIAGEVOORZITTER):
        return decisions
    return decisions.filter(melder_sees_outcome_q(user) | registered_decision_readers(user))


def decision_for_letter(*, user: User, casus_id: uuid.UUID) -> TriageDecision:
    """The latest decision on a case the user may have the letter of, with the export audited.

    Raises TriageDecision.DoesNotExist (the view answers 404) when the case is not visible to
    the user or has no decision they may read yet; a refused attempt on an existing case is
    audited as DENIED, as everywhere.
    """
    casus = Casus.objects.filter(visible_cases_q(user), pk=casus_id).first()
    decision = decisions_visible_to(user, casus).first() if casus is not None else None
    if decision is None:
        casus_denied(user=user, casus_id=casus_id)
        raise TriageDecision.DoesNotExist
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=decision.item.casus,
        case_reference=decision.item.casus.reference or "",
        detail={"document": "besluitbrief", "besluit": decision.outcome, "formaat": "pdf"},
    )
    return decision
