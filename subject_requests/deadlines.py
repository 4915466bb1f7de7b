"""The legal deadlines of a request (AVG article 12(3)): one month, extendable by two more.

"A month" is the calendar month: the same day number a month later, or the month's last day
when that day does not exist (31 January -> 28 February). Pure functions, tested by hand.
"""

import calendar
import datetime

ANSWER_MONTHS = 1
EXTENSION_MONTHS = 2


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def answer_deadline(received_on: datetime.date) -> datetime.date:
    return add_months(received_on, ANSWER_MONTHS)


def extended_deadline(received_on: datetime.date) -> datetime.date:
    return add_months(received_on, ANSWER_MONTHS + EXTENSION_MONTHS)
