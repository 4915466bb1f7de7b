"""Pure due-date rules of the bekendheidscheck (process step 4, docs/architecture.md), free of the ORM.

Why these rules: the chairs must have every partner's answer, and where a partner knows the
person the information itself, *before* the Thursday triage, with time left to weigh it with
the de-escalatiemodel. A partner, in turn, needs a fair amount of working time to look the
person up in its own systems. The rules (all in Europe/Amsterdam):

* **Working days** are Monday to Friday, except Dutch public holidays (``holidays.NL``, as in
  :mod:`zvh.calendar.scheduling`).
* **The answer** ("bekend" / "niet bekend") is due at 17:00 on the *second working day* after
  the day of the request, but never later than **12:00 on the third working day before the
  triage** (the Monday before a normal Thursday triage).
* **The information** (only where the answer was "bekend") is due at 17:00 on the second
  working day after the day the chair asks for it, but never later than **12:00 on the second
  working day before the triage** (the Tuesday before a normal Thursday triage). That leaves the
  chairs the Wednesday to weigh and prepare.
* Counting the cap in working days (rather than "Monday" and "Tuesday") keeps it sensible
  around holidays: before the Thursday after Easter the answer is due on the Thursday before
  Easter (Good Friday and Easter Monday are holidays), before the Thursday after King's Day on a
  Monday on the Friday before it; a meeting moved to another weekday gets the same lead time.
* When the cap lies already in the past at the moment of the request (a case accepted late,
  after the Monday noon), the cap is ignored and the two working days apply: a due date in the
  past would tell the partner nothing. The chair then sees on the verrijking page that the
  answers will come in late for that triage and can move the case on.
* **Reminders** go out for what is due before the end of the *next working day*: a daily run at
  08:00 on Friday reminds of what is due on Monday, and on Monday of what is due on Tuesday.

Inputs must be timezone-aware datetimes; the results are aware Europe/Amsterdam datetimes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from zvh.calendar.scheduling import TIMEZONE, holiday_name

__all__ = [
    "ANSWER_CAP_WORKING_DAYS_BEFORE",
    "CAP_TIME",
    "DUE_TIME",
    "INFO_CAP_WORKING_DAYS_BEFORE",
    "WORKING_DAYS_TO_RESPOND",
    "add_working_days",
    "answer_due_at",
    "info_due_at",
    "is_working_day",
    "reminder_horizon",
    "subtract_working_days",
]

#: A partner gets this many working days to respond (answer or information).
WORKING_DAYS_TO_RESPOND = 2
#: ... due at the end of the office day.
DUE_TIME = time(17, 0)
#: The caps before the triage fall at noon.
CAP_TIME = time(12, 0)
#: The answer is in by noon on the third working day before the triage (Monday for a Thursday).
ANSWER_CAP_WORKING_DAYS_BEFORE = 3
#: The information is in by noon on the second working day before the triage (Tuesday).
INFO_CAP_WORKING_DAYS_BEFORE = 2


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Dutch public holiday."""
    return day.weekday() < 5 and holiday_name(day) is None


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day strictly after ``day`` (``day`` itself never counts)."""
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    while count:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def subtract_working_days(day: date, count: int) -> date:
    """The ``count``-th working day strictly before ``day``."""
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    while count:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _local(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=TIMEZONE)


def _due(requested_at: datetime, triage_date: date | None, cap_working_days_before: int) -> datetime:
    _require_aware(requested_at, "requested_at")
    request_day = requested_at.astimezone(TIMEZONE).date()
    due = _local(add_working_days(request_day, WORKING_DAYS_TO_RESPOND), DUE_TIME)
    if triage_date is None:
        return due
    cap = _local(subtract_working_days(triage_date, cap_working_days_before), CAP_TIME)
    # Compare in UTC (same-tzinfo comparisons use wall clocks, wrong in the October fold).
    if cap.astimezone(UTC) <= requested_at.astimezone(UTC):
        return due
    return min(due, cap, key=lambda moment: moment.astimezone(UTC))


def answer_due_at(requested_at: datetime, triage_date: date | None) -> datetime:
    """When the partner's "bekend" / "niet bekend" is due (see the module docstring).

    Example: requested Friday 2026-12-04 10:00 for the triage of Thursday 2026-12-10: two
    working days is Tuesday 17:00, the cap Monday 2026-12-07 12:00, so Monday 12:00.
    """
    return _due(requested_at, triage_date, ANSWER_CAP_WORKING_DAYS_BEFORE)


def info_due_at(requested_at: datetime, triage_date: date | None) -> datetime:
    """When the information is due once the chair asked for it (see the module docstring)."""
    return _due(requested_at, triage_date, INFO_CAP_WORKING_DAYS_BEFORE)


def reminder_horizon(now: datetime) -> datetime:
    """Remind of everything due before this moment: midnight after the next working day."""
    _require_aware(now, "now")
    next_working_day = add_working_days(now.astimezone(TIMEZONE).date(), 1)
    return _local(next_working_day + timedelta(days=1), time(0, 0))
