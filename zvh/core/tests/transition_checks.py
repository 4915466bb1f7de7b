"""What every transition table's test checks, against edges the test writes out by hand.

Why shared: the casus, the agenda item and the meeting each pin their table to the process in
their own app's tests; the checks are the same, the hand-written edges are not.
"""

import itertools
from collections.abc import Iterable, Mapping, Sequence

import pytest

from zvh.core.transitions import TransitionNotAllowed, TransitionTable


def assert_table_is_the_process(
    table: TransitionTable,
    *,
    allowed: set[tuple],
    never: Iterable[tuple],
    scenarios: Mapping[str, Sequence],
) -> None:
    """The table holds exactly ``allowed``; every ``never`` edge is refused; every scenario is a legal path."""
    in_table = table.pairs()
    assert in_table == allowed, {"not in the process": in_table - allowed, "missing": allowed - in_table}
    for source, target in never:
        assert (source, target) not in allowed, (source, target)
        with pytest.raises(TransitionNotAllowed, match=f"{table.subject} met status"):
            table.ensure_allowed(source, target)
    for name, path in scenarios.items():
        assert_legal_path(allowed, path, name=name)


def assert_legal_path(allowed: set[tuple], path: Sequence, *, name: str = "") -> None:
    """Every consecutive pair of ``path`` is an allowed edge."""
    for source, target in itertools.pairwise(path):
        assert (source, target) in allowed, f"{name}: {source} -> {target} in {list(path)}"
