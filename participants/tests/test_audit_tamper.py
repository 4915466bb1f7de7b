"""Tampering by someone with full access to the database (not to the key) is detected.

On PostgreSQL the tests first disable the append-only trigger, as the tables' owner can; on
SQLite there is no trigger. Either way the change reaches the rows, and `verify_chain` must
name it.
"""

import datetime
import hashlib
import hmac
import json

import pytest
from django.db import DatabaseError, connection, transaction

from participants.tests.factories import UserFactory
from zvh.audit.checkpoints import write_checkpoint
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditChainHead, AuditEvent
from zvh.audit.services import audit_record, verify_chain

from .conftest import KEY_1, KEY_2, as_table_owner

pytestmark = pytest.mark.django_db

CHANGED = "inhoud is gewijzigd of niet door de applicatie ondertekend"


@pytest.fixture
def events(two_keys):
    user = UserFactory(voorzitter=True)
    return [
        audit_record(actor=user, action=AuditAction.VIEW, obj=user, case_reference=f"ZVH-2026-0000{i}", detail={"n": i})
        for i in range(1, 6)
    ]


def _set_column(event: AuditEvent, field_name: str, value) -> None:
    field = AuditEvent._meta.get_field(field_name)
    db_value = field.get_db_prep_value(value, connection, prepared=False)
    as_table_owner(f"UPDATE audit_auditevent SET {field.column} = %s WHERE id = %s", [db_value, event.id])


def _problems(**kwargs) -> list[str]:
    return [str(problem) for problem in verify_chain(**kwargs)]


# --- every column the entry carries is covered by its MAC ----------------------------------------


@pytest.mark.parametrize(
    ("field_name", "new_value"),
    [
        ("user", "other-user"),
        ("username", "iemand-anders"),
        ("organisation", "Andere organisatie"),
        ("action", "delete"),
        ("object_type", "intake.casus"),
        ("object_id", "999"),
        ("case_reference", "ZVH-2026-99999"),
        ("detail", {"n": 999}),
        ("at", "one-second-later"),
        ("chain", 7),
        ("seq", 30),
        ("prev_hash", "a" * 64),
        ("key_id", "k1"),
        ("hash", "b" * 64),
    ],
)
def test_changing_any_column_by_sql_is_detected(events, field_name, new_value):
    target = events[2]
    if new_value == "other-user":
        new_value = UserFactory(melder=True).pk
    elif new_value == "one-second-later":
        new_value = target.at + datetime.timedelta(seconds=1)
    assert _problems() == []

    _set_column(target, field_name, new_value)

    problems = [p for p in verify_chain() if p.event_id == target.id]
    assert CHANGED in [p.problem for p in problems], problems


def test_a_removed_entry_in_the_middle_is_detected(events):
    as_table_owner("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    assert _problems() == [f"keten {events[0].chain}, regel 3 (id {events[2].id}): regel(s) 2 t/m 2 ontbreken"]


# --- the tail and the head ----------------------------------------------------------------------


def _cut_tail(events, keep: int) -> None:
    """Delete every entry after the first `keep` and move the head back onto the last one kept."""
    chain = events[0].chain
    as_table_owner("DELETE FROM audit_auditevent WHERE chain = %s AND seq > %s", [chain, keep])
    kept = events[keep - 1]
    as_table_owner(
        "UPDATE audit_auditchainhead SET last_seq = %s, last_hash = %s WHERE chain = %s", [keep, kept.hash, chain]
    )


def test_a_cut_tail_with_its_head_moved_back_is_detected_by_the_checkpoint(events):
    write_checkpoint()
    _cut_tail(events, keep=3)
    problems = _problems()
    assert len(problems) == 2
    assert problems[0].startswith(f"keten {events[0].chain}, regel 5: laatste regel(s) ontbreken: het controlepunt van")
    assert problems[1].startswith(f"keten {events[0].chain}, regel 3: kop is teruggezet tot vóór het controlepunt")


def test_without_a_checkpoint_a_cut_tail_goes_unnoticed(events):
    """Why the checkpoints exist: the remaining chain is perfectly consistent."""
    _cut_tail(events, keep=3)
    assert _problems() == []


def test_a_checkpoint_in_a_copy_shipped_elsewhere_is_used(events, checkpoint_file, tmp_path):
    write_checkpoint()
    shipped = tmp_path / "elders.log"
    shipped.write_text(checkpoint_file.read_text())
    checkpoint_file.unlink()  # the attacker removes the local file too
    _cut_tail(events, keep=4)
    assert _problems() == []
    assert "laatste regel(s) ontbreken" in _problems(checkpoint_file=shipped)[0]


def test_a_head_moved_back_is_detected(events):
    chain = events[0].chain
    sql = "UPDATE audit_auditchainhead SET last_seq = 2, last_hash = %s WHERE chain = %s"
    as_table_owner(sql, [events[1].hash, chain])
    assert _problems() == [f"keten {chain}, regel 2: kop wijst niet naar de laatste regel (5): teruggezet?"]


def test_a_changed_or_forged_checkpoint_line_is_reported(events, checkpoint_file):
    write_checkpoint()
    line = json.loads(checkpoint_file.read_text())
    line["seq"] = 2  # pretend the chain was shorter
    checkpoint_file.write_text(json.dumps(line) + "\n")
    assert _problems() == [f"controlepunt op regel 1 van {checkpoint_file} is ongeldig of niet ondertekend"]


# --- forged appends -------------------------------------------------------------------------------


def _payload(event_values: dict) -> bytes:
    return json.dumps(event_values, sort_keys=True, separators=(",", ":")).encode()


@pytest.mark.parametrize(
    "forge",
    [
        lambda payload: hashlib.sha256(payload).hexdigest(),
        lambda payload: hmac.new(b"een-gegokte-sleutel", payload, hashlib.sha256).hexdigest(),
    ],
    ids=["plain-sha256", "wrong-key"],
)
def test_a_forged_append_is_detected(events, forge):
    last = events[-1]
    values = {"at": last.at.isoformat(), "username": "indringer", "action": "view", "seq": 6}
    forged_hash = forge(_payload(values))
    as_table_owner(
        "INSERT INTO audit_auditevent (at, user_id, username, organisation, action, object_type, object_id,"
        " case_reference, detail, chain, seq, prev_hash, key_id, hash)"
        " VALUES (%s, NULL, 'indringer', '', 'view', '', '', '', %s, %s, 6, %s, 'k2', %s)",
        [last.at, json.dumps({}), last.chain, last.hash, forged_hash],
    )
    as_table_owner(
        "UPDATE audit_auditchainhead SET last_seq = 6, last_hash = %s WHERE chain = %s", [forged_hash, last.chain]
    )
    forged = AuditEvent.objects.get(chain=last.chain, seq=6)
    assert _problems() == [f"keten {last.chain}, regel 6 (id {forged.id}): {CHANGED}"]


# --- keys -----------------------------------------------------------------------------------------


def test_entries_signed_with_an_older_key_still_verify_after_rotation(settings, checkpoint_file):
    user = UserFactory(voorzitter=True)
    settings.AUDIT_HMAC_KEYS = {"k1": KEY_1}
    old = audit_record(actor=user, action=AuditAction.VIEW)
    write_checkpoint()

    settings.AUDIT_HMAC_KEYS = {"k2": KEY_2, "k1": KEY_1}
    new = audit_record(actor=user, action=AuditAction.VIEW)
    assert (old.key_id, new.key_id) == ("k1", "k2")
    assert _problems() == []  # the k1 entry and the k1 checkpoint both verify

    settings.AUDIT_HMAC_KEYS = {"k2": KEY_2}  # k1 dropped: what it signed can no longer be checked
    assert _problems() == [
        f"controlepunt op regel 1 van {checkpoint_file} is ongeldig of niet ondertekend",
        f"keten {old.chain}, regel 1 (id {old.id}): ondertekend met onbekende sleutel 'k1'",
    ]


# --- what the database refuses itself (PostgreSQL) ---------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET detail = '{}' WHERE seq = 3",
        "DELETE FROM audit_auditevent WHERE seq = 3",
        "DELETE FROM audit_auditchainhead",
        "TRUNCATE audit_auditevent",
        "TRUNCATE audit_auditchainhead",
        "TRUNCATE audit_auditevent, audit_auditchainhead CASCADE",
    ],
)
def test_postgres_refuses_changes_removals_and_truncate(postgres_only, events, sql):
    with pytest.raises(DatabaseError, match="auditlog|auditketen"), transaction.atomic(), connection.cursor() as c:
        # The test settings allow TRUNCATE for Django's own table flush; this session does not.
        c.execute("SET LOCAL zvh.audit_allow_truncate = off")
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else PostgreSQL refuses TRUNCATE for another reason
        c.execute(sql)
    assert AuditEvent.objects.filter(chain=events[0].chain).count() == 5
    assert AuditChainHead.objects.get(chain=events[0].chain).last_seq == 5
    assert _problems() == []
