"""A hand-built spring 2026 around the change to summer time, for the report's figures.

Every moment is UTC; the comments give the Europe/Amsterdam wall clock where it matters. Summer
time starts on Sunday 29 March 2026 at 02:00 (CET+1 -> CEST+2), so week 14 starts on Sunday
29 March 22:00 UTC and April on Tuesday 31 March 22:00 UTC.

=====  ====================  ==========  =====================================================
case   submitted (UTC)       organisation what happens
=====  ====================  ==========  =====================================================
F1     09 Feb 10:00           politie     accepted 12 Feb; checks 13 Feb; triage 26 Mar: PGA
                                          (Koen Dijkstra); informed 30 Mar; closed 16 Apr
F2     10 Feb 10:00           politie     accepted 12 Feb; checks 13 Feb; triage 26 Mar: geen PGA
F3     11 Feb 10:00           politie     accepted 12 Feb; 26 Mar not discussed (moved); 2 Apr PGA
                                          (Sanne Bos); informing postponed to 20 Apr
E      02 Mar 09:00           politie     rejected (criteria) 4 Mar
A      29 Mar 21:30 (23:30)   politie     accepted 31 Mar                 (week 13)
B      29 Mar 22:30 (00:30)   politie     more information asked 30 Mar (week 14)
D      31 Mar 21:45 (23:45)   gemeente    rejected (andere regio) 31 Mar 21:50 (March)
C      31 Mar 22:15 (00:15)   gemeente    just submitted                  (April)
=====  ====================  ==========  =====================================================
"""

import datetime
from dataclasses import dataclass

import time_machine

from intake.constants import CasusStatus
from intake.models import Casus, PreCheck
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.constants import OrganisationKind
from participants.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from pga.constants import ActionStatus, ClosingReason, InformingMethod, PostponementGround, WhoInforms
from pga.services import (
    action_add,
    action_set_status,
    dossier_close,
    informing_agree,
    informing_postpone,
    informing_record_informed,
    pga_dossier_start,
)
from triage.constants import (
    AgendaItemStatus,
    CheckAnswer,
    DecisionOutcome,
    NotDiscussedReason,
    RejectionCategory,
    ScreeningOutcome,
)
from triage.models import AgendaItem, Bekendheidscheck, ScreeningDecision, TriageDecision
from triage.services.verrijking import ReminderStage, reminder_key
from triage.tests.case_factories import landelijk_kader
from triage.tests.meeting_factories import TriageMeetingFactory
from zvh.mail.models import OutgoingMail

UTC = datetime.UTC


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Spring:
    cases: dict[str, Casus]
    chair: object


def _case(label, *, org, moment, status, spring, municipality=None, precheck=None, precheck_municipality=None):
    melder = UserFactory(melder=True, organisation=org)
    with time_machine.travel(moment, tick=False):
        casus = CasusFactory(submitted=True, status=status, melder=melder, organisation=org, submitted_at=moment)
        if municipality is not None:
            BetrokkeneFactory(casus=casus, first_names="Geheimvoornaam", surname="Geheimachternaam",
                              municipality=municipality)
        if precheck is not None:
            PreCheck.objects.create(
                casus=casus, melder=melder, criteria_set=landelijk_kader(), answers={},
                municipality=precheck_municipality, organisation_may_register=True, advice_positive=precheck,
            )
    spring.cases[label] = casus
    return casus


def _screen(casus, moment, outcome, chair, category=""):
    with time_machine.travel(moment, tick=False):
        ScreeningDecision.objects.create(
            casus=casus, outcome=outcome, criteria_set=landelijk_kader(), rejection_category=category,
            reason="Geheime motivering", decided_by=chair,
        )


def _decide(item, moment, outcome, chair, *, procesregisseur=None, reason=""):
    with time_machine.travel(moment, tick=False):
        TriageDecision.objects.create(
            item=item, outcome=outcome, procesregisseur=procesregisseur, not_discussed_reason=reason,
            decided_by=chair,
        )


def _check(casus, org, chair, *, asked, answered=None, reminders=0):
    with time_machine.travel(asked, tick=False):
        check = Bekendheidscheck.objects.create(
            casus=casus, organisation=org, requested_by=chair, due_at=asked + datetime.timedelta(days=2),
            answer=CheckAnswer.BEKEND if answered else CheckAnswer.OPEN, answered_at=answered,
        )
    stages = [ReminderStage.ANSWER, ReminderStage.INFO][:reminders]
    with time_machine.travel(asked + datetime.timedelta(days=1), tick=False):
        for stage in stages:
            OutgoingMail.objects.create(key=reminder_key(check, stage), to=["ggz@example.org"],
                                        subject="Herinnering", body="Herinnering", case_reference=casus.reference)


def build_spring() -> Spring:
    """The cases of the table above, built with the case factories and, for the PGA, pga's services."""
    spring = Spring(cases={}, chair=UserFactory(voorzitter=True))
    chair = spring.chair
    politie = OrganisationFactory(name="Politie Midden-Nederland", kind=OrganisationKind.POLITIE)
    gemeente = OrganisationFactory(name="Gemeente Utrecht", kind=OrganisationKind.GEMEENTE)
    ggz = OrganisationFactory(name="GGZ Centraal", kind=OrganisationKind.GGZ)
    mitros = OrganisationFactory(name="Woningcorporatie Mitros", kind=OrganisationKind.UWV_SVB_WONING)
    utrecht = MunicipalityFactory(name="Utrecht")
    zeist = MunicipalityFactory(name="Zeist")
    koen = UserFactory(regisseur=True, first_name="Koen", last_name="Dijkstra")
    sanne = UserFactory(regisseur=True, first_name="Sanne", last_name="Bos")

    f1 = _case("F1", org=politie, moment=at(2, 9, 10), status=CasusStatus.PGA, spring=spring)
    f2 = _case("F2", org=politie, moment=at(2, 10, 10), status=CasusStatus.BESPROKEN_GEEN_PGA, spring=spring)
    f3 = _case("F3", org=politie, moment=at(2, 11, 10), status=CasusStatus.PGA, spring=spring)
    e = _case("E", org=politie, moment=at(3, 2, 9), status=CasusStatus.AFGEWEZEN, spring=spring)
    a = _case("A", org=politie, moment=at(3, 29, 21, 30), status=CasusStatus.IN_VERRIJKING, spring=spring,
              municipality=utrecht, precheck=True)
    b = _case("B", org=politie, moment=at(3, 29, 22, 30), status=CasusStatus.AANVULLING_GEVRAAGD, spring=spring,
              municipality=utrecht, precheck=False)
    d = _case("D", org=gemeente, moment=at(3, 31, 21, 45), status=CasusStatus.AFGEWEZEN, spring=spring,
              precheck=True, precheck_municipality=zeist)
    _case("C", org=gemeente, moment=at(3, 31, 22, 15), status=CasusStatus.AANGEMELD, spring=spring)

    for casus in (f1, f2, f3):
        _screen(casus, at(2, 12, 10), ScreeningOutcome.ACCEPTED, chair)
    _screen(e, at(3, 4, 9), ScreeningOutcome.REJECTED, chair, RejectionCategory.CRITERIA)
    _screen(b, at(3, 30, 8), ScreeningOutcome.INFORMATION_REQUESTED, chair)
    _screen(a, at(3, 31, 10), ScreeningOutcome.ACCEPTED, chair)
    _screen(d, at(3, 31, 21, 50), ScreeningOutcome.REJECTED, chair, RejectionCategory.ANDERE_REGIO)

    _check(f1, politie, chair, asked=at(2, 13, 9), answered=at(2, 14, 9))
    _check(f1, ggz, chair, asked=at(2, 13, 9), answered=at(2, 16, 21), reminders=1)
    _check(f2, politie, chair, asked=at(2, 13, 9), answered=at(2, 16, 9))
    _check(f2, ggz, chair, asked=at(2, 13, 9), reminders=1)

    TriageMeetingFactory(date=datetime.date(2026, 3, 12))
    TriageMeetingFactory(date=datetime.date(2026, 3, 19), cancelled=True)
    march_26 = TriageMeetingFactory(date=datetime.date(2026, 3, 26))
    april_2 = TriageMeetingFactory(date=datetime.date(2026, 4, 2))
    # Bound by the cutoff of Thursday 19 March 16:00 local (15:00 UTC) to the triage of 26 March.
    with time_machine.travel(at(3, 19, 15), tick=False):
        item_f1 = AgendaItem.objects.create(meeting=march_26, casus=f1, status=AgendaItemStatus.BESPROKEN, position=1)
        item_f2 = AgendaItem.objects.create(meeting=march_26, casus=f2, status=AgendaItemStatus.BESPROKEN, position=2)
        item_f3 = AgendaItem.objects.create(
            meeting=march_26, casus=f3, status=AgendaItemStatus.DOORGESCHOVEN, position=3
        )
    # Not discussed on 26 March: moved on to 2 April.
    with time_machine.travel(at(3, 26, 13, 10), tick=False):
        item_f3.moved_to = AgendaItem.objects.create(
            meeting=april_2, casus=f3, status=AgendaItemStatus.BESPROKEN, position=1
        )
        item_f3.save(update_fields=["moved_to"])
    _decide(item_f1, at(3, 26, 12, 30), DecisionOutcome.PGA, chair, procesregisseur=koen)
    _decide(item_f2, at(3, 26, 12, 50), DecisionOutcome.GEEN_PGA, chair)
    _decide(item_f3, at(3, 26, 13, 10), DecisionOutcome.NIET_BESPROKEN, chair, reason=NotDiscussedReason.GEEN_TIJD)
    _decide(item_f3.moved_to, at(4, 2, 12), DecisionOutcome.PGA, chair, procesregisseur=sanne)

    with time_machine.travel(at(3, 26, 12, 30), tick=False):
        dossier_f1 = pga_dossier_start(casus=f1, procesregisseur=koen, by=chair)
    with time_machine.travel(at(3, 27, 9), tick=False):
        informing_agree(dossier=dossier_f1, who_informs=WhoInforms.MELDER, method=InformingMethod.GESPREK,
                        planned_date=datetime.date(2026, 3, 30), by=koen)
    with time_machine.travel(at(3, 30, 10), tick=False):
        informing_record_informed(dossier=dossier_f1, informed_on=datetime.date(2026, 3, 30),
                                  who_informs=WhoInforms.MELDER, method=InformingMethod.GESPREK, by=koen)
    with time_machine.travel(at(3, 31, 9), tick=False):
        actions = [
            action_add(dossier=dossier_f1, description="Geheime actie", owner_organisation=org, due_date=due, by=koen)
            for org, due in ((mitros, datetime.date(2026, 4, 8)), (ggz, datetime.date(2026, 4, 9)),
                             (mitros, datetime.date(2026, 4, 20)))
        ]
    with time_machine.travel(at(4, 7, 10), tick=False):
        action_set_status(action=actions[0], status=ActionStatus.GEDAAN, by=koen)
    with time_machine.travel(at(4, 15, 10), tick=False):
        action_set_status(action=actions[1], status=ActionStatus.GEDAAN, by=koen)
    with time_machine.travel(at(4, 16, 12, 30), tick=False):
        dossier_close(dossier=dossier_f1, reason=ClosingReason.DOELEN_BEREIKT, evaluation="Geheime evaluatie", by=koen)

    with time_machine.travel(at(4, 2, 12), tick=False):
        dossier_f3 = pga_dossier_start(casus=f3, procesregisseur=sanne, by=chair)
    with time_machine.travel(at(4, 3, 9), tick=False):
        informing_agree(dossier=dossier_f3, who_informs=WhoInforms.PROCESREGISSEUR, method=InformingMethod.GESPREK,
                        planned_date=datetime.date(2026, 4, 6), by=sanne)
        informing_postpone(dossier=dossier_f3, ground=PostponementGround.VEILIGHEID,
                           review_date=datetime.date(2026, 4, 20), by=sanne)
    return spring
