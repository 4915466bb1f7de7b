"""Audit rows over the same ten years, signed and chained exactly as `audit_record` chains them.

Each row is what the application writes when someone reads a case, looks at a list, changes a
case or logs in: the actor's name and organisation as snapshots, identifiers only in `detail`.
Rows are spread over the `AUDIT_CHAINS` chains in turn, continuing every chain from its head
(so a database that already holds entries stays valid), and each row's MAC is made by
`zvh.audit.signing.sign` over the columns `ENTRY_FIELDS` names, so `manage.py audit_verify`
checks them like any other entry. Ids rise with time, as they do when the application writes.
"""

import datetime
import json
import multiprocessing
import random
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, connections, transaction

from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditChainHead, AuditEvent
from zvh.audit.services import create_heads
from zvh.audit.signing import current_key_id, sign

from .copy import Table
from .people import People

FLUSH_EVERY = 25_000
PAGES = ("screening", "verrijking", "mijn_aanmeldingen", "triage", "mijn_dossiers")
# (action, percentage): what the log mostly holds is reading.
ACTIONS = (
    (AuditAction.VIEW, 55),
    (AuditAction.LIST, 20),
    (AuditAction.LOGIN, 10),
    (AuditAction.UPDATE, 6),
    (AuditAction.TRANSITION, 4),
    (AuditAction.SEARCH, 3),
    (AuditAction.LOGOUT, 1),
    (AuditAction.PRINT, 1),
)
# One entry per percent: picking is one index instead of random.choices (a tenth of the time).
ACTION_PICK = [action for action, percent in ACTIONS for _ in range(percent)]


@contextmanager
def _secondary_indexes_dropped() -> Iterator[None]:
    """Build the log's lookup indexes once after the load instead of row by row (several times faster).

    The primary key and the unique (chain, seq) constraint stay: they guard the chain while it
    is written. The indexes are created again from their own definitions, also after a failure.
    """
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # Inside a transaction (the tests), the deferred foreign-key checks must run first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _, definition in indexes:
                cursor.execute(definition)


@dataclass
class _Plan:
    """What every chain's stream needs; set before the worker processes fork, so they share it."""

    seed: int
    count: int
    chains: int
    start: datetime.datetime
    span: float
    first_id: int
    key_id: str
    heads: dict[int, tuple[int, str]]
    cases: Sequence[tuple[datetime.datetime, object, str, int, int]]
    created: list[datetime.datetime]
    staff: list[int]
    everyone: list[int]
    names: dict[int, tuple[str, str]]
    progress: Callable


_plan: _Plan | None = None


def _table() -> Table:
    return Table(
        AuditEvent,
        ["at", "user", "username", "organisation", "action", "object_type", "object_id", "case_reference", "detail",
         "chain", "seq", "prev_hash", "key_id", "hash"],
    )  # fmt: skip


def _write_chains(chains: list[int]) -> dict[int, tuple[int, str]]:
    """Write every row of `chains`; returns each chain's new (last seq, last MAC).

    Row `number` (in time order over all chains) belongs to chain ``number % chains`` and gets
    id ``first_id + number``; its content comes from its chain's own random stream, so the rows
    are the same whichever process writes which chain.
    """
    plan = _plan
    table = _table()
    heads = {}
    for chain in chains:
        rng = random.Random(f"{plan.seed}-{chain}")
        seq, previous = plan.heads[chain]
        for number in range(chain, plan.count, plan.chains):
            at = plan.start + datetime.timedelta(seconds=plan.span * (number + rng.random()) / plan.count)
            action = ACTION_PICK[int(rng.random() * len(ACTION_PICK))]
            object_type = object_id = reference = ""
            if action in (AuditAction.LOGIN, AuditAction.LOGOUT):
                user = rng.choice(plan.everyone)
                detail = {"gebeurtenis": "2fa_geverifieerd"} if action == AuditAction.LOGIN else {}
            elif action in (AuditAction.LIST, AuditAction.SEARCH):
                user = rng.choice(plan.staff)
                detail = {"pagina": rng.choice(PAGES), "aantal": rng.randint(0, 25)}
            else:
                # A case that exists by then, recent ones more often.
                known = bisect_right(plan.created, at)
                _, casus, reference, _, melder = plan.cases[max(0, known - 1 - int(rng.random() ** 4 * known))]
                user = melder if rng.random() < 0.4 else rng.choice(plan.staff)
                object_type, object_id = "intake.casus", str(casus)
                detail = {"pagina": "casus"} if action != AuditAction.TRANSITION else {"naar": "in_verrijking"}
            username, organisation = plan.names[user]
            seq += 1
            values = [chain, seq, previous, at, user, username, organisation, action.value, object_type, object_id,
                      reference, detail]  # fmt: skip
            mac = sign(plan.key_id, "entry", values)
            # COPY reads the JSON text into the jsonb column; the MAC covers the parsed value.
            table.next_id = plan.first_id + number  # ids in time order over all chains
            table.add(at, user, username, organisation, action.value, object_type, object_id, reference,
                      json.dumps(detail), chain, seq, previous, plan.key_id, mac)  # fmt: skip
            previous = mac
            if len(table.rows) >= FLUSH_EVERY:
                table.flush()
                plan.progress(f"auditregels (keten {chain})", seq - plan.heads[chain][0], plan.count // plan.chains)
        table.flush()
        heads[chain] = (seq, previous)
    return heads


def _write_chains_in_worker(chains: list[int]) -> dict[int, tuple[int, str]]:
    """`_write_chains` in a forked process, on its own connection, closed before the process exits."""
    try:
        return _write_chains(chains)
    finally:
        connection.close()


def write_audit_rows(
    *,
    rng: random.Random,
    people: People,
    cases: Sequence[tuple[datetime.datetime, object, str, int, int]],
    count: int,
    until: datetime.datetime,
    progress: Callable,
    processes: int = 1,
) -> int:
    """Append `count` signed rows between the first case and `until`; returns how many were written.

    With `processes` > 1 the chains are divided over that many forked processes (each chain is
    written by one), which uses every core; inside a transaction (the tests) the other processes
    could not see the uncommitted cases, so everything is then written here.
    """
    global _plan
    if count <= 0 or not cases:
        return 0
    create_heads()
    chains = settings.AUDIT_CHAINS
    heads = {h.chain: (h.last_seq, h.last_hash) for h in AuditChainHead.objects.filter(chain__lt=chains)}
    staff = people.chairs + people.regisseurs
    organisations = people.organisation_names
    _plan = _Plan(
        seed=rng.getrandbits(64),
        count=count,
        chains=chains,
        start=cases[0][0],
        span=(until - cases[0][0]).total_seconds(),
        first_id=_table().next_id,
        key_id=current_key_id(),
        heads=heads,
        cases=cases,
        created=[case[0] for case in cases],
        staff=staff,
        everyone=list(people.usernames),
        names={u: (name, organisations[people.user_organisation[u]]) for u, name in people.usernames.items()},
        progress=progress,
    )  # fmt: skip
    processes = 1 if connection.in_atomic_block else max(1, min(processes, chains))
    groups = [[chain for chain in range(chains) if chain % processes == p] for p in range(processes)]
    with _secondary_indexes_dropped():
        if processes == 1:
            results = [_write_chains(groups[0])]
        else:
            connections.close_all()  # every forked process opens its own connection
            with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(_write_chains_in_worker, groups))
        new_heads = {chain: head for result in results for chain, head in result.items()}
        with transaction.atomic():
            for chain, (seq, last_hash) in new_heads.items():
                AuditChainHead.objects.filter(chain=chain).update(last_seq=seq, last_hash=last_hash)
        _table().finish()  # moves the id sequence past the ids written
    _plan = None
    return count
