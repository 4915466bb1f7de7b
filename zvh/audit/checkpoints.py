"""Signed checkpoints of the chain heads, kept outside the database.

Why: whoever controls the database can delete the last entries of a chain and move its head
back onto the entry before them; every remaining link still verifies. A checkpoint records
each head (chain, seq, MAC) with its own HMAC, appended to a file and sent to a logger that
the operator ships off this machine (docs/audit.md). `verify_chain` then demands that every
chain still reaches its latest checkpoint unchanged. Entries appended after the latest
checkpoint are not covered by it: the interval (every five minutes) bounds that window.
"""

import hmac
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import AuditChainHead
from .signing import UnknownKeyError, current_key_id, sign

logger = logging.getLogger("zvh.audit.checkpoint")


@dataclass(frozen=True)
class Checkpoint:
    chain: int
    seq: int
    hash: str
    at: str
    key_id: str

    def mac(self) -> str:
        return sign(self.key_id, "checkpoint", [self.chain, self.seq, self.hash, self.at])

    def line(self) -> str:
        return json.dumps({**asdict(self), "mac": self.mac()}, sort_keys=True)


def write_checkpoint() -> list[Checkpoint]:
    """Append one signed line per non-empty chain head to the file and to the log.

    A plain read of the heads: it never waits for a transaction that holds a head, and sees
    only committed appends, so every checkpoint names an entry that exists.
    """
    at = timezone.now().isoformat()
    key_id = current_key_id()
    checkpoints = [
        Checkpoint(chain=head.chain, seq=head.last_seq, hash=head.last_hash, at=at, key_id=key_id)
        for head in AuditChainHead.objects.filter(last_seq__gt=0).order_by("chain")
    ]
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        for checkpoint in checkpoints:
            file.write(checkpoint.line() + "\n")
        file.flush()
        os.fsync(file.fileno())
    for checkpoint in checkpoints:
        logger.info(checkpoint.line())
    return checkpoints


def read_checkpoints(path: Path) -> Iterator[tuple[int, Checkpoint | None]]:
    """Every line of a checkpoint file with its line number; None for a line that does not verify.

    A missing file yields nothing: before the first checkpoint there is nothing to compare.
    """
    if not path.exists():
        return
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            try:
                data = json.loads(line)
                mac = data.pop("mac")
                checkpoint = Checkpoint(**data)
                valid = hmac.compare_digest(checkpoint.mac(), mac)
            except (ValueError, TypeError, KeyError, UnknownKeyError):
                valid = False
            yield number, checkpoint if valid else None
