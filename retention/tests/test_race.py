"""Two runs of the nightly job at once (a second beat, a retry overlapping) delete each case once. PostgreSQL."""

import pytest

from intake.constants import CasusStatus
from intake.models import StatusChange
from retention.models import RetentionDeletion
from retention.services import retention_delete_expired
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.core.testing import results_together

from .endings import at, local, withdrawn

CASES = 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_runs_at_once_delete_each_case_once(postgres_only, policy, attempt):
    cases = [withdrawn(local(2027, 3, 10)) for _ in range(CASES)]

    def run() -> int:
        return retention_delete_expired(batch_size=5)

    with at(local(2027, 9, 10, 1, 30)):
        deleted, errors = results_together(run, run, timeout=120)

    assert errors == []
    assert sum(deleted) == CASES
    ids = [case.pk for case in cases]
    assert StatusChange.objects.filter(casus__in=ids, to_status=CasusStatus.VERWIJDERD).count() == CASES
    assert RetentionDeletion.objects.filter(casus__in=ids).count() == CASES
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id__in=[str(pk) for pk in ids]).count() == CASES
