"""A beat schedule in Dutch words, for the list of recurring jobs in Beheer."""

import datetime

from celery.schedules import BaseSchedule, crontab, schedule

from zvh.celery import app

WEEKDAYS = {
    "0": "zondag", "1": "maandag", "2": "dinsdag", "3": "woensdag", "4": "donderdag", "5": "vrijdag",
    "6": "zaterdag", "7": "zondag", "sun": "zondag", "mon": "maandag", "tue": "dinsdag", "wed": "woensdag",
    "thu": "donderdag", "fri": "vrijdag", "sat": "zaterdag",
}  # fmt: skip
WORKING_DAYS = {"1-5", "mon-fri"}


def _is_number(value: str) -> bool:
    return value.isdigit()


def describe_crontab(entry: crontab) -> str:
    """The shapes our schedule uses in words; any other crontab as its five fields."""
    minute, hour = str(entry._orig_minute), str(entry._orig_hour)
    weekday = str(entry._orig_day_of_week).lower()
    if str(entry._orig_day_of_month) == "*" and str(entry._orig_month_of_year) == "*":
        if minute.startswith("*/") and hour == "*" and weekday == "*":
            return f"elke {minute[2:]} minuten"
        if _is_number(minute) and hour == "*" and weekday == "*":
            return f"elk uur om {int(minute):02d} minuten over"
        if _is_number(minute) and _is_number(hour):
            at = f"{int(hour):02d}:{int(minute):02d}"
            if weekday == "*":
                return f"dagelijks om {at}"
            if weekday in WORKING_DAYS:
                return f"op werkdagen om {at}"
            if weekday in WEEKDAYS:
                return f"elke {WEEKDAYS[weekday]} om {at}"
    fields = (minute, hour, entry._orig_day_of_month, entry._orig_month_of_year, entry._orig_day_of_week)
    return "cron " + " ".join(str(field) for field in fields)


def describe(entry: BaseSchedule) -> str:
    if isinstance(entry, crontab):
        return describe_crontab(entry)
    seconds = int(entry.run_every.total_seconds())
    if seconds % 3600 == 0:
        return f"elke {seconds // 3600} uur"
    if seconds % 60 == 0:
        return f"elke {seconds // 60} minuten"
    return f"elke {seconds} seconden"


def as_schedule(value) -> BaseSchedule:
    """A beat entry's ``schedule`` as Celery reads it: a crontab, a timedelta or a number of seconds."""
    if isinstance(value, BaseSchedule):
        return value
    if isinstance(value, (int, float)):
        value = datetime.timedelta(seconds=value)
    return schedule(run_every=value, app=app)
