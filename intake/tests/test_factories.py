"""The casus factory builds only histories the process allows, whatever state it is asked for."""

import pytest

from intake.constants import CasusStatus as S
from intake.tests.factories import CasusFactory
from intake.tests.test_lifecycle import ALLOWED
from zvh.core.tests.transition_checks import assert_legal_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", list(S), ids=lambda s: s.value)
def test_every_state_is_reached_by_a_legal_path_from_concept(status):
    casus = CasusFactory(status=status)
    rows = list(casus.status_changes.order_by("at", "pk").values_list("from_status", "to_status"))

    assert rows[0] == ("", S.CONCEPT)
    assert [to for _, to in rows[:-1]] == [source for source, _ in rows[1:]]  # each step starts where the last ended
    assert rows[-1][1] == status
    assert_legal_path(ALLOWED, [to for _, to in rows], name=status.value)


def test_a_pga_case_went_through_screening_and_the_triage():
    casus = CasusFactory(status=S.PGA)
    assert list(casus.status_changes.order_by("at", "pk").values_list("to_status", flat=True)) == [
        S.CONCEPT, S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.PGA,
    ]
