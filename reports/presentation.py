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


LABEL_WIDTH = 290
BAR_AREA = 380
ROW_HEIGHT = 26


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart drawn on the server as SVG (no script under the CSP; the same in the PDF)."""

    bars: list[Bar]
    label_width: int = LABEL_WIDTH
    bar_area: int = BAR_AREA

    @property
    def width(self) -> int:
        return self.label_width + self.bar_area + 60

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 4


def _bar_length(table: Table, value) -> float:
    """What a bar measures: the count or the days; 0 (no bar) for nothing or a hidden small count."""
    if value is None or is_hidden(table, value):
        return 0
    return days(value) if isinstance(value, datetime.timedelta) else value


def chart_for(table: Table) -> Chart | None:
    if table.chart is None or not table.rows:
        return None
    values = [row[table.chart] for row in table.rows]
    lengths = [_bar_length(table, value) for value in values]
    largest = max(lengths) or 1
    return Chart(
        bars=[
            Bar(
                label=str(row[0]),
                text=cell_text(table, value),
                y=index * ROW_HEIGHT,
                width=round(BAR_AREA * length / largest, 1),
            )
            for index, (row, value, length) in enumerate(zip(table.rows, values, lengths, strict=True))
        ]
    )
