"""The report's periods: a week, month, quarter, year or custom range of Europe/Amsterdam days.

A period is a half-open range of local days [start, end): it begins at local midnight of
``start`` and ends at local midnight of ``end``, whatever the UTC offset on either day (a week
that contains the change to summer time is 167 hours long). The previous period is the one of
the same kind just before; a custom range of n days is compared with the n days before it.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


class Kind:
    WEEK = "week"
    MONTH = "maand"
    QUARTER = "kwartaal"
    YEAR = "jaar"
    CUSTOM = "aangepast"

    CHOICES = ((WEEK, "Week"), (MONTH, "Maand"), (QUARTER, "Kwartaal"), (YEAR, "Jaar"), (CUSTOM, "Zelf kiezen"))


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _month_start(day: datetime.date, months_back: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # exclusive

    @classmethod
    def containing(cls, kind: str, day: datetime.date) -> "Period":
        """The week (Monday to Sunday), month, quarter or year that ``day`` falls in."""
        if kind == Kind.WEEK:
            start = day - datetime.timedelta(days=day.weekday())
            return cls(kind, start, start + datetime.timedelta(days=7))
        if kind == Kind.MONTH:
            start = _month_start(day)
            return cls(kind, start, _month_start(start, -1))
        if kind == Kind.QUARTER:
            start = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
            return cls(kind, start, _month_start(start, -3))
        if kind == Kind.YEAR:
            return cls(kind, datetime.date(day.year, 1, 1), datetime.date(day.year + 1, 1, 1))
        raise ValueError(kind)

    @classmethod
    def custom(cls, first: datetime.date, last: datetime.date) -> "Period":
        """From ``first`` up to and including ``last``."""
        return cls(Kind.CUSTOM, first, last + datetime.timedelta(days=1))

    @property
    def last(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    @property
    def starts_at(self) -> datetime.datetime:
        return local_midnight(self.start)

    @property
    def ends_at(self) -> datetime.datetime:
        return local_midnight(self.end)

    def previous(self) -> "Period":
        if self.kind == Kind.CUSTOM:
            return Period(Kind.CUSTOM, self.start - (self.end - self.start), self.start)
        return Period.containing(self.kind, self.start - datetime.timedelta(days=1))

    @property
    def label(self) -> str:
        if self.kind == Kind.WEEK:
            year, week, _ = self.start.isocalendar()
            return f"week {week} van {year} ({self.start:%d-%m} t/m {self.last:%d-%m-%Y})"
        if self.kind == Kind.MONTH:
            return f"{MONTHS[self.start.month - 1]} {self.start.year}"
        if self.kind == Kind.QUARTER:
            return f"kwartaal {(self.start.month - 1) // 3 + 1} van {self.start.year}"
        if self.kind == Kind.YEAR:
            return str(self.start.year)
        return f"{self.start:%d-%m-%Y} t/m {self.last:%d-%m-%Y}"

    @property
    def by_week(self) -> bool:
        """Registrations per week up to a quarter's length, per month for longer periods."""
        return (self.end - self.start).days <= 92

    def buckets(self) -> list[datetime.date]:
        """The first day of every week (Monday) or month that overlaps the period, in order."""
        day = self.start - datetime.timedelta(days=self.start.weekday()) if self.by_week else _month_start(self.start)
        days = []
        while day < self.end:
            days.append(day)
            day = day + datetime.timedelta(days=7) if self.by_week else _month_start(day, -1)
        return days
