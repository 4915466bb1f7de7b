"""Periods in Europe/Amsterdam days: bounds, the previous period and the buckets, by hand."""

import datetime

from reports.periods import Kind, Period

D = datetime.date


def test_a_week_runs_monday_to_monday_in_local_time_across_the_change_to_summer_time():
    week = Period.containing(Kind.WEEK, D(2026, 3, 25))
    assert (week.start, week.end) == (D(2026, 3, 23), D(2026, 3, 30))
    assert week.starts_at.isoformat() == "2026-03-23T00:00:00+01:00"
    assert week.ends_at.isoformat() == "2026-03-30T00:00:00+02:00"
    # Python subtracts wall clocks within one zone; in UTC the week is an hour short.
    utc = datetime.UTC
    assert week.ends_at.astimezone(utc) - week.starts_at.astimezone(utc) == datetime.timedelta(hours=167)
    assert week.label == "week 13 van 2026 (23-03 t/m 29-03-2026)"
    assert week.previous() == Period(Kind.WEEK, D(2026, 3, 16), D(2026, 3, 23))


def test_the_week_of_new_year_belongs_to_its_iso_year():
    week = Period.containing(Kind.WEEK, D(2027, 1, 1))
    assert (week.start, week.end) == (D(2026, 12, 28), D(2027, 1, 4))
    assert week.label == "week 53 van 2026 (28-12 t/m 03-01-2027)"


def test_months_quarters_and_years_and_the_one_before():
    assert Period.containing(Kind.MONTH, D(2026, 10, 31)) == Period(Kind.MONTH, D(2026, 10, 1), D(2026, 11, 1))
    assert Period.containing(Kind.MONTH, D(2026, 1, 15)).previous() == Period(Kind.MONTH, D(2025, 12, 1), D(2026, 1, 1))
    quarter = Period.containing(Kind.QUARTER, D(2026, 2, 10))
    assert (quarter.start, quarter.end, quarter.label) == (D(2026, 1, 1), D(2026, 4, 1), "kwartaal 1 van 2026")
    assert quarter.previous() == Period(Kind.QUARTER, D(2025, 10, 1), D(2026, 1, 1))
    year = Period.containing(Kind.YEAR, D(2026, 7, 1))
    assert (year.label, year.previous().label) == ("2026", "2025")
    # The end of October: winter time again from 25 October 2026, so the month ends at +01:00.
    assert Period.containing(Kind.MONTH, D(2026, 10, 1)).ends_at.isoformat() == "2026-11-01T00:00:00+01:00"


def test_buckets_are_weeks_up_to_a_quarter_and_months_beyond():
    assert Period.containing(Kind.QUARTER, D(2026, 1, 1)).buckets()[:2] == [D(2025, 12, 29), D(2026, 1, 5)]
    assert len(Period.containing(Kind.QUARTER, D(2026, 1, 1)).buckets()) == 14
    assert Period.containing(Kind.YEAR, D(2026, 1, 1)).buckets() == [D(2026, m, 1) for m in range(1, 13)]
    custom = Period.custom(D(2026, 1, 15), D(2026, 6, 14))
    assert custom.buckets() == [D(2026, m, 1) for m in range(1, 7)]
    assert custom.previous() == Period.custom(D(2025, 8, 17), D(2026, 1, 14))  # 151 days before
    assert custom.label == "15-01-2026 t/m 14-06-2026"
