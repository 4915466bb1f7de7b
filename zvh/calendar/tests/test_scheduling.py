"""Tests for the pure cutoff/holiday/slot rules in ``zvh.calendar.scheduling``.

No database, no Django settings: run with
``.venv/bin/python -m pytest -p no:django -p no:cacheprovider zvh/calendar/tests/test_scheduling.py``.
Every expected value below is a hard-coded date checked against a calendar, never a value
computed by the function under test.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta, timezone

import holidays
import pytest

from zvh.calendar.scheduling import (
    CUTOFF_TIME,
    CUTOFF_WEEKDAY,
    DEFAULT_CAPACITY,
    MEETING_START,
    SLOT_LENGTH,
    TIMEZONE,
    Deadline,
    current_deadline,
    holiday_name,
    is_meeting_day,
    meeting_dates,
    next_cutoff,
    slot_times,
    triage_date_for,
)

AMS = TIMEZONE
D = date


def local(
    y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0, us: int = 0, fold: int = 0
) -> datetime:
    return datetime(y, m, d, hh, mm, ss, us, tzinfo=AMS, fold=fold)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=UTC)


# Thursdays that are Dutch public holidays, 2025-2030 (checked against a calendar).
THURSDAY_HOLIDAYS_2025_2030 = {
    D(2025, 5, 29): "Hemelvaartsdag",
    D(2025, 12, 25): "Eerste kerstdag",
    D(2026, 1, 1): "Nieuwjaarsdag",
    D(2026, 5, 14): "Hemelvaartsdag",
    D(2027, 5, 6): "Hemelvaartsdag",
    D(2028, 4, 27): "Koningsdag",
    D(2028, 5, 25): "Hemelvaartsdag",
    D(2029, 5, 10): "Hemelvaartsdag",
    D(2030, 5, 30): "Hemelvaartsdag",
    D(2030, 12, 26): "Tweede kerstdag",
}


# --------------------------------------------------------------------------- constants


def test_module_constants():
    assert TIMEZONE.key == "Europe/Amsterdam"
    assert CUTOFF_WEEKDAY == 3
    assert CUTOFF_TIME == time(16, 0)
    assert MEETING_START == time(13, 0)
    assert SLOT_LENGTH == timedelta(minutes=20)
    assert DEFAULT_CAPACITY == 4


# --------------------------------------------------------------------------- worked examples


@pytest.mark.parametrize(
    ("registered_at", "expected"),
    [
        (local(2026, 11, 30, 10, 0), D(2026, 12, 10)),  # Monday
        (local(2026, 12, 3, 15, 59), D(2026, 12, 10)),  # Thursday just before the cutoff
        (local(2026, 12, 3, 16, 0), D(2026, 12, 17)),  # Thursday at the cutoff
        (local(2027, 4, 29, 15, 0), D(2027, 5, 13)),  # 2027-05-06 is Ascension Day
    ],
)
def test_design_worked_examples(registered_at, expected):
    assert triage_date_for(registered_at) == expected


@pytest.mark.parametrize(
    ("registered_at", "expected"),
    [
        (local(2026, 11, 26, 16, 0), D(2026, 12, 10)),  # previous Thursday at cutoff
        (local(2026, 11, 27, 9, 0), D(2026, 12, 10)),  # Friday
        (local(2026, 11, 28, 12, 0), D(2026, 12, 10)),  # Saturday
        (local(2026, 11, 29, 23, 59), D(2026, 12, 10)),  # Sunday
        (local(2026, 11, 30, 0, 0), D(2026, 12, 10)),  # Monday midnight
        (local(2026, 12, 1, 8, 0), D(2026, 12, 10)),  # Tuesday
        (local(2026, 12, 2, 23, 59, 59, 999_999), D(2026, 12, 10)),  # Wednesday, last moment
        (local(2026, 12, 3, 0, 0), D(2026, 12, 10)),  # Thursday midnight
        (local(2026, 12, 3, 13, 0), D(2026, 12, 10)),  # during that day's meeting
        (local(2026, 12, 3, 23, 59), D(2026, 12, 17)),  # Thursday evening
        (local(2026, 12, 4, 9, 0), D(2026, 12, 17)),  # Friday
        (local(2026, 12, 6, 23, 0), D(2026, 12, 17)),  # Sunday
    ],
)
def test_every_weekday_of_a_week(registered_at, expected):
    assert triage_date_for(registered_at) == expected


# --------------------------------------------------------------------------- the 16:00 boundary


@pytest.mark.parametrize(
    ("registered_at", "expected"),
    [
        # local, winter (CET, UTC+1)
        (local(2026, 12, 3, 15, 59, 59), D(2026, 12, 10)),
        (local(2026, 12, 3, 15, 59, 59, 999_999), D(2026, 12, 10)),
        (local(2026, 12, 3, 16, 0, 0), D(2026, 12, 17)),
        (local(2026, 12, 3, 16, 0, 1), D(2026, 12, 17)),
        # the same moments given in UTC
        (utc(2026, 12, 3, 14, 59, 59), D(2026, 12, 10)),
        (utc(2026, 12, 3, 15, 0, 0), D(2026, 12, 17)),
        (utc(2026, 12, 3, 15, 0, 1), D(2026, 12, 17)),
        # summer (CEST, UTC+2): 16:00 local is 14:00 UTC
        (local(2026, 7, 2, 15, 59, 59), D(2026, 7, 9)),
        (local(2026, 7, 2, 16, 0, 0), D(2026, 7, 16)),
        (local(2026, 7, 2, 16, 0, 1), D(2026, 7, 16)),
        (utc(2026, 7, 2, 13, 59, 59), D(2026, 7, 9)),
        (utc(2026, 7, 2, 14, 0, 0), D(2026, 7, 16)),
        (utc(2026, 7, 2, 14, 0, 1), D(2026, 7, 16)),
        # 15:00 UTC in summer is already 17:00 local
        (utc(2026, 7, 2, 15, 0, 0), D(2026, 7, 16)),
        # another fixed offset (UTC-5): 09:59:59 there is 15:59:59 in Amsterdam (winter)
        (datetime(2026, 12, 3, 9, 59, 59, tzinfo=timezone(timedelta(hours=-5))), D(2026, 12, 10)),
        (datetime(2026, 12, 3, 10, 0, 0, tzinfo=timezone(timedelta(hours=-5))), D(2026, 12, 17)),
        # far-ahead offset (UTC+14): Friday 01:00 there is Thursday 12:00 in Amsterdam
        (datetime(2026, 12, 4, 1, 0, tzinfo=timezone(timedelta(hours=14))), D(2026, 12, 10)),
        (datetime(2026, 12, 4, 5, 0, tzinfo=timezone(timedelta(hours=14))), D(2026, 12, 17)),
        # 23:30 UTC Wednesday = 00:30 Thursday local: still before the cutoff
        (utc(2026, 12, 2, 23, 30), D(2026, 12, 10)),
        # 23:30 UTC Thursday = 00:30 Friday local: after the cutoff
        (utc(2026, 12, 3, 23, 30), D(2026, 12, 17)),
    ],
)
def test_cutoff_boundary_to_the_second(registered_at, expected):
    assert triage_date_for(registered_at) == expected


# --------------------------------------------------------------------------- DST


@pytest.mark.parametrize(
    ("thursday", "utc_offset_hours", "at_1530_local", "at_1430_utc"),
    [
        # March 2026: DST starts Sunday 2026-03-29
        (D(2026, 3, 26), 1, D(2026, 4, 2), D(2026, 4, 2)),  # 14:30Z = 15:30 CET
        (D(2026, 4, 2), 2, D(2026, 4, 9), D(2026, 4, 16)),  # 14:30Z = 16:30 CEST
        # October 2026: DST ends Sunday 2026-10-25
        (D(2026, 10, 22), 2, D(2026, 10, 29), D(2026, 11, 5)),  # 14:30Z = 16:30 CEST
        (D(2026, 10, 29), 1, D(2026, 11, 5), D(2026, 11, 5)),  # 14:30Z = 15:30 CET
        # March 2027: DST starts Sunday 2027-03-28
        (D(2027, 3, 25), 1, D(2027, 4, 1), D(2027, 4, 1)),
        (D(2027, 4, 1), 2, D(2027, 4, 8), D(2027, 4, 15)),
        # October 2027: DST ends Sunday 2027-10-31
        (D(2027, 10, 28), 2, D(2027, 11, 4), D(2027, 11, 11)),
        (D(2027, 11, 4), 1, D(2027, 11, 11), D(2027, 11, 11)),
    ],
)
def test_thursdays_around_dst_changes(thursday, utc_offset_hours, at_1530_local, at_1430_utc):
    registered_local = datetime.combine(thursday, time(15, 30), tzinfo=AMS)
    assert registered_local.utcoffset() == timedelta(hours=utc_offset_hours)
    assert triage_date_for(registered_local) == at_1530_local

    registered_utc = datetime.combine(thursday, time(14, 30), tzinfo=UTC)
    assert triage_date_for(registered_utc) == at_1430_utc

    cutoff = next_cutoff(registered_local)
    assert cutoff == datetime.combine(thursday, time(16, 0), tzinfo=AMS)
    assert cutoff.astimezone(UTC) == datetime.combine(thursday, time(16 - utc_offset_hours, 0), tzinfo=UTC)


@pytest.mark.parametrize(
    ("registered_at", "expected"),
    [
        # spring forward 2026-03-29: 02:00 -> 03:00, the non-existent 02:30 (and its neighbours)
        (local(2026, 3, 29, 1, 59), D(2026, 4, 9)),
        (local(2026, 3, 29, 2, 30), D(2026, 4, 9)),
        (local(2026, 3, 29, 3, 0), D(2026, 4, 9)),
        (utc(2026, 3, 29, 1, 0), D(2026, 4, 9)),
        # fall back 2026-10-25: 02:30 happens twice
        (local(2026, 10, 25, 2, 30, fold=0), D(2026, 11, 5)),
        (local(2026, 10, 25, 2, 30, fold=1), D(2026, 11, 5)),
        (utc(2026, 10, 25, 0, 30), D(2026, 11, 5)),
        (utc(2026, 10, 25, 1, 30), D(2026, 11, 5)),
        # 2027 changes
        (local(2027, 3, 28, 2, 30), D(2027, 4, 8)),
        (local(2027, 10, 31, 2, 30, fold=1), D(2027, 11, 11)),
    ],
)
def test_registration_during_the_dst_change_itself(registered_at, expected):
    assert triage_date_for(registered_at) == expected


@pytest.mark.parametrize(
    ("now", "expected_local", "expected_utc"),
    [
        (local(2026, 11, 30, 10, 0), local(2026, 12, 3, 16, 0), utc(2026, 12, 3, 15, 0)),
        (local(2026, 12, 3, 15, 59, 59), local(2026, 12, 3, 16, 0), utc(2026, 12, 3, 15, 0)),
        (local(2026, 12, 3, 16, 0), local(2026, 12, 10, 16, 0), utc(2026, 12, 10, 15, 0)),
        (utc(2026, 12, 3, 15, 0), local(2026, 12, 10, 16, 0), utc(2026, 12, 10, 15, 0)),
        (local(2026, 7, 1, 9, 0), local(2026, 7, 2, 16, 0), utc(2026, 7, 2, 14, 0)),
        # across spring forward: Friday in CET, cutoff in CEST
        (local(2026, 3, 27, 9, 0), local(2026, 4, 2, 16, 0), utc(2026, 4, 2, 14, 0)),
        # across fall back: Friday in CEST, cutoff in CET
        (local(2026, 10, 23, 9, 0), local(2026, 10, 29, 16, 0), utc(2026, 10, 29, 15, 0)),
        # a holiday Thursday keeps its cutoff
        (local(2027, 5, 6, 10, 0), local(2027, 5, 6, 16, 0), utc(2027, 5, 6, 14, 0)),
        # year end
        (local(2025, 12, 31, 12, 0), local(2026, 1, 1, 16, 0), utc(2026, 1, 1, 15, 0)),
    ],
)
def test_next_cutoff(now, expected_local, expected_utc):
    cutoff = next_cutoff(now)
    assert cutoff == expected_local
    assert cutoff.astimezone(UTC) == expected_utc
    assert cutoff.tzinfo is AMS
    assert (cutoff.hour, cutoff.minute, cutoff.second, cutoff.microsecond) == (16, 0, 0, 0)
    assert cutoff.weekday() == 3


# --------------------------------------------------------------------------- holidays


def test_thursday_holidays_2025_2030_from_the_package_match_the_known_list():
    nl = holidays.NL(years=range(2025, 2031), language="nl")
    from_package = {day: name for day, name in nl.items() if day.weekday() == 3}
    assert from_package == THURSDAY_HOLIDAYS_2025_2030


def test_known_holiday_facts():
    # King's Day 2030 is a Saturday, so it never blocks a triage that year.
    assert D(2030, 4, 27).weekday() == 5
    assert holiday_name(D(2030, 4, 27)) == "Koningsdag"
    # Christmas 2025 and New Year 2026 are both Thursdays.
    assert D(2025, 12, 25).weekday() == 3
    assert D(2026, 1, 1).weekday() == 3
    # Ascension Day is always a Thursday.
    nl = holidays.NL(years=range(2025, 2031), language="nl")
    ascension = sorted(day for day, name in nl.items() if name == "Hemelvaartsdag")
    assert ascension == [
        D(2025, 5, 29), D(2026, 5, 14), D(2027, 5, 6), D(2028, 5, 25), D(2029, 5, 10), D(2030, 5, 30)
    ]
    # Christmas Eve and New Year's Eve are not public holidays.
    assert holiday_name(D(2026, 12, 24)) is None
    assert holiday_name(D(2026, 12, 31)) is None


@pytest.mark.parametrize(("day", "name"), sorted(THURSDAY_HOLIDAYS_2025_2030.items()))
def test_every_thursday_holiday_is_skipped(day, name):
    assert holiday_name(day) == name
    assert not is_meeting_day(day)
    assert day not in meeting_dates(day - timedelta(days=21), 6)


@pytest.mark.parametrize(
    ("holiday", "registered_at", "expected"),
    [
        # registered on the Thursday before the holiday, before 16:00: base date = holiday
        (D(2025, 5, 29), local(2025, 5, 22, 10, 0), D(2025, 6, 5)),
        (D(2025, 12, 25), local(2025, 12, 18, 10, 0), D(2026, 1, 8)),  # and 2026-01-01 too
        (D(2026, 1, 1), local(2025, 12, 25, 10, 0), D(2026, 1, 8)),
        (D(2026, 5, 14), local(2026, 5, 7, 10, 0), D(2026, 5, 21)),
        (D(2027, 5, 6), local(2027, 4, 29, 10, 0), D(2027, 5, 13)),
        (D(2028, 4, 27), local(2028, 4, 20, 10, 0), D(2028, 5, 4)),
        (D(2028, 5, 25), local(2028, 5, 18, 10, 0), D(2028, 6, 1)),
        (D(2029, 5, 10), local(2029, 5, 3, 10, 0), D(2029, 5, 17)),
        (D(2030, 5, 30), local(2030, 5, 23, 10, 0), D(2030, 6, 6)),
        (D(2030, 12, 26), local(2030, 12, 19, 10, 0), D(2031, 1, 2)),
    ],
)
def test_triage_on_a_holiday_moves_to_next_held_meeting(holiday, registered_at, expected):
    assert holiday in THURSDAY_HOLIDAYS_2025_2030
    assert triage_date_for(registered_at) == expected
    assert current_deadline(registered_at).triage_date == expected


def test_computed_thursday_holidays_all_move_one_week_or_more():
    """For every Thursday holiday 2025-2030 computed from the package, the triage skips it."""
    nl = holidays.NL(years=range(2025, 2031), language="nl")
    thursday_holidays = sorted(day for day in nl if day.weekday() == 3)
    assert len(thursday_holidays) == 10
    for day in thursday_holidays:
        registered = datetime.combine(day - timedelta(days=7), time(9, 0), tzinfo=AMS)
        result = triage_date_for(registered)
        assert result != day
        assert result > day
        assert result.weekday() == 3
        assert result not in nl


@pytest.mark.parametrize(
    ("registered_at", "expected"),
    [
        # The cutoff is an intake deadline, not a meeting: a holiday Thursday keeps its 16:00.
        (local(2026, 5, 14, 10, 0), D(2026, 5, 21)),  # on Ascension Day, before 16:00
        (local(2026, 5, 14, 15, 59, 59), D(2026, 5, 21)),
        (local(2026, 5, 14, 16, 0), D(2026, 5, 28)),  # on Ascension Day, at 16:00
        (local(2027, 5, 6, 9, 0), D(2027, 5, 13)),
        (local(2028, 4, 27, 10, 0), D(2028, 5, 4)),  # King's Day 2028
        (local(2025, 12, 25, 15, 0), D(2026, 1, 8)),  # Christmas; 2026-01-01 also a holiday
        (local(2026, 4, 6, 10, 0), D(2026, 4, 16)),  # Easter Monday (not a Thursday)
        (local(2026, 4, 3, 10, 0), D(2026, 4, 16)),  # Good Friday
    ],
)
def test_registration_made_on_a_holiday(registered_at, expected):
    assert triage_date_for(registered_at) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2027, 5, 6), "Hemelvaartsdag"),
        (D(2025, 12, 25), "Eerste kerstdag"),
        (D(2025, 12, 26), "Tweede kerstdag"),
        (D(2026, 1, 1), "Nieuwjaarsdag"),
        (D(2028, 4, 27), "Koningsdag"),
        (D(2026, 4, 3), "Goede vrijdag"),
        (D(2026, 4, 6), "Tweede paasdag"),
        (D(2026, 5, 25), "Tweede pinksterdag"),
        # Liberation Day only in lustrum years, as the package says
        (D(2025, 5, 5), "Bevrijdingsdag"),
        (D(2030, 5, 5), "Bevrijdingsdag"),
        (D(2026, 5, 5), None),
        (D(2027, 5, 5), None),
        (D(2026, 12, 10), None),
        (D(2026, 12, 24), None),
    ],
)
def test_holiday_name(day, expected):
    assert holiday_name(day) == expected


# --------------------------------------------------------------------------- cancelled meetings


@pytest.mark.parametrize(
    ("registered_at", "cancelled", "expected"),
    [
        (local(2026, 11, 30, 10, 0), [], D(2026, 12, 10)),
        (local(2026, 11, 30, 10, 0), [D(2026, 12, 10)], D(2026, 12, 17)),
        (local(2026, 11, 30, 10, 0), [D(2026, 12, 10), D(2026, 12, 17)], D(2026, 12, 24)),
        (local(2026, 11, 30, 10, 0), [D(2026, 12, 10), D(2026, 12, 17), D(2026, 12, 24)], D(2026, 12, 31)),
        # a gap in the cancellations: the first held one wins
        (local(2026, 11, 30, 10, 0), [D(2026, 12, 10), D(2026, 12, 24)], D(2026, 12, 17)),
        # cancellations that do not matter (earlier, or not a Thursday)
        (local(2026, 11, 30, 10, 0), [D(2026, 12, 3), D(2026, 12, 9), D(2026, 12, 17)], D(2026, 12, 10)),
        # cancellations mixed with a holiday: 05-14 Ascension, 05-21 and 05-28 cancelled
        (local(2026, 5, 7, 10, 0), [D(2026, 5, 21), D(2026, 5, 28)], D(2026, 6, 4)),
        # cancellations and Christmas/New Year 2025-2026
        (local(2025, 12, 18, 10, 0), [D(2026, 1, 8), D(2026, 1, 15)], D(2026, 1, 22)),
        # cancelling the cutoff Thursday's meeting does not move the cutoff
        (local(2026, 12, 3, 15, 0), [D(2026, 12, 3)], D(2026, 12, 10)),
    ],
)
def test_cancelled_meetings(registered_at, cancelled, expected):
    assert triage_date_for(registered_at, cancelled) == expected
    assert triage_date_for(registered_at, cancelled=iter(cancelled)) == expected  # any iterable
    assert triage_date_for(registered_at, set(cancelled)) == expected
    assert current_deadline(registered_at, cancelled).triage_date == expected


def test_cancelled_rejects_datetimes():
    # A datetime never equals a date, so it would silently not cancel anything.
    with pytest.raises(TypeError):
        triage_date_for(local(2026, 11, 30, 10), [datetime(2026, 12, 10, 13, 0)])


# --------------------------------------------------------------------------- year ends


@pytest.mark.parametrize(
    ("registered_at", "expected"),
    [
        # 2025-2026: Christmas (12-25) and New Year (01-01) are both Thursdays
        (local(2025, 12, 11, 15, 59), D(2025, 12, 18)),
        (local(2025, 12, 11, 16, 0), D(2026, 1, 8)),  # 12-18 cutoff -> 12-25, 01-01 skipped
        (local(2025, 12, 18, 15, 59), D(2026, 1, 8)),
        (local(2025, 12, 18, 16, 0), D(2026, 1, 8)),
        (local(2025, 12, 22, 9, 0), D(2026, 1, 8)),
        (local(2025, 12, 25, 16, 0), D(2026, 1, 8)),
        (local(2025, 12, 26, 9, 0), D(2026, 1, 8)),
        (local(2025, 12, 31, 23, 59, 59), D(2026, 1, 8)),
        (utc(2025, 12, 31, 23, 30), D(2026, 1, 8)),  # already 2026 in Amsterdam
        (local(2026, 1, 1, 15, 59), D(2026, 1, 8)),
        (local(2026, 1, 1, 16, 0), D(2026, 1, 15)),
        # 2026-2027: Christmas and New Year are Fridays, 12-24 and 12-31 are ordinary Thursdays
        (local(2026, 12, 17, 16, 0), D(2026, 12, 31)),
        (local(2026, 12, 21, 9, 0), D(2026, 12, 31)),
        (local(2026, 12, 24, 15, 59), D(2026, 12, 31)),
        (local(2026, 12, 24, 16, 0), D(2027, 1, 7)),
        (local(2026, 12, 26, 9, 0), D(2027, 1, 7)),
        (local(2026, 12, 31, 15, 59), D(2027, 1, 7)),
        (local(2026, 12, 31, 16, 0), D(2027, 1, 14)),
        (local(2027, 1, 1, 10, 0), D(2027, 1, 14)),
    ],
)
def test_year_ends(registered_at, expected):
    assert triage_date_for(registered_at) == expected


# --------------------------------------------------------------------------- naive datetimes


@pytest.mark.parametrize(
    "call",
    [
        lambda naive: triage_date_for(naive),
        lambda naive: next_cutoff(naive),
        lambda naive: current_deadline(naive),
    ],
    ids=["triage_date_for", "next_cutoff", "current_deadline"],
)
def test_naive_datetime_refused(call):
    with pytest.raises(ValueError, match="timezone-aware"):
        call(datetime(2026, 11, 30, 10, 0))


def test_non_datetime_refused():
    with pytest.raises(TypeError):
        triage_date_for(D(2026, 11, 30))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- current_deadline


def test_current_deadline_matches_the_melder_message():
    deadline = current_deadline(local(2026, 11, 30, 10, 0))
    assert deadline == Deadline(cutoff=local(2026, 12, 3, 16, 0), triage_date=D(2026, 12, 10))
    assert deadline.cutoff.tzinfo is AMS


def test_current_deadline_around_a_holiday():
    # Cutoff 2027-04-29 16:00, but its triage (05-06) is Ascension Day.
    deadline = current_deadline(local(2027, 4, 28, 12, 0))
    assert deadline.cutoff == local(2027, 4, 29, 16, 0)
    assert deadline.triage_date == D(2027, 5, 13)


def test_deadline_is_frozen():
    deadline = current_deadline(local(2026, 11, 30, 10, 0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.triage_date = D(2026, 12, 17)  # type: ignore[misc]


# --------------------------------------------------------------------------- is_meeting_day


@pytest.mark.parametrize(
    ("day", "cancelled", "expected"),
    [
        (D(2026, 12, 10), (), True),
        (D(2026, 12, 24), (), True),  # Christmas Eve is not a public holiday
        (D(2026, 12, 9), (), False),  # Wednesday
        (D(2026, 12, 11), (), False),  # Friday
        (D(2027, 5, 6), (), False),  # Ascension Day
        (D(2025, 12, 25), (), False),
        (D(2026, 1, 1), (), False),
        (D(2028, 4, 27), (), False),  # King's Day on a Thursday
        (D(2026, 12, 10), (D(2026, 12, 10),), False),
        (D(2026, 12, 10), (D(2026, 12, 17),), True),
    ],
)
def test_is_meeting_day(day, cancelled, expected):
    assert is_meeting_day(day, cancelled) is expected


# --------------------------------------------------------------------------- meeting_dates


@pytest.mark.parametrize(
    ("start", "count", "cancelled", "expected"),
    [
        (D(2026, 5, 1), 4, (), [D(2026, 5, 7), D(2026, 5, 21), D(2026, 5, 28), D(2026, 6, 4)]),
        (D(2026, 5, 1), 4, (D(2026, 5, 21),), [D(2026, 5, 7), D(2026, 5, 28), D(2026, 6, 4), D(2026, 6, 11)]),
        (D(2026, 12, 10), 1, (), [D(2026, 12, 10)]),  # start on a Thursday is inclusive
        (D(2026, 12, 11), 1, (), [D(2026, 12, 17)]),
        (D(2025, 12, 25), 3, (), [D(2026, 1, 8), D(2026, 1, 15), D(2026, 1, 22)]),
        (D(2025, 12, 15), 3, (), [D(2025, 12, 18), D(2026, 1, 8), D(2026, 1, 15)]),
        (
            D(2028, 4, 20),
            4,
            (D(2028, 5, 11), D(2028, 5, 18)),
            [D(2028, 4, 20), D(2028, 5, 4), D(2028, 6, 1), D(2028, 6, 8)],  # 04-27, 05-25 holidays
        ),
        (D(2026, 12, 10), 0, (), []),
    ],
)
def test_meeting_dates(start, count, cancelled, expected):
    assert meeting_dates(start, count, cancelled) == expected


def test_meeting_dates_a_whole_year():
    dates = meeting_dates(D(2026, 1, 1), 60)
    in_2026 = [d for d in dates if d.year == 2026]
    # 2026 has 53 Thursdays; 01-01 (New Year) and 05-14 (Ascension) are holidays.
    assert len(in_2026) == 51
    assert D(2026, 1, 1) not in dates and D(2026, 5, 14) not in dates
    assert all(d.weekday() == 3 for d in dates)
    assert dates == sorted(set(dates))


def test_meeting_dates_negative_count_refused():
    with pytest.raises(ValueError):
        meeting_dates(D(2026, 12, 10), -1)


# --------------------------------------------------------------------------- slot_times


def test_slot_times_default():
    slots = slot_times(D(2026, 12, 10))
    assert slots == [
        (local(2026, 12, 10, 13, 0), local(2026, 12, 10, 13, 20)),
        (local(2026, 12, 10, 13, 20), local(2026, 12, 10, 13, 40)),
        (local(2026, 12, 10, 13, 40), local(2026, 12, 10, 14, 0)),
        (local(2026, 12, 10, 14, 0), local(2026, 12, 10, 14, 20)),
    ]
    assert all(s.tzinfo is AMS and e.tzinfo is AMS for s, e in slots)
    assert slots[0][0].astimezone(UTC) == utc(2026, 12, 10, 12, 0)


@pytest.mark.parametrize(
    ("meeting_date", "first_utc"),
    [
        (D(2026, 3, 26), utc(2026, 3, 26, 12, 0)),  # before spring forward: CET
        (D(2026, 4, 2), utc(2026, 4, 2, 11, 0)),  # after: CEST
        (D(2026, 10, 22), utc(2026, 10, 22, 11, 0)),  # before fall back: CEST
        (D(2026, 10, 29), utc(2026, 10, 29, 12, 0)),  # after: CET
        (D(2027, 3, 25), utc(2027, 3, 25, 12, 0)),
        (D(2027, 4, 1), utc(2027, 4, 1, 11, 0)),
        (D(2027, 10, 28), utc(2027, 10, 28, 11, 0)),
        (D(2027, 11, 4), utc(2027, 11, 4, 12, 0)),
    ],
)
def test_slot_times_thursdays_around_dst(meeting_date, first_utc):
    slots = slot_times(meeting_date)
    assert [s.time() for s, _ in slots] == [time(13, 0), time(13, 20), time(13, 40), time(14, 0)]
    assert slots[0][0].astimezone(UTC) == first_utc
    assert slots[-1][1].astimezone(UTC) == first_utc + timedelta(minutes=80)


def test_slot_times_across_spring_forward():
    # 2026-03-29: 02:00 CET jumps to 03:00 CEST; slots keep lasting 20 real minutes.
    slots = slot_times(D(2026, 3, 29), capacity=4, start=time(1, 20))
    assert [s.astimezone(UTC) for s, _ in slots] == [
        utc(2026, 3, 29, 0, 20),
        utc(2026, 3, 29, 0, 40),
        utc(2026, 3, 29, 1, 0),
        utc(2026, 3, 29, 1, 20),
    ]
    assert [(s.hour, s.minute) for s, _ in slots] == [(1, 20), (1, 40), (3, 0), (3, 20)]
    assert [s.utcoffset() for s, _ in slots] == [timedelta(hours=h) for h in (1, 1, 2, 2)]
    for s, e in slots:
        assert e.astimezone(UTC) - s.astimezone(UTC) == timedelta(minutes=20)


def test_slot_times_across_fall_back():
    # 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:20 exists twice, the first is used.
    slots = slot_times(D(2026, 10, 25), capacity=4, start=time(2, 20))
    assert [s.astimezone(UTC) for s, _ in slots] == [
        utc(2026, 10, 25, 0, 20),
        utc(2026, 10, 25, 0, 40),
        utc(2026, 10, 25, 1, 0),
        utc(2026, 10, 25, 1, 20),
    ]
    assert [(s.hour, s.minute, s.fold) for s, _ in slots] == [(2, 20, 0), (2, 40, 0), (2, 0, 1), (2, 20, 1)]
    for s, e in slots:
        assert e.astimezone(UTC) - s.astimezone(UTC) == timedelta(minutes=20)


@pytest.mark.parametrize(
    ("capacity", "expected_starts", "last_end"),
    [
        (1, [time(13, 0)], time(13, 20)),
        (3, [time(13, 0), time(13, 20), time(13, 40)], time(14, 0)),
        (5, [time(13, 0), time(13, 20), time(13, 40), time(14, 0), time(14, 20)], time(14, 40)),
    ],
)
def test_slot_times_capacity(capacity, expected_starts, last_end):
    slots = slot_times(D(2026, 7, 2), capacity=capacity)
    assert [s.time() for s, _ in slots] == expected_starts
    assert slots[-1][1].time() == last_end
    assert slots[0][0].utcoffset() == timedelta(hours=2)


def test_slot_times_custom_start_and_length():
    slots = slot_times(D(2026, 12, 10), capacity=2, start=time(9, 30), length=timedelta(minutes=30))
    assert slots == [
        (local(2026, 12, 10, 9, 30), local(2026, 12, 10, 10, 0)),
        (local(2026, 12, 10, 10, 0), local(2026, 12, 10, 10, 30)),
    ]


@pytest.mark.parametrize("capacity", [0, -1])
def test_slot_times_capacity_below_one_refused(capacity):
    with pytest.raises(ValueError, match="capacity"):
        slot_times(D(2026, 12, 10), capacity=capacity)


@pytest.mark.parametrize("length", [timedelta(0), timedelta(minutes=-20)])
def test_slot_times_non_positive_length_refused(length):
    with pytest.raises(ValueError, match="length"):
        slot_times(D(2026, 12, 10), length=length)


# --------------------------------------------------------------------------- brute force


def test_every_half_hour_of_2026_and_2027():
    """Properties over every 30 minutes (in UTC, so DST hours are neither skipped nor doubled).

    Besides the properties asked for (a held Thursday, 7 days to ~5 weeks later, monotone), it
    compares against an independent formulation of the rule: the triage is the first held
    Thursday T whose *previous* Thursday 16:00 lies strictly after the registration.
    """
    nl = holidays.NL(years=range(2025, 2029), language="nl")
    held = [
        day
        for day in (D(2025, 12, 4) + timedelta(weeks=n) for n in range(170))
        if day not in nl
    ]
    held_index = 0

    moment = utc(2025, 12, 31, 23, 0)  # 2026-01-01 00:00 Amsterdam
    end = utc(2027, 12, 31, 23, 0)
    step = timedelta(minutes=30)
    previous: date | None = None
    count = 0
    while moment < end:
        result = triage_date_for(moment)
        registered_local_date = moment.astimezone(AMS).date()

        assert result.weekday() == 3, moment
        assert result not in nl, moment
        assert timedelta(days=7) <= result - registered_local_date <= timedelta(days=35), moment
        if previous is not None:
            assert result >= previous, moment
        previous = result

        while datetime.combine(held[held_index] - timedelta(days=7), time(16, 0), tzinfo=AMS) <= moment:
            held_index += 1
        assert result == held[held_index], moment

        moment += step
        count += 1

    assert count == 2 * 365 * 48  # 2026 and 2027 are not leap years
    assert previous == D(2028, 1, 13)  # Fri 2027-12-31 23:30 -> cutoff 2028-01-06


def test_current_deadline_consistent_with_triage_date_for():
    moment = utc(2026, 3, 1, 0, 0)
    while moment < utc(2026, 11, 30, 0, 0):
        deadline = current_deadline(moment, [D(2026, 6, 4)])
        assert deadline.triage_date == triage_date_for(moment, [D(2026, 6, 4)])
        assert deadline.cutoff > moment
        assert deadline.cutoff - moment <= timedelta(days=7)
        assert deadline.triage_date >= deadline.cutoff.date() + timedelta(days=7)
        moment += timedelta(hours=7)
