"""Reads around a meeting's invitations: which items a melder may answer, and the chair's overview.

The mails of one meeting all carry its ``mail_topic``; their keys say what each one is. The
key formats are defined here, once, for the services that queue the mails and for the overview
that sorts them back to their slot:

* ``triage-uitnodiging:<item>``          the invitation (queued when the agenda is finalised)
* ``triage-herinnering:<item>``          the melder's reminder the day before
* ``triage-herinnering:<meeting>:<org>`` a fixed partner's reminder the day before
* ``triage-navraag:<item>:<date>``       the chair's chase of a melder who did not confirm
* any other mail about one case          listed under "overige e-mails" (e.g. the outcome)
* any other mail without a case          a mail to the partners (the agenda)

The overview costs the same few queries for one slot as for twenty: one for the items with
their cases and melders, one for every mail of the topic.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from intake.models import Casus
from intake.selectors import visible_cases_q
from participants.constants import Role
from participants.models import User
from zvh.mail.models import OutgoingMail

from ..constants import AgendaItemStatus
from ..models import AgendaItem, TriageMeeting

INVITATION_PREFIX = "triage-uitnodiging"
REMINDER_PREFIX = "triage-herinnering"
CHASE_PREFIX = "triage-navraag"

#: The items a meeting's overview lists: on the agenda, or discussed there since.
LISTED_STATUSES = (AgendaItemStatus.GEAGENDEERD, AgendaItemStatus.BESPROKEN)


def reminder_key(item: AgendaItem) -> str:
    return f"{REMINDER_PREFIX}:{item.pk}"


def partner_reminder_prefix(meeting: TriageMeeting) -> str:
    """The partners' reminders of ``meeting``: this, then ":<organisation id>"."""
    return f"{REMINDER_PREFIX}:{meeting.pk}"


def chase_key(item: AgendaItem, day: datetime.date) -> str:
    return f"{CHASE_PREFIX}:{item.pk}:{day.isoformat()}"


def slot_of(
    slots: list[tuple[datetime.datetime, datetime.datetime]], position: int | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The (start, end) of slot ``position`` (1-based) of a meeting's ``slots()``; (None, None) off the list."""
    if position is None or not 0 < position <= len(slots):
        return None, None
    return slots[position - 1]


def items_answerable_by(user: User) -> QuerySet[AgendaItem]:
    """Agenda items whose attendance ``user`` may confirm: cases of their own organisation they can see.

    The melder who registered the case, or a colleague of the same organisation (a colleague
    may go in their place). A chair sees every case but does not answer for the melder.
    """
    if not user.has_role(Role.MELDER) or not user.organisation_id:
        return AgendaItem.objects.none()
    own_cases = Casus.objects.filter(visible_cases_q(user), organisation_id=user.organisation_id)
    return AgendaItem.objects.filter(casus__in=own_cases.values("pk"))


@dataclass
class SlotRow:
    """One slot of the overview: the item, its time, and the melder's mails by kind."""

    item: AgendaItem
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    invitation: OutgoingMail | None = None
    reminder: OutgoingMail | None = None
    chases: list[OutgoingMail] = field(default_factory=list)

    @property
    def last_chase(self) -> OutgoingMail | None:
        return self.chases[-1] if self.chases else None

    @property
    def chased_today(self) -> bool:
        """A chase is mailed at most once per item per day (its key holds the date)."""
        last = self.last_chase
        return last is not None and timezone.localdate(last.created_at) == timezone.localdate()

    @property
    def confirmed(self) -> bool:
        return bool(self.item.attendance)


@dataclass
class InvitationOverview:
    meeting: TriageMeeting
    rows: list[SlotRow]
    partner_mails: list[OutgoingMail]
    other_mails: list[OutgoingMail]

    @property
    def unconfirmed_count(self) -> int:
        return sum(not row.confirmed for row in self.rows)


def meeting_invitation_overview(meeting: TriageMeeting) -> InvitationOverview:
    """Per slot the case, its melder's confirmation and mails; then the partners' mails."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting, status__in=LISTED_STATUSES, position__isnull=False)
        .select_related("casus__melder", "attendance_confirmed_by")
        .order_by("position", "id")
    )
    for item in items:
        item.meeting = meeting  # the same object for every row: no query per row
    slots = meeting.slots()
    rows = {item.pk: SlotRow(item, *slot_of(slots, item.position)) for item in items}

    partner_mails, other_mails = [], []
    for mail in (
        OutgoingMail.objects.filter(topic=meeting.mail_topic).defer("body", "attachments").order_by("created_at", "id")
    ):
        kind, item_id = _classify(mail)
        row = rows.get(item_id)
        if kind == "invitation" and row:
            row.invitation = mail
        elif kind == "reminder" and row:
            row.reminder = mail
        elif kind == "chase" and row:
            row.chases.append(mail)
        elif kind == "partner":
            partner_mails.append(mail)
        elif kind == "other":
            other_mails.append(mail)
        # An item's mail whose item is no longer on this agenda (moved on) is not listed.
    return InvitationOverview(
        meeting=meeting, rows=list(rows.values()), partner_mails=partner_mails, other_mails=other_mails
    )


def _classify(mail: OutgoingMail) -> tuple[str, int | None]:
    """What a mail of the meeting's topic is (see the module docstring), and the item it is about."""
    prefix, _, rest = mail.key.partition(":")
    parts = rest.split(":")
    item_id = int(parts[0]) if parts[0].isdigit() else None
    if prefix == INVITATION_PREFIX and len(parts) == 1:
        return "invitation", item_id
    if prefix == REMINDER_PREFIX and len(parts) == 1:
        return "reminder", item_id
    if prefix == CHASE_PREFIX and len(parts) == 2:
        return "chase", item_id
    return ("other" if mail.case_reference else "partner"), None
