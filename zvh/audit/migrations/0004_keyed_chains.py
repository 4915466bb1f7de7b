"""From one SHA-256 chain with one head to keyed chains with a head each (docs/audit.md).

Existing entries are re-signed into chain 0, in id order, with the current key. That is only
as trustworthy as the old chain was, so the old chain is verified first (every link, every
hash and the old head) and the migration refuses to run on a log that does not verify: the
re-signing must never launder a tampered log. The only logs this meets are development and
test data; docs/decisions.md records the choice.
"""

import hashlib
import json

from django.db import migrations, models

from zvh.audit.signing import current_key_id, entry_mac

GENESIS_HASH = "0" * 64
BATCH = 1000


def _legacy_hash(event) -> str:
    """The SHA-256 every entry carried before this migration (frozen here, used nowhere else)."""
    payload = json.dumps(
        [
            event.prev_hash,
            event.at.isoformat(),
            event.user_id,
            event.username,
            event.organisation,
            event.action,
            event.object_type,
            event.object_id,
            event.case_reference,
            event.detail,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _set_trigger(schema_editor, enabled: bool) -> None:
    if schema_editor.connection.vendor == "postgresql":
        state = "ENABLE" if enabled else "DISABLE"
        schema_editor.execute(f"ALTER TABLE audit_auditevent {state} TRIGGER audit_auditevent_append_only")


def resign(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    OldHead = apps.get_model("audit", "AuditChainHead")
    key_id = current_key_id()
    old_previous, new_previous, batch = GENESIS_HASH, GENESIS_HASH, []
    _set_trigger(schema_editor, enabled=False)
    for seq, event in enumerate(AuditEvent.objects.order_by("id").iterator(chunk_size=BATCH), start=1):
        if event.prev_hash != old_previous or _legacy_hash(event) != event.hash:
            raise RuntimeError(
                f"Het bestaande auditlog is niet intact (regel {event.id}); onderzoek dat eerst, "
                "deze migratie ondertekent alleen een intacte keten opnieuw."
            )
        old_previous = event.hash
        event.chain, event.seq, event.prev_hash, event.key_id = 0, seq, new_previous, key_id
        event.hash = new_previous = entry_mac(event, key_id)
        batch.append(event)
        if len(batch) == BATCH:
            AuditEvent.objects.bulk_update(batch, ["chain", "seq", "prev_hash", "key_id", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["chain", "seq", "prev_hash", "key_id", "hash"])
    _set_trigger(schema_editor, enabled=True)
    old_head = OldHead.objects.filter(pk=1).first()
    if old_head is not None and old_head.last_hash != old_previous:
        raise RuntimeError("Het bestaande auditlog is niet intact: de laatste regel(s) ontbreken.")


def create_head(apps, schema_editor):
    """Chain 0 ends where the re-signed entries end; the other heads appear after `migrate`."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    last = AuditEvent.objects.filter(chain=0).order_by("-seq").first()
    if last is not None:
        AuditChainHead.objects.create(chain=0, last_seq=last.seq, last_hash=last.hash)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="keten"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(default=0, verbose_name="volgnummer"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(default="", max_length=32, verbose_name="sleutel"),
            preserve_default=False,
        ),
        migrations.AlterField(model_name="auditevent", name="hash", field=models.CharField(max_length=64)),
        migrations.RunPython(resign, migrations.RunPython.noop, elidable=False),
        migrations.DeleteModel(name="AuditChainHead"),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "chain",
                    models.PositiveSmallIntegerField(primary_key=True, serialize=False, verbose_name="keten"),
                ),
                ("last_seq", models.PositiveBigIntegerField(default=0)),
                ("last_hash", models.CharField(default=GENESIS_HASH, max_length=64)),
            ],
            options={"verbose_name": "auditketen", "verbose_name_plural": "auditketens"},
        ),
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("chain", "seq"), name="audit_event_chain_seq_unique"),
        ),
    ]
