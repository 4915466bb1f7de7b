"""Pure calendar rules for the weekly Integrale Triage (process steps 2 and 5, docs/architecture.md).

Why a separate module of pure functions: the cutoff and slot rules decide *when a case is
discussed*, which melders, chairs and partners plan around. Getting them wrong around a DST
change or a public holiday silently moves a case by a week. Keeping them free of the ORM and
of Django settings makes them exhaustively testable (see ``zvh/calendar/tests/test_scheduling.py``)
and reusable from services, views, forms and Celery tasks alike. Callers pass in what the
database knows (for example the dates of meetings cancelled by hand) as plain ``date``s.

The rules, as the ZVH publishes them:

* A case registered before **Thursday 16:00** (Europe/Amsterdam) is discussed at the triage of
  the **following Thursday**; registered at or after 16:00 on a Thursday, the Thursday after
  that. Formally: take the first cutoff moment (a Thursday 16:00 local time) *strictly after*
  the registration; the triage is the Thursday seven days after that cutoff's Thursday.
  A registration at exactly 16:00:00 therefore belongs to the *next* cutoff: the deadline
  is "vóór 16:00", so 16:00 itself is too late.
* There is no triage on a Dutch public holiday (as listed by the ``holidays`` package, in
  Dutch) nor on a meeting cancelled by hand; the case moves one week at a time to the first
  meeting that is held.
* The cutoff is an *intake deadline*, not a meeting. So a Thursday that is a public holiday
  (Ascension Day, Christmas, ...) still has its 16:00 cutoff: a registration on Ascension Day
  at 10:00 goes to the triage one week later, exactly as on any other Thursday. Only the
  triage date itself is skipped when it falls on a holiday or a cancelled meeting.
* Meetings run from 13:00 in consecutive 20-minute slots; the capacity (default 4, i.e.
  13:00-14:20 within the 13:00-14:30 block) is a setting of each meeting.

Time handling: inputs must be timezone-aware (the project stores UTC); we reason in
Europe/Amsterdam. Local moments are built with ``datetime.combine(day, time, tzinfo=TIMEZONE)``
so ``zoneinfo`` picks the right UTC offset on each side of a DST change, and moments are
compared in UTC (comparing two datetimes that share a ``tzinfo`` compares wall clocks, which is
wrong inside the repeated hour in October).

Liberation Day (5 May) is a public holiday in ``holidays.NL`` only in lustrum years (2025,
2030, ...); we follow the package rather than maintain our own list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "CUTOFF_TIME",
    "CUTOFF_WEEKDAY",
    "DEFAULT_CAPACITY",
    "MEETING_START",
    "SLOT_LENGTH",
    "TIMEZONE",
    "Deadline",
    "current_deadline",
    "holiday_name",
    "is_meeting_day",
    "meeting_dates",
    "next_cutoff",
    "slot_times",
    "triage_date_for",
]

#: The ZVH works in Dutch local time; every rule below is phrased in it.
TIMEZONE = ZoneInfo("Europe/Amsterdam")
#: Thursday (``date.weekday()``): both the intake deadline and the triage meeting day.
CUTOFF_WEEKDAY = 3
#: Registrations must be in *before* this local time on the cutoff Thursday.
CUTOFF_TIME = time(16, 0)
#: The Integrale Triage starts at 13:00 local time.
MEETING_START = time(13, 0)
#: Each case gets one slot of this length.
SLOT_LENGTH = timedelta(minutes=20)
#: Four slots fit in the 90-minute meeting (13:00, 13:20, 13:40, 14:00).
DEFAULT_CAPACITY = 4

_WEEK = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Deadline:
    """What to tell a melder now: "register before ``cutoff`` and we discuss it on ``triage_date``".

    ``cutoff`` is an aware Europe/Amsterdam datetime (a Thursday 16:00); ``triage_date`` is
    the held meeting a registration made *now* ends up in (holidays and cancellations already
    skipped), so it can be later than ``cutoff.date() + 7 days``.
    """

    cutoff: datetime
    triage_date: date


# --------------------------------------------------------------------------- helpers


def _require_aware(value: datetime, name: str) -> None:
    """Refuse naive datetimes: guessing their zone would silently shift the cutoff by hours."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} must be a timezone-aware datetime (got naive {value!r}); "
            "use django.utils.timezone.now() or attach a tzinfo explicitly"
        )


def _require_date(value: object, name: str) -> date:
    """Accept a plain ``date`` only; a ``datetime`` never equals a ``date`` and would not match."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date (not a datetime), got {value!r}")
    return value


def _as_date_set(cancelled: Iterable[date]) -> frozenset[date]:
    """Materialise ``cancelled`` once (it may be a generator or a queryset's values_list)."""
    return frozenset(_require_date(day, "cancelled date") for day in cancelled)


@lru_cache(maxsize=64)
def _holidays_of_year(year: int) -> Mapping[date, str]:
    """Dutch public holidays of one year with their Dutch names, computed once per year.

    A plain read-only mapping (rather than the auto-expanding ``HolidayBase``) keeps lookups
    side-effect free, so the cache can safely be shared between threads.
    """
    return MappingProxyType(dict(holidays.NL(years=year, language="nl")))


def _is_holiday(day: date) -> bool:
    return day in _holidays_of_year(day.year)


def _local_at(day: date, moment: time) -> datetime:
    """The aware Europe/Amsterdam datetime of ``moment`` on ``day`` (zoneinfo resolves DST)."""
    return datetime.combine(day, moment, tzinfo=TIMEZONE)


def _first_held_thursday(thursday: date, cancelled: frozenset[date]) -> date:
    """Move week by week from ``thursday`` until a meeting is actually held.

    Terminates: ``cancelled`` is finite and public holidays are rare (at most two Thursdays
    in a row, Christmas and New Year).
    """
    while not _is_held(thursday, cancelled):
        thursday += _WEEK
    return thursday


def _is_held(day: date, cancelled: frozenset[date]) -> bool:
    return day.weekday() == CUTOFF_WEEKDAY and not _is_holiday(day) and day not in cancelled


# --------------------------------------------------------------------------- public API


def next_cutoff(now: datetime) -> datetime:
    """The first cutoff moment (Thursday 16:00 Europe/Amsterdam) strictly after ``now``.

    Strictly after, because the rule is "registered *before* 16:00": at 16:00:00 exactly that
    Thursday's intake is closed, and the next cutoff (a week later) applies. Holiday Thursdays
    keep their cutoff: it is an intake deadline, not a meeting. Returned in Europe/Amsterdam so
    it can be shown as-is ("Meld vóór donderdag 3 december 16:00 aan ...").
    """
    _require_aware(now, "now")
    local = now.astimezone(TIMEZONE)
    thursday = local.date() + timedelta(days=(CUTOFF_WEEKDAY - local.weekday()) % 7)
    cutoff = _local_at(thursday, CUTOFF_TIME)
    # Compare in UTC: same-tzinfo comparisons use wall clocks and ignore DST folds.
    if cutoff.astimezone(UTC) <= now.astimezone(UTC):
        cutoff = _local_at(thursday + _WEEK, CUTOFF_TIME)
    return cutoff


def triage_date_for(registered_at: datetime, cancelled: Iterable[date] = ()) -> date:
    """The Thursday on which a case registered at ``registered_at`` is discussed.

    The triage is the Thursday seven days after the first cutoff strictly after the
    registration (see :func:`next_cutoff`); when that Thursday is a Dutch public holiday or in
    ``cancelled`` the case moves one week at a time to the first meeting that is held, because
    a case waits for the next triage rather than skipping the queue of another week.

    Examples (all Europe/Amsterdam): Mon 2026-11-30 10:00 -> 2026-12-10;
    Thu 2026-12-03 15:59 -> 2026-12-10; Thu 2026-12-03 16:00 -> 2026-12-17;
    Thu 2027-04-29 15:00 -> 2027-05-06 is Ascension Day -> 2027-05-13.

    Raises ``ValueError`` for a naive ``registered_at``: without a zone the moment relative to
    the 16:00 cutoff is unknowable.
    """
    _require_aware(registered_at, "registered_at")
    cutoff = next_cutoff(registered_at)
    return _first_held_thursday(cutoff.date() + _WEEK, _as_date_set(cancelled))


def current_deadline(now: datetime, cancelled: Iterable[date] = ()) -> Deadline:
    """The cutoff a melder registering ``now`` must beat, and the meeting they will then get.

    Consistent by construction with :func:`triage_date_for` for the same ``now``.
    """
    _require_aware(now, "now")
    cutoff = next_cutoff(now)
    triage_date = _first_held_thursday(cutoff.date() + _WEEK, _as_date_set(cancelled))
    return Deadline(cutoff=cutoff, triage_date=triage_date)


def is_meeting_day(day: date, cancelled: Iterable[date] = ()) -> bool:
    """Whether a triage is held on ``day``: a Thursday, not a Dutch public holiday, not cancelled."""
    return _is_held(_require_date(day, "day"), _as_date_set(cancelled))


def meeting_dates(start: date, count: int, cancelled: Iterable[date] = ()) -> list[date]:
    """The next ``count`` held Thursdays on or after ``start``, to create meetings ahead of time.

    Holidays and ``cancelled`` dates are left out (not replaced by another weekday): the ZVH
    simply has no triage that week.
    """
    _require_date(start, "start")
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    cancelled_set = _as_date_set(cancelled)
    thursday = start + timedelta(days=(CUTOFF_WEEKDAY - start.weekday()) % 7)
    result: list[date] = []
    while len(result) < count:
        thursday = _first_held_thursday(thursday, cancelled_set)
        result.append(thursday)
        thursday += _WEEK
    return result


def slot_times(
    meeting_date: date,
    capacity: int = DEFAULT_CAPACITY,
    start: time = MEETING_START,
    length: timedelta = SLOT_LENGTH,
) -> list[tuple[datetime, datetime]]:
    """Consecutive (start, end) slots of a meeting, as aware Europe/Amsterdam datetimes.

    With the defaults: 13:00-13:20, 13:20-13:40, 13:40-14:00, 14:00-14:20. Slots are laid out
    in *elapsed* time (computed in UTC), so every slot really lasts ``length`` even on a day
    with a DST change; ``meeting_date`` is not required to be a Thursday, because a meeting
    may be moved by hand. Raises ``ValueError`` when ``capacity`` < 1 or ``length`` <= 0.
    """
    _require_date(meeting_date, "meeting_date")
    if capacity < 1:
        raise ValueError(f"capacity must be at least 1, got {capacity}")
    if length <= timedelta(0):
        raise ValueError(f"length must be positive, got {length}")
    first = _local_at(meeting_date, start).astimezone(UTC)
    return [
        (
            (first + index * length).astimezone(TIMEZONE),
            (first + (index + 1) * length).astimezone(TIMEZONE),
        )
        for index in range(capacity)
    ]


def holiday_name(day: date) -> str | None:
    """The Dutch name of the public holiday on ``day`` (e.g. "Hemelvaartsdag"), else ``None``.

    Lets the UI explain why a Thursday has no triage.
    """
    return _holidays_of_year(_require_date(day, "day").year).get(day)
