"""Benchmark: audit appends per second at 1 and at 8 concurrent writers (PostgreSQL).

Not part of the test run (the file name does not match ``test_*.py``). Run it with
``DATABASE_URL=postgres://... .venv/bin/python -m pytest -q benchmarks/bench_audit.py``.
Each writer is a process with its own connection (as gunicorn workers are), appending for
SECONDS, in ROUNDS interleaved rounds (a shared machine's load changes from minute to
minute). It prints the median rates, their ratio, the old single-chain design as a
reference, and how long an append waits while another transaction holds a chain open.
The targets of issue 16: 8 writers at least twice the appends of 1 writer; an audited page
waits under 100 ms during the cutoff job.
"""

import multiprocessing
import statistics
import threading
import time

import pytest
from django.db import connection, connections, transaction

from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record, verify_chain

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SECONDS = 4
ROUNDS = 3
GOAL_RATIO = 2.0
GOAL_WAIT_SECONDS = 0.1


def _writer(start_at: float, results) -> None:
    """Append from start_at for SECONDS; report how many. Runs in a forked process."""
    while time.time() < start_at:
        time.sleep(0.001)
    appended, end = 0, start_at + SECONDS
    while time.time() < end:
        audit_record(actor=None, action=AuditAction.VIEW, detail={"bench": appended})
        appended += 1
    connection.close()
    results.put(appended)


def appends_per_second(writers: int) -> float:
    connections.close_all()  # a forked child must open its own connection, never share this one
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.time() + 1  # every process started and connected before the clock runs
    processes = [context.Process(target=_writer, args=(start_at, results)) for _ in range(writers)]
    for process in processes:
        process.start()
    total = sum(results.get(timeout=SECONDS + 60) for _ in processes)
    for process in processes:
        process.join()
    return total / SECONDS


def wait_while_a_chain_is_held(rounds: int = 20) -> float:
    """Median seconds of one append while another transaction holds a chain (and keeps appending)."""
    held, done = threading.Event(), threading.Event()

    def long_job():
        try:
            with transaction.atomic():
                audit_record(actor=None, action=AuditAction.TRANSITION, detail={"taak": "bench"})
                held.set()
                done.wait(timeout=60)
        finally:
            connection.close()

    job = threading.Thread(target=long_job)
    job.start()
    held.wait(timeout=30)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        audit_record(actor=None, action=AuditAction.VIEW)
        timings.append(time.perf_counter() - start)
    done.set()
    job.join()
    return statistics.median(timings)


def test_audit_appends_scale_with_writers(postgres_only, settings, capsys):
    audit_record(actor=None, action=AuditAction.VIEW)  # warm up
    chains = settings.AUDIT_CHAINS
    runs = {"one": [], "eight": [], "eight_on_one_chain": []}
    # Interleaved rounds, medians: the load of a shared machine changes from minute to minute.
    for _ in range(ROUNDS):
        settings.AUDIT_CHAINS = chains
        runs["one"].append(appends_per_second(1))
        runs["eight"].append(appends_per_second(8))
        # Reference in the same run: one chain, so every writer queues for one head (the old design).
        settings.AUDIT_CHAINS = 1
        runs["eight_on_one_chain"].append(appends_per_second(8))
    settings.AUDIT_CHAINS = chains
    one, eight, eight_on_one_chain = (statistics.median(values) for values in runs.values())
    waited = wait_while_a_chain_is_held()
    rows = [
        ("1 schrijver", one, runs["one"]),
        (f"8 schrijvers, {chains} ketens", eight, runs["eight"]),
        ("8 schrijvers, 1 keten (oude opzet)", eight_on_one_chain, runs["eight_on_one_chain"]),
    ]
    with capsys.disabled():
        print(f"\nAuditregels per seconde, PostgreSQL, mediaan van {ROUNDS} rondes van {SECONDS} s")
        for name, median, values in rows:
            print(f"  {name:<36} {median:6.0f} /s   rondes: {', '.join(f'{v:.0f}' for v in values)}")
        print(f"  verhouding 8 : 1 schrijver           {eight / one:6.2f} x (doel >= {GOAL_RATIO})")
        print(f"  wachten terwijl een andere transactie een keten vasthoudt: {waited * 1000:.1f} ms (mediaan)")
    assert list(verify_chain()) == []
    assert eight >= GOAL_RATIO * one
    assert waited < GOAL_WAIT_SECONDS
