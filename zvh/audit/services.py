"""Writing to and verifying the audit log. Callers pass identifiers, never personal data."""

import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.sql import InsertQuery
from django.utils import timezone

from .checkpoints import Checkpoint, read_checkpoints
from .constants import AuditAction
from .models import GENESIS_HASH, AuditChainHead, AuditEvent
from .signing import UnknownKeyError, current_key_id

SYSTEM_USERNAME = "systeem"
CHANGED = "inhoud is gewijzigd of niet door de applicatie ondertekend"

# The chain this thread's connection appended to last. Asked for first, so a transaction that
# appends many entries (the cutoff job) keeps to the one head it already holds instead of
# taking a new free head, and so each busy connection tends to keep a chain of its own.
_last_chain = threading.local()


def _chain_count() -> int:
    """How many chains appends spread over; one where the database has no SKIP LOCKED.

    SQLite (the embedded default) lets one writer in at a time anyway.
    """
    return settings.AUDIT_CHAINS if connection.features.has_select_for_update_skip_locked else 1


def create_heads(*, using: str = "default", **kwargs) -> None:
    """Create the heads of chains 0 to AUDIT_CHAINS - 1 that do not exist yet.

    Run after every `migrate` (and test flush), by the owner and committed: a head created
    inside an append's own transaction would stay invisible, and so useless to every other
    writer, until that transaction ends.
    """
    heads = [AuditChainHead(chain=chain) for chain in range(settings.AUDIT_CHAINS)]
    AuditChainHead.objects.using(using).bulk_create(heads, ignore_conflicts=True)


def _lock_head() -> AuditChainHead:
    """Lock the head of a chain no other transaction holds, or wait for one if all are held.

    A long transaction (the cutoff job binding a thousand cases) keeps its head until it
    commits; every other writer skips that head instead of queueing behind it.
    """
    chains = _chain_count()
    preferred = getattr(_last_chain, "chain", 0) % chains
    if not connection.features.has_select_for_update:
        return _lock_head_by_writing(preferred)
    head = _lock_free_head(chains, preferred)
    if head is None:  # every head is held by another transaction (or, after a flush, missing)
        create_heads()
        head = AuditChainHead.objects.select_for_update().get(chain=preferred)
    _last_chain.chain = head.chain
    return head


def _lock_free_head(chains: int, preferred: int) -> AuditChainHead | None:
    """``SELECT ... FOR UPDATE SKIP LOCKED`` of the first free head, ``preferred`` first.

    Written out rather than built with the ORM: every audited page runs it, and compiling the
    ORM's query took more time than PostgreSQL took to answer it, time that eight concurrent
    writers on two cores take from each other (issue 16, benchmarks/bench_audit.py).
    """
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT chain, last_seq, last_hash FROM {table} WHERE chain < %s "  # noqa: S608
            "ORDER BY chain <> %s, chain LIMIT 1 FOR UPDATE SKIP LOCKED",
            [chains, preferred],
        )
        row = cursor.fetchone()
    return None if row is None else AuditChainHead(chain=row[0], last_seq=row[1], last_hash=row[2])


def _lock_head_by_writing(chain: int) -> AuditChainHead:
    """SQLite: take the write lock and read the head in one statement (no FOR UPDATE there).

    Writing first means two processes sharing the file never read the same head.
    """
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_seq = last_seq WHERE chain = %s RETURNING chain, last_seq, last_hash",  # noqa: S608
            [chain],
        )
        row = cursor.fetchone()
    if row is None:  # after a flush: no heads yet
        create_heads()
        return _lock_head_by_writing(chain)
    _last_chain.chain = chain
    return AuditChainHead(chain=row[0], last_seq=row[1], last_hash=row[2])


@dataclass(frozen=True)
class AuditEntry:
    """One entry to append, as `audit_record` takes it (for `audit_record_many`)."""

    actor: Any | None
    action: AuditAction | str
    obj: models.Model | None = None
    case_reference: str = ""
    detail: dict[str, Any] | None = None


def audit_record(
    *,
    actor: Any | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    case_reference: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one entry to a chain.

    `actor` is the natural person (None for the system: scheduled tasks). `detail` must hold
    only identifiers and counts (status names, filter field names, numbers of results), never
    names, BSNs or free text about a betrokkene.
    """
    return audit_record_many([AuditEntry(actor, action, obj, case_reference, detail)])[0]


def audit_record_many(entries: list[AuditEntry]) -> list[AuditEvent]:
    """Append `entries` in this order to one chain, in a constant number of queries.

    For jobs that change many cases at once (the cutoff binding a thousand): one head lock,
    one INSERT and one head update instead of five queries per entry. A job calls it once, at
    the end of its transaction, so it holds a chain head only for the last moment of its run.
    """
    if not entries:
        return []
    # No savepoint inside a caller's transaction: an append that fails must fail the caller's
    # whole change (nothing unaudited commits), and the savepoint cost two queries a page.
    with transaction.atomic(savepoint=False):
        head = _lock_head()
        seq, previous, key_id = head.last_seq, head.last_hash, current_key_id()
        events = []
        for entry in entries:
            seq += 1
            event = _entry_event(entry, chain=head.chain, seq=seq, prev_hash=previous, key_id=key_id)
            events.append(event)
            previous = event.hash
        _store(events, chain=head.chain, last_seq=seq, last_hash=previous)
    return events


def _store(events: list[AuditEvent], *, chain: int, last_seq: int, last_hash: str) -> None:
    """Insert ``events`` and move ``chain``'s head past them, inside the caller's transaction.

    On PostgreSQL one statement does both (the head's UPDATE in a data-modifying WITH): every
    audited page appends, and each statement is a round trip (issue 16). SQLite has no
    data-modifying WITH; there it is an INSERT and an UPDATE, as the ORM writes them.
    """
    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_create(events)
        AuditChainHead.objects.filter(chain=chain).update(last_seq=last_seq, last_hash=last_hash)
        return
    insert = InsertQuery(AuditEvent)
    insert.insert_values([field for field in AuditEvent._meta.concrete_fields if not field.primary_key], events)
    compiler = insert.get_compiler(connection=connection)
    compiler.returning_fields = [AuditEvent._meta.pk]
    [(insert_sql, insert_params)] = compiler.as_sql()
    head = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH moved AS (UPDATE {head} SET last_seq = %s, last_hash = %s WHERE chain = %s) {insert_sql}",  # noqa: S608
            [last_seq, last_hash, chain, *insert_params],
        )
        ids = [row[0] for row in cursor.fetchall()]
    for event, pk in zip(events, ids, strict=True):
        event.pk = pk
        event._state.adding = False
        event._state.db = connection.alias


def _entry_event(entry: AuditEntry, *, chain: int, seq: int, prev_hash: str, key_id: str) -> AuditEvent:
    """The signed, unsaved row of `entry` as link `seq` of `chain`."""
    actor = entry.actor
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        at=timezone.now(),
        user=actor if authenticated else None,
        username=actor.get_username() if authenticated else SYSTEM_USERNAME,
        organisation=(str(actor.organisation) if authenticated and actor.organisation_id else ""),
        action=entry.action,
        object_type=entry.obj._meta.label_lower if entry.obj is not None else "",
        object_id=str(entry.obj.pk) if entry.obj is not None else "",
        case_reference=entry.case_reference,
        detail=entry.detail or {},
        chain=chain,
        seq=seq,
        prev_hash=prev_hash,
        key_id=key_id,
    )
    event.hash = event.compute_hash()
    return event


@dataclass(frozen=True)
class ChainProblem:
    """One finding of verify_chain; `event_id` is the entry's id where one entry is at fault."""

    chain: int | None
    seq: int | None
    problem: str
    event_id: int | None = None

    def __str__(self) -> str:
        if self.chain is None:
            return self.problem
        where = f"keten {self.chain}, regel {self.seq}" if self.seq is not None else f"keten {self.chain}"
        if self.event_id is not None:
            where += f" (id {self.event_id})"
        return f"{where}: {self.problem}"


@contextmanager
def _snapshot():
    """One consistent view of heads and entries while appends go on (PostgreSQL).

    Read in separate statements, a head could be newer than the entries read before it and
    look like a missing tail. Inside a caller's transaction the isolation level is the caller's.
    SQLite gets no long read transaction: it would block every writer for the whole run.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def verify_chain(*, checkpoint_file: Path | None = None) -> Iterator[ChainProblem]:
    """Yield every break in the chains: changed, unsigned, missing or added entries.

    Each chain must run from seq 1 without gaps, each entry must link to the one before it
    and carry a valid MAC, the head must name the last entry, and every chain must still hold,
    unchanged, the entry its latest valid checkpoint names (from `checkpoint_file`, by
    default AUDIT_CHECKPOINT_FILE; an operator may pass the copy shipped elsewhere).
    """
    path = Path(checkpoint_file or settings.AUDIT_CHECKPOINT_FILE)
    latest: dict[int, Checkpoint] = {}
    for number, checkpoint in read_checkpoints(path):
        if checkpoint is None:
            yield ChainProblem(None, None, f"controlepunt op regel {number} van {path} is ongeldig of niet ondertekend")
        elif checkpoint.seq >= getattr(latest.get(checkpoint.chain), "seq", 0):
            latest[checkpoint.chain] = checkpoint
    with _snapshot():
        heads = {head.chain: head for head in AuditChainHead.objects.all()}
        used = set(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
        for chain in sorted(used | set(heads) | set(latest)):
            yield from _verify_one_chain(chain, heads.get(chain), latest.get(chain))


def _verify_one_chain(chain: int, head: AuditChainHead | None, checkpoint: Checkpoint | None) -> Iterator[ChainProblem]:
    seq, previous = 0, GENESIS_HASH
    checkpointed_hash = None
    for event in AuditEvent.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
        if event.seq != seq + 1:
            yield ChainProblem(chain, event.seq, f"regel(s) {seq + 1} t/m {event.seq - 1} ontbreken", event.id)
        elif event.prev_hash != previous:
            yield ChainProblem(chain, event.seq, "schakel naar vorige regel klopt niet", event.id)
        try:
            if not hmac.compare_digest(event.compute_hash(), event.hash):
                yield ChainProblem(chain, event.seq, CHANGED, event.id)
        except UnknownKeyError:
            yield ChainProblem(chain, event.seq, f"ondertekend met onbekende sleutel '{event.key_id}'", event.id)
        if checkpoint is not None and event.seq == checkpoint.seq:
            checkpointed_hash = event.hash
        seq, previous = event.seq, event.hash
    if head is None:
        yield ChainProblem(chain, None, "kop van de keten ontbreekt")
    elif head.last_seq > seq:
        yield ChainProblem(chain, head.last_seq, "laatste regel(s) ontbreken: de kop noemt een regel die er niet is")
    elif (head.last_seq, head.last_hash) != (seq, previous):
        yield ChainProblem(chain, head.last_seq, f"kop wijst niet naar de laatste regel ({seq}): teruggezet?")
    if checkpoint is None:
        return
    if checkpointed_hash is None:
        yield ChainProblem(
            chain, checkpoint.seq, f"laatste regel(s) ontbreken: het controlepunt van {checkpoint.at} noemt deze regel"
        )
    elif checkpointed_hash != checkpoint.hash:
        yield ChainProblem(chain, checkpoint.seq, f"regel wijkt af van het controlepunt van {checkpoint.at}")
    if head is not None and head.last_seq < checkpoint.seq:
        yield ChainProblem(chain, head.last_seq, f"kop is teruggezet tot vóór het controlepunt van {checkpoint.at}")
