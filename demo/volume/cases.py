"""Cases over ten years, each on a legal path through the process, with everything the steps leave behind.

Why written as rows and not through the services (as ``load_demo`` does): the services take
about a hundred queries per case and would need hours for 100,000 cases; COPY takes minutes.
What keeps the rows honest instead is that every case follows one path of the transition
table (``intake/lifecycle.py``; the test walks every generated history through it), at moments
that follow the calendar rules (``zvh.calendar.scheduling``: submitted before a Thursday 16:00
cutoff, discussed at the meeting that rule gives), and leaves what the services would leave:

- submitted: a reference number (ZVH-<year>-<number>), betrokkenen (fictional, an elfproef BSN,
  encrypted by the model field, its keyed hash from ``intake.models.casus.bsn_digest``);
- screened: the screening decision with the criteria set it applied; a question to the melder
  first for some; a rejection or withdrawal ends in erasure as ``intake.services.erasure`` leaves
  it (no betrokkenen, free texts blank, the anonymous record kept);
- accepted: a bekendheidscheck at every check partner (answered, and with information where
  known), the weighing on every dimension of the active de-escalatiemodel;
- at the triage: an agenda item per meeting the case was on (moved on once for some, with the
  "niet besproken" decision), the decision (geen PGA with advice, PGA with a procesregisseur and
  the invitees of the first casusoverleg), the outcome fed back to the melder;
- PGA: the dossier with informing steps, goals, actions, two plan versions, contact notes and
  its timeline; older dossiers closed (with a closure) and their cases closed.

Cases whose meeting lies ahead of ``now`` are in the open states: concepts, in the screening
queue, waiting for an answer, in verrijking, or bound by the last cutoff to the coming meeting.
"""

import datetime
import random
import uuid
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

from intake.constants import CasusStatus as S
from intake.constants import FeedbackKind, InformedStatus, LifeDomain, Urgency
from intake.models import Betrokkene, Casus, CriteriaSet, Feedback, InformationRequest, ReferenceCounter, StatusChange
from intake.models.casus import bsn_digest
from intake.services.casus import REFERENCE_FORMAT
from pga.constants import (
    ActionStatus,
    ClosingReason,
    ContactMethod,
    DossierPhase,
    EventKind,
    GoalStatus,
    InformingKind,
    InformingMethod,
    InformingStatus,
    WhoInforms,
)
from pga.models import Action, Closure, ContactNote, DossierEvent, Goal, InformingStep, PgaDossier, PlanVersion
from triage.constants import AgendaItemStatus, CheckAnswer, DecisionOutcome, NotDiscussedReason, ScreeningOutcome
from triage.models import (
    AgendaItem,
    Bekendheidscheck,
    CasusoverlegInvitee,
    CutoffRun,
    DimensionScore,
    ScreeningDecision,
    TriageDecision,
    TriageMeeting,
    Weighing,
)
from triage.selectors.weighing import active_weighing_model
from zvh.calendar import scheduling

from .copy import Table, json
from .people import FIRST_NAMES, SURNAMES, People

UTC = datetime.UTC
_DAY = datetime.timedelta(days=1)
_HOUR = datetime.timedelta(hours=1)
_WEEK = datetime.timedelta(days=7)
MEETINGS = 500
#: Meetings planned ahead of now, as the weekly planning task keeps them.
MEETINGS_AHEAD = 8

TEXT_AANLEIDING = (
    "Meerdere meldingen van overlast in de buurt; hulpverlening komt niet binnen.",
    "Zorgen over de veiligheid van de kinderen na herhaalde incidenten thuis.",
    "Schulden lopen op, huisuitzetting dreigt; de lopende hulp sluit niet op elkaar aan.",
    "Verward gedrag op straat en weigering van zorg; buren voelen zich onveilig.",
)
TEXT_CONCERNS = "Problemen op meerdere leefgebieden die elkaar versterken; de reguliere aanpak loopt vast."
TEXT_RISKS = "Risico op escalatie richting omwonenden en professionals."
TEXT_TRIED = "Wijkteam, schuldhulp en GGZ zijn betrokken geweest; afspraken worden niet nagekomen."
RELATIONS = ("hoofdbetrokkene", "partner", "kind", "ouder", "huisgenoot")
STREETS = ("Dorpsstraat", "Kerkweg", "Molenlaan", "Stationsplein", "Schoolstraat", "Parkweg", "Beukenlaan")


@dataclass
class Counts:
    cases: int = 0
    status_changes: int = 0


def meeting_dates(now: datetime.datetime) -> list[datetime.date]:
    """The last MEETINGS held Thursdays, ending MEETINGS_AHEAD meetings after today (holidays skipped)."""
    today = now.astimezone(scheduling.TIMEZONE).date()
    ahead = scheduling.meeting_dates(today, MEETINGS_AHEAD)
    start = ahead[-1] - datetime.timedelta(weeks=MEETINGS + 40)
    dates = [d for d in scheduling.meeting_dates(start, MEETINGS + 40) if d <= ahead[-1]]
    return dates[-MEETINGS:]


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=scheduling.TIMEZONE).astimezone(UTC)


def bsn(rng: random.Random) -> str:
    """A random number that passes the elfproef (fictional: not checked against any register)."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(d * (9 - i) for i, d in enumerate(digits)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


class CaseGenerator:
    """Writes `cases` cases between the first meeting's cutoffs and `now`; see the module docstring."""

    def __init__(self, *, rng: random.Random, people: People, now: datetime.datetime, progress: Callable) -> None:
        self.rng = rng
        self.people = people
        self.now = now
        self.today = now.astimezone(scheduling.TIMEZONE).date()
        self.progress = progress
        self.criteria_set = CriteriaSet.objects.get(is_active=True)
        self.criteria = list(self.criteria_set.criteria.values_list("pk", flat=True))
        self.weighing_model = active_weighing_model()
        self.dimensions = [
            (dimension.pk, [level.pk for level in dimension.levels.order_by("score")])
            for dimension in self.weighing_model.dimensions.prefetch_related("levels")
        ]
        self.bsn_field = Betrokkene._meta.get_field("bsn")
        self.counters: dict[int, int] = dict(ReferenceCounter.objects.values_list("year", "last_number"))
        self.check_partners = [o.pk for o in people.check_partners]
        self.t = self._tables()
        self.counts = Counts()
        # Casus ids in the order they were created, with their reference (the audit log names them).
        self.case_log: list[tuple[datetime.datetime, uuid.UUID, str, int, int]] = []

    def _tables(self) -> dict[str, Table]:
        T = Table
        return {
            "meeting": T(TriageMeeting, ["date", "starts_at", "ends_at", "room", "online_link", "capacity", "status",
                                         "intake_closed_at", "agenda_finalised_at", "agenda_finalised_by",
                                         "calendar_sequence", "closed_at", "closed_by", "created_at", "is_extra",
                                         "cancelled_reason"]),
            "casus": T(Casus, ["id", "reference", "status", "organisation", "melder", "created_at", "updated_at",
                               "submitted_at", "target_triage_date", "criteria_set", "aanleiding", "concerns",
                               "life_domains", "safety_risks", "tried_before", "criteria_motivation", "urgency",
                               "urgency_reason", "informed", "informed_explanation", "wgs_declared_at"], ids=False),
            "betrokkene": T(Betrokkene, ["casus", "first_names", "surname_prefix", "surname", "date_of_birth", "bsn",
                                         "bsn_hash", "relation", "street_address", "postal_code", "city",
                                         "municipality"]),
            "status": T(StatusChange, ["casus", "from_status", "to_status", "by", "at", "reason"]),
            "question": T(InformationRequest, ["casus", "question", "asked_by", "asked_at", "answer", "answered_by",
                                               "answered_at"]),
            "feedback": T(Feedback, ["casus", "kind", "message", "created_by", "created_at"]),
            "screening": T(ScreeningDecision, ["casus", "outcome", "criteria_set", "criteria_judgement", "reason",
                                               "rejection_category", "advice", "decided_by", "decided_at",
                                               "melder_contacted_at", "melder_contacted_by", "contact_note"]),
            "check": T(Bekendheidscheck, ["casus", "organisation", "is_incidental", "requested_by", "requested_at",
                                          "due_at", "answer", "answered_by", "answered_at", "info_question",
                                          "info_requested_at", "info_due_at", "info_text", "info_contact",
                                          "info_provided_by", "info_provided_at", "ground", "ground_explanation"]),
            "weighing": T(Weighing, ["casus", "model", "scored_by", "scored_at"]),
            "score": T(DimensionScore, ["weighing", "dimension", "level", "motivation"]),
            "item": T(AgendaItem, ["meeting", "casus", "status", "position", "bound_at", "moved_to", "moved_reason",
                                   "attendance", "attendance_confirmed_at", "attendance_confirmed_by"]),
            "decision": T(TriageDecision, ["item", "outcome", "not_discussed_reason", "advice", "motivation",
                                           "procesregisseur", "decided_by", "decided_at", "melder_informed_at"]),
            "invitee": T(CasusoverlegInvitee, ["decision", "organisation", "is_incidental", "ground",
                                               "ground_explanation"]),
            "dossier": T(PgaDossier, ["casus", "procesregisseur", "phase", "started_at", "closed_at",
                                      "first_contact_at", "informing_status", "informing_review_date",
                                      "monitoring_date"]),
            "informing": T(InformingStep, ["dossier", "kind", "who_informs", "method", "planned_date", "informed_on",
                                           "recorded_by", "recorded_at", "ground", "explanation"]),
            "goal": T(Goal, ["dossier", "life_domain", "description", "status", "created_at"]),
            "action": T(Action, ["dossier", "goal", "description", "owner_organisation", "contact_person", "due_date",
                                 "status", "status_note", "created_by", "created_at", "updated_at"]),
            "plan": T(PlanVersion, ["dossier", "number", "change", "agreed", "snapshot", "created_by", "created_at"]),
            "contact": T(ContactNote, ["dossier", "contact_on", "with_whom", "method", "summary", "recorded_by",
                                       "recorded_at"]),
            "closure": T(Closure, ["dossier", "reason", "explanation", "evaluation", "monitoring_date", "closed_by",
                                   "closed_at"]),
            # After the records its steps point at (the dossier page reads them through the timeline).
            "event": T(DossierEvent, ["dossier", "kind", "at", "by", "text", "plan_version", "contact", "closure"]),
        }  # fmt: skip

    # ------------------------------------------------------------------ meetings

    def write_meetings(self) -> None:
        """The meetings; past ones closed, the coming one with its intake closed when its cutoff passed."""
        self.meetings: list[datetime.date] = meeting_dates(self.now)
        self.meeting_ids: dict[datetime.date, int] = {}
        for day in self.meetings:
            cutoff = local(day - _WEEK, 16)
            past = day < self.today
            chair = self.rng.choice(self.people.chairs)
            self.meeting_ids[day] = self.t["meeting"].add(
                day, datetime.time(13), datetime.time(14, 30), "Zaal 1", "https://vergader.volume.example/triage",
                4, "gepland", cutoff if cutoff < self.now else None,
                local(day - 2 * _DAY, 10) if past else None, chair if past else None, 0,
                local(day, 14, 40) if past else None, chair if past else None, cutoff - 8 * _WEEK, False, "",
            )  # fmt: skip
        self.t["meeting"].finish()
        self.item_counts: dict[datetime.date, int] = dict.fromkeys(self.meetings, 0)

    def _finish_meetings(self) -> None:
        """Capacities and cutoff runs, known only once every case is placed.

        A meeting's capacity is the number of cases placed on it. Every cutoff that passed has
        its ``CutoffRun``, as the Thursday job leaves it, so the job's next run processes only
        the next cutoff (not ten years of them).
        """
        with connection.cursor() as cursor:
            cursor.executemany(
                f'UPDATE "{TriageMeeting._meta.db_table}" SET capacity = %s WHERE id = %s',
                [(max(4, count), self.meeting_ids[day]) for day, count in self.item_counts.items()],
            )
        runs = []
        for day in self.meetings:
            cutoff = local(day - _WEEK, 16)
            if cutoff < self.now:
                runs.append(
                    CutoffRun(
                        cutoff_at=cutoff, meeting_id=self.meeting_ids[day], ran_at=cutoff,
                        bound_count=self.item_counts[day],
                    )
                )  # fmt: skip
        CutoffRun.objects.bulk_create(runs)

    def meeting_for(self, submitted: datetime.datetime) -> datetime.date | None:
        """The meeting the cutoff rule gives; the next one generated if that day has none."""
        target = scheduling.triage_date_for(submitted)
        index = bisect_left(self.meetings, target)
        return self.meetings[index] if index < len(self.meetings) else None

    # ------------------------------------------------------------------ cases

    def write_cases(self, count: int, *, big_share: int) -> None:
        rng, people = self.rng, self.people
        first = local(self.meetings[0] - 2 * _WEEK, 9)
        span = (self.now - first).total_seconds()
        others = [o.pk for o in people.registering if o.pk != people.big.pk]
        organisations = [people.big.pk] * min(big_share, count) + [
            others[i % len(others)] for i in range(count - min(big_share, count))
        ]
        rng.shuffle(organisations)
        for number, organisation in enumerate(organisations):
            created = first + datetime.timedelta(seconds=span * (number + rng.random()) / count)
            if created >= self.now:
                created = self.now - datetime.timedelta(minutes=5)
            self._case(created, organisation)
            if (number + 1) % 2000 == 0 or number + 1 == count:
                self._flush()
                self.progress("casussen", number + 1, count)
        for table in self.t.values():
            table.finish()
        self._finish_meetings()
        for year, number in self.counters.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": number})

    def _flush(self) -> None:
        """Send every buffer, tables referred to before the tables that refer to them (dict order)."""
        for table in self.t.values():
            table.flush()

    def _reference(self, submitted: datetime.datetime) -> str:
        year = submitted.astimezone(scheduling.TIMEZONE).year
        self.counters[year] = self.counters.get(year, 0) + 1
        return REFERENCE_FORMAT.format(year=year, number=self.counters[year])

    def _case(self, created: datetime.datetime, organisation: int) -> None:
        rng = self.rng
        melder = rng.choice(self.people.melders[organisation])
        casus = uuid.UUID(int=rng.getrandbits(128), version=4)
        history: list[tuple[str, str, int | None, datetime.datetime, str]] = [("", S.CONCEPT, melder, created, "")]
        self.history, self.casus_id, self.melder, self.target = history, casus, melder, None
        recent = self.now - created < 3 * _DAY
        if recent and rng.random() < 0.25:
            self._write_casus(created, organisation, melder, None, S.CONCEPT, erased=False)
            return
        submitted = created + datetime.timedelta(minutes=rng.randint(10, 240))
        if submitted >= self.now:
            submitted = created
        meeting = self.target = self.meeting_for(submitted)
        history.append((S.CONCEPT, S.AANGEMELD, melder, submitted, ""))
        screened = submitted + datetime.timedelta(hours=rng.randint(4, 72))
        due = meeting is None or meeting >= self.today
        if due:
            status = self._open_case(submitted, screened, meeting)
            erased = False
        else:
            status, erased = self._past_case(submitted, screened, meeting)
        self._write_casus(created, organisation, melder, submitted, status, erased=erased)

    def _write_casus(self, created, organisation, melder, submitted, status, *, erased) -> None:
        rng = self.rng
        reference = self._reference(submitted) if submitted else None
        filled = not erased
        domains = rng.sample(LifeDomain.values, 3)
        self.t["casus"].add(
            self.casus_id, reference, status, organisation, melder, created, self.history[-1][3], submitted,
            self.target, self.criteria_set.pk,
            rng.choice(TEXT_AANLEIDING) if filled else "", TEXT_CONCERNS if filled else "",
            json({d: "Problemen op dit leefgebied." for d in domains} if filled else {}),
            TEXT_RISKS if filled else "", TEXT_TRIED if filled else "",
            json({str(c): "Zie de aanleiding." for c in self.criteria} if filled else {}),
            Urgency.HOOG if rng.random() < 0.15 else Urgency.NORMAAL, "", InformedStatus.JA if submitted else "",
            "", submitted,
        )  # fmt: skip
        if filled:
            for index in range(1 if rng.random() < 0.6 else rng.randint(2, 3)):
                self._betrokkene(index)
        for from_status, to_status, by, at, reason in self.history:
            self.t["status"].add(self.casus_id, from_status, to_status, by, at, "" if erased else reason)
        self.counts.cases += 1
        self.counts.status_changes += len(self.history)
        if reference:
            self.case_log.append((created, self.casus_id, reference, organisation, melder))

    def _betrokkene(self, index: int) -> None:
        rng = self.rng
        number = bsn(rng)
        municipality = rng.choice(self.people.municipalities)
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 60))
        self.t["betrokkene"].add(
            self.casus_id, rng.choice(FIRST_NAMES), "", rng.choice(SURNAMES), born,
            self.bsn_field.get_db_prep_save(number, connection), bsn_digest(number),
            RELATIONS[min(index, len(RELATIONS) - 1)], f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
            f"{rng.randint(1000, 9999)} {chr(65 + rng.randint(0, 25))}{chr(65 + rng.randint(0, 25))}",
            municipality.name, municipality.pk,
        )  # fmt: skip

    def _move(self, to: str, by: int | None, at: datetime.datetime, reason: str = "") -> None:
        self.history.append((self.history[-1][1], to, by, at, reason))

    # ------------------------------------------------------------------ open cases (meeting ahead)

    def _open_case(self, submitted, screened, meeting) -> str:
        """A case still on its way: bound to the coming meeting when its cutoff passed, else earlier."""
        rng = self.rng
        chair = rng.choice(self.people.chairs)
        cutoff = scheduling.next_cutoff(submitted)
        bound = meeting is not None and cutoff < self.now
        if screened >= self.now or (not bound and rng.random() < 0.35):
            status = S.AANGEMELD
        elif not bound and rng.random() < 0.2:
            self._ask(screened, chair, answered=False)
            status = S.AANVULLING_GEVRAAGD
        else:
            self._screen(ScreeningOutcome.ACCEPTED, screened, chair)
            self._move(S.IN_VERRIJKING, chair, screened)
            self._verrijking(screened, chair, finished=self.now - screened > 5 * _DAY)
            status = S.IN_VERRIJKING
        if bound:
            self.t["item"].add(self.meeting_ids[meeting], self.casus_id, AgendaItemStatus.GEBONDEN, None, cutoff,
                               None, "", "", None, None)  # fmt: skip
        return status

    # ------------------------------------------------------------------ past cases (meeting held)

    def _past_case(self, submitted, screened, meeting) -> tuple[str, bool]:
        rng = self.rng
        chair = rng.choice(self.people.chairs)
        roll = rng.random()
        if roll < 0.04:  # withdrawn by the melder before screening, then erased
            self._move(S.INGETROKKEN, self.melder, screened - _HOUR, "Ingetrokken door de melder.")
            self._move(S.VERWIJDERD, None, screened, "Verwijderd na intrekking.")
            return S.VERWIJDERD, True
        if rng.random() < 0.15:
            if not self._ask(screened, chair, answered=True):
                return S.AANVULLING_GEVRAAGD, False  # the melder has not answered yet
            screened += 3 * _DAY
            meeting = self.target = self.meeting_for(screened) or meeting
            if meeting >= self.today:
                return self._open_case(screened, screened + _HOUR, meeting), False
        if roll < 0.16:  # rejected at screening: the melder is told, then the registration is erased
            self._screen(ScreeningOutcome.REJECTED, screened, chair, erased=True)
            self._move(S.AFGEWEZEN, chair, screened, "")
            self._move(S.VERWIJDERD, None, screened + _DAY, "")
            return S.VERWIJDERD, True
        self._screen(ScreeningOutcome.ACCEPTED, screened, chair)
        self._move(S.IN_VERRIJKING, chair, screened)
        self._verrijking(screened, chair, finished=True)
        return self._triage(meeting, chair), False

    def _triage(self, meeting: datetime.date, chair: int) -> str:
        """On the agenda of `meeting` (moved on once for some) until decided; then closed when due."""
        rng = self.rng
        following = self.meetings.index(meeting) + 1
        if rng.random() < 0.1 and following < len(self.meetings) and self.meetings[following] < self.today:
            # Not discussed (the melder was absent): the item points at the item of the next meeting.
            item_id = self._item(meeting, AgendaItemStatus.DOORGESCHOVEN, chair, moved_to=self.t["item"].next_id + 1)
            self.t["decision"].add(item_id, DecisionOutcome.NIET_BESPROKEN, NotDiscussedReason.MELDER_AFWEZIG, "", "",
                                   None, chair, local(meeting, 13, 20), local(meeting, 14, 40))  # fmt: skip
            self._move(S.DOORGESCHOVEN, chair, local(meeting, 14, 30), "Niet besproken: melder afwezig.")
            meeting = self.meetings[following]
        self.target = meeting
        item_id = self._item(meeting, AgendaItemStatus.BESPROKEN, chair)
        decided = local(meeting, 13, 20)
        informed = local(meeting, 14, 40)
        if rng.random() < 0.35:
            regisseur = rng.choice(self.people.regisseurs)
            decision = self.t["decision"].add(item_id, DecisionOutcome.PGA, "", "",
                                              "Problemen op meerdere leefgebieden; de hulp sluit niet aan.",
                                              regisseur, chair, decided, informed)  # fmt: skip
            for organisation in rng.sample(self.check_partners, 3):
                self.t["invitee"].add(decision, organisation, False, "", "")
            self._move(S.PGA, chair, decided)
            self.t["feedback"].add(self.casus_id, FeedbackKind.UITKOMST, "De triage besloot tot een PGA.", chair,
                                   informed)  # fmt: skip
            closed = self._dossier(decided, regisseur, chair)
            if closed is not None:
                self._move(S.AFGESLOTEN, regisseur, closed, "PGA afgesloten.")
                return S.AFGESLOTEN
            return S.PGA
        advice = "Geen PGA: meld de situatie bij het wijkteam; bij nieuwe signalen kunt u opnieuw aanmelden."
        self.t["decision"].add(item_id, DecisionOutcome.GEEN_PGA, "", advice, "Reguliere aanpak volstaat.", None,
                               chair, decided, informed)  # fmt: skip
        self._move(S.BESPROKEN_GEEN_PGA, chair, decided)
        self.t["feedback"].add(self.casus_id, FeedbackKind.UITKOMST, "De triage besloot: geen PGA.", chair, informed)
        self.t["feedback"].add(self.casus_id, FeedbackKind.ADVIES, advice, chair, informed)
        closed = informed + _DAY * rng.randint(7, 21)
        if closed < self.now:
            self._move(S.AFGESLOTEN, chair, closed, "Advies verstuurd; casus afgesloten.")
            return S.AFGESLOTEN
        return S.BESPROKEN_GEEN_PGA

    def _item(self, meeting: datetime.date, status: str, chair: int, *, moved_to: int | None = None) -> int:
        """Bound by the cutoff, placed on the agenda two days before the meeting, then moved on or discussed."""
        self.item_counts[meeting] += 1
        finalised = local(meeting - 2 * _DAY, 10)
        self._move(S.GEAGENDEERD, chair, finalised)
        return self.t["item"].add(self.meeting_ids[meeting], self.casus_id, status, self.item_counts[meeting],
                                  local(meeting - _WEEK, 16), moved_to,
                                  "Niet besproken: melder afwezig." if moved_to else "",
                                  "online" if self.rng.random() < 0.5 else "fysiek", finalised + _HOUR,
                                  self.melder)  # fmt: skip

    # ------------------------------------------------------------------ steps

    def _ask(self, at: datetime.datetime, chair: int, *, answered: bool) -> bool:
        """The chair's question; answered two days later unless that lies after now. Returns whether answered."""
        self._screen(ScreeningOutcome.INFORMATION_REQUESTED, at, chair)
        self._move(S.AANVULLING_GEVRAAGD, chair, at, "Vraag om aanvulling.")
        answer_at = at + 2 * _DAY
        if answered and answer_at >= self.now:
            answered = False
        self.t["question"].add(self.casus_id, "Welke hulp is er het afgelopen jaar ingezet?", chair, at,
                               "Wijkteam en schuldhulp." if answered else "", self.melder if answered else None,
                               answer_at if answered else None)  # fmt: skip
        if answered:
            self._move(S.AANGEMELD, self.melder, answer_at, "Aanvulling gegeven.")
        return answered

    def _screen(self, outcome: str, at: datetime.datetime, chair: int, *, erased: bool = False) -> None:
        rejected = outcome == ScreeningOutcome.REJECTED
        judgement = {} if erased else {str(c): not rejected for c in self.criteria}
        self.t["screening"].add(
            self.casus_id, outcome, self.criteria_set.pk, json(judgement),
            "" if erased else "Getoetst aan de criteria.", "andere_regio" if rejected else "", "", chair, at,
            at + _HOUR if rejected else None, chair if rejected else None, "",
        )  # fmt: skip

    def _verrijking(self, at: datetime.datetime, chair: int, *, finished: bool) -> None:
        """A check at every check partner, answered (and the information where known); then the weighing."""
        rng = self.rng
        for organisation in self.check_partners:
            answered = finished or rng.random() < 0.5
            known = answered and rng.random() < 0.3
            answered_at = at + datetime.timedelta(hours=rng.randint(2, 60))
            if answered_at >= self.now:
                answered, known = False, False
            partner = rng.choice(self.people.partners[organisation])
            info_at = answered_at + _DAY
            informed = known and (finished or info_at < self.now)
            self.t["check"].add(
                self.casus_id, organisation, False, chair, at, at + 3 * _DAY,
                (CheckAnswer.BEKEND if known else CheckAnswer.NIET_BEKEND) if answered else CheckAnswer.OPEN,
                partner if answered else None, answered_at if answered else None,
                "Wat is bij u bekend over de afgelopen twee jaar?" if known else "", answered_at if known else None,
                answered_at + 3 * _DAY if known else None,
                "Bekend vanwege eerdere meldingen; contactpersoon beschikbaar." if informed else "",
                "Teamleider" if informed else "", partner if informed else None, info_at if informed else None, "", "",
            )  # fmt: skip
        if finished:
            weighing = self.t["weighing"].add(self.casus_id, self.weighing_model.pk, chair, at + 4 * _DAY)
            for dimension, levels in self.dimensions:
                self.t["score"].add(weighing, dimension, rng.choice(levels), "Afgewogen op de bekende informatie.")

    def _dossier(self, started: datetime.datetime, regisseur: int, chair: int) -> datetime.datetime | None:
        """A PGA dossier; closed (returns when) once its run of four to eighteen months is over."""
        rng = self.rng
        closed = started + _DAY * rng.randint(120, 540)
        running = closed >= self.now
        informed_on = (started + 10 * _DAY).date()
        informed = informed_on < self.today
        monitoring = (closed + 180 * _DAY).date()
        if running:
            phase = DossierPhase.UITVOEREN if self.now - started > 30 * _DAY else DossierPhase.PLAN
        else:
            phase = DossierPhase.MONITOREN if monitoring > self.today else DossierPhase.AFGESLOTEN
        dossier = self.t["dossier"].add(
            self.casus_id, regisseur, phase, started, None if running else closed, started + 3 * _DAY,
            InformingStatus.GEINFORMEERD if informed else InformingStatus.AFGESPROKEN, None,
            None if running else monitoring,
        )  # fmt: skip

        def step(kind, at, by, text, *, plan_version=None, contact=None, closure=None):
            """A timeline step, pointing at the record it is about as ``pga.services.common.step`` does."""
            self.t["event"].add(dossier, kind, at, by, text, plan_version, contact, closure)

        step(EventKind.BESLUIT, started, chair, "PGA besloten door de Integrale Triage.")
        self.t["informing"].add(dossier, InformingKind.AFSPRAAK, WhoInforms.PROCESREGISSEUR, InformingMethod.GESPREK,
                                informed_on, None, regisseur, started + _DAY, "", "")  # fmt: skip
        if informed:
            self.t["informing"].add(dossier, InformingKind.GEINFORMEERD, WhoInforms.PROCESREGISSEUR,
                                    InformingMethod.GESPREK, None, informed_on, regisseur,
                                    started + 10 * _DAY, "", "")  # fmt: skip
            step(EventKind.INFORMEREN, started + 10 * _DAY, regisseur, "Betrokkene geïnformeerd.")
        planned = started + 14 * _DAY
        if planned >= self.now:
            return None
        goals, actions = [], []
        for domain in rng.sample(LifeDomain.values, 2):
            status = GoalStatus.IN_UITVOERING if running else GoalStatus.BEREIKT
            goal = self.t["goal"].add(dossier, domain, "Stabiele situatie op dit leefgebied.", status, planned)
            goals.append({"id": goal, "life_domain": LifeDomain(domain).label,
                          "description": "Stabiele situatie op dit leefgebied.", "status": status.label})  # fmt: skip
        for number in range(3):
            owner = rng.choice(self.check_partners)
            status = ActionStatus.IN_UITVOERING if running else ActionStatus.GEDAAN
            due = (planned + _DAY * (30 + 30 * number)).date()
            goal = goals[number % 2]["id"]
            action = self.t["action"].add(dossier, goal, "Contact leggen en afspraken maken.", owner, "", due, status,
                                          "", regisseur, planned, planned)  # fmt: skip
            actions.append({"id": action, "goal_id": goal, "description": "Contact leggen en afspraken maken.",
                            "owner": self.people.organisation_names[owner], "contact_person": "",
                            "due_date": due.isoformat(), "status": status.label, "status_note": ""})  # fmt: skip
        snapshot = {"goals": goals, "actions": actions}
        for number, agreed in ((1, False), (2, True)):
            at = planned + _HOUR * number
            change = "Plan opgesteld" if number == 1 else "Plan vastgesteld"
            version = self.t["plan"].add(dossier, number, change, agreed, json(snapshot), regisseur, at)
            step(EventKind.PLAN, at, regisseur, f"{change} (planversie {number})", plan_version=version)
        for days in (20, 60):
            contact_on = started + _DAY * days
            if contact_on < self.now:
                contact = self.t["contact"].add(dossier, contact_on.date(), "Betrokkene", ContactMethod.HUISBEZOEK,
                                                "Voortgang besproken.", regisseur, contact_on)  # fmt: skip
                step(EventKind.CONTACT, contact_on, regisseur, "Contact vastgelegd.", contact=contact)
        if running:
            return None
        closure = self.t["closure"].add(dossier, ClosingReason.DOELEN_BEREIKT, "", "De doelen zijn bereikt.",
                                        monitoring, regisseur, closed)  # fmt: skip
        step(EventKind.AFSLUITING, closed, regisseur, "Dossier afgesloten.", closure=closure)
        return closed
