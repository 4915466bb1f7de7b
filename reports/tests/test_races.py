"""Two rewrites of the facts at once, on PostgreSQL with two connections: they take turns."""

import pytest

from intake.constants import CasusStatus
from intake.services.erasure import casus_erase_personal_data
from reports.facts import facts_refresh
from reports.models import CaseFact, ScreeningFact
from triage.tests.case_factories import RejectedCasusFactory
from zvh.core.testing import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("attempt", range(3))
def test_the_page_and_the_task_refresh_at_the_same_moment(postgres_only, criteria_set, attempt):
    cases = RejectedCasusFactory.create_batch(5)
    assert run_together(facts_refresh, facts_refresh) == []
    assert CaseFact.objects.count() == 5
    assert ScreeningFact.objects.filter(casus_id__in=[c.pk for c in cases]).count() == 5


@pytest.mark.parametrize("attempt", range(3))
def test_an_erasure_while_the_page_refreshes(postgres_only, criteria_set, attempt):
    rejected = RejectedCasusFactory()
    errors = run_together(
        facts_refresh,
        lambda: casus_erase_personal_data(casus=rejected, by=None, reason="Afgewezen en verwijderd."),
    )
    assert errors == []
    rejected.refresh_from_db()
    assert rejected.status == CasusStatus.VERWIJDERD
    fact = CaseFact.objects.get(casus_id=rejected.pk)
    assert fact.frozen and fact.screened_at is not None
