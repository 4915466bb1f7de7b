"""The data-subject request's lifecycle as one explicit transition table.

Received, then handled (searching, exporting, correcting, deleting, recording an objection all
happen while it is "in behandeling"), then answered. A request answered at once (the person
turned out not to be known, or asked for something outside the ZVH) skips "in behandeling".
Withdrawn until answered. Every move goes through ``subject_requests.services.request_move``; the
edges are written out again by hand in ``tests/test_lifecycle.py``.
"""

from zvh.core.transitions import TransitionTable

from .constants import RequestStatus as S

REQUEST_LIFECYCLE = TransitionTable(
    states=S,
    subject="Een verzoek",
    edges={
        S.ONTVANGEN: frozenset({S.IN_BEHANDELING, S.AFGEHANDELD, S.INGETROKKEN}),
        S.IN_BEHANDELING: frozenset({S.AFGEHANDELD, S.INGETROKKEN}),
        S.AFGEHANDELD: frozenset(),
        S.INGETROKKEN: frozenset(),
    },
)
