import pytest
from django.db import connection

# Two keys for rotation: "k2" signs, "k1" only verifies what it signed before.
KEY_1 = "eerste-sleutel-van-minstens-tweeendertig-tekens"
KEY_2 = "tweede-sleutel-van-minstens-tweeendertig-tekens"


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    """Each test its own checkpoint file: a checkpoint of a rolled-back test names entries that are gone."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.log"
    return settings.AUDIT_CHECKPOINT_FILE


@pytest.fixture
def two_keys(settings):
    settings.AUDIT_HMAC_KEYS = {"k2": KEY_2, "k1": KEY_1}
    return settings.AUDIT_HMAC_KEYS


def as_table_owner(sql: str, params: list) -> None:
    """Run `sql` as the owner of the audit tables could: with their triggers switched off.

    Deferred foreign-key checks of this test's own inserts are run first: PostgreSQL refuses
    ALTER TABLE while such events are pending. SQLite has no triggers to switch off.
    """
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_auditchainhead DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if postgres:
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_auditchainhead ENABLE TRIGGER USER")
