"""The dossier's phase table against the process, written out by hand (not derived from the table)."""

import pytest

from pga.constants import DossierPhase as P
from pga.phases import TRANSITIONS, ensure_allowed
from zvh.core.exceptions import ServiceError

ALLOWED = {
    (P.INFORMEREN, P.PLAN),  # informed, or postponed with a ground
    (P.INFORMEREN, P.MONITOREN),  # closed early (moved away), with a monitoring check
    (P.INFORMEREN, P.AFGESLOTEN),  # closed early
    (P.PLAN, P.UITVOEREN),  # the plan is agreed
    (P.PLAN, P.MONITOREN),
    (P.PLAN, P.AFGESLOTEN),
    (P.UITVOEREN, P.MONITOREN),  # closed with a monitoring date
    (P.UITVOEREN, P.AFGESLOTEN),
    (P.MONITOREN, P.AFGESLOTEN),  # the check found no reason to reopen
    (P.MONITOREN, P.UITVOEREN),  # reopened at the check
}

NEVER = [
    (P.AFGESLOTEN, P.UITVOEREN),  # reopening only at a monitoring check
    (P.AFGESLOTEN, P.MONITOREN),
    (P.UITVOEREN, P.INFORMEREN),  # informing history is kept, the phase does not go back
    (P.INFORMEREN, P.UITVOEREN),  # no plan is carried out before informing is settled
    (P.MONITOREN, P.PLAN),
]


def test_the_table_allows_exactly_the_moves_of_the_process():
    assert {(source, target) for source, targets in TRANSITIONS.items() for target in targets} == ALLOWED


@pytest.mark.parametrize(("source", "target"), NEVER, ids=[f"{a.value}->{b.value}" for a, b in NEVER])
def test_a_move_against_the_process_is_refused_in_dutch(source, target):
    with pytest.raises(ServiceError, match="^Een dossier in de fase '.+' kan niet naar '.+'.$"):
        ensure_allowed(source, target)
