"""Two runs of the nightly job at once (a second beat, a retry overlapping) delete each case once. PostgreSQL."""

import threading

import pytest
from django.db import connections

from intake.constants import CasusStatus
from intake.models import StatusChange
from retention.models import RetentionDeletion
from retention.services import retention_delete_expired
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent

from .endings import at, local, withdrawn

CASES = 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_runs_at_once_delete_each_case_once(postgres_only, policy, attempt):
    cases = [withdrawn(local(2027, 3, 10)) for _ in range(CASES)]
    barrier = threading.Barrier(2)
    deleted: list[int] = []
    errors: list[Exception] = []

    def run() -> None:
        try:
            barrier.wait()
            deleted.append(retention_delete_expired(batch_size=5))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    with at(local(2027, 9, 10, 1, 30)):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    assert errors == []
    assert sum(deleted) == CASES
    ids = [case.pk for case in cases]
    assert StatusChange.objects.filter(casus__in=ids, to_status=CasusStatus.VERWIJDERD).count() == CASES
    assert RetentionDeletion.objects.filter(casus__in=ids).count() == CASES
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id__in=[str(pk) for pk in ids]).count() == CASES
