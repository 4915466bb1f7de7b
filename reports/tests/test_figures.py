"""The report's figures for the hand-built spring of ``reports/tests/cases.py``, written out by hand.

The expected numbers follow from the table in that module: which moment falls in which
Europe/Amsterdam week or month, which outcome each step had, and how long each step took
(durations in days, nearest-rank median and 90th percentile).
"""

import datetime

import pytest

from reports.facts import facts_refresh
from reports.periods import Kind, Period
from reports.presentation import text_rows
from reports.selectors import report_for
from reports.tests.cases import build_spring

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 1)


@pytest.fixture
def spring(criteria_set):
    built = build_spring()
    facts_refresh()
    return built


def rows(kind: str, day: datetime.date, key: str) -> list[tuple]:
    return [tuple(row) for row in text_rows(report_for(Period.containing(kind, day), today=TODAY).table(key))]


def raw(kind: str, day: datetime.date, key: str) -> list[tuple]:
    return report_for(Period.containing(kind, day), today=TODAY).table(key).rows


MARCH = (Kind.MONTH, datetime.date(2026, 3, 15))
APRIL = (Kind.MONTH, datetime.date(2026, 4, 15))
FEBRUARY = (Kind.MONTH, datetime.date(2026, 2, 15))


def test_key_figures_compare_march_with_february(spring):
    assert rows(*MARCH, "kerncijfers") == [
        ("Aanmeldingen", "4", "3", "1"),
        ("Geaccepteerd bij de screening", "1", "3", "-2"),
        ("Afgewezen bij de screening", "2", "0", "2"),
        ("Besluit PGA", "1", "0", "1"),
        ("Besluit geen PGA", "1", "0", "1"),
    ]


def test_registrations_per_amsterdam_week_around_the_change_to_summer_time(spring):
    # A at 23:30 on Sunday 29 March (21:30 UTC) is week 13; B at 00:30 on Monday (22:30 UTC the
    # Sunday) is week 14, as are D (31 March 23:45) and C (1 April 00:15, 31 March in UTC).
    assert rows(Kind.WEEK, datetime.date(2026, 3, 29), "aanmeldingen") == [("week 13 (23-03-2026)", "1")]
    assert rows(Kind.WEEK, datetime.date(2026, 3, 30), "aanmeldingen") == [("week 14 (30-03-2026)", "3")]
    assert rows(Kind.WEEK, datetime.date(2026, 3, 30), "kerncijfers")[0] == ("Aanmeldingen", "3", "1", "2")


def test_registrations_per_week_of_march_count_only_march_days(spring):
    # C, at 00:15 on 1 April (22:15 UTC on 31 March), belongs to April; D, at 23:45 on 31 March, to March.
    assert rows(*MARCH, "aanmeldingen") == [
        ("week 9 (23-02-2026)", "0"),
        ("week 10 (02-03-2026)", "1"),
        ("week 11 (09-03-2026)", "0"),
        ("week 12 (16-03-2026)", "0"),
        ("week 13 (23-03-2026)", "1"),
        ("week 14 (30-03-2026)", "2"),
    ]
    assert rows(*APRIL, "kerncijfers")[0] == ("Aanmeldingen", "1", "4", "-3")


def test_registrations_per_month_over_a_year(spring):
    assert rows(Kind.YEAR, datetime.date(2026, 6, 1), "aanmeldingen")[:5] == [
        ("januari 2026", "0"),
        ("februari 2026", "3"),
        ("maart 2026", "4"),
        ("april 2026", "1"),
        ("mei 2026", "0"),
    ]


def test_registrations_per_organisation_kind_and_municipality(spring):
    assert raw(*MARCH, "aanmeldingen-soort") == [("Politie", 3), ("Gemeente", 1)]
    # A and B: their betrokkene lives in Utrecht; D: the pre-check named Zeist; E: nothing known.
    assert raw(*MARCH, "aanmeldingen-gemeente") == [("Utrecht", 2), ("Onbekend", 1), ("Zeist", 1)]


def test_screening_outcomes_and_precheck_use(spring):
    assert rows(*MARCH, "screening") == [
        ("Geaccepteerd", "1"),
        ("Aanvulling gevraagd", "1"),
        ("Afgewezen: Andere regio", "1"),
        ("Afgewezen: Voldoet niet aan de criteria", "1"),
        ("Afgewezen: Hoort in een ander overleg of de reguliere route", "0"),
        ("Afgewezen: Anders", "0"),
    ]
    assert rows(*FEBRUARY, "screening")[0] == ("Geaccepteerd", "3")
    assert rows(*MARCH, "voortoets") == [
        ("Voortoets met advies aanmelden", "2"),
        ("Voortoets met advies niet aanmelden", "1"),
        ("Zonder voortoets", "1"),
    ]


def test_triage_outcomes_and_capacity_per_meeting(spring):
    assert rows(*MARCH, "triage") == [
        ("PGA", "1"),
        ("Geen PGA", "1"),
        ("Niet besproken, doorgeschoven", "1"),
        ("Doorgeschoven vóór de triage", "0"),
    ]
    # 19 March was cancelled: not a held meeting.
    assert rows(*MARCH, "capaciteit") == [
        ("12-03-2026", "4", "0", "0", "0"),
        ("26-03-2026", "4", "3", "2", "1"),
    ]
    assert rows(*APRIL, "triage")[0] == ("PGA", "1")
    assert rows(*APRIL, "capaciteit") == [("02-04-2026", "4", "1", "1", "0")]


def test_lead_times_in_march(spring):
    # To screening: D 5 minutes, B 9.5 hours, A 1 day 12.5 hours, E 2 days; median the 2nd, p90 the 4th.
    # February: F3 1, F2 2, F1 3 days: median 2. To the triage: F2 44 d 2 h 50, F1 45 d 2 h 30.
    assert rows(*MARCH, "doorlooptijden") == [
        ("Aanmelding tot screening", "4", "0,4", "2,0", "2,0"),
        ("Aanmelding tot triagebesluit", "2", "44,1", "45,1", "–"),
        ("Aanmelding tot start PGA", "1", "45,1", "45,1", "–"),
        ("Looptijd PGA (tot afsluiten)", "0", "–", "–", "–"),
        ("Start PGA tot betrokkene geïnformeerd", "1", "3,9", "3,9", "–"),
    ]


def test_lead_times_in_april(spring):
    # F3: triage and PGA start on 2 April 12:00 UTC, 50 days 2 hours after 11 February 10:00.
    # F1: closed on 16 April 12:30 UTC, 21 days after its start.
    assert rows(*APRIL, "doorlooptijden") == [
        ("Aanmelding tot screening", "0", "–", "–", "0,4"),
        ("Aanmelding tot triagebesluit", "1", "50,1", "50,1", "44,1"),
        ("Aanmelding tot start PGA", "1", "50,1", "50,1", "45,1"),
        ("Looptijd PGA (tot afsluiten)", "1", "21,0", "21,0", "–"),
        ("Start PGA tot betrokkene geïnformeerd", "0", "–", "–", "3,9"),
    ]


def test_informing_informed_postponed_and_overdue(spring):
    assert rows(*MARCH, "informeren") == [
        ("Nog niet afgesproken", "0", "0"),
        ("Afgesproken met de melder", "0", "0"),
        ("Geïnformeerd", "1", "0"),
        ("Uitgesteld", "0", "0"),
    ]
    # F3's postponement was to be reviewed on 20 April; on 1 May that is overdue.
    assert rows(*APRIL, "informeren")[3] == ("Uitgesteld", "1", "1")


def test_bekendheidscheck_response_times_and_reminders_per_partner(spring):
    day = datetime.timedelta(days=1)
    assert raw(*FEBRUARY, "bekendheidscheck") == [
        ("GGZ Centraal", 2, 1, 3.5 * day, 3.5 * day, 2, 2),
        ("Politie Midden-Nederland", 2, 2, 1 * day, 3 * day, 0, 0),
    ]
    assert raw(*MARCH, "bekendheidscheck") == []


def test_running_dossiers_per_procesregisseur(spring):
    assert raw(*MARCH, "pga-regisseurs") == [("Koen Dijkstra", 1, 1, 0)]
    assert raw(*APRIL, "pga-regisseurs") == [("Sanne Bos", 1, 1, 0), ("Koen Dijkstra", 0, 0, 1)]
    # In May Koen Dijkstra's dossier, closed on 16 April, counts for nothing; Sanne Bos's still runs.
    assert raw(Kind.MONTH, datetime.date(2026, 5, 15), "pga-regisseurs") == [("Sanne Bos", 1, 0, 0)]


def test_actions_on_time_per_partner(spring):
    # Mitros: due 8 April done 7 April (on time), due 20 April still open on 1 May; GGZ: due 9, done 15 April.
    assert raw(*APRIL, "pga-acties") == [
        ("GGZ Centraal", 1, 0, 1, 0),
        ("Woningcorporatie Mitros", 2, 1, 0, 1),
    ]
    assert raw(*MARCH, "pga-acties") == []


def test_a_custom_period_is_compared_with_as_many_days_before(spring):
    period = Period.custom(datetime.date(2026, 3, 29), datetime.date(2026, 3, 31))
    report = report_for(period, today=TODAY)
    assert report.previous == Period.custom(datetime.date(2026, 3, 26), datetime.date(2026, 3, 28))
    # A, B and D in the three days; nothing in the three before.
    assert text_rows(report.table("kerncijfers"))[0] == ["Aanmeldingen", "3", "0", "3"]
