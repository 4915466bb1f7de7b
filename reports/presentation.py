"""How a report table's cells read, the same on the page, in the PDF and in every export.

The small-number rule lives here, once: in a breakdown by municipality or organisation
(``Table.small_numbers``) a count from 1 to 4 reads "< 5", and its bar in the chart is not
drawn (its length would give the number away). Durations read as days with one decimal.
"""

import datetime
from dataclasses import dataclass

from .selectors import Table

SMALL = 5
SMALL_TEXT = "< 5"
NOTHING = "–"


def is_hidden(table: Table, value) -> bool:
    return table.small_numbers and isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL


def days(value: datetime.timedelta) -> float:
    return round(value.total_seconds() / 86400, 1)


def cell_text(table: Table, value) -> str:
    """A cell as text: "< 5" for a small count in a breakdown, days with a decimal comma, "–" for nothing."""
    if value is None:
        return NOTHING
    if is_hidden(table, value):
        return SMALL_TEXT
    if isinstance(value, datetime.timedelta):
        return f"{days(value):.1f}".replace(".", ",")
    return str(value)


def cell_value(table: Table, value):
    """A cell for a spreadsheet: numbers stay numbers (durations in days), hidden ones become "< 5"."""
    if value is None:
        return NOTHING
    if is_hidden(table, value):
        return SMALL_TEXT
    if isinstance(value, datetime.timedelta):
        return days(value)
    return value


def text_rows(table: Table) -> list[list[str]]:
    return [[str(row[0]), *(cell_text(table, value) for value in row[1:])] for row in table.rows]


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: float  # 0 when nothing is drawn


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart drawn on the server as SVG (no script under the CSP; the same in the PDF)."""

    title: str
    bars: list[Bar]
    height: int
    label_width: int = 290
    bar_area: int = 380
    row_height: int = 26

    @property
    def width(self) -> int:
        return self.label_width + self.bar_area + 60


def chart_for(table: Table) -> Chart | None:
    if table.chart is None or not table.rows:
        return None
    column = table.chart
    numbers = []
    for row in table.rows:
        value = row[column]
        shown = not (value is None or is_hidden(table, value))
        numbers.append(days(value) if shown and isinstance(value, datetime.timedelta) else (value if shown else 0))
    largest = max(numbers) or 1
    chart = Chart(title=f"{table.title}: {table.columns[column]}", bars=[], height=0)
    bars = [
        Bar(
            label=str(row[0]),
            text=cell_text(table, row[column]),
            y=index * chart.row_height,
            width=round(chart.bar_area * number / largest, 1),
        )
        for index, (row, number) in enumerate(zip(table.rows, numbers, strict=True))
    ]
    return Chart(title=chart.title, bars=bars, height=len(bars) * chart.row_height + 4)
