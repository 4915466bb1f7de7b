"""The figures of the report page, counted in the database from the anonymous facts.

Every figure is one aggregate query over a fact table (``reports.models``), so the number of
queries is the same for a week with ten cases and a year with a hundred thousand. Medians and
90th percentiles use the nearest-rank method (the smallest value with at least half, or 90%,
of the values at or below it), computed with window functions so that PostgreSQL and SQLite
give the same answer. Nothing here returns a case, a name of a betrokkene or a text; the only
people named are the procesregisseurs, as professionals.

Who may see the figures is decided once, in ``REPORT_ROLES`` (the views require one of them).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
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
from django.db.models.functions import Coalesce, RowNumber, Trunc
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
    organisation, whose counts from 1 to 4 are shown as "< 5" everywhere (``reports.presentation``).
    ``chart``: the column the bars show (None: no chart).
    """

    key: str
    title: str
    sentence: str
    columns: tuple[str, ...]
    rows: list[tuple]
    small_numbers: bool = False
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


# --- nearest-rank percentiles ------------------------------------------------------------------------


def _percentiles(queryset: QuerySet, value: str, group: str) -> dict:
    """{group: (count, median, 90th percentile)} of ``value`` over ``queryset``, in one query.

    Each group's values are ranked; the median is rank ceil(n/2), the 90th percentile rank
    ceil(9n/10). Integer arithmetic (2*rank >= n > 2*rank - 2) keeps the choice exact.
    """
    window = {"partition_by": [F(group)]}
    ranked = (
        queryset.filter(**{f"{value}__isnull": False})
        .annotate(
            rank=Window(RowNumber(), order_by=[F(value).asc(), F("pk").asc()], **window),
            n=Window(Count("pk"), **window),
        )
        .filter(
            (GreaterThanOrEqual(F("rank") * 2, F("n")) & LessThan(F("rank") * 2, F("n") + 2))
            | (GreaterThanOrEqual(F("rank") * 10, F("n") * 9) & LessThan(F("rank") * 10, F("n") * 9 + 10))
        )
        .values_list(group, "rank", "n", value)
    )
    found: dict = {}
    for key, rank, n, amount in ranked:
        median, p90 = found.get(key, (n, None, None))[1:]
        if rank == (n + 1) // 2:
            median = amount
        if rank == (9 * n + 9) // 10:
            p90 = amount
        found[key] = (n, median, p90)
    return found


# --- the tables ----------------------------------------------------------------------------------------


def _registrations_over_time(period: Period) -> Table:
    unit = "week" if period.by_week else "month"
    rows = (
        CaseFact.objects.filter(_in(period, "submitted_at"))
        .annotate(bucket=Trunc("submitted_at", unit, output_field=DateField(), tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values("bucket")
        .annotate(n=Count("pk"))
        .values_list("bucket", "n")
    )
    counts = dict(rows)

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


def _registrations_by(period: Period, field_name: str, label) -> list[tuple]:
    """(label, count) per value of ``field_name``, most first, then by label.

    Sorted in Python: PostgreSQL and SQLite put NULL (no municipality known) at opposite ends.
    """
    counts = (
        CaseFact.objects.filter(_in(period, "submitted_at"))
        .values(field_name)
        .annotate(n=Count("pk"))
        .values_list(field_name, "n")
    )
    return sorted(((label(value), n) for value, n in counts), key=lambda row: (-row[1], row[0]))


def _registrations_by_kind(period: Period) -> Table:
    labels = dict(OrganisationKind.choices)
    return Table(
        key="aanmeldingen-soort",
        title="Aanmeldingen per soort organisatie",
        sentence="Welke soorten organisaties in de periode aanmeldden.",
        columns=("Soort organisatie", "Aanmeldingen"),
        rows=_registrations_by(period, "organisation_kind", lambda kind: labels.get(kind, kind)),
        small_numbers=True,
    )


def _registrations_by_municipality(period: Period) -> Table:
    return Table(
        key="aanmeldingen-gemeente",
        title="Aanmeldingen per gemeente",
        sentence="In welke gemeente de (eerste) betrokkene woont, voor de aanmeldingen in de periode.",
        columns=("Gemeente", "Aanmeldingen"),
        rows=_registrations_by(period, "municipality__name", lambda name: name or "Onbekend"),
        small_numbers=True,
    )


def _screening(period: Period) -> Table:
    counts = dict(
        ((outcome, category), n)
        for outcome, category, n in ScreeningFact.objects.filter(_in(period, "decided_at"))
        .values("outcome", "rejection_category")
        .annotate(n=Count("pk"))
        .values_list("outcome", "rejection_category", "n")
    )
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


def _precheck(period: Period) -> Table:
    counts = dict(
        CaseFact.objects.filter(_in(period, "submitted_at"))
        .values("precheck_positive")
        .annotate(n=Count("pk"))
        .values_list("precheck_positive", "n")
    )
    return Table(
        key="voortoets",
        title="Gebruik van de voortoets",
        sentence="Of de melders van de aanmeldingen in de periode eerst de voortoets deden, en welk advies "
        "ze kregen.",
        columns=("Voortoets", "Aanmeldingen"),
        rows=[
            ("Voortoets met advies aanmelden", counts.get(True, 0)),
            ("Voortoets met advies niet aanmelden", counts.get(False, 0)),
            ("Zonder voortoets", counts.get(None, 0)),
        ],
    )


TRIAGE_ROWS = (
    ("PGA", AgendaItemStatus.BESPROKEN, DecisionOutcome.PGA),
    ("Geen PGA", AgendaItemStatus.BESPROKEN, DecisionOutcome.GEEN_PGA),
    ("Niet besproken, doorgeschoven", AgendaItemStatus.DOORGESCHOVEN, DecisionOutcome.NIET_BESPROKEN),
    ("Doorgeschoven vóór de triage", AgendaItemStatus.DOORGESCHOVEN, ""),
)


def _triage(period: Period) -> Table:
    counts = dict(
        ((status, outcome), n)
        for status, outcome, n in AgendaFact.objects.filter(_days_in(period, "meeting_date"))
        .values("status", "decision_outcome")
        .annotate(n=Count("pk"))
        .values_list("status", "decision_outcome", "n")
    )
    return Table(
        key="triage",
        title="Uitkomsten van de Integrale Triage",
        sentence="Wat er met de casussen op de triages in de periode gebeurde.",
        columns=("Uitkomst", "Casussen"),
        rows=[(label, counts.get((status, outcome), 0)) for label, status, outcome in TRIAGE_ROWS],
    )


def _capacity(period: Period) -> Table:
    facts = AgendaFact.objects.filter(meeting_id=OuterRef("pk")).order_by().values("meeting_id")

    def counted(condition: Q) -> Coalesce:
        return Coalesce(Subquery(facts.filter(condition).annotate(n=Count("pk")).values("n")), 0)

    meetings = (
        TriageMeeting.objects.filter(_days_in(period, "date"), status=MeetingStatus.GEPLAND)
        .annotate(
            slots=counted(Q(had_slot=True)),
            discussed=counted(Q(decision_outcome__in=(DecisionOutcome.PGA, DecisionOutcome.GEEN_PGA))),
            moved=counted(Q(status=AgendaItemStatus.DOORGESCHOVEN)),
        )
        .order_by("date", "starts_at")
        .values_list("date", "capacity", "slots", "discussed", "moved")
    )
    return Table(
        key="capaciteit",
        title="Capaciteit per triage",
        sentence="Per gehouden triage: hoeveel slots er waren, hoeveel casussen een slot kregen, hoeveel "
        "besproken werden en hoeveel doorschoven naar een volgende triage.",
        columns=("Triage", "Slots", "Op de agenda", "Besproken", "Doorgeschoven"),
        rows=[(f"{day:%d-%m-%Y}", *numbers) for day, *numbers in meetings],
        chart=2,
    )


LEAD_TIMES = (
    ("Aanmelding tot screening", "to_screening", "screened_at"),
    ("Aanmelding tot triagebesluit", "to_triage", "triage_decided_at"),
    ("Aanmelding tot start PGA", "to_pga", "pga_started_at"),
    ("Looptijd PGA (tot afsluiten)", "pga_duration", "pga_closed_at"),
    ("Start PGA tot betrokkene geïnformeerd", "to_informed", "informed_at"),
)


def _lead_times(period: Period, previous: Period) -> Table:
    rows = []
    for label, value, moment in LEAD_TIMES:
        facts = CaseFact.objects.filter(_in(previous, moment) | _in(period, moment)).annotate(
            current=Case(When(_in(period, moment), then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        found = _percentiles(facts, value, "current")
        n, median, p90 = found.get(1, (0, None, None))
        rows.append((label, n, median, p90, found.get(0, (0, None, None))[1]))
    return Table(
        key="doorlooptijden",
        title="Doorlooptijden",
        sentence="Hoe lang elke stap duurde, in dagen: de mediaan (de helft duurde korter) en het 90e percentiel "
        "(90% duurde korter), voor de stappen die in de periode afgerond werden, met de mediaan van de vorige periode.",
        columns=("Doorlooptijd", "Aantal", "Mediaan (dagen)", "90e percentiel (dagen)", "Mediaan vorige periode"),
        rows=rows,
        chart=2,
    )


def _informing(period: Period, today: datetime.date) -> Table:
    pending = Q(informing_status__in=(InformingStatus.AFGESPROKEN, InformingStatus.UITGESTELD))
    counts = {
        status: (n, late)
        for status, n, late in CaseFact.objects.filter(_in(period, "pga_started_at"))
        .values("informing_status")
        .annotate(n=Count("pk"), late=Count("pk", filter=pending & Q(informing_due__lt=today)))
        .values_list("informing_status", "n", "late")
    }
    return Table(
        key="informeren",
        title="Informeren van de betrokkene",
        sentence="Voor de PGA-dossiers die in de periode startten: hoe ver het informeren van de betrokkene "
        "nu is, en hoeveel afspraken of heroverwegingen over hun datum zijn.",
        columns=("Stand", "Dossiers", "Over de datum"),
        rows=[(label, *counts.get(status, (0, 0))) for status, label in InformingStatus.choices],
    )


def _checks(period: Period) -> Table:
    facts = CheckFact.objects.filter(_in(period, "requested_at"))
    counts = (
        facts.values("organisation_id", "organisation__name")
        .annotate(n=Count("pk"), answered=Count("response_time"), reminded=Count("pk", filter=Q(reminders__gt=0)),
                  reminders_sent=Sum("reminders"))
        .order_by("organisation__name")
        .values_list("organisation_id", "organisation__name", "n", "answered", "reminded", "reminders_sent")
    )
    times = _percentiles(facts, "response_time", "organisation_id")
    return Table(
        key="bekendheidscheck",
        title="Bekendheidscheck per partner",
        sentence="Per partnerorganisatie: de checks die in de periode gevraagd zijn, hoe snel de partner "
        "antwoordde (in dagen) en hoeveel checks een herinnering nodig hadden.",
        columns=("Partner", "Gevraagd", "Beantwoord", "Mediaan antwoordtijd (dagen)",
                 "90e percentiel (dagen)", "Met herinnering", "Herinneringen"),
        rows=[
            (name, n, answered, *times.get(org, (0, None, None))[1:], reminded, sent)
            for org, name, n, answered, reminded, sent in counts
        ],
        small_numbers=True,
    )


def _running_dossiers(period: Period) -> Table:
    running = Q(pga_started_at__lt=period.ends_at) & (
        Q(pga_closed_at__isnull=True) | Q(pga_closed_at__gte=period.ends_at)
    )
    counts = (
        CaseFact.objects.filter(procesregisseur__isnull=False)
        .values("procesregisseur_id", "procesregisseur__first_name", "procesregisseur__last_name",
                "procesregisseur__username")
        .annotate(
            running=Count("pk", filter=running),
            started=Count("pk", filter=_in(period, "pga_started_at")),
            closed=Count("pk", filter=_in(period, "pga_closed_at")),
        )
        .filter(Q(running__gt=0) | Q(started__gt=0) | Q(closed__gt=0))
        .order_by("procesregisseur__last_name", "procesregisseur__first_name", "procesregisseur_id")
        .values_list("procesregisseur__first_name", "procesregisseur__last_name", "procesregisseur__username",
                     "running", "started", "closed")
    )
    return Table(
        key="pga-regisseurs",
        title="Lopende PGA-dossiers per procesregisseur",
        sentence="Per procesregisseur: de dossiers die aan het eind van de periode liepen, en de dossiers die "
        "in de periode startten en afgesloten werden.",
        columns=("Procesregisseur", "Lopend aan het eind", "Gestart", "Afgesloten"),
        rows=[(f"{first} {last}".strip() or username, *numbers) for first, last, username, *numbers in counts],
    )


def _actions(period: Period, today: datetime.date) -> Table:
    on_time = Q(done_on__isnull=False, done_on__lte=F("due_date"))
    counts = (
        ActionFact.objects.filter(_days_in(period, "due_date"))
        .values("organisation_id", "organisation__name")
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=Q(done_on__gt=F("due_date"))),
            overdue=Count("pk", filter=Q(done_on__isnull=True, due_date__lt=today, status__in=ACTION_PENDING)),
        )
        .order_by("organisation__name")
        .values_list("organisation__name", "n", "on_time", "late", "overdue")
    )
    return Table(
        key="pga-acties",
        title="Acties per partner",
        sentence="Per partnerorganisatie: de acties uit de plannen van aanpak die in de periode af moesten zijn, "
        "hoeveel op tijd en te laat gedaan zijn, en hoeveel nog openstaan terwijl hun datum voorbij is.",
        columns=("Partner", "Acties", "Op tijd gedaan", "Te laat gedaan", "Open, over de datum"),
        rows=list(counts),
        small_numbers=True,
        chart=2,
    )


def _key_figures(period: Period, previous: Period) -> Table:
    both = {"current": period, "previous": previous}
    cases = CaseFact.objects.aggregate(**{k: Count("pk", filter=_in(p, "submitted_at")) for k, p in both.items()})
    screenings = ScreeningFact.objects.aggregate(
        **{f"{outcome}_{k}": Count("pk", filter=_in(p, "decided_at") & Q(outcome=outcome))
           for k, p in both.items() for outcome in (ScreeningOutcome.ACCEPTED, ScreeningOutcome.REJECTED)}
    )
    items = AgendaFact.objects.aggregate(
        **{f"{outcome}_{k}": Count("pk", filter=_days_in(p, "meeting_date") & Q(decision_outcome=outcome))
           for k, p in both.items() for outcome in (DecisionOutcome.PGA, DecisionOutcome.GEEN_PGA)}
    )
    figures = defaultdict(dict)
    figures["Aanmeldingen"] = cases
    for outcome, label in ((ScreeningOutcome.ACCEPTED, "Geaccepteerd bij de screening"),
                           (ScreeningOutcome.REJECTED, "Afgewezen bij de screening")):
        figures[label] = {k: screenings[f"{outcome}_{k}"] for k in both}
    for outcome, label in ((DecisionOutcome.PGA, "Besluit PGA"), (DecisionOutcome.GEEN_PGA, "Besluit geen PGA")):
        figures[label] = {k: items[f"{outcome}_{k}"] for k in both}
    return Table(
        key="kerncijfers",
        title="Kerncijfers",
        sentence=f"De belangrijkste aantallen van {period.label}, naast die van {previous.label}.",
        columns=("Cijfer", "Deze periode", "Vorige periode", "Verschil"),
        rows=[(label, f["current"], f["previous"], f["current"] - f["previous"]) for label, f in figures.items()],
        chart=None,
    )


def report_for(period: Period, *, today: datetime.date) -> Report:
    """Every table of the report for ``period``, compared with the period before it."""
    previous = period.previous()
    return Report(
        period=period,
        previous=previous,
        tables=[
            _key_figures(period, previous),
            _registrations_over_time(period),
            _registrations_by_kind(period),
            _registrations_by_municipality(period),
            _screening(period),
            _precheck(period),
            _triage(period),
            _capacity(period),
            _lead_times(period, previous),
            _informing(period, today),
            _checks(period),
            _running_dossiers(period),
            _actions(period, today),
        ],
    )
