"""The nightly job: deletes everything expired (catching up missed nights), once, through the one erasure.

After it ran, a scan of every text column of the whole database and of the media folder finds
nothing personal of the deleted cases (the scan of ``triage/tests/test_rejection_deletion.py``,
the case built through every stage by ``pga/tests/test_erasure_everywhere.py``), the anonymous
facts the reports count are unchanged, and a case with an extension is untouched.
"""

import datetime
import logging

import pytest
from django.db.models import Count
from django.db.models.functions import TruncDate

from intake.constants import CasusStatus
from intake.models import Casus, StatusChange, bsn_digest
from participants.tests.factories import UserFactory
from pga.constants import DossierPhase
from pga.models import PgaDossier
from pga.tests.test_erasure_everywhere import LATER, through_every_stage
from retention.constants import DELETED_REASON, EndingKind
from retention.models import RetentionDeletion
from retention.schedule import schedules
from retention.services import retention_delete_expired, retention_extend
from retention.tasks import delete_expired
from triage.services.screening import casus_delete_after_rejection
from triage.tests.test_rejection_deletion import (  # noqa: F401 - fixtures
    FILE_CONTENT,
    PERSONAL,
    chair,
    files_containing,
    find_everywhere,
    full_case,
    melder,
    org,
)
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent

from .endings import SURNAME, at, local, no_pga, rejected, withdrawn

pytestmark = pytest.mark.django_db


def status(casus) -> str:
    return Casus.objects.get(pk=casus.pk).status


def anonymous_facts() -> dict:
    """What reports count: cases per organisation and per day of submission, status moves per kind and day."""
    return {
        "per_organisation": dict(Casus.objects.values_list("organisation__name").annotate(n=Count("pk"))),
        "per_submission_day": dict(
            Casus.objects.annotate(day=TruncDate("submitted_at")).values_list("day").annotate(n=Count("pk"))
        ),
        "moves": sorted(
            StatusChange.objects.values_list("from_status", "to_status", TruncDate("at")).annotate(n=Count("pk"))
        ),
    }


def test_the_job_deletes_every_expired_case_once_and_catches_up_missed_nights(policy):
    # Withdrawn on three days in March 2027: expiring on 10, 11 and 12 September 2027.
    first = withdrawn(local(2027, 3, 10))
    second = withdrawn(local(2027, 3, 11))
    third = withdrawn(local(2027, 3, 12))
    # The job did not run on 10 and 11 September; the night of the 12th deletes all three.
    with at(local(2027, 9, 12, 1, 30)):
        assert delete_expired.delay().get() == 3
    assert [status(c) for c in (first, second, third)] == [CasusStatus.VERWIJDERD] * 3
    # A second run (a retry, a second beat) changes nothing.
    history = StatusChange.objects.filter(to_status=CasusStatus.VERWIJDERD).count()
    with at(local(2027, 9, 12, 1, 45)):
        assert retention_delete_expired() == 0
    assert StatusChange.objects.filter(to_status=CasusStatus.VERWIJDERD).count() == history == 3
    assert RetentionDeletion.objects.count() == 3


def test_the_job_works_in_batches_and_deletes_them_all(policy):
    cases = [withdrawn(local(2027, 3, 10)) for _ in range(5)]
    with at(local(2027, 9, 10, 1, 30)):
        assert retention_delete_expired(batch_size=2) == 5
    assert {status(c) for c in cases} == {CasusStatus.VERWIJDERD}


def test_an_extended_case_is_untouched_until_its_new_date(policy, chair):  # noqa: F811
    kept = withdrawn(local(2027, 3, 10))
    gone = withdrawn(local(2027, 3, 10))
    with at(local(2027, 9, 1)):
        retention_extend(casus=kept, until=datetime.date(2027, 12, 1), reason="Lopende klacht.", by=chair)
    before = Casus.objects.get(pk=kept.pk)
    with at(local(2027, 9, 10, 1, 30)):
        assert retention_delete_expired() == 1
    assert status(gone) == CasusStatus.VERWIJDERD
    after = Casus.objects.get(pk=kept.pk)
    assert (after.status, after.updated_at) == (CasusStatus.INGETROKKEN, before.updated_at)
    assert after.betrokkenen.get().surname == SURNAME
    assert after.retention_extensions.get().reason == "Lopende klacht."
    # On the new date it goes, with its extension.
    with at(local(2027, 12, 1, 1, 30)):
        assert retention_delete_expired() == 1
    assert status(kept) == CasusStatus.VERWIJDERD
    assert not find_everywhere("Lopende klacht.")


def test_the_triage_deletion_after_rejection_waits_for_a_longer_period_or_an_extension(policy, chair):  # noqa: F811
    casus = rejected(local(2027, 3, 31, 9), chair=chair)
    with at(local(2027, 3, 31, 10)):
        retention_extend(casus=casus, until=datetime.date(2027, 5, 1), reason="Bezwaar van de melder.", by=chair)
        assert casus_delete_after_rejection(casus_id=casus.pk) == "bewaartermijn"
    assert status(casus) == CasusStatus.AFGEWEZEN
    with at(local(2027, 5, 1, 9)):
        assert casus_delete_after_rejection(casus_id=casus.pk) == "verwijderd"


def test_each_deletion_is_logged_with_identifiers_only(policy, caplog):
    casus = withdrawn(local(2027, 3, 10))
    with at(local(2027, 9, 10, 1, 30)), caplog.at_level(logging.INFO, logger="retention"):
        retention_delete_expired()
    lines = [record.getMessage() for record in caplog.records if record.name.startswith("retention")]
    assert lines[0] == f"Bewaartermijn verstreken: casus {casus.pk} ({casus.reference}, ingetrokken) verwijderd"
    assert not any(SURNAME in line or "Bewaarvoornaam" in line for line in lines)
    # The audit log holds the erasure's counts and the anonymous deletion record names the ending.
    entry = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(casus.pk))
    # The person, and the melder's typed reason for withdrawing.
    assert entry.detail == {"verwijderd": {"betrokkenen": 1, "redenen_statusgeschiedenis": 1}}
    record = RetentionDeletion.objects.get(casus=casus)
    assert (record.kind, record.ended_on, record.deletion_date, record.policy) == (
        EndingKind.INGETROKKEN,
        datetime.date(2027, 3, 10),
        datetime.date(2027, 9, 10),
        policy,
    )
    assert Casus.objects.get(pk=casus.pk).status_changes.last().reason == DELETED_REASON


def test_after_the_job_nothing_personal_of_the_expired_cases_is_left_and_the_counts_stand(
    full_case,  # noqa: F811
    chair,  # noqa: F811
    weighing_model,
    policy,
    django_capture_on_commit_callbacks,
):
    # A case through every stage up to its PGA, closed on 1 June 2027 (its dossier's final close,
    # written as through_every_stage writes the close: the phase as dossier_close leaves it).
    through_every_stage(full_case, chair, weighing_model)
    PgaDossier.objects.filter(casus=full_case).update(phase=DossierPhase.AFGESLOTEN)
    # Beside it: a geen-PGA case that expires the same night, and one withdrawn case kept by an extension.
    no_pga_case = no_pga(local(2030, 6, 1))  # + 24 months: 1 June 2032, like the PGA (+ 60 months)
    kept = withdrawn(local(2031, 1, 10))
    with at(local(2032, 5, 1)):
        retention_extend(casus=kept, until=datetime.date(2033, 1, 1), reason="Gerechtelijke procedure.", by=chair)
    values = [
        value
        for key, value in {**PERSONAL, **LATER}.items()
        if key not in ("bsn", "postal_code", "city", "chair_reason", "advice", "contact_note")
    ]
    assert [value for value in values if not find_everywhere(value)] == []  # the scan can fail
    assert files_containing(FILE_CONTENT)
    facts = anonymous_facts()

    # Attachment files go after each case's commit.
    with at(local(2032, 6, 1, 1, 30)), django_capture_on_commit_callbacks(execute=True):
        assert retention_delete_expired() == 2

    assert {value: hits for value in values if (hits := find_everywhere(value))} == {}
    assert find_everywhere(bsn_digest(PERSONAL["bsn"])) == []
    assert files_containing(FILE_CONTENT) == []
    assert [status(c) for c in (full_case, no_pga_case, kept)] == [
        CasusStatus.VERWIJDERD,
        CasusStatus.VERWIJDERD,
        CasusStatus.INGETROKKEN,
    ]
    assert kept.betrokkenen.get().surname == SURNAME
    # The anonymous facts stand; the only new ones are the two moves to verwijderd that night.
    after = anonymous_facts()
    assert after["per_organisation"] == facts["per_organisation"]
    assert after["per_submission_day"] == facts["per_submission_day"]
    new_moves = sorted(set(after["moves"]) - set(facts["moves"]))
    assert new_moves == [(CasusStatus.AFGESLOTEN, CasusStatus.VERWIJDERD, datetime.date(2032, 6, 1), 2)]
    assert set(facts["moves"]) <= set(after["moves"])


@pytest.mark.parametrize("count", [1, 5])
def test_the_scan_of_every_ended_case_is_one_query_however_many_there_are(policy, count, django_assert_num_queries):
    for _ in range(count):
        withdrawn(local(2027, 3, 10))
    no_pga(local(2027, 3, 10))
    with django_assert_num_queries(1):
        found = schedules(Casus.objects.all(), policy)
    assert sorted(schedule.kind for schedule in found) == sorted(
        [EndingKind.INGETROKKEN] * count + [EndingKind.GEEN_PGA]
    )


def test_hundreds_of_expired_cases_go_in_batches_of_200(policy):
    """401 cases withdrawn on 10 March 2027 (written in bulk, as casus_withdraw leaves them): deleted
    on 10 September 2027 in three batches; the evening before, none."""
    author = UserFactory(melder=True)
    with at(local(2027, 3, 10)):
        cases = Casus.objects.bulk_create(
            Casus(
                melder=author,
                organisation=author.organisation,
                status=CasusStatus.INGETROKKEN,
                reference=f"ZVH-2027-{n:05d}",
                submitted_at=local(2027, 3, 1),
            )
            for n in range(1, 402)
        )
        StatusChange.objects.bulk_create(
            StatusChange(casus=casus, from_status=CasusStatus.AANGEMELD, to_status=CasusStatus.INGETROKKEN, by=author)
            for casus in cases
        )
    with at(local(2027, 9, 9, 23, 59)):
        assert retention_delete_expired() == 0
    with at(local(2027, 9, 10, 1, 30)):
        assert retention_delete_expired() == 401
    assert Casus.objects.filter(status=CasusStatus.VERWIJDERD).count() == 401
