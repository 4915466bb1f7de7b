"""The 30-minute inactivity expiry slides with use, without a session write on every request (issue 16)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def logged_in_at(client, moment):
    with time_machine.travel(moment, tick=False):
        client.force_login(UserFactory(melder=True))
    return client


def at(client, moment):
    with time_machine.travel(moment, tick=False):
        return client.get("/")


def expiry(client) -> datetime:
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_a_user_who_keeps_working_stays_logged_in_and_one_who_stops_is_logged_out_after_30_minutes(client):
    logged_in_at(client, START)
    for minutes in (20, 40, 60, 80):  # more than 30 minutes after the log-in, never 30 idle
        assert at(client, START + timedelta(minutes=minutes)).status_code == 200
    response = at(client, START + timedelta(minutes=80 + 31))
    assert (response.status_code, response["Location"]) == (302, "/account/inloggen/?next=/")


def session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_pages_within_a_minute_write_no_session_and_later_ones_move_the_expiry(client):
    logged_in_at(client, START)
    assert expiry(client) == START + timedelta(minutes=30)

    for seconds in (0, 50):  # the first page after the log-in, and one 50 seconds later
        with CaptureQueriesContext(connection) as queries:
            assert at(client, START + timedelta(seconds=seconds)).status_code == 200
        assert session_writes(queries) == []
    assert expiry(client) == START + timedelta(minutes=30)

    at(client, START + timedelta(minutes=5))
    assert expiry(client) == START + timedelta(minutes=35)
