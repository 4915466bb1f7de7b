"""Every status move of an agenda item or a triage meeting, checked against its transition table.

Why one place: the moves are made by the cutoff, the agenda, the session and the meeting
calendar. Each of those checks its own preconditions with a Dutch reason for the user; the
table (``triage/agenda_lifecycle.py``, ``triage/meeting_lifecycle.py``) is the last word on
which moves exist at all, so no service can invent one. The state is read from the locked row,
not from the caller's instance, so a stale object cannot slip a move past the table.
"""

from collections.abc import Collection

from django.db import transaction

from ..agenda_lifecycle import AGENDA_ITEM_LIFECYCLE
from ..constants import AgendaItemStatus, MeetingPhase
from ..meeting_lifecycle import MEETING_LIFECYCLE
from ..models import AgendaItem, TriageMeeting


def agenda_item_transition(*, item: AgendaItem, to: AgendaItemStatus, **fields) -> AgendaItem:
    """Move one item to ``to`` (and set ``fields`` with it) if its table allows it; the caller's instance follows."""
    with transaction.atomic():
        current = AgendaItem.objects.select_for_update().values_list("status", flat=True).get(pk=item.pk)
        AGENDA_ITEM_LIFECYCLE.ensure_allowed(current, to)
        item.status = to
        for name, value in fields.items():
            setattr(item, name, value)
        item.save(update_fields=["status", *fields])
    return item


def agenda_items_transition(*, item_ids: Collection[int], to: AgendaItemStatus, **fields) -> int:
    """Move many items to ``to`` (and set ``fields``) in one update; refused as a whole when any may not move.

    Every row's state is checked (locked, so it cannot change between the check and the update);
    returns how many moved.
    """
    wanted = set(item_ids)
    with transaction.atomic():
        current = dict(AgendaItem.objects.select_for_update().filter(pk__in=wanted).values_list("pk", "status"))
        if set(current) != wanted:
            raise AgendaItem.DoesNotExist(f"Agenda items {sorted(wanted - set(current))} do not exist.")
        for status in current.values():
            AGENDA_ITEM_LIFECYCLE.ensure_allowed(status, to)
        return AgendaItem.objects.filter(pk__in=wanted).update(status=to, **fields)


def meeting_transition(*, meeting: TriageMeeting, to: MeetingPhase, **fields) -> TriageMeeting:
    """Record the moments (``fields``) that take ``meeting`` to phase ``to``, if its table allows the move.

    The phase is read from the meeting's status and moments, so the fields must add up to ``to``
    (closing needs ``closed_at``, cancelling the status ``geannuleerd``); a call whose fields
    do not is a programming error and changes nothing.
    """
    with transaction.atomic():
        current = TriageMeeting.objects.select_for_update().get(pk=meeting.pk).phase
        MEETING_LIFECYCLE.ensure_allowed(current, to)
        for name, value in fields.items():
            setattr(meeting, name, value)
        if meeting.phase != to:
            raise ValueError(f"Setting {sorted(fields)} takes a meeting to {meeting.phase}, not to {to}.")
        meeting.save(update_fields=list(fields))
    return meeting
