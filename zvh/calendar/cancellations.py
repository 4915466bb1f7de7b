"""Which Thursdays were cancelled by hand, for the rules in ``zvh.calendar.scheduling``.

The meeting calendar is triage's data, but intake needs the cancelled dates too (a case's target
triage date skips them). intake may not import triage (the layers, docs/architecture.md), so the
app that keeps the calendar registers its read here when it starts, and every caller asks here.
"""

import datetime
from collections.abc import Callable

_source: Callable[[], frozenset[datetime.date]] | None = None


def register_cancelled_dates_source(source: Callable[[], frozenset[datetime.date]]) -> None:
    """Called once by the app that keeps the meeting calendar (``TriageConfig.ready``)."""
    global _source
    _source = source


def cancelled_meeting_dates() -> frozenset[datetime.date]:
    """The dates the registered source reports as cancelled.

    Without a source the answer would silently be "nothing cancelled" and cases would be sent to
    a cancelled meeting, so that is an error rather than an empty set.
    """
    if _source is None:
        raise RuntimeError("No source of cancelled meeting dates is registered (TriageConfig.ready).")
    return _source()
