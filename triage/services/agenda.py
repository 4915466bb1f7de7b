"""The chair makes the agenda of one triage: who moves on, in which order, and then it is fixed.

Why these rules (issue 5, "Agenda and invitations"):

* **Nobody is dropped silently.** When more accepted cases are ready than the meeting has
  slots, the system proposes which move on (``selectors.agenda.overflow_split``: urgency, then
  age) and the chair confirms or changes the choice (``agenda_move_overflow``). Each moved case
  is bound to the next held meeting (``agenda_item_move``), its casus becomes ``doorgeschoven``
  (the lifecycle's "no slot"), and its melder is told in the app and by mail. The agenda cannot
  be finalised while more cases are ready than there are slots.
* **Finalising** (``agenda_finalise``) is the moment the agenda becomes a promise: every ready
  item gets its slot (``geagendeerd``, casus ``geagendeerd``), a case still waiting for screening
  moves on to the next held meeting (its melder is told), and an item whose casus was withdrawn,
  rejected or deleted meanwhile lapses (``vervallen``, nobody to tell). Every melder gets an
  invitation for their slot and every active fixed partner with a functional address the
  agenda, each with an .ics. All of it commits together; the mails leave after the commit.
* **After the cutoff.** A regular meeting's agenda is finalised once its intake has closed
  (the Thursday 16:00 cutoff set ``intake_closed_at``), so no case is bound to it afterwards;
  cases that move on skip finalised meetings (``meeting_first_held``). An extra meeting gets
  only moved cases and can be finalised at any time.
* **Once.** A finalised agenda is not changed or finalised again here: the meeting row is
  locked first, so two chairs clicking at the same moment finalise it once, and the mail keys
  make a repeated queue a no-op.
* **The next held meeting** is searched from the day after the meeting, but never in the past:
  the cases of a meeting that has passed unnoticed go to the next meeting still to come.
* Mails hold the reference, dates, times, room and links only (docs/decisions.md, mail).
"""

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus, FeedbackKind
from intake.models import Casus, Feedback
from intake.presentation import date_in_words
from intake.selectors import melder_mail_address
from intake.services import casus_transition
from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.mail.services import absolute_url, mail_queue, mail_render

from ..constants import AgendaItemStatus, MeetingPhase
from ..models import AgendaItem, TriageMeeting
from ..selectors.agenda import READY_CASUS_STATUSES, UNSCREENED_CASUS_STATUSES, AgendaRow, meeting_agenda
from ..selectors.invitations import INVITATION_PREFIX
from .invitations import melder_mail_context, partners_mail, slot_calendar_attachment
from .lifecycle import agenda_item_transition, agenda_items_transition, meeting_transition
from .meetings import agenda_item_move, meeting_next_open, melder_tell_moved

INVITATION_TEMPLATE = "triage/mail/uitnodiging.txt"
PARTNER_AGENDA_TEMPLATE = "triage/mail/agenda_partner.txt"
STALE_MESSAGE = (
    "De agenda is intussen gewijzigd (door u in een ander venster of door een collega). Bekijk haar opnieuw."
)
Slot = tuple[datetime.datetime, datetime.datetime]

# Why a case moved, in the melder's words; fixed texts, never typed by a user.
WHY_NO_SLOT = "Er stonden meer casussen klaar dan er plaats is op deze triage."
WHY_NOT_SCREENED = "De aanmelding is nog niet beoordeeld (gescreend) en kon daarom nog niet op de agenda."


@dataclass(frozen=True)
class Overflow:
    """What confirming the overflow did: how many cases moved, and to which meeting."""

    moved_count: int
    moved_to: TriageMeeting


@dataclass(frozen=True)
class Finalisation:
    """What finalising did, for the chair's confirmation message."""

    meeting: TriageMeeting
    placed_count: int
    moved_count: int
    lapsed_count: int
    moved_to: TriageMeeting | None
    partner_count: int


def ensure_chair(user: User) -> None:
    user.require_role(Role.TRIAGEVOORZITTER, to="de agenda van een triage maken")


def agenda_refusal(meeting: TriageMeeting) -> str:
    """Why the agenda of ``meeting`` cannot be changed now, or "" when it can."""
    if not meeting.is_held:
        return "Deze triage is geannuleerd; er is geen agenda te maken."
    if meeting.agenda_finalised_at is not None:
        moment = timezone.localtime(meeting.agenda_finalised_at)
        return f"De agenda van deze triage is al vastgesteld op {date_in_words(moment.date())} om {moment:%H:%M}."
    return ""


def _lock_open_agenda(meeting: TriageMeeting) -> TriageMeeting:
    """Lock the meeting row (serialises every agenda change of it) and check it can still change."""
    locked = TriageMeeting.objects.select_for_update().get(pk=meeting.pk)
    refusal = agenda_refusal(locked)
    if refusal:
        raise ServiceError(refusal)
    return locked


def _locked_items(meeting: TriageMeeting) -> dict[int, AgendaItem]:
    """The bound items of ``meeting`` with their cases locked (in a fixed order: no deadlocks)."""
    items = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.GEBONDEN)}
    cases = {
        casus.pk: casus
        for casus in Casus.objects.select_for_update(of=("self",))
        .filter(pk__in=[item.casus_id for item in items.values()])
        .select_related("melder", "organisation")
        .order_by("pk")
    }
    for item in items.values():
        item.casus, item.meeting = cases[item.casus_id], meeting
    return items


def _ready(items: dict[int, AgendaItem]) -> set[int]:
    return {pk for pk, item in items.items() if item.casus.status in READY_CASUS_STATUSES}


def _move(*, item: AgendaItem, to: TriageMeeting, by: User, why: str) -> None:
    """Move one bound item to ``to`` and tell its melder; an accepted casus becomes ``doorgeschoven``."""
    reason = f"{why} Doorgeschoven van de triage van {date_in_words(item.meeting.date)} naar {date_in_words(to.date)}."
    if item.casus.status == CasusStatus.IN_VERRIJKING:
        casus_transition(casus=item.casus, to=CasusStatus.DOORGESCHOVEN, by=by, reason=reason)
    agenda_item_move(item=item, to=to, by=by, reason=reason)
    melder_tell_moved(
        casus=item.casus,
        new_meeting=to,
        by=by,
        key=f"triage-doorgeschoven:{item.pk}",
        why=f"De casus wordt niet besproken op de Integrale Triage van {date_in_words(item.meeting.date)}. {why}",
    )


# --------------------------------------------------------------------------- overflow


def agenda_move_overflow(*, meeting: TriageMeeting, item_ids: Collection[int], by: User) -> Overflow:
    """Move the chosen ready items to the next held meeting; afterwards the rest must fit the slots.

    The chair may move more than the proposal (a case that is better discussed later), never
    fewer than needed: after this at most ``capacity`` ready cases stay.
    """
    ensure_chair(by)
    chosen = set(item_ids)
    if not chosen:
        raise ServiceError("Kies de casussen die doorschuiven naar de volgende triage.")
    with transaction.atomic():
        locked = _lock_open_agenda(meeting)
        items = _locked_items(locked)
        ready = _ready(items)
        if not chosen <= ready:
            raise ServiceError(STALE_MESSAGE)
        staying = len(ready) - len(chosen)
        if staying > locked.capacity:
            short = staying - locked.capacity
            raise ServiceError(
                f"Deze triage heeft {locked.capacity} slot(s) en er blijven er dan {staying} over: "
                f"kies nog {short} casus(sen) om door te schuiven."
            )
        target = meeting_next_open(locked)
        for pk in sorted(chosen):
            _move(item=items[pk], to=target, by=by, why=WHY_NO_SLOT)
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=locked,
            detail={
                "gebeurtenis": "agenda_overloop_doorgeschoven",
                "agendapunten": sorted(chosen),
                "blijven": staying,
                "naar": target.date.isoformat(),
            },
        )
    return Overflow(moved_count=len(chosen), moved_to=target)


# --------------------------------------------------------------------------- order


def agenda_reorder(*, meeting: TriageMeeting, order: Sequence[int], by: User) -> None:
    """Give the ready items the slots in ``order`` (item ids; position 1 is the first slot).

    ``order`` must name exactly the ready items: a list made from an older page is refused
    rather than applied to an agenda that changed meanwhile.
    """
    ensure_chair(by)
    with transaction.atomic():
        locked = _lock_open_agenda(meeting)
        items = _locked_items(locked)
        ready = _ready(items)
        if len(order) != len(set(order)) or set(order) != ready:
            raise ServiceError(STALE_MESSAGE)
        if len(ready) > locked.capacity:
            raise ServiceError("Er staan meer casussen klaar dan er slots zijn: schuif eerst casussen door.")
        for position, pk in enumerate(order, start=1):
            item = items[pk]
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=locked,
            detail={"gebeurtenis": "agenda_volgorde", "agendapunten": list(order)},
        )


# --------------------------------------------------------------------------- finalising


def finalise_refusal(meeting: TriageMeeting) -> str | None:
    """Why the agenda of an open meeting cannot be finalised now whatever is on it, or None.

    The service's own check, and the agenda page's reason to offer no "Agenda vaststellen"
    button that would only be refused (issue 17: a past meeting still offered it).
    """
    if meeting.date < timezone.localdate():
        return (
            "Deze triage is al geweest: er valt niemand meer voor uit te nodigen. "
            "Schuif de casussen door naar de volgende triage."
        )
    if not meeting.is_extra and meeting.intake_closed_at is None:
        # Until the cutoff more cases can be bound to this meeting; they would miss the invitations.
        return (
            "De aanmelding voor deze triage is nog open. Stel de agenda vast nadat de aanmelding "
            "donderdag om 16:00 is gesloten."
        )
    return None


def agenda_finalise(*, meeting: TriageMeeting, by: User, expected_order: Sequence[int] | None = None) -> Finalisation:
    """Fix the agenda, invite every melder and send the agenda to the fixed partners (module docstring).

    ``expected_order`` is the order of ready items the chair saw; when the agenda changed since,
    nothing happens and the chair is asked to look again.
    """
    ensure_chair(by)
    with transaction.atomic():
        locked = _lock_open_agenda(meeting)
        refusal = finalise_refusal(locked)
        if refusal:
            raise ServiceError(refusal)
        items = _locked_items(locked)
        agenda = meeting_agenda(locked)
        if expected_order is not None and list(expected_order) != [row.pk for row in agenda.ready]:
            raise ServiceError(STALE_MESSAGE)
        if agenda.overflow:
            raise ServiceError(
                f"Er staan {len(agenda.ready)} casussen klaar voor {locked.capacity} slot(s): "
                f"schuif er eerst {agenda.overflow} door naar de volgende triage."
            )
        placed = _place(meeting=locked, rows=agenda.ready, items=items, by=by)
        unscreened = [item for item in items.values() if item.casus.status in UNSCREENED_CASUS_STATUSES]
        target = meeting_next_open(locked) if unscreened else None
        for item in sorted(unscreened, key=lambda item: item.pk):
            _move(item=item, to=target, by=by, why=WHY_NOT_SCREENED)
        lapsed = [pk for pk, item in items.items() if pk not in placed and item not in unscreened]
        agenda_items_transition(item_ids=lapsed, to=AgendaItemStatus.VERVALLEN, position=None)
        meeting_transition(
            meeting=locked, to=MeetingPhase.VASTGESTELD, agenda_finalised_at=timezone.now(), agenda_finalised_by=by
        )
        for item, slot in placed.values():
            _invite_melder(item=item, slot=slot, by=by)
        partners = _send_partner_agenda(meeting=locked, rows=agenda.ready)
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=locked,
            detail={
                "gebeurtenis": "agenda_vastgesteld",
                "geagendeerd": [row.pk for row in agenda.ready],
                "doorgeschoven": sorted(item.pk for item in unscreened),
                "vervallen": sorted(lapsed),
                "partners": partners,
            },
        )
    meeting.refresh_from_db()
    return Finalisation(
        meeting=meeting,
        placed_count=len(placed),
        moved_count=len(unscreened),
        lapsed_count=len(lapsed),
        moved_to=target,
        partner_count=partners,
    )


def _place(
    *, meeting: TriageMeeting, rows: list[AgendaRow], items: dict[int, AgendaItem], by: User
) -> dict[int, tuple[AgendaItem, Slot]]:
    """Each ready item gets its slot (position 1..n in the agenda's order), its casus ``geagendeerd``."""
    placed = {}
    for position, row in enumerate(rows, start=1):
        item = items[row.pk]
        agenda_item_transition(item=item, to=AgendaItemStatus.GEAGENDEERD, position=position)
        start, end = row.slot
        casus_transition(
            casus=item.casus,
            to=CasusStatus.GEAGENDEERD,
            by=by,
            reason=f"Geagendeerd op de triage van {date_in_words(meeting.date)}, {start:%H:%M}-{end:%H:%M}.",
        )
        placed[item.pk] = (item, row.slot)
    return placed


def _invite_melder(*, item: AgendaItem, slot: Slot, by: User) -> None:
    """The melder's invitation: in the app, and by mail with an .ics for their slot."""
    casus, meeting = item.casus, item.meeting
    start, end = slot
    Feedback.objects.create(
        casus=casus,
        kind=FeedbackKind.BERICHT,
        created_by=by,
        message=(
            f"Casus {casus.reference} staat op de agenda van de Integrale Triage van {date_in_words(meeting.date)}, "
            f"van {start:%H:%M} tot {end:%H:%M} uur. Uw aanwezigheid is vereist; bevestig of u in de "
            "vergaderruimte of online aanwezig bent via de uitnodiging."
        ),
    )
    address = melder_mail_address(casus)
    if not address:
        return
    mail_queue(
        key=f"{INVITATION_PREFIX}:{item.pk}",
        to=[address],
        subject=f"Uitnodiging Integrale Triage {date_in_words(meeting.date)} {start:%H:%M}: casus {casus.reference}",
        body=mail_render(INVITATION_TEMPLATE, melder_mail_context(item, meeting.slots())),
        attachments=[slot_calendar_attachment(item, to=address)],
        case_reference=casus.reference or "",
        topic=meeting.mail_topic,
    )


def _send_partner_agenda(*, meeting: TriageMeeting, rows: list[AgendaRow]) -> int:
    """The agenda (references and slot times; the content stays in the app) and a meeting .ics."""
    return partners_mail(
        meeting=meeting,
        key=f"triage-agenda:{meeting.pk}",
        subject=f"Agenda Integrale Triage {date_in_words(meeting.date)}",
        template=PARTNER_AGENDA_TEMPLATE,
        slots=[{"reference": row.reference, "start": row.slot[0], "end": row.slot[1]} for row in rows],
        extra={
            "agenda_url": absolute_url(reverse("triage:meeting_agenda", args=[meeting.pk])),
            "pdf_url": absolute_url(reverse("triage:meeting_agenda_pdf", args=[meeting.pk])),
        },
    )
