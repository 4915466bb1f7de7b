"""Every change to the meeting calendar: generate meetings, edit or add one, cancel one, move a case on.

Why these rules:

* Meetings are generated ahead by a daily task (``meetings_generate``) on the held Thursdays of
  ``zvh.calendar.scheduling`` (never on a Dutch public holiday). Generation is idempotent: a date
  that has any meeting, or whose meeting was cancelled, is left alone. That is why a
  cancelled meeting is kept as a row with status ``geannuleerd`` instead of deleted.
* "The next held meeting" (``meeting_first_held``) is the earliest meeting with status
  ``gepland``, whose agenda is not finalised yet, from a given date up to the first Thursday
  the calendar rules would hold; when none exists yet (it lies beyond the generated horizon)
  the regular one is created. So an extra meeting added by hand before that Thursday is used,
  nobody waits for a meeting that does not exist, and no case lands on an agenda that was
  already sent out (it would get no slot and no invitation).
* Cancelling moves every active item (gebonden, geagendeerd) to the next held meeting, keeps
  the old item as ``doorgeschoven`` (pointing at the new one), moves a ``geagendeerd`` casus to
  ``doorgeschoven`` in its lifecycle, and tells each melder in the app and by mail. The mail
  holds the reference and the two dates only; the reason for cancelling is typed by an admin,
  so it stays in the application (meeting and status history) and is never mailed.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus, FeedbackKind
from intake.models import Casus, Feedback
from intake.presentation import date_in_words
from intake.selectors import melder_mail_address
from intake.services import casus_transition
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import AuditEntry, audit_record, audit_record_many
from zvh.calendar import scheduling
from zvh.core.exceptions import ServiceError
from zvh.mail.services import MailAttachment, absolute_url, mail_queue, mail_render

from ..constants import ACTIVE_AGENDA_STATUSES, AgendaItemStatus, MeetingPhase, MeetingStatus
from ..models import AgendaItem, TriageDecision, TriageMeeting
from ..selectors.calendar import cancelled_meeting_dates, cases_affected_by_cancelling
from .invitations import invitations_cancel_for_partners, invitations_send_changes, slot_calendar_attachment
from .lifecycle import agenda_item_transition, meeting_transition

#: Fields a functional admin may change on a meeting that is still to come.
EDITABLE_FIELDS = ("room", "online_link", "capacity")
MOVED_MAIL_TEMPLATE = "triage/mail/doorgeschoven.txt"
_DAY = datetime.timedelta(days=1)


def meeting_defaults() -> dict[str, str]:
    """Room and online link a new meeting starts with (settings ZVH_TRIAGE_ROOM, ZVH_TRIAGE_ONLINE_LINK)."""
    return {"room": settings.ZVH_TRIAGE_ROOM, "online_link": settings.ZVH_TRIAGE_ONLINE_LINK}


def meetings_generate(*, start: datetime.date, weeks: int = 8) -> list[TriageMeeting]:
    """Create the regular meeting on each of the next ``weeks`` held Thursdays from ``start``.

    Returns the meetings created now (empty when everything existed already). Holidays and
    cancelled dates are skipped by ``scheduling.meeting_dates``; a date that already has any
    meeting (for example one moved to 14:00 by hand) gets no second one.
    """
    dates = scheduling.meeting_dates(start, weeks, cancelled_meeting_dates())
    with transaction.atomic():
        existing = set(TriageMeeting.objects.filter(date__in=dates).values_list("date", flat=True))
        created = []
        for day in dates:
            if day in existing:
                continue
            meeting, was_created = TriageMeeting.objects.get_or_create(
                date=day, starts_at=scheduling.MEETING_START, defaults=meeting_defaults()
            )
            if was_created:
                created.append(meeting)
        if created:
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                detail={"gebeurtenis": "triagevergaderingen_gepland", "datums": [m.date.isoformat() for m in created]},
            )
    return created


def meeting_first_held(*, earliest: datetime.date) -> TriageMeeting:
    """The first held meeting on or after ``earliest`` that still takes cases, created when it does not exist yet.

    "Still takes cases": not cancelled, and its agenda not finalised. A finalised agenda is a
    promise to the invited melders and partners; a case bound to it afterwards would get no
    slot and no invitation, so it goes to the meeting after. Must run inside the caller's
    transaction when the caller binds cases to it. Safe with two callers at once: creating
    relies on the unique (date, starts_at).
    """
    while True:
        regular = scheduling.meeting_dates(earliest, 1, cancelled_meeting_dates())[0]
        meeting = (
            TriageMeeting.objects.filter(
                status=MeetingStatus.GEPLAND,
                agenda_finalised_at__isnull=True,
                date__gte=earliest,
                date__lte=regular,
            )
            .order_by("date", "starts_at")
            .first()
        )
        if meeting is None:
            meeting, _ = TriageMeeting.objects.get_or_create(
                date=regular, starts_at=scheduling.MEETING_START, defaults=meeting_defaults()
            )
        if meeting.is_held and meeting.agenda_finalised_at is None:
            return meeting
        # The regular meeting was cancelled or finalised (perhaps by someone else between our
        # two reads): every earlier candidate was looked at, so look again from the day after.
        earliest = regular + _DAY


def meeting_next_open(meeting: TriageMeeting) -> TriageMeeting:
    """Where a case of ``meeting`` goes when it moves on: the next meeting that still takes cases.

    After ``meeting``'s day, and never in the past: the cases of a meeting that passed
    unnoticed go to one still to come. One rule for every move (cancelled, no slot, not
    screened, not discussed).
    """
    return meeting_first_held(earliest=max(meeting.date + _DAY, timezone.localdate()))


def _ensure_functional_admin(user: User) -> None:
    """The calendar is the functional admin's: a cancellation moves cases and mails melders."""
    if not user.is_functional_admin:
        raise ServiceError("Alleen een functioneel beheerder kan triagevergaderingen wijzigen of annuleren.")


def meeting_check_editable(meeting: TriageMeeting, *, today: datetime.date | None = None) -> None:
    """Refuse changes to a cancelled or closed meeting or one in the past: they are history."""
    today = today or timezone.localdate()
    if meeting.pk is not None and meeting.status == MeetingStatus.GEANNULEERD:
        raise ServiceError("Deze triagevergadering is geannuleerd en kan niet meer worden gewijzigd.")
    if meeting.pk is not None and meeting.closed_at is not None:
        raise ServiceError("Deze triage is afgerond en kan niet meer worden gewijzigd.")
    if meeting.date is not None and meeting.date < today:
        raise ServiceError("Een triagevergadering in het verleden kan niet worden gewijzigd of toegevoegd.")


def meeting_save(*, meeting: TriageMeeting, by: User) -> TriageMeeting:
    """Store a new extra meeting, or the room, link or capacity of a coming one (from "Beheer").

    A meeting added by hand is always an extra meeting; the generator makes the regular ones.
    On a change only ``EDITABLE_FIELDS`` are written, so a stale form cannot move a meeting's
    date under the cases bound to it.
    """
    _ensure_functional_admin(by)
    meeting_check_editable(meeting)
    with transaction.atomic():
        if meeting.pk is None:
            meeting.is_extra = True
            meeting.status = MeetingStatus.GEPLAND
            meeting.full_clean()
            meeting.save()
            audit_record(
                actor=by,
                action=AuditAction.CREATE,
                obj=meeting,
                detail={"gebeurtenis": "extra_triagevergadering", "datum": meeting.date.isoformat()},
            )
            return meeting
        locked = TriageMeeting.objects.select_for_update().get(pk=meeting.pk)
        meeting_check_editable(locked)
        changed = [name for name in EDITABLE_FIELDS if getattr(locked, name) != getattr(meeting, name)]
        finalised = locked.agenda_finalised_at is not None
        if finalised and "capacity" in changed:
            raise ServiceError(
                "De agenda van deze triage is vastgesteld en verstuurd: het aantal slots kan niet meer veranderen."
            )
        for name in changed:
            setattr(locked, name, getattr(meeting, name))
        locked.full_clean()
        if changed:
            if finalised:  # everyone invited gets the new room or link, with an updated .ics
                locked.calendar_sequence += 1
                changed.append("calendar_sequence")
            locked.save(update_fields=changed)
            if finalised:
                invitations_send_changes(meeting=locked)
            audit_record(
                actor=by,
                action=AuditAction.UPDATE,
                obj=locked,
                detail={"gebeurtenis": "triagevergadering_gewijzigd", "velden": changed},
            )
    return locked


def agenda_item_move(*, item: AgendaItem, to: TriageMeeting, by: User | None, reason: str) -> AgendaItem:
    """Move one active item to meeting ``to``: the old item records where it went and why.

    The casus follows: its target triage date becomes the new date, and a casus that was on an
    agenda (``geagendeerd``) becomes ``doorgeschoven`` in its lifecycle. Must run inside the
    caller's transaction, with the casus locked. Returns the item in ``to``. Telling the melder
    is the caller's part, because the message depends on why the case moved.
    """
    # Frees the casus's "one active item" slot; the table refuses an item that is not active.
    agenda_item_transition(item=item, to=AgendaItemStatus.DOORGESCHOVEN, moved_reason=reason)
    new_item = AgendaItem.objects.create(meeting=to, casus=item.casus, status=AgendaItemStatus.GEBONDEN)
    item.moved_to = new_item
    item.save(update_fields=["moved_to"])

    casus = item.casus
    casus_retarget(casus=casus, to=to, by=by, event="doorgeschoven")
    if casus.status == CasusStatus.GEAGENDEERD:
        casus_transition(casus=casus, to=CasusStatus.DOORGESCHOVEN, by=by, reason=reason)
    return new_item


def casus_retarget(*, casus: Casus, to: TriageMeeting, by: User | None, event: str) -> None:
    """Point the casus at the date of meeting ``to`` (if it differs) and audit ``event`` with both dates.

    Shared by every move of a casus between meetings (cutoff, cancellation, moving on), so the
    audit log tells the same story for each. The caller holds the casus locked.
    """
    audit_record_many(cases_retarget(cases=[casus], to=to, by=by, event=event))


def cases_retarget(*, cases: Sequence[Casus], to: TriageMeeting, by: User | None, event: str) -> list[AuditEntry]:
    """`casus_retarget` for many cases in one UPDATE; returns the audit entries for the caller to record.

    The cutoff binds a thousand cases at once: it records these entries together with its own,
    in one append at the end of its transaction (``audit_record_many``), so its query count
    does not grow per case and it holds an audit chain only for that last moment.
    """
    entries = [
        AuditEntry(
            actor=by,
            action=AuditAction.UPDATE,
            obj=casus,
            case_reference=casus.reference or "",
            detail={
                "gebeurtenis": event,
                "van": casus.target_triage_date.isoformat() if casus.target_triage_date else "",
                "naar": to.date.isoformat(),
            },
        )
        for casus in cases
    ]
    moved = [casus for casus in cases if casus.target_triage_date != to.date]
    if moved:
        now = timezone.now()
        Casus.objects.filter(pk__in=[casus.pk for casus in moved]).update(target_triage_date=to.date, updated_at=now)
        for casus in moved:
            casus.target_triage_date, casus.updated_at = to.date, now
    return entries


@dataclass(frozen=True)
class Cancellation:
    """What cancelling did: which meeting, how many cases moved (bound or still waiting), and where to."""

    meeting: TriageMeeting
    moved_to: TriageMeeting
    moved_count: int


def meeting_cancel(*, meeting: TriageMeeting, by: User, reason: str) -> Cancellation:
    """Cancel a coming meeting; its cases move to the next held meeting and every melder is told.

    All or nothing: the meeting, the moved items, the case statuses, the messages and the
    queued mails commit together (the mails are sent after the commit). Cancelling several
    meetings? Start with the latest, so that no case moves (and no melder hears) twice.
    """
    _ensure_functional_admin(by)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Geef een reden voor de annulering.")
    with transaction.atomic():
        locked = TriageMeeting.objects.select_for_update().get(pk=meeting.pk)
        meeting_check_editable(locked)
        if TriageDecision.objects.filter(item__meeting=locked).exists():
            raise ServiceError(
                "Deze triage is al bezig: er zijn besluiten vastgelegd. De voorzitter rondt haar af; "
                "casussen die niet zijn besproken schuiven dan door."
            )
        finalised = locked.agenda_finalised_at is not None
        meeting_transition(
            meeting=locked,
            to=MeetingPhase.GEANNULEERD,
            status=MeetingStatus.GEANNULEERD,
            cancelled_reason=reason,
            # The cancellations replace the invitations.
            calendar_sequence=locked.calendar_sequence + int(finalised),
        )
        target = meeting_next_open(locked)

        items = {
            item.casus_id: item for item in AgendaItem.objects.filter(meeting=locked, status__in=ACTIVE_AGENDA_STATUSES)
        }
        cases = (
            cases_affected_by_cancelling(locked).select_for_update(of=("self",)).select_related("melder").order_by("pk")
        )
        status_reason = (
            f"Triage van {date_in_words(locked.date)} geannuleerd; doorgeschoven naar {date_in_words(target.date)}."
        )
        moved = waiting = 0
        for casus in cases:
            item = items.get(casus.pk)
            attachments = []
            if item is not None and item.status == AgendaItemStatus.GEAGENDEERD:
                item.casus, item.meeting = casus, locked
                address = melder_mail_address(casus)
                if address:  # the invitation's event leaves the melder's calendar
                    attachments.append(slot_calendar_attachment(item, to=address, cancelled=True))
            if item is not None:
                item.casus, item.meeting = casus, locked
                agenda_item_move(item=item, to=target, by=by, reason=status_reason)
                moved += 1
            else:
                # Not bound yet: it keeps waiting for the cutoff, which binds it to ``target``.
                casus_retarget(casus=casus, to=target, by=by, event="beoogde_triage_verplaatst")
                waiting += 1
            melder_tell_moved(
                casus=casus,
                new_meeting=target,
                by=by,
                key=f"triage-geannuleerd:{locked.pk}:{casus.pk}",
                why=f"De Integrale Triage van {date_in_words(locked.date)} gaat niet door.",
                attachments=attachments,
            )
        partners = invitations_cancel_for_partners(meeting=locked) if finalised else 0
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=locked,
            detail={
                "gebeurtenis": "triagevergadering_geannuleerd",
                "datum": locked.date.isoformat(),
                "doorgeschoven": moved,
                "wachtend_verplaatst": waiting,
                "naar": target.date.isoformat(),
                "partners_geinformeerd": partners,
            },
        )
    meeting.refresh_from_db()
    return Cancellation(meeting=meeting, moved_to=target, moved_count=moved + waiting)


def melder_tell_moved(
    *,
    casus: Casus,
    new_meeting: TriageMeeting,
    by: User | None,
    key: str,
    why: str,
    attachments: Sequence[MailAttachment] = (),
) -> None:
    """Tell the melder their case moved to another meeting: a message in the app and a mail.

    ``why`` is a fixed sentence chosen by the caller (the meeting is cancelled, no slot left,
    not screened yet), never text typed by a user, so the mail holds the reference, the two
    dates and that sentence only. ``key`` names the event, so the mail goes once.
    """
    Feedback.objects.create(
        casus=casus,
        kind=FeedbackKind.BERICHT,
        created_by=by,
        message=(
            f"{why} Casus {casus.reference} schuift door naar de Integrale Triage van "
            f"{date_in_words(new_meeting.date)}. U ontvangt een uitnodiging wanneer de agenda van die triage vaststaat."
        ),
    )
    address = melder_mail_address(casus)
    if not address:
        return  # the message in the app is there; there is no address to mail
    mail_queue(
        key=key,
        to=[address],
        subject=f"Casus {casus.reference} schuift door naar de Integrale Triage van {date_in_words(new_meeting.date)}",
        body=mail_render(
            MOVED_MAIL_TEMPLATE,
            {
                "reference": casus.reference,
                "why": why,
                "new_date": new_meeting.date,
                "new_starts_at": new_meeting.starts_at,
                "new_ends_at": new_meeting.ends_at,
                "casus_url": absolute_url(reverse("intake:casus_detail", args=[casus.pk])),
            },
        ),
        attachments=attachments,
        case_reference=casus.reference or "",
        # Listed with the new meeting's mails, where the chair follows up what failed.
        topic=new_meeting.mail_topic,
    )
