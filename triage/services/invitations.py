"""Following up a meeting's invitations: the reminder the day before, the chair's chase, a retried mail.

Why these rules:

* The day before a held meeting with a finalised agenda, each melder on the agenda and each
  fixed partner gets one reminder. The mail key names the item (or meeting and partner), so
  the daily task may run twice, or be retried, and still sends each reminder once.
* The chair chases a melder who has not confirmed. At most one chase per item per day (the key
  holds the date): a double click sends nothing twice, a chase the next day is a new mail.
* A mail that failed stays visible on the chair's page; "Opnieuw versturen" queues it again,
  but only a mail of this meeting's topic, so the page cannot be used to resend any mail.
* Mails hold the reference, dates, times, the room and links only: the melder's reminder tells
  whether they confirmed, because that decides what they need to do.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from intake.presentation import date_in_words
from intake.selectors import melder_mail_address
from participants.constants import Role
from participants.models import User
from participants.selectors import fixed_partner_organisations
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.mail.constants import MailStatus
from zvh.mail.models import OutgoingMail
from zvh.mail.services import MailAttachment, absolute_url, mail_queue, mail_render, mail_retry, mail_supersede

from .. import ics
from ..constants import AgendaItemStatus, MeetingStatus
from ..models import AgendaItem, TriageMeeting
from ..selectors.invitations import chase_key, partner_reminder_prefix, reminder_key, slot_of
from .attendance import attendance_refusal

REMINDER_TEMPLATE = "mail/triage_herinnering.txt"
PARTNER_REMINDER_TEMPLATE = "mail/triage_herinnering_partner.txt"
CHASE_TEMPLATE = "mail/triage_navraag.txt"
CHANGE_TEMPLATE = "triage/mail/gewijzigd.txt"
PARTNER_CHANGE_TEMPLATE = "triage/mail/gewijzigd_partner.txt"
PARTNER_CANCEL_TEMPLATE = "triage/mail/geannuleerd_partner.txt"
_DAY = datetime.timedelta(days=1)


def _ensure_chair(user: User) -> None:
    user.require_role(Role.TRIAGEVOORZITTER, to="de uitnodigingen van een triage opvolgen")


def melder_mail_context(item: AgendaItem, slots) -> dict:
    """What the melder's invitation, reminder and chase say: identifiers, the slot and the confirm link only."""
    meeting = item.meeting
    start, end = slot_of(slots, item.position)
    return {
        "reference": item.casus.reference,
        "meeting_date": meeting.date,
        "slot_start": start,
        "slot_end": end,
        "room": meeting.room,
        "online_link": meeting.online_link,
        "attendance_label": item.get_attendance_display() if item.attendance else "",
        "confirm_url": absolute_url(reverse("triage:attendance", args=[item.pk])),
    }


def partners_mail(
    *,
    meeting: TriageMeeting,
    key: str,
    subject: str,
    template: str,
    slots: list[dict],
    extra: dict | None = None,
    calendar: str | None = "request",
) -> int:
    """One mail to each active fixed partner's functional address (never a person); returns how many are new.

    Every partner mail of a meeting says when, where and which references per slot; ``key``
    names the event (the partner's id is added), so each partner gets it once. ``calendar``:
    attach the meeting's .ics as an invitation ("request"), a cancellation ("cancel"), or not (None).
    """
    partners = {f"{key}:{org.pk}": org for org in fixed_partner_organisations().exclude(email="")}
    already = set(OutgoingMail.objects.filter(key__in=partners).values_list("key", flat=True))
    for partner_key, organisation in partners.items():
        if partner_key in already:
            continue
        context = {
            "organisation_name": organisation.name,
            "meeting_date": meeting.date,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "room": meeting.room,
            "online_link": meeting.online_link,
            "slots": slots,
            **(extra or {}),
        }
        attachments = []
        if calendar is not None:
            cancelled = calendar == "cancel"
            attachments.append(meeting_calendar_attachment(meeting, to=organisation.email, cancelled=cancelled))
        mail_queue(
            key=partner_key,
            to=[organisation.email],
            subject=subject,
            body=mail_render(template, context),
            attachments=attachments,
            topic=meeting.mail_topic,
        )
    return len(partners) - len(already)


def partner_slots(items, slots) -> list[dict]:
    """The agenda as partners see it in a mail: reference and slot times, in slot order."""
    rows = []
    for item in items:
        start, end = slot_of(slots, item.position)
        rows.append({"reference": item.casus.reference, "start": start, "end": end})
    return rows


def slot_calendar_attachment(item: AgendaItem, *, to: str, cancelled: bool = False) -> MailAttachment:
    """The .ics of the melder's slot; the same event (UID) in every invitation, update and cancellation."""
    slot = slot_of(item.meeting.slots(), item.position)
    confirm_url = absolute_url(reverse("triage:attendance", args=[item.pk]))
    return MailAttachment(
        filename=f"triage-{item.casus.reference}.ics",
        mimetype=ics.ICS_MIMETYPE,
        content=ics.slot_invitation(item=item, slot=slot, to=to, url=confirm_url, cancelled=cancelled),
    )


def meeting_calendar_attachment(meeting: TriageMeeting, *, to: str, cancelled: bool = False) -> MailAttachment:
    """The .ics of the whole meeting for a fixed partner; one event (UID) per meeting."""
    agenda_url = absolute_url(reverse("triage:meeting_agenda", args=[meeting.pk]))
    return MailAttachment(
        filename=f"triage-{meeting.date:%Y-%m-%d}.ics",
        mimetype=ics.ICS_MIMETYPE,
        content=ics.meeting_invitation(meeting=meeting, to=to, url=agenda_url, cancelled=cancelled),
    )


# Mails that carry the meeting's room, link or slot times (and so go out of date with them).
CALENDAR_MAIL_KEYS = r"^triage-(uitnodiging|agenda|herinnering|navraag|wijziging):"


def invitations_supersede_unsent(*, meeting: TriageMeeting) -> int:
    """The meeting changed or is cancelled: its unsent invitations, agendas and reminders are out of date."""
    return mail_supersede(mails=OutgoingMail.objects.filter(topic=meeting.mail_topic, key__regex=CALENDAR_MAIL_KEYS))


def invitations_send_changes(*, meeting: TriageMeeting) -> int:
    """The room or link of a finalised meeting changed: everyone invited gets the update; returns how many.

    The caller has raised ``meeting.calendar_sequence`` (and holds the meeting locked): the
    updated .ics replaces the event in the calendar, and the mail keys carry the sequence, so
    each change is mailed once per recipient.
    """
    invitations_supersede_unsent(meeting=meeting)
    items = list(_agenda_items(meeting))
    slots, sequence, sent = meeting.slots(), meeting.calendar_sequence, 0
    for item in items:
        address = melder_mail_address(item.casus)
        if not address:
            continue
        mail_queue(
            key=f"triage-wijziging:{meeting.pk}:{sequence}:{item.pk}",
            to=[address],
            subject=f"Gewijzigd: Integrale Triage {date_in_words(meeting.date)}, casus {item.casus.reference}",
            body=mail_render(CHANGE_TEMPLATE, melder_mail_context(item, slots)),
            attachments=[slot_calendar_attachment(item, to=address)],
            case_reference=item.casus.reference or "",
            topic=meeting.mail_topic,
        )
        sent += 1
    return sent + partners_mail(
        meeting=meeting,
        key=f"triage-wijziging:{meeting.pk}:{sequence}:org",
        subject=f"Gewijzigd: Integrale Triage {date_in_words(meeting.date)}",
        template=PARTNER_CHANGE_TEMPLATE,
        slots=partner_slots(items, slots),
    )


def invitations_cancel_for_partners(*, meeting: TriageMeeting) -> int:
    """A finalised meeting is cancelled: each fixed partner is told and its calendar event removed.

    (The melders hear it with the notice that their case moves on, which carries their slot's
    cancellation.) Returns how many partners were mailed.
    """
    invitations_supersede_unsent(meeting=meeting)
    return partners_mail(
        meeting=meeting,
        key=f"triage-geannuleerd:{meeting.pk}:org",
        subject=f"Integrale Triage van {date_in_words(meeting.date)} gaat niet door",
        template=PARTNER_CANCEL_TEMPLATE,
        slots=[],
        calendar="cancel",
    )


def _agenda_items(meeting: TriageMeeting):
    return (
        AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.GEAGENDEERD, position__isnull=False)
        .select_related("casus__melder", "casus__organisation", "meeting")
        .order_by("position", "id")
    )


def meetings_for_reminders(*, now: datetime.datetime):
    """Held meetings with a finalised agenda that are tomorrow, or today and not started yet (local time).

    Today's too, so a run missed the day before (beat does not catch up; the system was down)
    is caught up on the morning itself; a meeting that has begun or passed gets no reminder.
    The mail keys make sure each person still gets one.
    """
    local = timezone.localtime(now)
    return (
        TriageMeeting.objects.filter(status=MeetingStatus.GEPLAND, agenda_finalised_at__isnull=False)
        .filter(Q(date=local.date() + _DAY) | Q(date=local.date(), starts_at__gt=local.time()))
        .order_by("date", "starts_at")
    )


def meeting_send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Queue the reminders of every meeting tomorrow (or, caught up, later today); returns how many were queued now.

    Idempotent by the mail keys: a second run the same day, or the next morning, queues nothing.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    return sum(_meeting_remind(meeting=meeting, today=today) for meeting in meetings_for_reminders(now=now))


def _meeting_remind(*, meeting: TriageMeeting, today: datetime.date) -> int:
    with transaction.atomic():
        meeting = TriageMeeting.objects.select_for_update().get(pk=meeting.pk)
        if not meeting.is_held or meeting.agenda_finalised_at is None:
            return 0  # cancelled (or reopened) since the task looked
        items = list(_agenda_items(meeting))
        wanted = {reminder_key(item): item for item in items if melder_mail_address(item.casus)}
        already = set(OutgoingMail.objects.filter(key__in=wanted).values_list("key", flat=True))
        slots = meeting.slots()
        when = "vandaag" if meeting.date == today else "morgen"
        melders = 0
        for key, item in wanted.items():
            if key in already:
                continue
            mail_queue(
                key=key,
                to=[melder_mail_address(item.casus)],
                subject=f"Herinnering: {when} Integrale Triage, casus {item.casus.reference}",
                body=mail_render(REMINDER_TEMPLATE, {**melder_mail_context(item, slots), "when": when}),
                case_reference=item.casus.reference or "",
                topic=meeting.mail_topic,
            )
            melders += 1
        partner_count = partners_mail(
            meeting=meeting,
            key=partner_reminder_prefix(meeting),
            subject=f"Herinnering: {when} Integrale Triage van {date_in_words(meeting.date)}",
            template=PARTNER_REMINDER_TEMPLATE,
            slots=partner_slots(items, slots),
            extra={"when": when},
            calendar=None,
        )
        if melders or partner_count:
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                obj=meeting,
                detail={
                    "gebeurtenis": "triageherinneringen_verstuurd",
                    "triage": meeting.date.isoformat(),
                    "melders": melders,
                    "partners": partner_count,
                },
            )
    return melders + partner_count


def chase_refusal(item: AgendaItem) -> str | None:
    """Why the chair cannot chase the melder of ``item`` (a Dutch sentence), or None when they can."""
    refusal = attendance_refusal(item)
    if refusal:
        return f"Geen herinnering verstuurd. {refusal}"
    if item.attendance:
        return "De melder heeft de aanwezigheid al bevestigd; een herinnering is niet nodig."
    if not melder_mail_address(item.casus):
        return "Van de melder is geen (actief) e-mailadres bekend; neem telefonisch contact op."
    return None


def agenda_item_chase(*, item: AgendaItem, by: User, today: datetime.date | None = None) -> tuple[OutgoingMail, bool]:
    """The chair reminds a melder who has not confirmed; returns the mail and whether it is new today."""
    _ensure_chair(by)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("meeting", "casus__melder")
            .get(pk=item.pk)
        )
        refusal = chase_refusal(locked)
        if refusal:
            raise ServiceError(refusal)
        key = chase_key(locked, today)
        existing = OutgoingMail.objects.filter(key=key).first()
        if existing is not None:
            return existing, False
        mail = mail_queue(
            key=key,
            to=[melder_mail_address(locked.casus)],
            subject=f"Bevestig uw aanwezigheid bij de Integrale Triage, casus {locked.casus.reference}",
            body=mail_render(CHASE_TEMPLATE, melder_mail_context(locked, locked.meeting.slots())),
            case_reference=locked.casus.reference or "",
            topic=locked.meeting.mail_topic,
        )
        audit_record(
            actor=by,
            action=AuditAction.CREATE,
            obj=locked,
            case_reference=locked.casus.reference or "",
            detail={"gebeurtenis": "melder_herinnerd_aanwezigheid", "mail": mail.pk},
        )
    return mail, True


def meeting_mail_retry(*, meeting: TriageMeeting, mail_id: int, by: User) -> OutgoingMail:
    """Queue a pending or failed mail of this meeting again ("Opnieuw versturen")."""
    _ensure_chair(by)
    mail = OutgoingMail.objects.filter(pk=mail_id, topic=meeting.mail_topic).first()
    if mail is None:
        raise ServiceError("Deze e-mail hoort niet bij deze triagevergadering.")
    if mail.status == MailStatus.SENT:
        raise ServiceError("Deze e-mail is al verzonden.")
    if mail.status == MailStatus.SUPERSEDED:
        raise ServiceError("Deze e-mail is vervangen door een nieuwere versie en wordt niet meer verstuurd.")
    with transaction.atomic():
        mail = mail_retry(mail=mail)
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=mail,
            case_reference=mail.case_reference,
            detail={"gebeurtenis": "mail_opnieuw_verstuurd", "triage": meeting.pk, "pogingen": mail.attempts},
        )
    return mail
