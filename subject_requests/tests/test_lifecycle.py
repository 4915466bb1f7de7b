"""The request's transition table and its deadlines, written out by hand from the AVG."""

import datetime

import pytest

from subject_requests.constants import RequestStatus as S
from subject_requests.deadlines import add_months, answer_deadline, extended_deadline
from subject_requests.lifecycle import REQUEST_LIFECYCLE
from zvh.core.transitions import TransitionNotAllowed

EDGES = {
    (S.ONTVANGEN, S.IN_BEHANDELING),
    (S.ONTVANGEN, S.AFGEHANDELD),
    (S.ONTVANGEN, S.INGETROKKEN),
    (S.IN_BEHANDELING, S.AFGEHANDELD),
    (S.IN_BEHANDELING, S.INGETROKKEN),
}


def test_the_table_holds_exactly_the_process_edges():
    assert REQUEST_LIFECYCLE.pairs() == EDGES


@pytest.mark.parametrize("source", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_other_move_is_refused_in_dutch(source, target):
    if (source, target) in EDGES:
        REQUEST_LIFECYCLE.ensure_allowed(source, target)
        return
    with pytest.raises(TransitionNotAllowed, match="Een verzoek met status"):
        REQUEST_LIFECYCLE.ensure_allowed(source, target)


@pytest.mark.parametrize(
    ("received", "deadline", "extended"),
    [
        (datetime.date(2026, 11, 30), datetime.date(2026, 12, 30), datetime.date(2027, 2, 28)),
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), datetime.date(2026, 4, 30)),
        (datetime.date(2027, 12, 15), datetime.date(2028, 1, 15), datetime.date(2028, 3, 15)),
        (datetime.date(2027, 12, 31), datetime.date(2028, 1, 31), datetime.date(2028, 3, 31)),
        (datetime.date(2028, 1, 30), datetime.date(2028, 2, 29), datetime.date(2028, 4, 30)),
    ],
)
def test_one_month_and_two_more(received, deadline, extended):
    assert answer_deadline(received) == deadline
    assert extended_deadline(received) == extended


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 4, 30)
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
