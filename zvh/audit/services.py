"""Writing to and verifying the audit log. Callers pass identifiers, never personal data."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .constants import AuditAction
from .models import GENESIS_HASH, AuditChainHead, AuditEvent

SYSTEM_USERNAME = "systeem"


def _lock_head() -> AuditChainHead:
    try:
        with transaction.atomic():
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    except IntegrityError:  # another process created the head at the same moment
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def audit_record(
    *,
    actor: Any | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    case_reference: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one entry to the chain.

    `actor` is the natural person (None for the system: scheduled tasks). `detail` must hold
    only identifiers and counts (status names, filter field names, numbers of results), never
    names, BSNs or free text about a betrokkene.
    """
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head = _lock_head()
        event = AuditEvent(
            at=timezone.now(),
            user=actor if authenticated else None,
            username=actor.get_username() if authenticated else SYSTEM_USERNAME,
            organisation=(str(actor.organisation) if authenticated and actor.organisation_id else ""),
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            case_reference=case_reference,
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: str


def verify_chain() -> Iterator[ChainProblem]:
    """Yield every entry whose hash or link to its predecessor does not match."""
    previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != previous:
            yield ChainProblem(event.id, "schakel naar vorige regel klopt niet")
        if event.compute_hash() != event.hash:
            yield ChainProblem(event.id, "inhoud is gewijzigd")
        previous = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        yield ChainProblem(0, "laatste regel(s) ontbreken")
