"""The casus transition table against the process, written out by hand (not derived from the table).

Adding an edge (say afgewezen -> aangemeld) or removing one fails here, so a change to the
process is a deliberate change to this list as well as to ``intake/lifecycle.py``.
"""

import pytest

from intake.constants import CasusStatus as S
from intake.lifecycle import TRANSITIONS, TransitionNotAllowed, ensure_allowed

# Every allowed move, from the process (docs/decisions.md, DESIGN step 1-6).
ALLOWED = {
    (S.CONCEPT, S.AANGEMELD),  # the melder submits
    (S.CONCEPT, S.VERWIJDERD),  # the melder throws the concept away
    (S.AANGEMELD, S.IN_VERRIJKING),  # accepted at screening
    (S.AANGEMELD, S.AANVULLING_GEVRAAGD),  # the chair asks the melder a question
    (S.AANGEMELD, S.AFGEWEZEN),  # rejected at screening
    (S.AANGEMELD, S.INGETROKKEN),  # the melder withdraws before screening
    (S.AANVULLING_GEVRAAGD, S.AANGEMELD),  # the melder answered
    (S.AANVULLING_GEVRAAGD, S.AFGEWEZEN),
    (S.AANVULLING_GEVRAAGD, S.INGETROKKEN),
    (S.AFGEWEZEN, S.VERWIJDERD),  # deleted once the melder is told
    (S.IN_VERRIJKING, S.GEAGENDEERD),  # on an agenda
    (S.IN_VERRIJKING, S.DOORGESCHOVEN),  # no slot, or the meeting was cancelled
    (S.GEAGENDEERD, S.BESPROKEN_GEEN_PGA),
    (S.GEAGENDEERD, S.PGA),
    (S.GEAGENDEERD, S.DOORGESCHOVEN),  # melder absent, not reached
    (S.DOORGESCHOVEN, S.GEAGENDEERD),
    (S.BESPROKEN_GEEN_PGA, S.AFGESLOTEN),
    (S.PGA, S.AFGESLOTEN),  # the procesregisseur closes the dossier
    (S.INGETROKKEN, S.VERWIJDERD),
    (S.AFGESLOTEN, S.VERWIJDERD),  # retention
    (S.AFGESLOTEN, S.PGA),  # the procesregisseur reopens a closed PGA at its monitoring check
}

# Moves that would break the process; each must stay impossible.
NEVER = [
    (S.AFGEWEZEN, S.AANGEMELD),  # a rejected case is deleted, not revived
    (S.CONCEPT, S.PGA),  # nothing skips screening and the triage
    (S.CONCEPT, S.GEAGENDEERD),
    (S.AANGEMELD, S.GEAGENDEERD),  # not on an agenda without verrijking
    (S.AANGEMELD, S.PGA),
    (S.IN_VERRIJKING, S.PGA),  # only the triage decides
    (S.INGETROKKEN, S.AANGEMELD),
    (S.VERWIJDERD, S.CONCEPT),  # deleted is final
    (S.AFGESLOTEN, S.GEAGENDEERD),  # a closed case does not go back to the triage
    (S.AFGESLOTEN, S.BESPROKEN_GEEN_PGA),
    (S.PGA, S.BESPROKEN_GEEN_PGA),  # a decision is not changed by a status move
]

SCENARIOS = {
    "happy path to afgesloten (PGA)": [
        S.CONCEPT, S.AANGEMELD, S.AANVULLING_GEVRAAGD, S.AANGEMELD, S.IN_VERRIJKING, S.DOORGESCHOVEN,
        S.GEAGENDEERD, S.PGA, S.AFGESLOTEN, S.VERWIJDERD,
    ],
    "PGA reopened at monitoring, closed again": [
        S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.PGA, S.AFGESLOTEN, S.PGA, S.AFGESLOTEN,
        S.VERWIJDERD,
    ],
    "geen PGA to afgesloten": [
        S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.BESPROKEN_GEEN_PGA, S.AFGESLOTEN,
    ],
    "rejection": [S.CONCEPT, S.AANGEMELD, S.AFGEWEZEN, S.VERWIJDERD],
    "withdrawal": [S.CONCEPT, S.AANGEMELD, S.INGETROKKEN, S.VERWIJDERD],
    "concept thrown away": [S.CONCEPT, S.VERWIJDERD],
}


def test_the_table_allows_exactly_the_moves_of_the_process():
    in_table = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}
    assert in_table == ALLOWED


@pytest.mark.parametrize(("source", "target"), NEVER, ids=[f"{a.value}->{b.value}" for a, b in NEVER])
def test_a_move_against_the_process_is_refused(source, target):
    with pytest.raises(TransitionNotAllowed):
        ensure_allowed(source, target)


@pytest.mark.parametrize("path", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_a_scenario_of_the_process_is_a_legal_path(path):
    for source, target in zip(path, path[1:], strict=False):
        ensure_allowed(source, target)
