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
import random
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditChainHead, AuditEvent
from zvh.audit.services import create_heads
from zvh.audit.signing import current_key_id, sign

from .copy import Table
from .people import People

FLUSH_EVERY = 50_000
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


def write_audit_rows(
    *,
    rng: random.Random,
    people: People,
    cases: Sequence[tuple[datetime.datetime, object, str, int, int]],
    count: int,
    until: datetime.datetime,
    progress: Callable,
) -> int:
    """Append `count` signed rows between the first case and `until`; returns how many were written."""
    if count <= 0 or not cases:
        return 0
    create_heads()
    chains = settings.AUDIT_CHAINS
    heads = {h.chain: [h.last_seq, h.last_hash] for h in AuditChainHead.objects.filter(chain__lt=chains)}
    key_id = current_key_id()
    table = Table(
        AuditEvent,
        ["at", "user", "username", "organisation", "action", "object_type", "object_id", "case_reference", "detail",
         "chain", "seq", "prev_hash", "key_id", "hash"],
    )  # fmt: skip
    created = [case[0] for case in cases]
    start = created[0]
    span = (until - start).total_seconds()
    staff = people.chairs + people.regisseurs
    everyone = list(people.usernames)
    names = {u: (people.usernames[u], people.organisation_names[people.user_organisation[u]]) for u in everyone}
    with _secondary_indexes_dropped():
        for number in range(count):
            at = start + datetime.timedelta(seconds=span * (number + rng.random()) / count)
            action = ACTION_PICK[int(rng.random() * len(ACTION_PICK))]
            object_type = object_id = reference = ""
            if action in (AuditAction.LOGIN, AuditAction.LOGOUT):
                user = rng.choice(everyone)
                detail = {"gebeurtenis": "2fa_geverifieerd"} if action == AuditAction.LOGIN else {}
            elif action in (AuditAction.LIST, AuditAction.SEARCH):
                user = rng.choice(staff)
                detail = {"pagina": rng.choice(PAGES), "aantal": rng.randint(0, 25)}
            else:
                # A case that exists by then, recent ones more often.
                known = bisect_right(created, at)
                _, casus, reference, _, melder = cases[max(0, known - 1 - int(rng.random() ** 4 * known))]
                user = melder if rng.random() < 0.4 else rng.choice(staff)
                object_type, object_id = "intake.casus", str(casus)
                detail = {"pagina": "casus"} if action != AuditAction.TRANSITION else {"naar": "in_verrijking"}
            username, organisation = names[user]
            chain = number % chains
            head = heads[chain]
            seq = head[0] + 1
            values = [chain, seq, head[1], at, user, username, organisation, action.value, object_type, object_id,
                      reference, detail]  # fmt: skip
            mac = sign(key_id, "entry", values)
            # COPY reads the JSON text into the jsonb column; the MAC covers the parsed value.
            table.add(at, user, username, organisation, action.value, object_type, object_id, reference,
                      json.dumps(detail), chain, seq, head[1], key_id, mac)  # fmt: skip
            head[0], head[1] = seq, mac
            if (number + 1) % FLUSH_EVERY == 0 or number + 1 == count:
                table.flush()
                progress("auditregels", number + 1, count)
        table.finish()
        with transaction.atomic():
            for chain, (seq, last_hash) in heads.items():
                AuditChainHead.objects.filter(chain=chain).update(last_seq=seq, last_hash=last_hash)
    return table.count
