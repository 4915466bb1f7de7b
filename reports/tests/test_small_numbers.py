"""Which counts a breakdown hides, written out from the rule rather than from the code.

A breakdown lists only what occurred, so each listed count is at least 1. Where the report shows
the column's total elsewhere, a reader knows the sum S of the n hidden counts (the total minus the
shown ones), so each hidden count lies between 1 and S - (n - 1). Enough counts are hidden, the
smallest first, that this range holds every small number (1 to 4), and never just one.
"""

import pytest

from reports.presentation import HIDDEN, cell_text, chart_for, hidden_in_column, protect, text_rows
from reports.selectors import Table


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ([30, 7], set()),  # nothing small: nothing hidden
        ([5, 1], {0, 1}),  # the 1 alone would be 6 - 5; with the 5 the two could be 1+5 ... 5+1
        ([20, 12, 3], {1, 2}),  # 3 and 12 hidden: S = 15, each could be 1 to 14; the 20 stays
        ([8, 6, 1, 1], {1, 2, 3}),  # two 1s sum to 2 (both 1); with the 6, S = 8: each 1 to 6
        ([9, 4, 4], {1, 2}),  # S = 8 for two: each 1 to 7, so no need for the 9
    ],
)
def test_counts_are_hidden_until_none_can_be_worked_out(counts, hidden):
    assert hidden_in_column(counts) == hidden


@pytest.mark.parametrize("counts", [[4], [2, 2], [1, 1, 1]])
def test_a_breakdown_whose_every_count_would_still_give_itself_away_is_impossible(counts):
    # [4]: one row is the total; [2, 2]: S = 4 for two, each 1 to 3; [1, 1, 1]: each exactly 1.
    assert hidden_in_column(counts) is None


def _table(rows, **kwargs) -> Table:
    return Table(key="t", title="T", sentence="", columns=("Gemeente", "Aanmeldingen"), rows=rows, **kwargs)


def test_hidden_rows_move_to_the_end_by_name_so_their_order_tells_nothing():
    table = protect(
        _table([("Utrecht", 20), ("Zeist", 12), ("Amersfoort", 3)], small_numbers=True, published_totals=(1,))
    )

    assert table.rows == [("Utrecht", 20), ("Amersfoort", HIDDEN), ("Zeist", HIDDEN)]
    assert text_rows(table) == [["Utrecht", "20"], ["Amersfoort", "x"], ["Zeist", "x"]]
    assert [bar.width > 0 for bar in chart_for(table).bars] == [True, False, False]


def test_without_a_published_total_a_small_count_alone_reads_less_than_five():
    table = protect(_table([("GGZ Centraal", 12), ("Politie", 3)], small_numbers=True))

    assert text_rows(table) == [["GGZ Centraal", "12"], ["Politie", "< 5"]]
    assert [bar.width > 0 for bar in chart_for(table).bars] == [True, False]


def test_a_table_that_is_not_a_breakdown_shows_small_counts():
    assert cell_text(_table([("Week 10", 3)]), 3) == "3"
