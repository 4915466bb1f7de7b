"""The triage meeting's lifecycle as one explicit transition table.

A meeting's phase (``TriageMeeting.phase``) follows from its status and the moments recorded on
it. A meeting is created ``open`` (the generator, or an extra one in Beheer); every later move
goes through ``triage.services.lifecycle.meeting_transition``, which consults this table. The
edges are written out by hand again in ``triage/tests/test_meeting_lifecycle.py``.
"""

from zvh.core.transitions import TransitionTable

from .constants import MeetingPhase as M

MEETING_LIFECYCLE = TransitionTable(
    states=M,
    subject="Een triagevergadering",
    edges={
        # The Thursday 16:00 cutoff closes intake. An extra meeting gets only moved cases and is
        # finalised whenever the chair is ready. Any coming meeting can be cancelled.
        M.OPEN: {M.AANMELDING_GESLOTEN, M.VASTGESTELD, M.GEANNULEERD},
        M.AANMELDING_GESLOTEN: {M.VASTGESTELD, M.GEANNULEERD},
        # A finalised meeting is closed by the chair after its decisions, or cancelled before any.
        M.VASTGESTELD: {M.AFGEROND, M.GEANNULEERD},
        M.AFGEROND: set(),
        M.GEANNULEERD: set(),
    },
)
