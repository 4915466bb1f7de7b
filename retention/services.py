"""Changes to retention: the versioned policy, extending one case, and the nightly deletion.

Every deletion goes through the one erasure service (``intake.services.erasure``), which decides
what goes and what stays as the anonymous record; this module decides only *when*.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intake.models import Casus
from intake.services.erasure import casus_erase_personal_data
from participants.models import User
from pga.services.common import add_months, require_text
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.core.versioning import Versioned

from .constants import DELETED_REASON, PERIOD_FIELDS
from .models import RetentionDeletion, RetentionExtension, RetentionPolicy, RetentionPolicyActivation
from .schedule import ENDED_STATES, Schedule, active_policy, schedule_of, schedules
from .selectors import retention_cases_q

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionVersioning(Versioned):
    """The shared versioning rules, plus a record of each activation (``RetentionPolicyActivation``).

    A criteria set is frozen once a case used it; a retention policy decides dates from the moment
    it is active, so it is frozen from then on: the activation record is its first use.
    """

    def activate(self, *, version: RetentionPolicy, by) -> RetentionPolicy:
        with transaction.atomic():
            target = super().activate(version=version, by=by)
            RetentionPolicyActivation.objects.create(policy=target, activated_by=by)
        return target


RETENTION_POLICIES = RetentionVersioning(
    model=RetentionPolicy,
    parts=(),
    copy_fields=(*PERIOD_FIELDS.values(), "motivation"),
    noun="versie van het bewaarbeleid",
    article="de",
    audit_key="bewaarbeleid_versie",
    used_where="als geldend bewaarbeleid",
    parts_words="de termijnen",
)

# How many cases the nightly job reads and deletes per round; each case is its own short transaction.
BATCH_SIZE = 200


def latest_extension_date(today: datetime.date) -> datetime.date:
    """The latest date an extension may set: ZVH_RETENTION_EXTENSION_MAX_MONTHS from today."""
    return add_months(today, settings.ZVH_RETENTION_EXTENSION_MAX_MONTHS)


def retention_extend(*, casus: Casus, until: datetime.date, reason: str, by: User) -> RetentionExtension:
    """Keep one ended case until ``until``, with a reason; audited (dates only, never the reason).

    Only someone who sees the case's deletion date may extend it (a chair; the procesregisseur of
    its dossier). The new date lies after the current deletion date and at most the configured
    maximum after today. The latest extension holds; earlier ones stay as its history.
    """
    reason = require_text(reason, "Geef de reden van de verlenging.")
    with transaction.atomic():
        locked = Casus.objects.select_for_update().get(pk=casus.pk)
        if not Casus.objects.filter(retention_cases_q(by), pk=locked.pk).exists():
            raise ServiceError("U kunt de bewaartermijn van deze casus niet verlengen.")
        policy = active_policy()
        schedule = schedule_of(locked, policy)
        if schedule is None:
            raise ServiceError("Deze casus is nog niet afgerond en heeft daarom nog geen verwijderdatum.")
        if until <= schedule.deletion_date:
            raise ServiceError(f"Kies een datum na de huidige verwijderdatum ({schedule.deletion_date:%d-%m-%Y}).")
        latest = latest_extension_date(timezone.localdate())
        if until > latest:
            raise ServiceError(
                f"Verlengen kan tot hoogstens {settings.ZVH_RETENTION_EXTENSION_MAX_MONTHS} maanden na vandaag "
                f"({latest:%d-%m-%Y})."
            )
        extension = RetentionExtension.objects.create(
            casus=locked,
            policy=policy if policy.pk else None,
            previous_date=schedule.deletion_date,
            new_date=until,
            reason=reason,
            created_by=by,
        )
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=locked,
            case_reference=locked.reference or "",
            detail={
                "gebeurtenis": "bewaartermijn_verlengd",
                "van": schedule.deletion_date.isoformat(),
                "tot": until.isoformat(),
            },
        )
    return extension


def _delete_if_expired(casus_id: uuid.UUID, today: datetime.date) -> Schedule | None:
    """Delete one case if it is (still) expired; its own short transaction. The schedule when deleted.

    The row is taken with SKIP LOCKED: a case another run (or a user's extension) holds is left
    for that run, or for the next night. Under the lock the schedule is read again, so an
    extension committed since the scan, or a deletion by a run that got there first, is seen.
    """
    with transaction.atomic():
        casus = Casus.objects.select_for_update(skip_locked=True).filter(pk=casus_id).first()
        if casus is None:
            return None
        policy = active_policy()
        schedule = schedule_of(casus, policy)
        if schedule is None or not schedule.is_expired(today):
            return None
        RetentionDeletion.objects.create(
            casus=casus,
            policy=policy if policy.pk else None,
            kind=schedule.kind,
            ended_on=schedule.ended_on,
            deletion_date=schedule.deletion_date,
        )
        casus_erase_personal_data(casus=casus, by=None, reason=DELETED_REASON)
    # Identifiers only: the log leaves the application (docs/decisions.md, "Logging").
    logger.info(
        "Bewaartermijn verstreken: casus %s (%s, %s) verwijderd",
        casus_id,
        schedule.reference or "concept",
        schedule.kind,
    )
    return schedule


def retention_delete_expired(*, today: datetime.date | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Delete every case whose deletion date has come (the nightly job); how many were deleted.

    Everything expired up to today is deleted, not only what expired since the last run, so a
    night the job did not run is caught up by the next. Idempotent: a deleted case has no
    schedule any more. The cases that may have ended are read ``batch_size`` at a time (in key
    order, two queries a batch), so thousands of them never sit in memory at once; each expired
    case is deleted in its own transaction, so no lock is held longer than one case's erasure.
    """
    today = today or timezone.localdate()
    candidates = Casus.objects.filter(status__in=ENDED_STATES).order_by("pk")
    deleted = expired = 0
    last_pk = None
    while True:
        batch = candidates if last_pk is None else candidates.filter(pk__gt=last_pk)
        ids = list(batch.values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        last_pk = ids[-1]
        for schedule in schedules(Casus.objects.filter(pk__in=ids)):
            if schedule.is_expired(today):
                expired += 1
                deleted += _delete_if_expired(schedule.casus_id, today) is not None
    if expired:
        logger.info("Bewaartermijnen: %s van %s verlopen casussen verwijderd", deleted, expired)
    return deleted
