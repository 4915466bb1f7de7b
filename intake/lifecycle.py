"""The casus lifecycle as one explicit transition table.

Changing the process is a change to CASUS_LIFECYCLE and nothing else: every state change goes
through `intake.services.casus_transition`, which consults it. The process's edges are
written out by hand again in `intake/tests/test_lifecycle.py`, so an edge added or removed
here fails there.
"""

from zvh.core.transitions import TransitionTable

from .constants import CasusStatus as S

CASUS_LIFECYCLE = TransitionTable(
    states=S,
    subject="Een casus",
    edges={
        # The melder submits a concept, or throws it away.
        S.CONCEPT: frozenset({S.AANGEMELD, S.VERWIJDERD}),
        # Screening by the triage chair; the melder may withdraw until screened.
        S.AANGEMELD: frozenset({S.IN_VERRIJKING, S.AANVULLING_GEVRAAGD, S.AFGEWEZEN, S.INGETROKKEN}),
        # The melder's answer returns the case to the screening queue.
        S.AANVULLING_GEVRAAGD: frozenset({S.AANGEMELD, S.AFGEWEZEN, S.INGETROKKEN}),
        # Rejected at screening: deleted once the melder has been told.
        S.AFGEWEZEN: frozenset({S.VERWIJDERD}),
        # Enriched cases go on an agenda, or move on when the meeting is full or cancelled.
        S.IN_VERRIJKING: frozenset({S.GEAGENDEERD, S.DOORGESCHOVEN}),
        # At the triage: a decision, or moved on (melder absent, not reached, meeting cancelled).
        S.GEAGENDEERD: frozenset({S.BESPROKEN_GEEN_PGA, S.PGA, S.DOORGESCHOVEN}),
        S.DOORGESCHOVEN: frozenset({S.GEAGENDEERD}),
        # Geen PGA: the advice is sent and the case is closed for the ZVH.
        S.BESPROKEN_GEEN_PGA: frozenset({S.AFGESLOTEN}),
        # The procesregisseur closes the PGA dossier with an evaluation.
        S.PGA: frozenset({S.AFGESLOTEN}),
        S.INGETROKKEN: frozenset({S.VERWIJDERD}),
        # Retention: closed cases are deleted when their retention period ends. A closed PGA
        # can be reopened by its procesregisseur at the monitoring check (only the PGA service
        # does this, and only for a dossier waiting for its monitoring).
        S.AFGESLOTEN: frozenset({S.VERWIJDERD, S.PGA}),
        S.VERWIJDERD: frozenset(),
    },
)
