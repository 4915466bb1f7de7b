"""The cutoff job in a process of its own, for `make bench-scale` (benchmarks/scale.py, measure_cutoff).

Runs ``cutoff_close_intake(now=<argv[1]>)`` as the worker would, apart from the web processes
and the measuring threads. Prints "begonnen" once Django is set up and the job starts, then one
JSON line: seconds, queries and cases bound.
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from benchmarks.scale import QueryCounter  # noqa: E402
from triage.services.cutoff import cutoff_close_intake  # noqa: E402


def main() -> None:
    now = datetime.datetime.fromisoformat(sys.argv[1])
    connection.ensure_connection()  # connecting is not the job's time
    counter = QueryCounter()
    print("begonnen", flush=True)
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        runs = cutoff_close_intake(now=now)
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "queries": counter.count, "bound": sum(run.bound_count for run in runs)}))


if __name__ == "__main__":
    main()
