"""The agenda item's lifecycle as one explicit transition table.

An item ties a casus to one meeting (``triage.models.AgendaItem``); it is created ``gebonden``
(by the cutoff, or when a case moves on to another meeting). Every later status move goes
through ``triage.services.lifecycle`` (one item or many at once), which consults this table;
the edges are written out by hand again in ``triage/tests/test_agenda_lifecycle.py``.
"""

from zvh.core.transitions import TransitionTable

from .constants import AgendaItemStatus as A

AGENDA_ITEM_LIFECYCLE = TransitionTable(
    states=A,
    subject="Een agendapunt",
    edges={
        # Finalising gives a ready case its slot; an unscreened case or one over capacity moves on
        # (as does every case of a cancelled meeting); a withdrawn or rejected case lapses.
        A.GEBONDEN: {A.GEAGENDEERD, A.DOORGESCHOVEN, A.VERVALLEN},
        # At the triage: discussed (geen PGA, PGA), or moved on (not discussed, meeting cancelled).
        A.GEAGENDEERD: {A.BESPROKEN, A.DOORGESCHOVEN},
        # History: a case that moves on gets a new item in the next meeting.
        A.DOORGESCHOVEN: set(),
        A.BESPROKEN: set(),
        A.VERVALLEN: set(),
    },
)
