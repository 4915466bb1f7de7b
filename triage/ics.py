"""Calendar invitations (.ics, RFC 5545) for the Integrale Triage: one per melder's slot, one per meeting.

Why these choices:

* **Local time with a VTIMEZONE.** The triage is "at 13:00" in Europe/Amsterdam whatever the
  UTC offset; the events carry ``TZID=Europe/Amsterdam`` and the calendar holds the matching
  VTIMEZONE (``add_missing_timezones``), so Outlook, Apple and Google show the same wall-clock
  time on both sides of a DST change.
* **A stable UID** per agenda item (slot) and per meeting, with ``SEQUENCE`` taken from
  ``TriageMeeting.calendar_sequence``. A calendar app that receives the same UID with a higher
  sequence updates the event it has instead of adding a second one: a changed room or link is
  sent as an updated REQUEST, a cancelled meeting as a CANCEL that removes the appointment.
* **METHOD:REQUEST** with ORGANIZER (our sending address) and the recipient as ATTENDEE: what
  mail clients expect of an invitation they offer to put in the calendar. Attendance is
  confirmed in the application (the link in the mail), so no RSVP is asked.
* **No personal data.** The summary names the case reference only; location and description
  hold the room, the online link and a link into the application. Like the mail, an .ics
  lands in mailboxes and calendars we do not control.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from zvh.calendar.scheduling import TIMEZONE

from .models import AgendaItem, TriageMeeting

ICS_MIMETYPE = "text/calendar"
PRODID = "-//Zorg- en Veiligheidshuis//Integrale Triage//NL"


def calendar_uid(kind: str, pk: int) -> str:
    """A globally unique, stable id: the kind and primary key at our own host (also pga's casusoverleg)."""
    host = urlsplit(settings.ZVH_BASE_URL).hostname or "zvh.invalid"
    return f"{kind}-{pk}@{host}"


def _address(email: str, *, attendee: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if attendee:
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "FALSE"
    else:
        address.params["CN"] = settings.ZVH_NAME
    return address


def _location(meeting: TriageMeeting) -> str:
    """The room, and the online link beside it: the triage is hybrid."""
    return " / ".join(part for part in (meeting.room, meeting.online_link) if part) or "Wordt nog bekendgemaakt"


def _calendar(
    *,
    uid: str,
    summary: str,
    start: datetime.datetime,
    end: datetime.datetime,
    meeting: TriageMeeting,
    description: str,
    url: str,
    attendees: list[str],
    cancelled: bool,
) -> bytes:
    return invitation_ics(
        uid=uid,
        summary=summary,
        start=start,
        end=end,
        location=_location(meeting),
        description=description,
        url=url,
        attendees=attendees,
        sequence=meeting.calendar_sequence,
        cancelled=cancelled,
    )


def invitation_ics(
    *,
    uid: str,
    summary: str,
    start: datetime.datetime,
    end: datetime.datetime,
    location: str,
    description: str,
    url: str,
    attendees: list[str],
    sequence: int,
    cancelled: bool,
) -> bytes:
    """One event as METHOD:REQUEST (or CANCEL), local Europe/Amsterdam times with their VTIMEZONE.

    The one builder of an invitation: the triage's slots and meetings, and pga's casusoverleg.
    """
    event = Event.new(
        uid=uid,
        stamp=timezone.now(),
        start=start.astimezone(TIMEZONE),
        end=end.astimezone(TIMEZONE),
        summary=summary,
        location=location or "Wordt nog bekendgemaakt",
        description=description,
        url=url,
        sequence=sequence,
        organizer=_address(settings.DEFAULT_FROM_EMAIL, attendee=False),
        status="CANCELLED" if cancelled else "CONFIRMED",
    )
    for email in attendees:
        event.add("attendee", _address(email, attendee=True))
    calendar = Calendar.new(prodid=PRODID, method="CANCEL" if cancelled else "REQUEST", subcomponents=[event])
    # Transitions of the event's own year and its neighbours are enough for every client.
    year = start.astimezone(TIMEZONE).year
    calendar.add_missing_timezones(first_date=datetime.date(year - 1, 1, 1), last_date=datetime.date(year + 2, 1, 1))
    return calendar.to_ical()


def _where(meeting: TriageMeeting) -> list[str]:
    """The room and the online link, as far as they are known (the triage is hybrid)."""
    lines = []
    if meeting.room:
        lines.append(f"Vergaderruimte: {meeting.room}")
    if meeting.online_link:
        lines.append(f"Online deelnemen: {meeting.online_link}")
    return lines


def slot_invitation(
    *, item: AgendaItem, slot: tuple[datetime.datetime, datetime.datetime], to: str, url: str, cancelled: bool = False
) -> bytes:
    """The melder's invitation for the 20-minute slot of ``item`` (``slot`` from ``meeting.slots()``).

    ``cancelled``: the same event as a cancellation, which removes it from the calendar.
    """
    meeting, reference = item.meeting, item.casus.reference
    lines = [f"Bespreking van casus {reference} in de Integrale Triage. Uw aanwezigheid is vereist.", *_where(meeting)]
    lines.append(f"Aanwezigheid bevestigen (na inloggen): {url}")
    return _calendar(
        uid=calendar_uid("triage-agendapunt", item.pk),
        summary=f"Integrale Triage – casus {reference}",
        start=slot[0],
        end=slot[1],
        meeting=meeting,
        description="\n".join(lines),
        url=url,
        attendees=[to],
        cancelled=cancelled,
    )


def meeting_invitation(*, meeting: TriageMeeting, to: str, url: str, cancelled: bool = False) -> bytes:
    """The whole meeting (by default 13:00-14:30) for a fixed partner; the agenda is in the application."""
    lines = ["De Integrale Triage. De agenda (casusnummers en tijden) staat in de applicatie.", *_where(meeting)]
    lines.append(f"Agenda (na inloggen): {url}")
    return _calendar(
        uid=calendar_uid("triagevergadering", meeting.pk),
        summary="Integrale Triage",
        start=datetime.datetime.combine(meeting.date, meeting.starts_at, tzinfo=TIMEZONE),
        end=datetime.datetime.combine(meeting.date, meeting.ends_at, tzinfo=TIMEZONE),
        meeting=meeting,
        description="\n".join(lines),
        url=url,
        attendees=[to],
        cancelled=cancelled,
    )
