"""The embedded default: web, worker and beat write one SQLite file at the same time.

Every page view writes an audit row, so two writers meet all the time. They must wait for
each other, never fail with "database is locked". Runs on a SQLite file of its own with the
options the settings give SQLite, also when the suite itself runs on PostgreSQL.
"""

from contextlib import contextmanager
from functools import partial

import pytest
from django.db.utils import ConnectionHandler

from zvh.core.testing import run_together
from zvh.settings.base import SQLITE_OPTIONS

ROUNDS = 40


@contextmanager
def atomic(connection):
    """What ``transaction.atomic`` does on SQLite: open the transaction the way the options say.

    Django starts SQLite transactions with ``BEGIN <transaction_mode>`` here; the test uses a
    connection handler of its own (the test database guard allows no extra alias), so it
    takes the same two steps as ``Atomic`` on that connection.
    """
    connection._start_transaction_under_autocommit()
    try:
        yield connection
    except BaseException:
        connection.connection.rollback()
        raise
    else:
        connection.connection.commit()


@pytest.mark.django_db  # lifts pytest-django's block on connecting; the file is the test's own
def test_two_threads_that_read_then_write_wait_for_each_other_instead_of_failing(tmp_path):
    """The pattern of an audited page: read the chain's head, then append after it."""
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "zvh.db"), "OPTIONS": SQLITE_OPTIONS}
    handler = ConnectionHandler({"default": database})
    with handler["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE regel (id INTEGER PRIMARY KEY, schrijver TEXT, volgnummer INTEGER)")

    def writer(name: str) -> None:
        connection = handler["default"]  # one connection per thread, as in separate processes
        connection.ensure_connection()
        for _ in range(ROUNDS):
            with atomic(connection), connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM regel")
                (count,) = cursor.fetchone()
                cursor.execute("INSERT INTO regel (schrijver, volgnummer) VALUES (%s, %s)", [name, count + 1])

    errors = run_together(partial(writer, "web"), partial(writer, "worker"), databases=handler)

    assert errors == []
    with handler["default"].cursor() as cursor:
        cursor.execute("SELECT volgnummer FROM regel ORDER BY id")
        numbers = [row[0] for row in cursor.fetchall()]
    handler.close_all()
    # Serialised: each transaction saw every earlier one, so the numbers run 1..80 without a gap.
    assert numbers == list(range(1, 2 * ROUNDS + 1))
