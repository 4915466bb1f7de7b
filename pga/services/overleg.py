"""The casusoverleg: participants, planning, invitations with an .ics, answers, reminders.

Invitations follow the triage's (``triage.ics``, whose builder is reused): one event per meeting
with a stable UID, ``SEQUENCE`` raised on every change that was already sent (the calendar apps
then update the appointment), a CANCEL when it is cancelled or an organisation is removed. Every
mail goes through the outbox with a key naming the meeting, the contact person, the kind and the
sequence, so a retried call or task queues nothing twice. Mails hold the case reference, the date,
the place and links only: never names or case content (the agenda text stays in the application).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from participants.constants import Role
from participants.models import Organisation, User
from triage.constants import DecisionOutcome, IncidentalGround
from triage.ics import ICS_MIMETYPE, calendar_uid, invitation_ics
from triage.selectors.decisions import decisions_with_details
from zvh.audit.constants import AuditAction
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError
from zvh.mail.models import OutgoingMail
from zvh.mail.services import MailAttachment, absolute_url, mail_queue, mail_render

from ..answer_links import CHANGED, INVALID, AnswerLink, AnswerLinkRefused, make_token
from ..constants import OVERLEG_OPEN, EventKind, OverlegResponse, OverlegStatus
from ..models import (
    Casusoverleg,
    OverlegContact,
    OverlegMinute,
    OverlegMinutesVersion,
    OverlegParticipant,
    PgaDossier,
)
from .common import audit, ensure_can_work, lock, require_text, step, today
from .plan import action_add

# --- helpers -------------------------------------------------------------------------------------------


def _lock_overleg(overleg: Casusoverleg, by: User) -> tuple[PgaDossier, Casusoverleg]:
    """The dossier and the meeting, locked; only the dossier's procesregisseur of a running dossier."""
    dossier = lock(overleg.dossier)
    ensure_can_work(dossier, by)
    return dossier, Casusoverleg.objects.select_for_update().get(pk=overleg.pk, dossier=dossier)


def _ensure_open(overleg: Casusoverleg) -> None:
    if overleg.status not in OVERLEG_OPEN:
        raise ServiceError(f"Dit casusoverleg is {overleg.get_status_display().lower()} en kan niet meer wijzigen.")


def _check_times(date, starts_at, ends_at, place, online_link) -> None:
    if date is None or starts_at is None or ends_at is None:
        raise ServiceError("Kies de datum, de begintijd en de eindtijd van het casusoverleg.")
    if ends_at <= starts_at:
        raise ServiceError("De eindtijd ligt na de begintijd.")
    if date < today():
        raise ServiceError("Een casusoverleg plant u op vandaag of later.")
    if not (place or "").strip() and not (online_link or "").strip():
        raise ServiceError("Geef een plaats of een link om online deel te nemen, of allebei.")


def _step(dossier: PgaDossier, by: User | None, overleg: Casusoverleg, text: str) -> None:
    step(
        dossier,
        kind=EventKind.CASUSOVERLEG,
        by=by,
        text=f"Casusoverleg {overleg.number} ({overleg.date:%d-%m-%Y}): {text}",
    )


def overleg_url(overleg: Casusoverleg) -> str:
    return reverse("pga:overleg", kwargs={"casus_id": overleg.dossier.casus_id, "number": overleg.number})


def overleg_ics(overleg: Casusoverleg, *, to: str, cancelled: bool = False, has_account: bool = True) -> bytes:
    """The calendar file for one addressee; one without an account is pointed to the mail's answer link
    (the signed link itself stays out of the calendar, which is often synchronised elsewhere)."""
    reference = overleg.dossier.casus.reference or ""
    link = absolute_url(overleg_url(overleg))
    agenda = "De agenda staat in de applicatie." if has_account else "De agenda ontvangt u van de procesregisseur."
    lines = [f"Casusoverleg over casus {reference}. {agenda}"]
    if overleg.place:
        lines.append(f"Plaats: {overleg.place}")
    if overleg.online_link:
        lines.append(f"Online deelnemen: {overleg.online_link}")
    if has_account:
        lines.append(f"Uitnodiging en antwoord (na inloggen): {link}")
    else:
        lines.append("Uw antwoord geeft u via de link in de e-mail met deze uitnodiging.")
    return invitation_ics(
        uid=calendar_uid("casusoverleg", overleg.pk),
        summary=f"Casusoverleg – casus {reference}",
        start=datetime.datetime.combine(overleg.date, overleg.starts_at, tzinfo=TIMEZONE),
        end=datetime.datetime.combine(overleg.date, overleg.ends_at, tzinfo=TIMEZONE),
        location=" / ".join(part for part in (overleg.place, overleg.online_link) if part),
        description="\n".join(lines),
        url=link,
        attendees=[to],
        sequence=overleg.calendar_sequence,
        cancelled=cancelled,
    )


# What each mail says; the key part names the event in the outbox key.
MAILS = {
    "uitnodiging": ("Uitnodiging casusoverleg", "U bent uitgenodigd voor een casusoverleg."),
    "wijziging": ("Gewijzigd: casusoverleg", "Het casusoverleg waarvoor u bent uitgenodigd is gewijzigd."),
    "annulering": ("Geannuleerd: casusoverleg", "Het casusoverleg waarvoor u was uitgenodigd gaat niet door."),
    "afgemeld": (
        "Geannuleerd: casusoverleg",
        "Uw organisatie neemt niet meer deel aan dit casusoverleg; de afspraak vervalt.",
    ),
    "herinnering": ("Herinnering: casusoverleg", "Herinnering: morgen (of vandaag) is het casusoverleg."),
    "notulen": (
        "Notulen klaar: casusoverleg",
        "Er staan notulen klaar van het casusoverleg waarbij u aanwezig was. U leest ze in de applicatie.",
    ),
    "correctie": (
        "Notulen gecorrigeerd: casusoverleg",
        "De notulen van het casusoverleg waarbij u aanwezig was zijn gecorrigeerd. U leest ze in de applicatie.",
    ),
    "aanmaning": (
        "Graag uw antwoord: casusoverleg",
        "U heeft nog niet laten weten of u aan het casusoverleg deelneemt.",
    ),
}


# The mails that still ask for an answer: a contact without an account gets the signed answer link in them.
ANSWERABLE = ("uitnodiging", "wijziging", "aanmaning", "herinnering")


def _mail(overleg: Casusoverleg, contact: OverlegContact, *, kind: str, key_suffix: str, ics: bool = True) -> bool:
    """Queue one mail to one contact person, once per key; whether a new one was queued."""
    address = contact.address
    key = f"pga:casusoverleg:{overleg.pk}:{kind}:{contact.pk}:{key_suffix}"
    if not address or OutgoingMail.objects.filter(key=key).exists():
        return False
    reference = overleg.dossier.casus.reference or ""
    subject, what = MAILS[kind]
    cancelled = kind in ("annulering", "afgemeld")
    attachments = []
    if ics:
        attachments.append(
            MailAttachment(
                "casusoverleg.ics",
                ICS_MIMETYPE,
                overleg_ics(overleg, to=address, cancelled=cancelled, has_account=contact.user_id is not None),
            )
        )
    mail_queue(
        key=key,
        to=[address],
        subject=f"{subject} {reference}",
        body=mail_render(
            "pga/mail/casusoverleg.txt",
            {
                "what": what,
                "reference": reference,
                "overleg": overleg,
                "cancelled": cancelled,
                "minutes": kind in ("notulen", "correctie"),
                "has_account": contact.user_id is not None,
                "link": absolute_url(overleg_url(overleg)),
                "answer_link": answer_link_url(overleg, contact)
                if contact.user_id is None and kind in ANSWERABLE
                else "",
            },
        ),
        attachments=attachments,
        case_reference=reference,
        topic="pga",
    )
    return True


def _contacts(overleg: Casusoverleg):
    return OverlegContact.objects.filter(participant__overleg=overleg).select_related("user", "participant")


def _invite_all(overleg: Casusoverleg, *, kind: str) -> int:
    return sum(_mail(overleg, c, kind=kind, key_suffix=str(overleg.calendar_sequence)) for c in _contacts(overleg))


# --- planning --------------------------------------------------------------------------------------------


def _first_invitees(dossier: PgaDossier) -> list:
    decision = (
        decisions_with_details()
        .filter(item__casus_id=dossier.casus_id, outcome=DecisionOutcome.PGA)
        .order_by("-decided_at")
        .first()
    )
    return list(decision.invitees.all()) if decision else []


def _create(
    dossier: PgaDossier,
    *,
    by: User,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    place: str,
    online_link: str,
    agenda: str,
    previous: Casusoverleg | None = None,
) -> Casusoverleg:
    """The next-numbered meeting of the locked dossier (the number is unique per dossier)."""
    last = dossier.casusoverleggen.order_by("-number").values_list("number", flat=True).first() or 0
    return Casusoverleg.objects.create(
        dossier=dossier,
        number=last + 1,
        previous=previous,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip(),
        online_link=(online_link or "").strip(),
        agenda=agenda,
        created_by=by,
    )


def _take_part(overleg: Casusoverleg, sources) -> list[OverlegParticipant]:
    """The organisations of ``sources`` (the triage's invitees, or a previous meeting's participants) take part,
    incidental ones with their ground and explanation."""
    return [
        OverlegParticipant.objects.create(
            overleg=overleg,
            organisation_id=source.organisation_id,
            is_incidental=source.is_incidental,
            ground=source.ground,
            ground_explanation=source.ground_explanation,
        )
        for source in sources
    ]


def overleg_plan(
    *,
    dossier: PgaDossier,
    date: datetime.date | None,
    starts_at: datetime.time | None,
    ends_at: datetime.time | None,
    agenda: str,
    by: User,
    place: str = "",
    online_link: str = "",
) -> Casusoverleg:
    """Plan a casusoverleg; the first one takes its organisations from the triage's PGA decision."""
    _check_times(date, starts_at, ends_at, place, online_link)
    agenda = require_text(agenda, "Schrijf de agenda (zonder persoonsgegevens).")
    with transaction.atomic():
        locked = lock(dossier)
        ensure_can_work(locked, by)
        first = not locked.casusoverleggen.exists()
        overleg = _create(
            locked,
            by=by,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            online_link=online_link,
            agenda=agenda,
        )
        invitees = _first_invitees(locked) if first else []
        _take_part(overleg, invitees)
        names = [invitee.organisation.name for invitee in invitees]
        source = f"; deelnemers uit het triagebesluit: {', '.join(names)}" if names else ""
        _step(locked, by, overleg, f"gepland, {starts_at:%H:%M}-{ends_at:%H:%M}{source}.")
        audit(locked, by=by, obj=overleg, action=AuditAction.CREATE, event="casusoverleg_gepland")
    return overleg


def overleg_plan_followup(
    *,
    previous: Casusoverleg,
    date: datetime.date | None,
    starts_at: datetime.time | None,
    ends_at: datetime.time | None,
    by: User,
    agenda: str = "",
    place: str | None = None,
    online_link: str | None = None,
) -> Casusoverleg:
    """The next meeting in one step: the same organisations and contact persons, a new date.

    Place, link and agenda are the previous meeting's unless given (the form shows them to change).
    """
    place = previous.place if place is None else place
    online_link = previous.online_link if online_link is None else online_link
    _check_times(date, starts_at, ends_at, place, online_link)
    with transaction.atomic():
        locked, previous = _lock_overleg(previous, by)
        if previous.status == OverlegStatus.GEANNULEERD:
            raise ServiceError("Plan een vervolg vanuit een overleg dat doorging.")
        overleg = _create(
            locked,
            by=by,
            previous=previous,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            online_link=online_link,
            agenda=(agenda or "").strip() or previous.agenda,
        )
        sources = list(previous.participants.prefetch_related("contacts"))
        for source, copy in zip(sources, _take_part(overleg, sources), strict=True):
            OverlegContact.objects.bulk_create(
                OverlegContact(participant=copy, user_id=contact.user_id, name=contact.name, email=contact.email)
                for contact in source.contacts.all()
            )
        _step(locked, by, overleg, f"gepland als vervolg op casusoverleg {previous.number}, met dezelfde deelnemers.")
        audit(locked, by=by, obj=overleg, action=AuditAction.CREATE, event="casusoverleg_vervolg", vorig=previous.pk)
    return overleg


def overleg_update(
    *,
    overleg: Casusoverleg,
    date: datetime.date | None,
    starts_at: datetime.time | None,
    ends_at: datetime.time | None,
    agenda: str,
    by: User,
    place: str = "",
    online_link: str = "",
) -> Casusoverleg:
    """Change the planning; once invited, SEQUENCE rises and every contact gets the updated invitation."""
    _check_times(date, starts_at, ends_at, place, online_link)
    agenda = require_text(agenda, "Schrijf de agenda (zonder persoonsgegevens).")
    with transaction.atomic():
        locked, overleg = _lock_overleg(overleg, by)
        _ensure_open(overleg)
        new = {
            "date": date,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": (place or "").strip(),
            "online_link": (online_link or "").strip(),
            "agenda": agenda,
        }
        changed = [name for name, value in new.items() if getattr(overleg, name) != value]
        if not changed:
            raise ServiceError("Er is niets gewijzigd.")
        moved = any(name in changed for name in ("date", "starts_at", "ends_at"))
        for name, value in new.items():
            setattr(overleg, name, value)
        sent = 0
        if overleg.status == OverlegStatus.UITGENODIGD and changed != ["agenda"]:
            overleg.calendar_sequence += 1
        overleg.save()
        if moved:
            # A new time asks for a new answer.
            _contacts(overleg).update(response=OverlegResponse.OPEN, response_reason="", responded_at=None)
        if overleg.status == OverlegStatus.UITGENODIGD and changed != ["agenda"]:
            sent = _invite_all(overleg, kind="wijziging")
        labels = ", ".join(str(Casusoverleg._meta.get_field(name).verbose_name) for name in changed)
        _step(
            locked,
            by,
            overleg,
            f"gewijzigd ({labels})" + (f"; {sent} deelnemers opnieuw uitgenodigd." if sent else "."),
        )
        audit(
            locked,
            by=by,
            obj=overleg,
            event="casusoverleg_gewijzigd",
            velden=changed,
            volgnummer=overleg.calendar_sequence,
        )
    return overleg


def overleg_cancel(*, overleg: Casusoverleg, reason: str, by: User) -> Casusoverleg:
    """Cancel: every contact gets a CANCEL that removes the appointment (the reason stays in the app)."""
    reason = require_text(reason, "Geef aan waarom het casusoverleg niet doorgaat.")
    with transaction.atomic():
        locked, overleg = _lock_overleg(overleg, by)
        _ensure_open(overleg)
        was_invited = overleg.status == OverlegStatus.UITGENODIGD
        overleg.status = OverlegStatus.GEANNULEERD
        overleg.cancelled_at = timezone.now()
        if was_invited:
            overleg.calendar_sequence += 1
        overleg.save(update_fields=["status", "cancelled_at", "calendar_sequence"])
        sent = _invite_all(overleg, kind="annulering") if was_invited else 0
        _step(locked, by, overleg, f"geannuleerd: {reason}" + (f" ({sent} deelnemers afgemeld)." if sent else ""))
        audit(locked, by=by, obj=overleg, event="casusoverleg_geannuleerd")
    return overleg


# --- participants ------------------------------------------------------------------------------------


def overleg_add_organisation(
    *,
    overleg: Casusoverleg,
    organisation: Organisation | None,
    by: User,
    is_incidental: bool = False,
    ground: str = "",
    ground_explanation: str = "",
) -> OverlegParticipant:
    """Add an organisation; an incidental one needs a ground (as at the triage) and an explanation."""
    if organisation is None or not organisation.is_active:
        raise ServiceError("Kies een actieve organisatie.")
    ground_explanation = (ground_explanation or "").strip()
    if is_incidental:
        if ground not in IncidentalGround.values:
            raise ServiceError("Een incidentele deelnemer heeft een grondslag nodig.")
        if not ground_explanation:
            raise ServiceError("Licht de grondslag van de incidentele deelnemer toe.")
    else:
        ground, ground_explanation = "", ""
    with transaction.atomic():
        locked, overleg = _lock_overleg(overleg, by)
        _ensure_open(overleg)
        if overleg.participants.filter(organisation=organisation).exists():
            raise ServiceError(f"{organisation.name} neemt al deel aan dit casusoverleg.")
        participant = OverlegParticipant.objects.create(
            overleg=overleg,
            organisation=organisation,
            is_incidental=is_incidental,
            ground=ground,
            ground_explanation=ground_explanation,
        )
        how = (
            f" als incidentele deelnemer ({participant.get_ground_display()}: {ground_explanation})"
            if is_incidental
            else ""
        )
        _step(locked, by, overleg, f"{organisation.name} toegevoegd{how}.")
        audit(
            locked,
            by=by,
            obj=participant,
            action=AuditAction.CREATE,
            event="overleg_organisatie_toegevoegd",
            organisatie=organisation.pk,
        )
    return participant


def overleg_remove_organisation(*, participant: OverlegParticipant, reason: str, by: User) -> None:
    """Remove an organisation; its contact persons who were invited get a CANCEL."""
    reason = require_text(reason, "Geef aan waarom de organisatie niet meer deelneemt.")
    with transaction.atomic():
        locked, overleg = _lock_overleg(participant.overleg, by)
        _ensure_open(overleg)
        participant = OverlegParticipant.objects.select_related("organisation").get(pk=participant.pk, overleg=overleg)
        if overleg.status == OverlegStatus.UITGENODIGD:
            for contact in participant.contacts.select_related("user"):
                _mail(overleg, contact, kind="afgemeld", key_suffix=str(overleg.calendar_sequence))
        name = participant.organisation.name
        audit(
            locked,
            by=by,
            obj=participant,
            action=AuditAction.DELETE,
            event="overleg_organisatie_verwijderd",
            organisatie=participant.organisation_id,
        )
        participant.delete()
        _step(locked, by, overleg, f"{name} neemt niet meer deel: {reason}")


def overleg_add_contact(
    *, participant: OverlegParticipant, by: User, user: User | None = None, name: str = "", email: str = ""
) -> OverlegContact:
    """A contact person: a ketenpartner user of the organisation, or a name and address for the invitation only."""
    name, email = (name or "").strip(), (email or "").strip()
    if user is None and not (name and email):
        raise ServiceError("Kies een gebruiker van de organisatie, of geef een naam en een e-mailadres.")
    if user is not None and (name or email):
        raise ServiceError("Kies een gebruiker óf geef een naam en e-mailadres, niet allebei.")
    with transaction.atomic():
        locked, overleg = _lock_overleg(participant.overleg, by)
        _ensure_open(overleg)
        participant = OverlegParticipant.objects.select_related("organisation").get(pk=participant.pk, overleg=overleg)
        if user is not None:
            if user.organisation_id != participant.organisation_id or not user.has_role(Role.KETENPARTNER):
                raise ServiceError(f"Kies een ketenpartner van {participant.organisation.name}.")
            if participant.contacts.filter(user=user).exists():
                raise ServiceError("Deze contactpersoon staat er al.")
        elif participant.organisation.users.filter(is_active=True, groups__name=Role.KETENPARTNER).exists():
            raise ServiceError(
                f"{participant.organisation.name} heeft ketenpartners in de applicatie: kies een van hen."
            )
        contact = OverlegContact.objects.create(participant=participant, user=user, name=name, email=email)
        if overleg.status == OverlegStatus.UITGENODIGD:
            _mail(overleg, contact, kind="uitnodiging", key_suffix=str(overleg.calendar_sequence))
        _step(locked, by, overleg, f"contactpersoon voor {participant.organisation.name}: {contact.display_name}.")
        audit(locked, by=by, obj=contact, action=AuditAction.CREATE, event="overleg_contactpersoon_toegevoegd")
    return contact


# --- invitations and answers ---------------------------------------------------------------------------


def overleg_send_invitations(*, overleg: Casusoverleg, by: User) -> int:
    """Mail every contact person the invitation with its .ics; again, it mails only who has none yet."""
    with transaction.atomic():
        locked, overleg = _lock_overleg(overleg, by)
        _ensure_open(overleg)
        if not _contacts(overleg).exists():
            raise ServiceError("Voeg eerst per deelnemende organisatie een contactpersoon toe.")
        without = [
            p.organisation.name for p in overleg.participants.select_related("organisation") if not p.contacts.exists()
        ]
        if without:
            raise ServiceError(f"Geen contactpersoon voor: {', '.join(without)}.")
        overleg.status = OverlegStatus.UITGENODIGD
        overleg.invitations_sent_at = overleg.invitations_sent_at or timezone.now()
        overleg.save(update_fields=["status", "invitations_sent_at"])
        sent = _invite_all(overleg, kind="uitnodiging")
        if sent:
            _step(locked, by, overleg, f"uitnodigingen verstuurd aan {sent} contactpersonen.")
        audit(locked, by=by, obj=overleg, event="casusoverleg_uitgenodigd", verstuurd=sent)
    return sent


def _record_answer(contact: OverlegContact, response: str, reason: str, *, by: User | None, may) -> OverlegContact:
    """Record an answer with the dossier and the contact locked; ``may(dossier, contact)`` refuses who may not.

    The same answer again (a double submit, a link clicked twice) changes nothing and writes nothing.
    """
    if response not in OverlegResponse.values or response == OverlegResponse.OPEN:
        raise ServiceError("Kies of u op locatie, online of niet deelneemt.")
    reason = (reason or "").strip()
    if response == OverlegResponse.AFWEZIG and not reason:
        raise ServiceError("Geef aan waarom u niet kunt deelnemen.")
    if response != OverlegResponse.AFWEZIG:
        reason = ""
    with transaction.atomic():
        dossier = lock(contact.participant.overleg.dossier)
        contact = (
            OverlegContact.objects.select_for_update(of=("self",))
            .select_related("participant__overleg", "participant__organisation", "user")
            .get(pk=contact.pk)
        )
        overleg = contact.participant.overleg
        may(dossier, contact)
        if dossier.closed_at is not None:
            raise ServiceError("Dit dossier is afgesloten.")
        if overleg.status != OverlegStatus.UITGENODIGD or overleg.date < today():
            raise ServiceError("Op dit casusoverleg kan niet (meer) worden geantwoord.")
        if (contact.response, contact.response_reason) == (response, reason):
            return contact
        contact.response, contact.response_reason, contact.responded_at = response, reason, timezone.now()
        contact.save(update_fields=["response", "response_reason", "responded_at"])
        _step(
            dossier,
            by,
            overleg,
            f"{contact.display_name} ({contact.participant.organisation.name}): "
            f"{contact.get_response_display().lower()}{'. ' + reason if reason else '.'}"
            + ("" if by is not None else " (via de link in de uitnodiging)"),
        )
        audit(
            dossier,
            by=by,
            obj=contact,
            event="overleg_antwoord",
            antwoord=response,
            **({} if by is not None else {"via": "link"}),
        )
    return contact


def overleg_answer(*, contact: OverlegContact, response: str, by: User, reason: str = "") -> OverlegContact:
    """The contact person answers, or the procesregisseur records the answer: in person, online, or not (a reason)."""

    def may(dossier: PgaDossier, contact: OverlegContact) -> None:
        own = (
            contact.user_id == by.pk
            and by.has_role(Role.KETENPARTNER)
            and by.organisation_id == contact.participant.organisation_id
        )
        if not own:
            ensure_can_work(dossier, by)

    return _record_answer(contact, response, reason, by=by, may=may)


def overleg_answer_by_link(*, link: AnswerLink, response: str, reason: str = "") -> OverlegContact:
    """A contact without an account answers through the signed link of their invitation (``pga.answer_links``).

    The link must still name the meeting as it is now: a change sends a new link and the older one is refused.
    """
    contact = OverlegContact.objects.select_related("participant__overleg__dossier").filter(pk=link.contact_id).first()
    if contact is None or contact.user_id is not None:
        raise AnswerLinkRefused(INVALID)

    def may(dossier: PgaDossier, contact: OverlegContact) -> None:
        if contact.participant.overleg.calendar_sequence != link.sequence:
            raise AnswerLinkRefused(CHANGED)

    return _record_answer(contact, response, reason, by=None, may=may)


def answer_link_url(overleg: Casusoverleg, contact: OverlegContact) -> str:
    """The address of the answer page for a contact without an account, for the current invitation."""
    token = make_token(contact_id=contact.pk, sequence=overleg.calendar_sequence)
    return absolute_url(reverse("pga:overleg_answer_link", kwargs={"token": token}))


def overleg_chase(*, overleg: Casusoverleg, by: User) -> int:
    """Ask those who did not answer once more (at most once a day per person)."""
    with transaction.atomic():
        locked, overleg = _lock_overleg(overleg, by)
        if overleg.status != OverlegStatus.UITGENODIGD:
            raise ServiceError("Alleen wie is uitgenodigd kan worden gevraagd te antwoorden.")
        silent = list(_contacts(overleg).filter(response=OverlegResponse.OPEN))
        if not silent:
            raise ServiceError("Iedereen heeft geantwoord.")
        sent = sum(_mail(overleg, c, kind="aanmaning", key_suffix=today().isoformat(), ics=False) for c in silent)
        if sent:
            _step(locked, by, overleg, f"{sent} contactpersonen gevraagd te antwoorden.")
        audit(locked, by=by, obj=overleg, event="overleg_aanmaning", verstuurd=sent)
    return sent


def overleg_send_reminders(*, today_: datetime.date | None = None) -> int:
    """The reminder the day before (or, caught up, on the day itself): once per contact and date."""
    day = today_ or today()
    sent = 0
    with transaction.atomic():
        meetings = Casusoverleg.objects.filter(
            status=OverlegStatus.UITGENODIGD,
            dossier__closed_at__isnull=True,
            date__gte=day,
            date__lte=day + datetime.timedelta(days=1),
        ).select_related("dossier__casus")
        for overleg in meetings:
            for contact in _contacts(overleg).exclude(response=OverlegResponse.AFWEZIG):
                sent += _mail(overleg, contact, kind="herinnering", key_suffix=overleg.date.isoformat(), ics=False)
    return sent


# --- the meeting itself ------------------------------------------------------------------------------


def agenda_points(overleg: Casusoverleg) -> list[str]:
    """The agenda's points: its non-empty lines (the minutes have a summary per point)."""
    return [line.strip()[:300] for line in overleg.agenda.splitlines() if line.strip()]


def _summaries(minutes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (agenda point, summary) pairs worth keeping: points without a summary are left out."""
    summaries = [(point.strip()[:300], (summary or "").strip()) for point, summary in minutes]
    summaries = [(point, summary) for point, summary in summaries if point and summary]
    if not summaries:
        raise ServiceError("Schrijf bij ten minste één agendapunt een samenvatting.")
    return summaries


def _write_minutes(overleg: Casusoverleg, summaries: list[tuple[str, str]]) -> None:
    OverlegMinute.objects.bulk_create(
        OverlegMinute(overleg=overleg, position=position, agenda_point=point, summary=summary)
        for position, (point, summary) in enumerate(summaries, start=1)
    )


@dataclass(frozen=True)
class Agreement:
    """An agreement made in the meeting: it becomes an action in the plan of approach."""

    description: str
    owner_organisation: Organisation | None
    due_date: datetime.date | None


def overleg_record_meeting(
    *,
    overleg: Casusoverleg,
    attended: list[int],
    minutes: list[tuple[str, str]],
    agreements: list[Agreement],
    by: User,
) -> Casusoverleg:
    """Record the held meeting: who attended (contact persons), a summary per agenda point, the agreements.

    The agreements become actions through ``action_add`` (each one a plan version and a timeline step).
    The minutes stay in the application: the contact persons with an account who attended get a mail
    that says there are minutes, with a link, and nothing else.
    """
    summaries = _summaries(minutes)
    with transaction.atomic():
        locked, overleg = _lock_overleg(overleg, by)
        if overleg.status != OverlegStatus.UITGENODIGD:
            raise ServiceError("Alleen van een casusoverleg waarvoor is uitgenodigd legt u het verslag vast.")
        if overleg.date > today():
            raise ServiceError("Het verslag legt u vast op de dag van het casusoverleg of later.")
        contacts = list(_contacts(overleg).select_related("participant__organisation"))
        present = {int(pk) for pk in attended}
        if not present or not present <= {c.pk for c in contacts}:
            raise ServiceError("Geef aan welke contactpersonen aanwezig waren.")
        for contact in contacts:
            contact.attended = contact.pk in present
            contact.save(update_fields=["attended"])
        _write_minutes(overleg, summaries)
        overleg.status = OverlegStatus.GEHOUDEN
        overleg.held_recorded_at = timezone.now()
        overleg.save(update_fields=["status", "held_recorded_at"])
        for agreement in agreements:
            action_add(
                dossier=locked,
                description=agreement.description,
                owner_organisation=agreement.owner_organisation,
                due_date=agreement.due_date,
                overleg=overleg,
                by=by,
            )
        organisations = sorted({c.participant.organisation.name for c in contacts if c.pk in present})
        _step(
            locked,
            by,
            overleg,
            f"gehouden; aanwezig: {', '.join(organisations)}; notulen bij {len(summaries)} agendapunten, "
            f"{len(agreements)} afspraken als actie in het plan.",
        )
        sent = sum(
            _mail(overleg, c, kind="notulen", key_suffix="1", ics=False)
            for c in contacts
            if c.pk in present and c.user_id
        )
        audit(
            locked,
            by=by,
            obj=overleg,
            event="casusoverleg_verslag",
            aanwezig=sorted(present),
            afspraken=len(agreements),
            verstuurd=sent,
        )
    return overleg


def overleg_correct_minutes(
    *, overleg: Casusoverleg, minutes: list[tuple[str, str]], reason: str, by: User
) -> OverlegMinutesVersion:
    """Correct the recorded minutes: the text they replace is kept as a version with the reason.

    Who reads the minutes (the dossier's readers, the organisations that attended) sees the current
    text and every earlier version with who corrected it, when and why. The attending contacts with
    an account get a mail that the minutes were corrected (a link only, once per correction). The
    agreements are actions in the plan by now and are changed there, not here.
    """
    summaries = _summaries(minutes)
    reason = require_text(reason, "Geef aan waarom de notulen worden gecorrigeerd.")
    with transaction.atomic():
        locked, overleg = _lock_overleg(overleg, by)
        if overleg.status != OverlegStatus.GEHOUDEN:
            raise ServiceError("Alleen notulen die zijn vastgelegd kunt u corrigeren.")
        current = list(overleg.minutes.order_by("position", "id"))
        if [(m.agenda_point, m.summary) for m in current] == summaries:
            raise ServiceError("Er is niets gewijzigd aan de notulen.")
        last = overleg.minutes_versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = OverlegMinutesVersion.objects.create(
            overleg=overleg,
            number=last + 1,
            minutes=[{"agenda_point": m.agenda_point, "summary": m.summary} for m in current],
            reason=reason,
            corrected_by=by,
        )
        overleg.minutes.all().delete()
        _write_minutes(overleg, summaries)
        _step(locked, by, overleg, f"notulen gecorrigeerd (versie {version.number + 1}): {reason}")
        sent = sum(
            _mail(overleg, c, kind="correctie", key_suffix=str(version.number), ics=False)
            for c in _contacts(overleg).filter(attended=True, user__isnull=False)
        )
        audit(
            locked,
            by=by,
            obj=overleg,
            event="casusoverleg_notulen_gecorrigeerd",
            versie=version.number + 1,
            verstuurd=sent,
        )
    return version
