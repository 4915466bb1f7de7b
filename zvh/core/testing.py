"""Running calls at the same moment, for the race tests (two tabs, two workers, a page and a task).

A race only shows when the calls really overlap, and on PostgreSQL only when each has a
connection of its own, as two requests or two worker processes would. Django gives every thread
its own connection, so each call runs in a thread of its own; a barrier releases them together
so no call is done before the other has started. The threads close their connections at the
end: the test database cannot be dropped while a connection to it is still open.

A call's exception is handed back instead of being lost in its thread (where pytest at best
shows a warning), so the test can assert there were none or that the expected one came.
This lives in the lowest layer so that every app's tests can use it; it is imported by tests only.
"""

import threading
from collections.abc import Callable

from django.db import connections
from django.db.utils import ConnectionHandler


def results_together(
    *calls: Callable[[], object], timeout: float = 60, databases: ConnectionHandler = connections
) -> tuple[list[object], list[Exception]]:
    """Run each call in its own thread, all released together; return their results and exceptions.

    The results are those of the calls that returned, the exceptions those of the calls that
    raised, each in the order of ``calls``. ``timeout`` bounds the wait for the others at the
    barrier and for each thread to end; a thread still running after it counts as a
    ``TimeoutError``, so a hung call never passes for a finished one. ``databases`` is the
    handler whose connections each thread closes at its end (a test with a database of its own
    passes its own handler).
    """
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)
    errors: list[Exception | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            errors[index] = exc
        finally:
            databases.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for index, thread in enumerate(threads):
        thread.join(timeout=timeout)
        if thread.is_alive():
            errors[index] = TimeoutError(f"call {index + 1} still running after {timeout} seconds")
    return (
        [result for result, error in zip(results, errors, strict=True) if error is None],
        [error for error in errors if error is not None],
    )


def run_together(
    *calls: Callable[[], object], timeout: float = 60, databases: ConnectionHandler = connections
) -> list[Exception]:
    """Run each call in its own thread, all released together; return the exceptions they raised.

    The same as ``results_together`` for calls whose results the test does not need.
    """
    return results_together(*calls, timeout=timeout, databases=databases)[1]
