"""Reads for the agenda of one triage meeting and the list of coming meetings.

The agenda shows cases by reference, urgency, age and slot: what the chair needs to decide who
fits and in which order, and what a fixed partner needs to plan the meeting. Names and other
personal data of betrokkenen are not read here; the case content stays on the chair's case
pages (verrijking, dossier), which audit their own reads.

Which items are where (``AgendaItem`` with status gebonden, before finalising):

* **ready**: the casus is accepted (in verrijking, or moved on from an earlier triage): it can
  get a slot;
* **unscreened**: the casus still waits for screening (aangemeld, aanvulling gevraagd): it cannot
  be discussed yet and moves on when the agenda is finalised;
* **gone**: the casus was withdrawn, rejected or deleted meanwhile: its item lapses (vervallen).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from intake.constants import CasusStatus, Urgency
from intake.models import Casus
from participants.constants import FIXED_PARTNER_KINDS, Role
from participants.models import User

from ..constants import ACTIVE_AGENDA_STATUSES, AgendaItemStatus, CheckAnswer, MeetingStatus
from ..models import AgendaItem, TriageMeeting
from .bekendheidscheck import OPEN_FOR_TRIAGE
from .calendar import meetings_with_counts
from .invitations import slot_of

#: An accepted casus can get a slot: enriched, or moved on from an earlier triage.
READY_CASUS_STATUSES = (CasusStatus.IN_VERRIJKING, CasusStatus.DOORGESCHOVEN)
#: Not screened yet: cannot be discussed at this triage.
UNSCREENED_CASUS_STATUSES = (CasusStatus.AANGEMELD, CasusStatus.AANVULLING_GEVRAAGD)
#: The items an agenda lists; one moved on (doorgeschoven) is listed at its new meeting.
SHOWN_ITEM_STATUSES = (*ACTIVE_AGENDA_STATUSES, AgendaItemStatus.BESPROKEN, AgendaItemStatus.VERVALLEN)


class Rankable(Protocol):
    urgency: str
    submitted_at: datetime.datetime | None
    reference: str


R = TypeVar("R", bound=Rankable)


def _proposal_rank(row: Rankable) -> tuple:
    """High urgency first, then the oldest registration, the reference as a stable tie-break."""
    return (
        row.urgency != Urgency.HOOG,
        row.submitted_at or datetime.datetime.max.replace(tzinfo=datetime.UTC),
        row.reference,
    )


def overflow_split(rows: Sequence[R], capacity: int) -> tuple[list[R], list[R]]:
    """Split ready cases into those that fit ``capacity`` slots and those proposed to move on.

    Ranked by ``_proposal_rank``: a case that already waited (or moved on before) comes first.
    A pure function: the chair sees this as a proposal and may choose otherwise.
    """
    ranked = sorted(rows, key=_proposal_rank)
    return ranked[:capacity], ranked[capacity:]


@dataclass(frozen=True)
class AgendaRow:
    """One agenda item as plain values: what the agenda page, PDF and mails may show."""

    pk: int
    casus_id: str
    reference: str
    casus_status: str
    casus_status_label: str
    urgency: str
    urgency_label: str
    submitted_at: datetime.datetime | None
    item_status: str
    position: int | None
    open_checks: int
    attendance_label: str
    slot: tuple[datetime.datetime, datetime.datetime] | None = None

    @property
    def verrijking_complete(self) -> bool:
        return self.open_checks == 0


@dataclass(frozen=True)
class Agenda:
    """The agenda of one meeting, sorted into the groups of the module docstring."""

    meeting: TriageMeeting
    ready: list[AgendaRow]
    unscreened: list[AgendaRow]
    gone: list[AgendaRow]
    placed: list[AgendaRow]
    proposed_move: list[AgendaRow]

    @property
    def is_finalised(self) -> bool:
        return self.meeting.agenda_finalised_at is not None

    @property
    def overflow(self) -> int:
        """How many ready cases more than there are slots (0 when all fit)."""
        return max(0, len(self.ready) - self.meeting.capacity)

    @property
    def version(self) -> str:
        """The current order of the ready items; a form that posts an older one is stale."""
        return ",".join(str(row.pk) for row in self.ready)

    @property
    def rows(self) -> list[AgendaRow]:
        return [*self.placed, *self.ready, *self.unscreened, *self.gone]


def _open_checks() -> Count:
    """Bekendheidschecks still without an answer, or with requested information not yet given."""
    return Count(
        "casus__bekendheidschecks",
        filter=Q(casus__bekendheidschecks__answer=CheckAnswer.OPEN)
        | Q(
            casus__bekendheidschecks__info_requested_at__isnull=False,
            casus__bekendheidschecks__info_provided_at__isnull=True,
        ),
        distinct=True,
    )


def _row(item: AgendaItem) -> AgendaRow:
    casus = item.casus
    return AgendaRow(
        pk=item.pk,
        casus_id=str(casus.pk),
        reference=casus.reference or "",
        casus_status=casus.status,
        casus_status_label=casus.get_status_display(),
        urgency=casus.urgency,
        urgency_label=casus.get_urgency_display(),
        submitted_at=casus.submitted_at,
        item_status=item.status,
        position=item.position,
        open_checks=item.open_checks,
        attendance_label=item.get_attendance_display() if item.attendance else "",
    )


def _with_slots(rows: list[AgendaRow], meeting: TriageMeeting) -> list[AgendaRow]:
    """The rows in slot order, each with its (start, end); rows beyond the capacity get none."""
    slots = meeting.slots()
    return [replace(row, slot=slots[index] if index < len(slots) else None) for index, row in enumerate(rows)]


def ordered_ready(rows: Sequence[AgendaRow]) -> list[AgendaRow]:
    """The ready rows in the order the chair set; rows without a position (yet) follow in proposal order."""
    positioned = sorted((row for row in rows if row.position is not None), key=lambda row: (row.position, row.pk))
    return [*positioned, *sorted((row for row in rows if row.position is None), key=_proposal_rank)]


def agenda_items(meeting: TriageMeeting) -> QuerySet[AgendaItem]:
    """The items of ``meeting`` that belong on its agenda page: active and lapsed ones, with their casus."""
    return (
        AgendaItem.objects.filter(meeting=meeting, status__in=SHOWN_ITEM_STATUSES)
        .select_related("casus")
        .only(
            "id",
            "status",
            "position",
            "attendance",
            "meeting_id",
            "casus__id",
            "casus__reference",
            "casus__status",
            "casus__urgency",
            "casus__submitted_at",
        )
        .annotate(open_checks=_open_checks())
        .order_by("position", "id")
    )


def meeting_agenda(meeting: TriageMeeting) -> Agenda:
    """The agenda of ``meeting`` in one query, sorted into ready, unscreened, gone and placed items."""
    rows = [_row(item) for item in agenda_items(meeting)]
    bound = [row for row in rows if row.item_status == AgendaItemStatus.GEBONDEN]
    ready = ordered_ready([row for row in bound if row.casus_status in READY_CASUS_STATUSES])
    _, move = overflow_split(ready, meeting.capacity)
    placed = sorted(
        (row for row in rows if row.item_status in (AgendaItemStatus.GEAGENDEERD, AgendaItemStatus.BESPROKEN)),
        key=lambda row: (row.position or 0, row.pk),
    )
    return Agenda(
        meeting=meeting,
        ready=_with_slots(ready, meeting),
        unscreened=[row for row in bound if row.casus_status in UNSCREENED_CASUS_STATUSES],
        gone=[
            row
            for row in rows
            if row.item_status == AgendaItemStatus.VERVALLEN
            or (
                row.item_status == AgendaItemStatus.GEBONDEN
                and row.casus_status not in (*READY_CASUS_STATUSES, *UNSCREENED_CASUS_STATUSES)
            )
        ],
        placed=_placed_slots(placed, meeting),
        proposed_move=move,
    )


def _placed_slots(rows: list[AgendaRow], meeting: TriageMeeting) -> list[AgendaRow]:
    """A finalised item keeps the slot of its stored position."""
    slots = meeting.slots()
    placed = []
    for row in rows:
        start, end = slot_of(slots, row.position)
        placed.append(replace(row, slot=(start, end) if start else None))
    return placed


# --------------------------------------------------------------------------- who may see it


def is_fixed_partner_user(user: User) -> bool:
    """A ketenpartner of an active fixed-partner organisation: a participant of every triage."""
    organisation = user.organisation
    return (
        user.has_role(Role.KETENPARTNER)
        and organisation is not None
        and organisation.is_active
        and organisation.kind in FIXED_PARTNER_KINDS
    )


def meeting_for_agenda(*, user: User, meeting_id: int) -> TriageMeeting:
    """The meeting whose agenda ``user`` may see; ``DoesNotExist`` otherwise (the view answers 404).

    A chair sees every meeting's agenda; a fixed partner only a finalised one (before that it
    is the chair's work in progress); nobody else any.
    """
    meeting = TriageMeeting.objects.get(pk=meeting_id)
    if not agenda_visible_to(user, meeting):
        raise TriageMeeting.DoesNotExist
    return meeting


def agenda_visible_to(user: User, meeting: TriageMeeting) -> bool:
    """The rule of ``meeting_for_agenda``, for a meeting already read (the overview's links)."""
    if user.has_role(Role.TRIAGEVOORZITTER):
        return True
    return is_fixed_partner_user(user) and meeting.agenda_finalised_at is not None


# --------------------------------------------------------------------------- the overview


@dataclass(frozen=True)
class MeetingOverviewRow:
    meeting: TriageMeeting
    case_count: int
    is_past: bool = False
    may_open_agenda: bool = False

    @property
    def intake_open(self) -> bool:
        return self.meeting.intake_closed_at is None

    @property
    def is_finalised(self) -> bool:
        return self.meeting.agenda_finalised_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.meeting.status == MeetingStatus.GEANNULEERD

    @property
    def is_closed(self) -> bool:
        return self.meeting.closed_at is not None



def upcoming_meetings_overview(
    *, user: User, today: datetime.date | None = None, limit: int = 8
) -> list[MeetingOverviewRow]:
    """The next ``limit`` meetings (cancelled ones included, marked) with how many cases go to each.

    Past meetings that still hold cases come first (not closed, cases bound or on the agenda):
    the chair has to record their decisions and close them, or move their cases on, so they
    must not drop off the page the day after. The count is the cases bound to or on the agenda
    of the meeting, plus the open cases that still wait for the cutoff and were told this date.
    Three queries however many meetings. Counts only: the overview is also shown to partners.
    """
    today = today or timezone.localdate()
    ordered = meetings_with_counts().order_by("date", "starts_at")
    unfinished = ordered.filter(
        date__lt=today, status=MeetingStatus.GEPLAND, closed_at__isnull=True, active_count__gt=0
    )
    meetings = [*unfinished, *ordered.filter(date__gte=today)[:limit]]
    bound_anywhere = AgendaItem.objects.filter(status__in=ACTIVE_AGENDA_STATUSES).values("casus_id")
    waiting = dict(
        Casus.objects.filter(
            status__in=OPEN_FOR_TRIAGE, target_triage_date__in=[m.date for m in meetings if m.intake_closed_at is None]
        )
        .exclude(pk__in=bound_anywhere)
        .values_list("target_triage_date")
        .annotate(n=Count("id"))
        .values_list("target_triage_date", "n")
    )
    counted_dates: set[datetime.date] = set()
    rows = []
    for meeting in meetings:
        extra = 0
        # Waiting cases aim at a date, not a meeting: count them once, at the first held meeting that day.
        if meeting.status == MeetingStatus.GEPLAND and meeting.date not in counted_dates:
            extra = waiting.get(meeting.date, 0)
            counted_dates.add(meeting.date)
        rows.append(
            MeetingOverviewRow(
                meeting=meeting,
                case_count=meeting.active_count + extra,
                is_past=meeting.date < today,
                # A cancelled meeting has no agenda to open.
                may_open_agenda=meeting.status == MeetingStatus.GEPLAND and agenda_visible_to(user, meeting),
            )
        )
    return rows
