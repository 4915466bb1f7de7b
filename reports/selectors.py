"""The figures of the report page, counted in the database from the anonymous facts.

The whole report is two queries, whatever the period and the number of facts (issue 16: a page
costs at most 12 queries): every count of every table comes from one UNION ALL of small grouped
aggregates (``_tallies``), every median and 90th percentile from one UNION ALL of ranked
durations (``_ranks``). Each part of a union returns rows of one shape, so the parts can be
stacked: a tally row names its table and holds up to three keys as text, a day and four counts.
A table compared with the previous period counts both periods in the same part
(``Count(filter=...)``), and the key figures are read from the parts of the tables they sum up,
so the comparison costs no query of its own. UNION ALL and conditional aggregation work alike on
PostgreSQL and SQLite; GROUPING SETS, which would have grouped one table several ways in one
part, SQLite does not have.

Medians and 90th percentiles use the nearest-rank method (the smallest value with at least half,
or 90%, of the values at or below it), computed with window functions so that PostgreSQL and
SQLite give the same answer. Nothing here returns a case, a name of a betrokkene or a text; the
only people named are the procesregisseurs, as professionals.

Who may see the figures is decided once, in ``REPORT_ROLES`` (the views require one of them).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, RowNumber, Trunc
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from participants.constants import OrganisationKind, Role
from pga.constants import ACTION_PENDING, InformingStatus
from triage.constants import AgendaItemStatus, DecisionOutcome, MeetingStatus, RejectionCategory, ScreeningOutcome
from triage.models import TriageMeeting

from .models import ActionFact, AgendaFact, CaseFact, CheckFact, ScreeningFact
from .periods import MONTHS, Period

#: The roles that see the report page (the figures only; never a case).
REPORT_ROLES = (Role.RAPPORTAGE, Role.TRIAGEVOORZITTER, Role.FUNCTIONEEL_BEHEERDER)


@dataclass(frozen=True)
class Table:
    """One table of the report, with the chart drawn from it.

    ``rows`` start with their label; the other cells are counts (int), durations (timedelta),
    or None where there is nothing to count. ``small_numbers``: a breakdown by municipality or
    organisation, whose counts from 1 to 4 are not shown (``reports.presentation``).
    ``published_totals``: the columns whose total the report shows elsewhere (the key figures);
    there more counts are hidden where needed, so that a small count is not simply that total minus
    the others (``reports.presentation.protect``). ``withheld``: the breakdown could not be shown that
    way, so it is not shown at all. ``chart``: the column the bars show (None: no chart).
    """

    key: str
    title: str
    sentence: str
    columns: tuple[str, ...]
    rows: list[tuple]
    small_numbers: bool = False
    published_totals: tuple[int, ...] = ()
    withheld: bool = False
    chart: int | None = 1


@dataclass(frozen=True)
class Report:
    period: Period
    previous: Period
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def _in(period: Period, moment: str) -> Q:
    return Q(**{f"{moment}__gte": period.starts_at, f"{moment}__lt": period.ends_at})


def _days_in(period: Period, day: str) -> Q:
    return Q(**{f"{day}__gte": period.start, f"{day}__lt": period.end})


# --- tallies: every count of the report in one query ------------------------------------------------------


class Tally(NamedTuple):
    """One row of ``_tallies``: the table it belongs to, its keys (text), its day and its counts."""

    part: str
    k1: str | None
    k2: str | None
    k3: str | None
    day: datetime.date | None
    n1: int
    n2: int
    n3: int
    n4: int


COLUMNS = Tally._fields


def _text(expression) -> Cast:
    """A key as text: every part's keys share the same columns, so they share one type too."""
    return Cast(expression, CharField())


def _tally(queryset: QuerySet, part: str, *, keys=(), day=None, counts=()) -> QuerySet:
    """``queryset`` grouped by ``keys`` and ``day`` (each an expression), as rows of the ``Tally`` shape.

    The keys and the day are what the rows are grouped by; ``counts`` are aggregates (or, for a
    part that does not group, one value per row). What a part does not use is NULL or 0.
    """
    keys = [*keys, *[Value(None, output_field=CharField())] * (3 - len(keys))]
    counts = [*counts, *[Value(0)] * (4 - len(counts))]
    grouped = (
        queryset.order_by()
        .annotate(part=Value(part), k1=keys[0], k2=keys[1], k3=keys[2], day=day or Value(None, DateField()))
        .values("part", "k1", "k2", "k3", "day")
    )
    return grouped.annotate(**{f"n{i}": count for i, count in enumerate(counts, start=1)}).values_list(*COLUMNS)


def _tallies(parts: list[QuerySet]) -> dict[str, list[Tally]]:
    """The rows of every part, in one UNION ALL, per table; within a table ordered by day and keys."""
    first, *rest = parts
    rows = first.union(*rest, all=True).order_by("part", "day", "k1", "k2", "k3")
    found = defaultdict(list)
    for row in rows:
        found[row[0]].append(Tally(*row))
    return found


# --- nearest-rank percentiles: every median and 90th percentile in one query ----------------------------


def _ranked(queryset: QuerySet, measure: str, value: str, group: Expression) -> QuerySet:
    """The rows of ``queryset`` that are a median or a 90th percentile of ``value`` within their ``group``.

    Each group's values are ranked; the median is rank ceil(n/2), the 90th percentile rank
    ceil(9n/10). Integer arithmetic (2*rank >= n > 2*rank - 2) keeps the choice exact. Rows:
    (measure, group, rank, n, value), the shape every part of ``_ranks`` has.
    """
    window = {"partition_by": [F("group")]}
    return (
        queryset.filter(**{f"{value}__isnull": False})
        .order_by()
        .annotate(
            measure=Value(measure),
            group=group,
            rank=Window(RowNumber(), order_by=[F(value).asc(), F("pk").asc()], **window),
            n=Window(Count("pk"), **window),
            amount=F(value),
        )
        .filter(
            (GreaterThanOrEqual(F("rank") * 2, F("n")) & LessThan(F("rank") * 2, F("n") + 2))
            | (GreaterThanOrEqual(F("rank") * 10, F("n") * 9) & LessThan(F("rank") * 10, F("n") * 9 + 10))
        )
        .values_list("measure", "group", "rank", "n", "amount")
    )


def _ranks(parts: list[QuerySet]) -> dict[str, dict]:
    """{measure: {group: (count, median, 90th percentile)}} of every part, in one UNION ALL."""
    first, *rest = parts
    found: dict = defaultdict(dict)
    for measure, key, rank, n, amount in first.union(*rest, all=True):
        median, p90 = found[measure].get(key, (n, None, None))[1:]
        if rank == (n + 1) // 2:
            median = amount
        if rank == (9 * n + 9) // 10:
            p90 = amount
        found[measure][key] = (n, median, p90)
    return found


NO_VALUES = (0, None, None)


# --- the tables: per table its part(s) of the two queries, and the table made from their rows ------------


def _registrations_over_time_part(period: Period) -> QuerySet:
    unit = "week" if period.by_week else "month"
    bucket = Trunc("submitted_at", unit, output_field=DateField(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return _tally(
        CaseFact.objects.filter(_in(period, "submitted_at")), "aanmeldingen", day=bucket, counts=[Count("pk")]
    )


def _registrations_over_time(period: Period, tallies: dict) -> Table:
    counts = {row.day: row.n1 for row in tallies["aanmeldingen"]}

    def label(day: datetime.date) -> str:
        if period.by_week:
            year, week, _ = day.isocalendar()
            return f"week {week} ({day:%d-%m-%Y})"
        return f"{MONTHS[day.month - 1]} {day.year}"

    return Table(
        key="aanmeldingen",
        title="Aanmeldingen per " + ("week" if period.by_week else "maand"),
        sentence="Hoeveel casussen in de periode zijn aangemeld, per "
        + ("week (maandag tot en met zondag)." if period.by_week else "maand."),
        columns=("Week" if period.by_week else "Maand", "Aanmeldingen"),
        rows=[(label(day), counts.get(day, 0)) for day in period.buckets()],
    )


def _most_first(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """(label, count) most first, then by label; sorted here: PostgreSQL and SQLite put NULL at opposite ends."""
    return sorted(counts, key=lambda row: (-row[1], row[0]))


def _registrations_by_kind_part(period: Period, previous: Period) -> QuerySet:
    """Per kind of organisation, this period's registrations and the previous one's (the key figure's total)."""
    return _tally(
        CaseFact.objects.filter(_in(previous, "submitted_at") | _in(period, "submitted_at")),
        "aanmeldingen-soort",
        keys=[F("organisation_kind")],
        counts=[Count("pk", filter=_in(period, "submitted_at")), Count("pk", filter=_in(previous, "submitted_at"))],
    )


def _registrations_by_kind(tallies: dict) -> Table:
    labels = dict(OrganisationKind.choices)
    return Table(
        key="aanmeldingen-soort",
        title="Aanmeldingen per soort organisatie",
        sentence="Welke soorten organisaties in de periode aanmeldden.",
        columns=("Soort organisatie", "Aanmeldingen"),
        rows=_most_first([(labels.get(row.k1, row.k1), row.n1) for row in tallies["aanmeldingen-soort"] if row.n1]),
        small_numbers=True,
        published_totals=(1,),  # the key figure "Aanmeldingen"
    )


def _registrations_by_municipality_part(period: Period) -> QuerySet:
    return _tally(
        CaseFact.objects.filter(_in(period, "submitted_at")),
        "aanmeldingen-gemeente",
        keys=[F("municipality__name")],
        counts=[Count("pk")],
    )


def _registrations_by_municipality(tallies: dict) -> Table:
    return Table(
        key="aanmeldingen-gemeente",
        title="Aanmeldingen per gemeente",
        sentence="In welke gemeente de (eerste) betrokkene woont, voor de aanmeldingen in de periode.",
        columns=("Gemeente", "Aanmeldingen"),
        rows=_most_first([(row.k1 or "Onbekend", row.n1) for row in tallies["aanmeldingen-gemeente"]]),
        small_numbers=True,
        published_totals=(1,),  # the key figure "Aanmeldingen"
    )


def _screening_part(period: Period, previous: Period) -> QuerySet:
    """Per outcome and rejection category, this period's decisions and the previous one's (for the key figures)."""
    return _tally(
        ScreeningFact.objects.filter(_in(previous, "decided_at") | _in(period, "decided_at")),
        "screening",
        keys=[F("outcome"), F("rejection_category")],
        counts=[Count("pk", filter=_in(period, "decided_at")), Count("pk", filter=_in(previous, "decided_at"))],
    )


def _screening(tallies: dict) -> Table:
    counts = {(row.k1, row.k2): row.n1 for row in tallies["screening"]}
    rows = [
        ("Geaccepteerd", counts.get((ScreeningOutcome.ACCEPTED, ""), 0)),
        ("Aanvulling gevraagd", counts.get((ScreeningOutcome.INFORMATION_REQUESTED, ""), 0)),
    ]
    rows += [
        (f"Afgewezen: {label}", counts.get((ScreeningOutcome.REJECTED, category), 0))
        for category, label in RejectionCategory.choices
    ]
    return Table(
        key="screening",
        title="Uitkomsten van de screening",
        sentence="De besluiten van de triagevoorzitters in de periode; een casus met een aanvulling telt "
        "ook mee bij het latere besluit.",
        columns=("Besluit", "Aantal"),
        rows=rows,
    )


def _precheck_part(period: Period) -> QuerySet:
    """One row: registrations after a positive pre-check, after a negative one, and without one."""
    return _tally(
        CaseFact.objects.filter(_in(period, "submitted_at")),
        "voortoets",
        counts=[
            Count("pk", filter=Q(precheck_positive=True)),
            Count("pk", filter=Q(precheck_positive=False)),
            Count("pk", filter=Q(precheck_positive__isnull=True)),
        ],
    )


def _precheck(tallies: dict) -> Table:
    row = next(iter(tallies["voortoets"]), None)
    positive, negative, without = (row.n1, row.n2, row.n3) if row else (0, 0, 0)
    return Table(
        key="voortoets",
        title="Gebruik van de voortoets",
        sentence="Of de melders van de aanmeldingen in de periode eerst de voortoets deden, en welk advies ze kregen.",
        columns=("Voortoets", "Aanmeldingen"),
        rows=[
            ("Voortoets met advies aanmelden", positive),
            ("Voortoets met advies niet aanmelden", negative),
            ("Zonder voortoets", without),
        ],
    )


TRIAGE_ROWS = (
    ("PGA", AgendaItemStatus.BESPROKEN, DecisionOutcome.PGA),
    ("Geen PGA", AgendaItemStatus.BESPROKEN, DecisionOutcome.GEEN_PGA),
    ("Niet besproken, doorgeschoven", AgendaItemStatus.DOORGESCHOVEN, DecisionOutcome.NIET_BESPROKEN),
    ("Doorgeschoven vóór de triage", AgendaItemStatus.DOORGESCHOVEN, ""),
)


def _triage_part(period: Period, previous: Period) -> QuerySet:
    """Per status and decision, this period's agenda items and the previous one's (for the key figures)."""
    return _tally(
        AgendaFact.objects.filter(_days_in(previous, "meeting_date") | _days_in(period, "meeting_date")),
        "triage",
        keys=[F("status"), F("decision_outcome")],
        counts=[
            Count("pk", filter=_days_in(period, "meeting_date")),
            Count("pk", filter=_days_in(previous, "meeting_date")),
        ],
    )


def _triage(tallies: dict) -> Table:
    counts = {(row.k1, row.k2): row.n1 for row in tallies["triage"]}
    return Table(
        key="triage",
        title="Uitkomsten van de Integrale Triage",
        sentence="Wat er met de casussen op de triages in de periode gebeurde.",
        columns=("Uitkomst", "Casussen"),
        rows=[(label, counts.get((status, outcome), 0)) for label, status, outcome in TRIAGE_ROWS],
    )


def _capacity_part(period: Period) -> QuerySet:
    """One row per held meeting (also one without agenda items): its capacity and what its items did."""
    facts = AgendaFact.objects.filter(meeting_id=OuterRef("pk")).order_by().values("meeting_id")

    def counted(condition: Q) -> Coalesce:
        return Coalesce(Subquery(facts.filter(condition).annotate(n=Count("pk")).values("n")), 0)

    return _tally(
        TriageMeeting.objects.filter(_days_in(period, "date"), status=MeetingStatus.GEPLAND),
        "capaciteit",
        keys=[_text("starts_at")],
        day=F("date"),
        counts=[
            F("capacity"),
            counted(Q(had_slot=True)),
            counted(Q(decision_outcome__in=(DecisionOutcome.PGA, DecisionOutcome.GEEN_PGA))),
            counted(Q(status=AgendaItemStatus.DOORGESCHOVEN)),
        ],
    )


def _capacity(tallies: dict) -> Table:
    return Table(
        key="capaciteit",
        title="Capaciteit per triage",
        sentence="Per gehouden triage: hoeveel slots er waren, hoeveel casussen een slot kregen, hoeveel "
        "besproken werden en hoeveel doorschoven naar een volgende triage.",
        columns=("Triage", "Slots", "Op de agenda", "Besproken", "Doorgeschoven"),
        rows=[(f"{row.day:%d-%m-%Y}", row.n1, row.n2, row.n3, row.n4) for row in tallies["capaciteit"]],
        chart=2,
    )


LEAD_TIMES = (
    ("Aanmelding tot screening", "to_screening", "screened_at"),
    ("Aanmelding tot triagebesluit", "to_triage", "triage_decided_at"),
    ("Aanmelding tot start PGA", "to_pga", "pga_started_at"),
    ("Looptijd PGA (tot afsluiten)", "pga_duration", "pga_closed_at"),
    ("Start PGA tot betrokkene geïnformeerd", "to_informed", "informed_at"),
)


def _lead_time_parts(period: Period, previous: Period) -> list[QuerySet]:
    """Per lead time, the ranked durations of the steps ended in the period (group 1) and in the previous one (0)."""
    return [
        _ranked(
            CaseFact.objects.filter(_in(previous, moment) | _in(period, moment)),
            value,
            value,
            Case(When(_in(period, moment), then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        for _, value, moment in LEAD_TIMES
    ]


def _lead_times(ranks: dict) -> Table:
    rows = []
    for label, value, _ in LEAD_TIMES:
        found = ranks[value]
        n, median, p90 = found.get(1, NO_VALUES)
        rows.append((label, n, median, p90, found.get(0, NO_VALUES)[1]))
    return Table(
        key="doorlooptijden",
        title="Doorlooptijden",
        sentence="Hoe lang elke stap duurde, in dagen: de mediaan (de helft duurde korter) en het 90e percentiel "
        "(90% duurde korter), voor de stappen die in de periode afgerond werden, met de mediaan van de vorige periode.",
        columns=("Doorlooptijd", "Aantal", "Mediaan (dagen)", "90e percentiel (dagen)", "Mediaan vorige periode"),
        rows=rows,
        chart=2,
    )


def _informing_part(period: Period, today: datetime.date) -> QuerySet:
    pending = Q(informing_status__in=(InformingStatus.AFGESPROKEN, InformingStatus.UITGESTELD))
    return _tally(
        CaseFact.objects.filter(_in(period, "pga_started_at")),
        "informeren",
        keys=[F("informing_status")],
        counts=[Count("pk"), Count("pk", filter=pending & Q(informing_due__lt=today))],
    )


def _informing(tallies: dict) -> Table:
    counts = {row.k1: (row.n1, row.n2) for row in tallies["informeren"]}
    return Table(
        key="informeren",
        title="Informeren van de betrokkene",
        sentence="Voor de PGA-dossiers die in de periode startten: hoe ver het informeren van de betrokkene "
        "nu is, en hoeveel afspraken of heroverwegingen over hun datum zijn.",
        columns=("Stand", "Dossiers", "Over de datum"),
        rows=[(label, *counts.get(status, (0, 0))) for status, label in InformingStatus.choices],
    )


CHECK_TIMES = "response_time"


def _checks_part(period: Period) -> QuerySet:
    return _tally(
        CheckFact.objects.filter(_in(period, "requested_at")),
        "bekendheidscheck",
        keys=[F("organisation__name"), _text("organisation_id")],
        counts=[
            Count("pk"),
            Count("response_time"),
            Count("pk", filter=Q(reminders__gt=0)),
            Coalesce(Sum("reminders"), 0),
        ],
    )


def _check_times_part(period: Period) -> QuerySet:
    """The ranked response times of the period's checks, per partner organisation."""
    return _ranked(
        CheckFact.objects.filter(_in(period, "requested_at")), CHECK_TIMES, "response_time", F("organisation_id")
    )


def _checks(tallies: dict, ranks: dict) -> Table:
    times = ranks[CHECK_TIMES]
    return Table(
        key="bekendheidscheck",
        title="Bekendheidscheck per partner",
        sentence="Per partnerorganisatie: de checks die in de periode gevraagd zijn, hoe snel de partner "
        "antwoordde (in dagen) en hoeveel checks een herinnering nodig hadden.",
        columns=(
            "Partner",
            "Gevraagd",
            "Beantwoord",
            "Mediaan antwoordtijd (dagen)",
            "90e percentiel (dagen)",
            "Met herinnering",
            "Herinneringen",
        ),
        rows=[
            (row.k1, row.n1, row.n2, *times.get(int(row.k2), NO_VALUES)[1:], row.n3, row.n4)
            for row in tallies["bekendheidscheck"]
        ],
        small_numbers=True,
    )


def _running_dossiers_part(period: Period) -> QuerySet:
    """Per procesregisseur (by last name, first name, username): dossiers running at the end, started, closed."""
    running = Q(pga_started_at__lt=period.ends_at) & (
        Q(pga_closed_at__isnull=True) | Q(pga_closed_at__gte=period.ends_at)
    )
    counts = {
        "n1": Count("pk", filter=running),
        "n2": Count("pk", filter=_in(period, "pga_started_at")),
        "n3": Count("pk", filter=_in(period, "pga_closed_at")),
    }
    # Every dossier counted started before the period's end and was still running at its start; the
    # rest would count nothing, and leaving out the dossiers closed before keeps this read to the
    # period's own rows instead of every dossier in the history.
    counted = Q(procesregisseur__isnull=False, pga_started_at__lt=period.ends_at) & (
        Q(pga_closed_at__isnull=True) | Q(pga_closed_at__gte=period.starts_at)
    )
    return _tally(
        CaseFact.objects.filter(counted),
        "pga-regisseurs",
        keys=[F("procesregisseur__last_name"), F("procesregisseur__first_name"), F("procesregisseur__username")],
        counts=counts.values(),
    ).filter(Q(n1__gt=0) | Q(n2__gt=0) | Q(n3__gt=0))


def _running_dossiers(tallies: dict) -> Table:
    return Table(
        key="pga-regisseurs",
        title="Lopende PGA-dossiers per procesregisseur",
        sentence="Per procesregisseur: de dossiers die aan het eind van de periode liepen, en de dossiers die "
        "in de periode startten en afgesloten werden.",
        columns=("Procesregisseur", "Lopend aan het eind", "Gestart", "Afgesloten"),
        rows=[(f"{row.k2} {row.k1}".strip() or row.k3, row.n1, row.n2, row.n3) for row in tallies["pga-regisseurs"]],
    )


def _actions_part(period: Period, today: datetime.date) -> QuerySet:
    return _tally(
        ActionFact.objects.filter(_days_in(period, "due_date")),
        "pga-acties",
        keys=[F("organisation__name"), _text("organisation_id")],
        counts=[
            Count("pk"),
            Count("pk", filter=Q(done_on__isnull=False, done_on__lte=F("due_date"))),
            Count("pk", filter=Q(done_on__gt=F("due_date"))),
            Count("pk", filter=Q(done_on__isnull=True, due_date__lt=today, status__in=ACTION_PENDING)),
        ],
    )


def _actions(tallies: dict) -> Table:
    return Table(
        key="pga-acties",
        title="Acties per partner",
        sentence="Per partnerorganisatie: de acties uit de plannen van aanpak die in de periode af moesten zijn, "
        "hoeveel op tijd en te laat gedaan zijn, en hoeveel nog openstaan terwijl hun datum voorbij is.",
        columns=("Partner", "Acties", "Op tijd gedaan", "Te laat gedaan", "Open, over de datum"),
        rows=[(row.k1, row.n1, row.n2, row.n3, row.n4) for row in tallies["pga-acties"]],
        small_numbers=True,
        chart=2,
    )


def _key_figures(period: Period, previous: Period, tallies: dict) -> Table:
    """This period's main counts beside the previous period's, summed from the parts of the tables above."""

    def total(part: str, keep: Callable[[Tally], bool] = lambda row: True) -> tuple[int, int]:
        rows = [row for row in tallies[part] if keep(row)]
        return sum(row.n1 for row in rows), sum(row.n2 for row in rows)

    figures = {
        "Aanmeldingen": total("aanmeldingen-soort"),
        "Geaccepteerd bij de screening": total("screening", lambda row: row.k1 == ScreeningOutcome.ACCEPTED),
        "Afgewezen bij de screening": total("screening", lambda row: row.k1 == ScreeningOutcome.REJECTED),
        "Besluit PGA": total("triage", lambda row: row.k2 == DecisionOutcome.PGA),
        "Besluit geen PGA": total("triage", lambda row: row.k2 == DecisionOutcome.GEEN_PGA),
    }
    return Table(
        key="kerncijfers",
        title="Kerncijfers",
        sentence=f"De belangrijkste aantallen van {period.label}, naast die van {previous.label}.",
        columns=("Cijfer", "Deze periode", "Vorige periode", "Verschil"),
        rows=[(label, current, before, current - before) for label, (current, before) in figures.items()],
        chart=None,
    )


def report_for(period: Period, *, today: datetime.date) -> Report:
    """Every table of the report for ``period``, compared with the period before it, in two queries."""
    previous = period.previous()
    tallies = _tallies(
        [
            _registrations_over_time_part(period),
            _registrations_by_kind_part(period, previous),
            _registrations_by_municipality_part(period),
            _screening_part(period, previous),
            _precheck_part(period),
            _triage_part(period, previous),
            _capacity_part(period),
            _informing_part(period, today),
            _checks_part(period),
            _running_dossiers_part(period),
            _actions_part(period, today),
        ]
    )
    ranks = _ranks([*_lead_time_parts(period, previous), _check_times_part(period)])
    return Report(
        period=period,
        previous=previous,
        tables=[
            _key_figures(period, previous, tallies),
            _registrations_over_time(period, tallies),
            _registrations_by_kind(tallies),
            _registrations_by_municipality(tallies),
            _screening(tallies),
            _precheck(tallies),
            _triage(tallies),
            _capacity(tallies),
            _lead_times(ranks),
            _informing(tallies),
            _checks(tallies, ranks),
            _running_dossiers(tallies),
            _actions(tallies),
        ],
    )
