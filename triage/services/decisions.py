"""The Integrale Triage decides: one decision per slot, then the chair closes the meeting.

Why these rules:

* Only a triagevoorzitter decides, only for an item ``geagendeerd`` on a held meeting whose
  agenda is final, not before the meeting's day and not after the meeting was closed. One
  decision per item: the item leaves ``geagendeerd`` with it, and the one-to-one on the item
  refuses a second one even from two chairs at once (the casus and the item are locked).
* **geen PGA** needs the advice for the melder (it is sent as written); **PGA** needs an active
  procesregisseur and the organisations of the first casusoverleg, where an organisation that
  is not a fixed partner needs a ground and an explanation (process step 5, docs/architecture.md); **niet
  besproken** moves the case to the next held meeting.
* The melder hears the outcome when the chair closes the meeting (``meeting_close``), not per
  slot: the triage can still correct itself during the meeting, and the melder gets one
  message. The app message may hold the advice (it can contain personal data, and the app is
  access-checked); the mail holds reference, outcome, dates and a link only. Closing is
  idempotent: ``melder_informed_at`` and the mail key make a second close send nothing again.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus, FeedbackKind
from intake.models import Casus, Feedback
from intake.presentation import date_in_words
from intake.selectors import melder_mail_address
from intake.services import casus_transition
from participants.constants import FIXED_PARTNER_KINDS, Role
from participants.models import Organisation, User
from participants.roles import ensure_procesregisseur
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.mail.services import absolute_url, mail_queue, mail_render

from ..constants import AgendaItemStatus, DecisionOutcome, IncidentalGround, MeetingPhase, NotDiscussedReason
from ..models import AgendaItem, CasusoverlegInvitee, TriageDecision, TriageMeeting
from ..selectors.invitations import slot_of
from ..signals import pga_decided
from .lifecycle import agenda_item_transition, meeting_transition
from .meetings import agenda_item_move, meeting_next_open

OUTCOME_MAIL_TEMPLATE = "triage/outcome_mail.txt"

#: The outcome in words for the melder (app message, mail, decision letter).
OUTCOME_WORDS = {
    DecisionOutcome.GEEN_PGA: "geen persoonsgerichte aanpak (geen PGA); de triage geeft u een advies",
    DecisionOutcome.PGA: "het ZVH start een persoonsgerichte aanpak (PGA) onder regie van een procesregisseur",
    DecisionOutcome.NIET_BESPROKEN: "niet besproken; de casus schuift door naar de volgende triage",
}


#: Why a case was not discussed, told to the melder (app message, mail, letter, case page).
NOT_DISCUSSED_WHY = {
    NotDiscussedReason.MELDER_AFWEZIG: (
        "De casus is niet besproken, omdat de melder er niet bij was toen de casus aan de beurt was. "
        "Het ZVH bespreekt een casus alleen als de melder aanwezig is: u kent de situatie en beantwoordt "
        "de vragen van de partners."
    ),
    NotDiscussedReason.GEEN_TIJD: "De casus is niet besproken, omdat de triage er in de beschikbare tijd niet aan "
    "toekwam.",
}
#: What comes next for a case that was not discussed; "{date}" is the next triage in words.
NOT_DISCUSSED_NEXT = (
    "De casus staat nu op de agenda van de Integrale Triage van {date}. U ontvangt een nieuwe uitnodiging met "
    "het tijdstip zodra de agenda van die triage vaststaat. Kunt u dan niet, of is de aanmelding niet meer "
    "nodig? Laat het het ZVH weten, of trek de aanmelding in."
)


def not_discussed_words(decision: TriageDecision) -> str:
    """What happened and what comes next, in one text, for a decision "niet besproken"."""
    new_meeting = new_meeting_of(decision)
    why = NOT_DISCUSSED_WHY.get(decision.not_discussed_reason, "De casus is niet besproken.")
    return f"{why} {NOT_DISCUSSED_NEXT.format(date=date_in_words(new_meeting.date if new_meeting else None))}"


@dataclass(frozen=True)
class Invitee:
    """One organisation for the first casusoverleg as the chair chose it; ground only for incidental ones."""

    organisation: Organisation
    ground: str = ""
    explanation: str = ""


@dataclass(frozen=True)
class Closing:
    meeting: TriageMeeting
    informed: int  # melders told now (0 when closing again)


def ensure_chair(user: User) -> None:
    user.require_role(Role.TRIAGEVOORZITTER, to="besluiten van de Integrale Triage vastleggen")


def ensure_meeting_in_session(meeting: TriageMeeting) -> None:
    """The meeting can take decisions now: held, agenda final, its day has come, not closed yet."""
    today = timezone.localdate()
    if not meeting.is_held:
        raise ServiceError("Deze triagevergadering is geannuleerd.")
    if meeting.agenda_finalised_at is None:
        raise ServiceError("De agenda van deze triage is nog niet vastgesteld.")
    if meeting.closed_at is not None:
        raise ServiceError("Deze triage is afgerond; besluiten kunnen niet meer worden vastgelegd of gewijzigd.")
    if today < meeting.date:
        raise ServiceError(f"Besluiten worden vastgelegd op de dag van de triage ({date_in_words(meeting.date)}).")


def ensure_can_decide(item: AgendaItem, user: User) -> None:
    """Whether ``user`` may record the decision on ``item`` now; the Dutch reason otherwise."""
    ensure_chair(user)
    ensure_meeting_in_session(item.meeting)
    if TriageDecision.objects.filter(item=item).exists():
        raise ServiceError("Voor deze casus is op deze triage al een besluit vastgelegd.")
    if item.status != AgendaItemStatus.GEAGENDEERD:
        raise ServiceError("Deze casus staat niet (meer) op de agenda van deze triage.")


def _locked(item: AgendaItem) -> AgendaItem:
    """The item with its meeting and casus, all locked.

    Meeting first, then casus (the order of ``meeting_cancel`` and ``meeting_close``), so a
    decision and the closing of its meeting never interleave and never deadlock.
    """
    meeting = TriageMeeting.objects.select_for_update().get(pk=item.meeting_id)
    casus = Casus.objects.select_for_update().get(pk=item.casus_id)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    locked.meeting, locked.casus = meeting, casus
    return locked


def _record(*, item: AgendaItem, by: User, outcome: DecisionOutcome, **fields) -> TriageDecision:
    decision = TriageDecision.objects.create(item=item, outcome=outcome, decided_by=by, **fields)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=decision,
        case_reference=item.casus.reference or "",
        detail={"gebeurtenis": "triagebesluit", "besluit": str(outcome), "vergadering": item.meeting_id},
    )
    return decision


def _required(value: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ServiceError(message)
    return text


def decision_record_geen_pga(*, item: AgendaItem, by: User, advice: str, motivation: str = "") -> TriageDecision:
    """Geen PGA: the advice for the melder (sent when the meeting closes); the case is discussed."""
    ensure_chair(by)
    advice = _required(advice, "Schrijf het advies aan de melder: welke andere ondersteuning of vervolgstappen.")
    with transaction.atomic():
        locked = _locked(item)
        ensure_can_decide(locked, by)
        decision = _record(
            item=locked, by=by, outcome=DecisionOutcome.GEEN_PGA, advice=advice, motivation=(motivation or "").strip()
        )
        agenda_item_transition(item=locked, to=AgendaItemStatus.BESPROKEN)
        casus_transition(
            casus=locked.casus,
            to=CasusStatus.BESPROKEN_GEEN_PGA,
            by=by,
            reason=f"Integrale Triage van {date_in_words(locked.meeting.date)}: geen PGA.",
        )
    return decision


def _checked_invitees(invitees: Sequence[Invitee]) -> list[CasusoverlegInvitee]:
    """The invitation rows, refusing inactive or doubled organisations and incidental ones without ground."""
    if not invitees:
        raise ServiceError("Kies ten minste één organisatie voor het eerste casusoverleg.")
    rows, seen = [], set()
    for invitee in invitees:
        organisation = invitee.organisation
        if not organisation.is_active:
            raise ServiceError(f"{organisation} is niet (meer) actief en kan niet worden uitgenodigd.")
        if organisation.pk in seen:
            raise ServiceError(f"{organisation} staat twee keer bij de deelnemers.")
        seen.add(organisation.pk)
        if organisation.kind in FIXED_PARTNER_KINDS:
            rows.append(CasusoverlegInvitee(organisation=organisation))
            continue
        if invitee.ground not in IncidentalGround.values:
            raise ServiceError(
                f"Kies voor {organisation} de grondslag: noodzakelijke expertise of een rol vanuit een "
                "wettelijke of publieke taak."
            )
        explanation = _required(invitee.explanation, f"Licht de grondslag van {organisation} toe.")
        rows.append(
            CasusoverlegInvitee(
                organisation=organisation, is_incidental=True, ground=invitee.ground, ground_explanation=explanation
            )
        )
    return rows


def decision_record_pga(
    *, item: AgendaItem, by: User, procesregisseur: User | None, invitees: Sequence[Invitee], motivation: str = ""
) -> TriageDecision:
    """PGA: the procesregisseur gets the dossier, and the first casusoverleg's participants are recorded."""
    ensure_chair(by)
    ensure_procesregisseur(procesregisseur)
    rows = _checked_invitees(invitees)
    with transaction.atomic():
        locked = _locked(item)
        ensure_can_decide(locked, by)
        decision = _record(
            item=locked,
            by=by,
            outcome=DecisionOutcome.PGA,
            procesregisseur=procesregisseur,
            motivation=(motivation or "").strip(),
        )
        for row in rows:
            row.decision = decision
        CasusoverlegInvitee.objects.bulk_create(rows)
        agenda_item_transition(item=locked, to=AgendaItemStatus.BESPROKEN)
        casus_transition(
            casus=locked.casus,
            to=CasusStatus.PGA,
            by=by,
            reason=f"Integrale Triage van {date_in_words(locked.meeting.date)}: PGA.",
        )
        pga_decided.send(sender=TriageDecision, decision=decision, by=by)
    return decision


def decision_record_not_discussed(*, item: AgendaItem, by: User, reason: str) -> TriageDecision:
    """Not discussed (melder absent, no time): the case moves to the next held meeting."""
    ensure_chair(by)
    if reason not in NotDiscussedReason.values:
        raise ServiceError("Kies waarom de casus niet is besproken.")
    with transaction.atomic():
        locked = _locked(item)
        ensure_can_decide(locked, by)
        meeting = locked.meeting
        target = meeting_next_open(meeting)
        decision = _record(item=locked, by=by, outcome=DecisionOutcome.NIET_BESPROKEN, not_discussed_reason=reason)
        agenda_item_move(
            item=locked,
            to=target,
            by=by,
            reason=(
                f"Niet besproken op de triage van {date_in_words(meeting.date)} "
                f"({NotDiscussedReason(reason).label.lower()}); doorgeschoven naar {date_in_words(target.date)}."
            ),
        )
    return decision


# --------------------------------------------------------------------------- closing the meeting


def open_slots(meeting: TriageMeeting) -> list[AgendaItem]:
    """The items still on the agenda without a decision, in slot order."""
    return list(
        meeting.items.filter(status=AgendaItemStatus.GEAGENDEERD).select_related("casus").order_by("position", "pk")
    )


def slot_label(meeting: TriageMeeting, item: AgendaItem) -> str:
    """ "13:20 ZVH-2026-00042": the slot's start time (when it has one) and the reference."""
    start, _ = slot_of(meeting.slots(), item.position)
    return f"{start:%H:%M} {item.casus.reference}" if start else item.casus.reference or ""


def meeting_close(*, meeting: TriageMeeting, by: User) -> Closing:
    """Close the triage: every slot has its decision; each melder gets the outcome once.

    Closing again (a double click, a retry after an error) tells only melders not told yet.
    """
    ensure_chair(by)
    with transaction.atomic():
        locked = TriageMeeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.closed_at is None:
            ensure_meeting_in_session(locked)
            still_open = open_slots(locked)
            if still_open:
                raise ServiceError(
                    "Nog geen besluit voor: " + ", ".join(slot_label(locked, item) for item in still_open) + "."
                )
            meeting_transition(meeting=locked, to=MeetingPhase.AFGEROND, closed_at=timezone.now(), closed_by=by)
            audit_record(
                actor=by,
                action=AuditAction.UPDATE,
                obj=locked,
                detail={"gebeurtenis": "triage_afgerond", "datum": locked.date.isoformat()},
            )
        decisions = (
            TriageDecision.objects.filter(item__meeting=locked, melder_informed_at__isnull=True)
            .select_related("item__casus__melder", "item__moved_to__meeting", "procesregisseur")
            .order_by("item__position", "pk")
        )
        informed = 0
        for decision in decisions:
            _tell_melder_outcome(decision=decision, meeting=locked, by=by)
            informed += 1
    meeting.refresh_from_db()
    return Closing(meeting=meeting, informed=informed)


def new_meeting_of(decision: TriageDecision) -> TriageMeeting | None:
    """Where a case that was not discussed went (the meeting of the item it moved to)."""
    moved_to = decision.item.moved_to
    return moved_to.meeting if moved_to is not None else None


def _outcome_message(decision: TriageDecision, meeting: TriageMeeting) -> str:
    casus = decision.item.casus
    opening = f"De Integrale Triage van {date_in_words(meeting.date)} over casus {casus.reference}: "
    if decision.outcome == DecisionOutcome.GEEN_PGA:
        return opening + (
            "geen persoonsgerichte aanpak (geen PGA). Het advies van de triage staat hieronder. "
            "Daarmee is de casus voor het ZVH afgesloten."
        )
    if decision.outcome == DecisionOutcome.PGA:
        return opening + (
            "het ZVH start een persoonsgerichte aanpak (PGA). "
            f"Procesregisseur: {decision.procesregisseur.display_name}. De procesregisseur neemt contact met u op "
            "over het informeren van de betrokkene(n) en het eerste casusoverleg."
        )
    return opening + f"niet besproken. {not_discussed_words(decision)}"


def _tell_melder_outcome(*, decision: TriageDecision, meeting: TriageMeeting, by: User) -> None:
    """The outcome in the app (with the advice) and by mail (without it); geen PGA then closes the case."""
    casus = Casus.objects.select_for_update().select_related("melder").get(pk=decision.item.casus_id)
    Feedback.objects.create(
        casus=casus, kind=FeedbackKind.UITKOMST, created_by=by, message=_outcome_message(decision, meeting)
    )
    if decision.outcome == DecisionOutcome.GEEN_PGA:
        Feedback.objects.create(casus=casus, kind=FeedbackKind.ADVIES, created_by=by, message=decision.advice)
    address = melder_mail_address(casus)
    if address:
        new_meeting = new_meeting_of(decision)
        mail_queue(
            key=f"triage-uitkomst:{decision.pk}",
            to=[address],
            subject=f"Uitkomst Integrale Triage: casus {casus.reference}",
            body=mail_render(
                OUTCOME_MAIL_TEMPLATE,
                {
                    "reference": casus.reference,
                    "meeting_date": meeting.date,
                    "outcome": str(decision.outcome),
                    "outcome_words": OUTCOME_WORDS[decision.outcome],
                    "new_date": new_meeting.date if new_meeting else None,
                    "not_discussed": not_discussed_words(decision)
                    if decision.outcome == DecisionOutcome.NIET_BESPROKEN
                    else "",
                    "casus_url": absolute_url(reverse("intake:casus_detail", args=[casus.pk])),
                },
            ),
            case_reference=casus.reference or "",
            topic=meeting.mail_topic,
        )
    if decision.outcome == DecisionOutcome.GEEN_PGA and casus.status == CasusStatus.BESPROKEN_GEEN_PGA:
        casus_transition(
            casus=casus, to=CasusStatus.AFGESLOTEN, by=by, reason="Advies van de triage aan de melder verstuurd."
        )
    decision.melder_informed_at = timezone.now()
    decision.save(update_fields=["melder_informed_at"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=decision,
        case_reference=casus.reference or "",
        detail={"gebeurtenis": "uitkomst_aan_melder", "besluit": decision.outcome},
    )
