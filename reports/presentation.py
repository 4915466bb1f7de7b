"""How a report table's cells read, the same on the page, in the PDF and in every export.

The small-number rule lives here, once: in a breakdown by municipality or organisation
(``Table.small_numbers``) a count from 1 to 4 reads "< 5", and its bar in the chart is not
drawn (its length would give the number away). Durations read as days with one decimal.

Hiding a cell is not enough where the report shows the column's total elsewhere
(``Table.published_totals``: the registrations per municipality and per kind of organisation add
up to the key figure "Aanmeldingen"): one hidden count would be the total minus the others.
``protect`` hides more counts there, the smallest first, all reading "x" (so the reader cannot
tell which one was small), and withholds a breakdown it cannot hide that way. What it shows is
worked out from what the "< 5" rule alone showed, so it never tells more than that rule; it is not
a complete guarantee against a reader who knows the rule (three hidden counts next to a shown 7,
with the total, can only be three 4s; docs/decisions.md).
"""

import datetime
from dataclasses import dataclass, replace

from .selectors import Report, Table

SMALL = 5
SMALL_TEXT = "< 5"
HIDDEN_TEXT = "x"
NOTHING = "–"


class _Hidden:
    """A count ``protect`` took out of a table: it reads "x" and draws no bar."""

    def __repr__(self) -> str:
        return "HIDDEN"


HIDDEN = _Hidden()


def _is_small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL


def is_hidden(table: Table, value) -> bool:
    return value is HIDDEN or (table.small_numbers and _is_small(value))


def hidden_in_column(counts: list[int]) -> set[int] | None:
    """The rows whose count to hide, given the column's published total; None: withhold the breakdown.

    Every listed count is at least 1 (a breakdown lists only what occurred), and the sum S of the
    n hidden ones is the published total minus the shown ones, so, from the sum alone, each hidden
    count could be anything from 1 to S - (n - 1). Counts are added, the smallest first, until at
    least two are hidden and that range holds 1 to 4 (S >= n + 3). When every count is hidden and
    that still does not hold, no breakdown is shown. A reader who also knows this rule can narrow
    the range further in some tables (see the module's docstring).
    """
    hidden = {index for index, count in enumerate(counts) if _is_small(count)}
    if not hidden:
        return hidden
    rest = sorted((count, index) for index, count in enumerate(counts) if index not in hidden and count)
    while len(hidden) < 2 or sum(counts[index] for index in hidden) < len(hidden) + SMALL - 2:
        if not rest:
            return None
        hidden.add(rest.pop(0)[1])
    return hidden


WITHHELD_TEXT = (
    "Niet uitgesplitst: met zo weinig aanmeldingen zou een klein aantal uit het totaal terug te rekenen zijn."
)


def protect(table: Table) -> Table:
    """The table as it may be shown: in each column with a published total, the counts to hide are HIDDEN.

    Rows with a hidden count move to the end, by label: in the table's own order (most first) their
    places would tell which hidden count is the larger.
    """
    if not table.published_totals:
        return table
    rows = [list(row) for row in table.rows]
    for column in table.published_totals:
        hidden = hidden_in_column([row[column] for row in rows])
        if hidden is None:
            return replace(table, rows=[], withheld=True)
        for index in hidden:
            rows[index][column] = HIDDEN
    shown = [tuple(row) for row in rows if HIDDEN not in row]
    hidden_rows = sorted((tuple(row) for row in rows if HIDDEN in row), key=lambda row: str(row[0]))
    return replace(table, rows=shown + hidden_rows)


def protect_report(report: Report) -> Report:
    """The report as the page, the PDF and the exports show it (``protect`` on every table)."""
    return replace(report, tables=[protect(table) for table in report.tables])


def days(value: datetime.timedelta) -> float:
    return round(value.total_seconds() / 86400, 1)


def cell_value(table: Table, value):
    """A cell for a spreadsheet: numbers stay numbers (durations in days), hidden ones read as on the page."""
    if value is None:
        return NOTHING
    if value is HIDDEN:
        return HIDDEN_TEXT
    if is_hidden(table, value):
        return SMALL_TEXT
    if isinstance(value, datetime.timedelta):
        return days(value)
    return value


def cell_text(table: Table, value) -> str:
    """A cell as text: as in a spreadsheet (``cell_value``), days with a decimal comma."""
    shown = cell_value(table, value)
    return f"{shown:.1f}".replace(".", ",") if isinstance(shown, float) else str(shown)


def text_rows(table: Table) -> list[list[str]]:
    if table.withheld:
        return [[WITHHELD_TEXT, *("" for _ in table.columns[1:])]]
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
