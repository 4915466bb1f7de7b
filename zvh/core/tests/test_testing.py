"""The race tests' helper really runs its calls at the same time and hands back what happened."""

import threading

from zvh.core.testing import results_together, run_together


def test_the_calls_overlap_and_their_results_come_back_in_order():
    first_started, second_started = threading.Event(), threading.Event()

    def first():
        first_started.set()
        return "eerste" if second_started.wait(timeout=5) else "alleen"

    def second():
        second_started.set()
        return "tweede" if first_started.wait(timeout=5) else "alleen"

    # Each call waits for the other to have started: one after the other, both would say "alleen".
    assert results_together(first, second) == (["eerste", "tweede"], [])


def test_an_exception_in_one_call_is_handed_back_and_the_other_call_still_runs():
    ran = []

    def refused():
        raise ValueError("geweigerd")

    errors = run_together(refused, lambda: ran.append("vastgelegd"))

    assert [str(error) for error in errors] == ["geweigerd"]
    assert ran == ["vastgelegd"]


def test_a_call_still_running_after_the_timeout_is_reported():
    release = threading.Event()
    try:
        errors = run_together(lambda: release.wait(timeout=10), lambda: None, timeout=0.5)
    finally:
        release.set()

    assert [(type(error), str(error)) for error in errors] == [(TimeoutError, "call 1 still running after 0.5 seconds")]
