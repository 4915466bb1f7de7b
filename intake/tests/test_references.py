"""Reference numbers handed out on submission: ZVH-<year>-<5 digits>, per Amsterdam year."""

import datetime
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from intake.constants import CasusStatus
from intake.models import Casus, ReferenceCounter, StatusChange
from intake.services import casus_submit
from intake.tests.factories import CasusFactory
from participants.tests.factories import OrganisationFactory, UserFactory
from zvh.audit.models import AuditEvent
from zvh.audit.services import verify_chain
from zvh.core.exceptions import ServiceError
from zvh.core.testing import results_together

UTC = datetime.UTC
AMS = ZoneInfo("Europe/Amsterdam")


def _concept(melder=None):
    return CasusFactory(melder=melder) if melder is not None else CasusFactory()


def _submit(casus, when):
    return casus_submit(casus=casus, by=casus.melder, now=when)


@pytest.mark.django_db
def test_submission_numbers_sequentially_within_a_year():
    when = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    references = [_submit(_concept(), when + datetime.timedelta(minutes=i)).reference for i in range(3)]
    assert references == ["ZVH-2026-00001", "ZVH-2026-00002", "ZVH-2026-00003"]


@pytest.mark.django_db
def test_submission_sets_status_date_and_history():
    casus = _concept()
    when = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday 10:00 in Amsterdam
    _submit(casus, when)
    casus.refresh_from_db()
    assert casus.status == CasusStatus.AANGEMELD
    assert casus.submitted_at == when
    assert casus.target_triage_date == datetime.date(2026, 12, 10)
    last = casus.status_changes.order_by("id").last()
    assert (last.from_status, last.to_status, last.by) == (CasusStatus.CONCEPT, CasusStatus.AANGEMELD, casus.melder)


@pytest.mark.django_db
def test_year_is_the_amsterdam_year_not_the_utc_year():
    # 2026-12-31 23:30 UTC is 2027-01-01 00:30 in Amsterdam.
    late_utc = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert late_utc.astimezone(AMS).year == 2027
    casus = _submit(_concept(), late_utc)
    assert casus.reference == "ZVH-2027-00001"
    assert not ReferenceCounter.objects.filter(year=2026).exists()


@pytest.mark.django_db
def test_last_minutes_of_the_year_in_amsterdam_still_count_for_that_year():
    # 2026-12-31 22:30 UTC is 23:30 in Amsterdam: still 2026.
    casus = _submit(_concept(), datetime.datetime(2026, 12, 31, 22, 30, tzinfo=UTC))
    assert casus.reference == "ZVH-2026-00001"


@pytest.mark.django_db
def test_new_year_restarts_at_one():
    in_2026 = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    in_2027 = datetime.datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
    assert _submit(_concept(), in_2026).reference == "ZVH-2026-00001"
    assert _submit(_concept(), in_2026).reference == "ZVH-2026-00002"
    assert _submit(_concept(), in_2027).reference == "ZVH-2027-00001"
    assert _submit(_concept(), in_2027).reference == "ZVH-2027-00002"
    # And the old year continues where it was.
    assert _submit(_concept(), in_2026).reference == "ZVH-2026-00003"


@pytest.mark.django_db
def test_organisation_that_may_not_register_cannot_submit():
    org = OrganisationFactory(not_registering=True)
    melder = UserFactory(melder=True, organisation=org)
    casus = _concept(melder)
    history_before = casus.status_changes.count()
    audit_before = AuditEvent.objects.count()

    with pytest.raises(ServiceError) as excinfo:
        _submit(casus, datetime.datetime(2026, 6, 1, 10, 0, tzinfo=UTC))

    assert "mag (nog) geen casussen aanmelden" in str(excinfo.value)
    casus.refresh_from_db()
    assert casus.status == CasusStatus.CONCEPT
    assert casus.reference is None
    assert casus.submitted_at is None
    assert casus.target_triage_date is None
    assert casus.status_changes.count() == history_before
    assert AuditEvent.objects.count() == audit_before
    assert not ReferenceCounter.objects.exists()  # no number was used up
    # The next organisation that may register still gets number 1.
    assert _submit(_concept(), datetime.datetime(2026, 6, 1, 11, 0, tzinfo=UTC)).reference == "ZVH-2026-00001"


@pytest.mark.django_db
def test_another_melder_cannot_submit_the_authors_concept():
    casus = _concept()
    colleague = UserFactory(melder=True, organisation=casus.organisation)
    history_before = casus.status_changes.count()

    with pytest.raises(ServiceError, match="Alleen de melder die dit concept maakte"):
        casus_submit(casus=casus, by=colleague, now=datetime.datetime(2026, 6, 1, 10, 0, tzinfo=UTC))

    casus.refresh_from_db()
    assert casus.status == CasusStatus.CONCEPT
    assert casus.reference is None
    assert casus.status_changes.count() == history_before
    assert not ReferenceCounter.objects.exists()


@pytest.mark.django_db
def test_a_submitted_case_cannot_be_submitted_again():
    casus = _submit(_concept(), datetime.datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
    with pytest.raises(ServiceError):
        _submit(casus, datetime.datetime(2026, 6, 2, 10, 0, tzinfo=UTC))
    casus.refresh_from_db()
    assert casus.reference == "ZVH-2026-00001"
    assert ReferenceCounter.objects.get(year=2026).last_number == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_consecutive_numbers(postgres_only):
    threads_count = 20
    when = datetime.datetime(2030, 5, 6, 10, 0, tzinfo=UTC)
    concepts = [_concept() for _ in range(threads_count)]
    results, errors = results_together(*[partial(_submit, casus, when) for casus in concepts])

    assert not errors, errors
    references = sorted(casus.reference for casus in results)
    assert len(references) == threads_count
    assert references == [f"ZVH-2030-{n:05d}" for n in range(1, threads_count + 1)]
    assert sorted(Casus.objects.filter(status=CasusStatus.AANGEMELD).values_list("reference", flat=True)) == references
    assert ReferenceCounter.objects.get(year=2030).last_number == threads_count
    assert StatusChange.objects.filter(to_status=CasusStatus.AANGEMELD).count() == threads_count
    # The concurrent audit appends kept the hash chain intact.
    assert list(verify_chain()) == []
