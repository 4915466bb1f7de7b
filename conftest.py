"""Shared fixtures. Tests run against the database from DATABASE_URL: SQLite locally, PostgreSQL in CI."""

import pytest
from django.db import connection


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Vereist PostgreSQL (draait in CI via .ci/run).")
