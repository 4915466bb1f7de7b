"""Two rewrites of the facts at once, on PostgreSQL with two connections: they take turns."""

import threading

import pytest
from django.db import connections

from intake.constants import CasusStatus
from intake.services.erasure import casus_erase_personal_data
from reports.facts import facts_refresh
from reports.models import CaseFact, ScreeningFact
from triage.tests.case_factories import RejectedCasusFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _together(*jobs) -> list[Exception]:
    barrier = threading.Barrier(len(jobs))
    errors: list[Exception] = []

    def run(job) -> None:
        try:
            barrier.wait()
            job()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.parametrize("attempt", range(3))
def test_the_page_and_the_task_refresh_at_the_same_moment(postgres_only, criteria_set, attempt):
    cases = RejectedCasusFactory.create_batch(5)
    assert _together(facts_refresh, facts_refresh) == []
    assert CaseFact.objects.count() == 5
    assert ScreeningFact.objects.filter(casus_id__in=[c.pk for c in cases]).count() == 5


@pytest.mark.parametrize("attempt", range(3))
def test_an_erasure_while_the_page_refreshes(postgres_only, criteria_set, attempt):
    rejected = RejectedCasusFactory()
    errors = _together(
        facts_refresh,
        lambda: casus_erase_personal_data(casus=rejected, by=None, reason="Afgewezen en verwijderd."),
    )
    assert errors == []
    rejected.refresh_from_db()
    assert rejected.status == CasusStatus.VERWIJDERD
    fact = CaseFact.objects.get(casus_id=rejected.pk)
    assert fact.frozen and fact.screened_at is not None
