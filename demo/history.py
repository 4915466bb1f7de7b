"""The triage part of the demo, replayed through the services at the moments it would have happened.

Why replayed and not written: a decided case needs its meeting, agenda item, decision and (for a
PGA) dossier, and the services refuse what the process does not allow (a decision before the
meeting's day, an agenda finalised after it). So the clock is moved (``time_machine``) to each
moment in turn: the melder submits two days before a Thursday 16:00 cutoff, the chair screens,
the partners answer the bekendheidscheck, the chair weighs; the cutoff binds the case; the day
before the meeting the chair finalises the agenda; on the day the triage decides and the chair
closes the meeting, which tells the melder. Status history, audit log and mails carry those
moments. Cutoffs are counted back from the last one before now, so the weekday the demo is
loaded on changes no state.
"""

import datetime
from collections.abc import Sequence

import time_machine
from django.utils import timezone

from intake.models import Casus, CriteriaSet
from participants.models import Organisation, User
from triage.constants import ACTIVE_AGENDA_STATUSES, IncidentalGround, NotDiscussedReason
from triage.models import AgendaItem, TriageMeeting
from triage.selectors.weighing import active_weighing_model
from triage.services.agenda import agenda_finalise
from triage.services.cutoff import cutoff_close_intake
from triage.services.decisions import (
    Invitee,
    decision_record_geen_pga,
    decision_record_not_discussed,
    decision_record_pga,
    meeting_close,
)
from triage.services.screening import screening_accept
from triage.services.verrijking import (
    bekendheidscheck_answer,
    bekendheidscheck_provide_info,
    bekendheidscheck_request_info,
)
from triage.services.weighing import weighing_save
from zvh.calendar import scheduling

#: What the triage decides at each meeting a case is on, in order.
NIET_BESPROKEN, GEEN_PGA, PGA = "niet_besproken", "geen_pga", "pga"

ACCEPTED = "Voldoet aan de criteria; bekendheidscheck uitgezet bij de vaste partners."
ADVICE = "Geen PGA: meld de situatie bij het wijkteam; bij nieuwe signalen kunt u opnieuw aanmelden."
PGA_MOTIVATION = "Problemen op meerdere leefgebieden; de lopende hulp sluit niet op elkaar aan."
_DAY = datetime.timedelta(days=1)
_WEEK = datetime.timedelta(days=7)


def last_cutoff(now: datetime.datetime) -> datetime.datetime:
    """The last Thursday 16:00 cutoff at or before ``now``."""
    return scheduling.next_cutoff(now - _WEEK)


def cutoff_weeks_back(now: datetime.datetime, weeks: int) -> datetime.datetime:
    """The cutoff ``weeks`` before the last one."""
    return scheduling.next_cutoff(now - (weeks + 1) * _WEEK)


def submitted_before(cutoff: datetime.datetime) -> datetime.datetime:
    """Two days before ``cutoff`` (the Tuesday): in time for it."""
    return cutoff - 2 * _DAY


def at(moment: datetime.datetime) -> time_machine.travel:
    """The clock stands still at ``moment`` (timestamps in the history are that moment)."""
    return time_machine.travel(moment, tick=False)


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=scheduling.TIMEZONE)


def screen_and_enrich(*, casus: Casus, users: dict[str, User], weight: int | None) -> None:
    """Accepted by the chair; with a ``weight`` the two partners with an account answer and the chair weighs.

    ``weight`` is the level (0 the lowest) the chair gives on every dimension of the de-escalatiemodel;
    None leaves the bekendheidscheck open, for the partners to answer in the demo.
    """
    chair = users["voorzitter"]
    screening_accept(
        casus=casus,
        by=chair,
        reason=ACCEPTED,
        criteria_judgement={criterion.pk: True for criterion in CriteriaSet.objects.get(is_active=True).criteria.all()},
    )
    if weight is None:
        return
    checks = {check.organisation_id: check for check in casus.bekendheidschecks.all()}
    police, ggz = users["partner-politie"], users["partner-ggz"]
    check = bekendheidscheck_answer(check=checks[police.organisation_id], by=police, known=True)
    check = bekendheidscheck_request_info(
        check=check, by=chair, question="Welke meldingen en contacten zijn er het afgelopen jaar geweest?"
    )
    bekendheidscheck_provide_info(
        check=check,
        by=police,
        text="Drie meldingen van overlast en één huiselijk conflict; geen lopend strafrechtelijk traject.",
        contact="Wijkagent, via de functionele mailbox van het basisteam",
    )
    bekendheidscheck_answer(check=checks[ggz.organisation_id], by=ggz, known=False)
    model = active_weighing_model()
    scores = {}
    for dimension in model.dimensions.all():
        levels = list(dimension.levels.all())
        scores[dimension.pk] = (levels[min(weight, len(levels) - 1)].pk, "Volgens de informatie van de partners.")
    weighing_save(casus=casus, by=chair, scores=scores)


def _pga_invitees() -> list[Invitee]:
    """The fixed partners that know the case, and the housing corporation on the ground of its expertise."""
    fixed = Organisation.objects.filter(name__in=["Politie Midden-Nederland", "Gemeente Utrecht", "GGZ Centraal"])
    return [
        *(Invitee(organisation=organisation) for organisation in fixed.order_by("name")),
        Invitee(
            organisation=Organisation.objects.get(name="Woningcorporatie Mitros"),
            ground=IncidentalGround.EXPERTISE,
            explanation="Huurachterstand; de corporatie kan een ontruiming aanhouden.",
        ),
    ]


def _decide(*, item: AgendaItem, outcome: str, users: dict[str, User]) -> None:
    chair = users["voorzitter"]
    if outcome == NIET_BESPROKEN:
        decision_record_not_discussed(item=item, by=chair, reason=NotDiscussedReason.MELDER_AFWEZIG)
    elif outcome == GEEN_PGA:
        decision_record_geen_pga(item=item, by=chair, advice=ADVICE)
    else:
        decision_record_pga(
            item=item,
            by=chair,
            procesregisseur=users["regisseur"],
            invitees=_pga_invitees(),
            motivation=PGA_MOTIVATION,
        )


def hold_meeting(*, meeting: TriageMeeting, outcomes: dict[int, str], users: dict[str, User]) -> None:
    """Finalise ``meeting``'s agenda the day before, decide ``outcomes`` (casus id -> outcome) on the day, close it."""
    chair = users["voorzitter"]
    with at(_local(meeting.date - _DAY, 9)):
        # The beat's cutoff job has run by now, so the meeting's intake is closed.
        cutoff_close_intake(now=timezone.now())
        agenda_finalise(meeting=meeting, by=chair)
    items = AgendaItem.objects.filter(meeting=meeting, casus_id__in=outcomes).order_by("position")
    with at(_local(meeting.date, 13, 5)):
        for item in items:
            _decide(item=item, outcome=outcomes[item.casus_id], users=users)
    with at(_local(meeting.date, 14, 30)):
        meeting_close(meeting=meeting, by=chair)


def triage_rounds(*, cutoff: datetime.datetime, decisions: dict[int, Sequence[str]], users: dict[str, User]) -> None:
    """From ``cutoff`` on: the cases of ``decisions`` (casus id -> outcome per meeting) through their meetings.

    The cases were submitted before ``cutoff``; a case not discussed is decided at the meeting it moved to.
    """
    with at(cutoff):
        cutoff_close_intake(now=cutoff)
    remaining = {casus_id: list(outcomes) for casus_id, outcomes in decisions.items()}
    while remaining:
        active = AgendaItem.objects.filter(casus_id__in=remaining, status__in=ACTIVE_AGENDA_STATUSES)
        meeting = min((item.meeting for item in active.select_related("meeting")), key=lambda m: m.date)
        on_it = set(active.filter(meeting=meeting).values_list("casus_id", flat=True))
        hold_meeting(meeting=meeting, outcomes={pk: remaining[pk].pop(0) for pk in on_it}, users=users)
        remaining = {pk: outcomes for pk, outcomes in remaining.items() if outcomes}
