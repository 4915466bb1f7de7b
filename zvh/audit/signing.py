"""The keyed MAC behind every audit entry and checkpoint.

HMAC-SHA256 with a key from the environment (settings.AUDIT_HMAC_KEYS), never stored in the
database: whoever can only write to the database can change or add rows, but cannot make
them verify. Each signature names its key id, so keys can be rotated: the first key signs,
older keys still verify what they signed.
"""

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

# The columns an entry's MAC covers, in this order: everything an entry says but its own MAC
# (and its key id, which sign() covers for every MAC).
ENTRY_FIELDS = (
    "chain",
    "seq",
    "prev_hash",
    "at",
    "user_id",
    "username",
    "organisation",
    "action",
    "object_type",
    "object_id",
    "case_reference",
    "detail",
)


class UnknownKeyError(Exception):
    """The key id is not (or no longer) in AUDIT_HMAC_KEYS: the signature cannot be checked."""


def current_key_id() -> str:
    return next(iter(settings.AUDIT_HMAC_KEYS))


def sign(key_id: str, kind: str, values: list[Any]) -> str:
    """The MAC of `values` under key `key_id`; `kind` keeps an entry's MAC apart from a checkpoint's."""
    try:
        secret = settings.AUDIT_HMAC_KEYS[key_id]
    except KeyError:
        raise UnknownKeyError(key_id) from None
    # Canonical JSON: the same values always give the same bytes, after any database round trip.
    payload = json.dumps([kind, key_id, *values], sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def entry_mac(event: Any, key_id: str) -> str:
    """The MAC of an entry (a model instance, also a migration's historical one)."""
    return sign(key_id, "entry", [getattr(event, name) for name in ENTRY_FIELDS])
