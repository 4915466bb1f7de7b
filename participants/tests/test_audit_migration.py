"""Migration 0004 re-signs an intact SHA-256 chain into chain 0, and refuses a broken one."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zvh.audit.models import AuditChainHead, AuditEvent
from zvh.audit.services import verify_chain

from .conftest import as_table_owner

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("audit", "0003_append_only_trigger")]
legacy_hash = importlib.import_module("zvh.audit.migrations.0004_keyed_chains")._legacy_hash


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_log():
    """Three entries in the pre-0004 format; the tables are back at the newest state afterwards."""
    apps = _migrate(BEFORE)
    OldEvent = apps.get_model("audit", "AuditEvent")
    previous, start = "0" * 64, timezone.now()
    for n in range(3):
        event = OldEvent(
            at=start + datetime.timedelta(seconds=n),
            username="systeem",
            action="view",
            case_reference=f"ZVH-2026-0000{n}",
            detail={"n": n},
            prev_hash=previous,
        )
        event.hash = previous = legacy_hash(event)
        event.save()
    apps.get_model("audit", "AuditChainHead").objects.create(pk=1, last_hash=previous)
    yield OldEvent
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("audit"))


def test_an_intact_old_chain_is_re_signed_into_chain_0(old_log):
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("audit"))
    entries = list(AuditEvent.objects.order_by("id"))
    assert [(e.chain, e.seq, e.key_id, e.case_reference) for e in entries] == [
        (0, 1, "dev", "ZVH-2026-00000"),
        (0, 2, "dev", "ZVH-2026-00001"),
        (0, 3, "dev", "ZVH-2026-00002"),
    ]
    head = AuditChainHead.objects.get(chain=0)
    assert (head.last_seq, head.last_hash) == (3, entries[-1].hash)
    assert list(verify_chain()) == []


def test_a_broken_old_chain_is_not_re_signed(old_log):
    as_table_owner("UPDATE audit_auditevent SET username = 'ander' WHERE case_reference = %s", ["ZVH-2026-00001"])
    with pytest.raises(RuntimeError, match="Het bestaande auditlog is niet intact"):
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("audit"))
    # Clear the log the migration refused, so the fixture can bring the tables up to date.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditchainhead")
        cursor.execute("DELETE FROM audit_auditevent" if connection.vendor == "sqlite" else "TRUNCATE audit_auditevent")
