"""Each kind of ending is deleted on exactly the day its period ends (Europe/Amsterdam), not a minute before.

The expected deletion dates are counted by hand from the policy's defaults (docs/retention.md):
concept 3 months, ingetrokken 6, afgewezen 0 (1 in the version made here), geen PGA 24, PGA 60.
"""

import datetime

import pytest

from intake.constants import CasusStatus
from intake.models import Casus
from intake.tests.factories import CasusFactory
from pga.constants import ClosingReason
from pga.services import dossier_close
from pga.tests.factories import started
from retention.constants import EndingKind
from retention.schedule import schedule_of
from retention.services import RETENTION_POLICIES, retention_delete_expired
from triage.tests.case_factories import RejectedCasusFactory
from zvh.calendar.scheduling import TIMEZONE

from .endings import at, concept, local, no_pga, pga_closed, rejected, withdrawn

pytestmark = pytest.mark.django_db


def status(casus) -> str:
    return Casus.objects.get(pk=casus.pk).status


def run_at(moment) -> int:
    with at(moment):
        return retention_delete_expired()


def expires_exactly_on(casus, kind: EndingKind, *, ended_on: datetime.date, deletion_date: datetime.date) -> None:
    """The case ended as ``kind`` on ``ended_on``; still there at 23:59 the evening before
    ``deletion_date``, deleted by a run one minute after midnight."""
    schedule = schedule_of(casus)
    assert (schedule.kind, schedule.ended_on, schedule.deletion_date) == (kind, ended_on, deletion_date)
    before = datetime.datetime.combine(
        deletion_date - datetime.timedelta(days=1), datetime.time(23, 59), tzinfo=TIMEZONE
    )
    assert run_at(before) == 0
    assert status(casus) != CasusStatus.VERWIJDERD
    assert run_at(before + datetime.timedelta(minutes=2)) == 1
    assert status(casus) == CasusStatus.VERWIJDERD


def test_a_concept_left_alone_expires_three_months_after_its_last_change(policy):
    casus = concept(local(2027, 1, 31, 10))
    # 31 January + 3 months: April has 30 days.
    expires_exactly_on(
        casus, EndingKind.CONCEPT, ended_on=datetime.date(2027, 1, 31), deletion_date=datetime.date(2027, 4, 30)
    )


def test_a_withdrawn_case_expires_six_months_after_the_amsterdam_day_of_withdrawal(policy):
    # 23:30 in Amsterdam is 22:30 UTC the same day; the deletion at 00:01 Amsterdam is still the
    # day before in UTC, so a date taken in UTC would delete a day late.
    casus = withdrawn(local(2027, 3, 10, 23, 30))
    expires_exactly_on(
        casus, EndingKind.INGETROKKEN, ended_on=datetime.date(2027, 3, 10), deletion_date=datetime.date(2027, 9, 10)
    )


def test_a_rejection_expires_its_period_after_the_melder_was_told(policy):
    with at(local(2027, 1, 4)):
        version = RETENTION_POLICIES.new_version(version=policy, by=None)
        version.rejected_months = 1
        RETENTION_POLICIES.save(version=version, by=None)
        RETENTION_POLICIES.activate(version=version, by=None)
    casus = rejected(local(2027, 3, 31, 9))
    expires_exactly_on(
        casus, EndingKind.AFGEWEZEN, ended_on=datetime.date(2027, 3, 31), deletion_date=datetime.date(2027, 4, 30)
    )


def test_a_rejection_under_the_default_policy_is_deleted_the_night_the_melder_was_told(policy):
    casus = rejected(local(2027, 3, 31, 9))
    assert schedule_of(casus).deletion_date == datetime.date(2027, 3, 31)
    assert run_at(local(2027, 3, 31, 22)) == 1


def test_a_rejection_not_yet_told_to_the_melder_has_no_deletion_date(policy):
    casus = RejectedCasusFactory()
    assert schedule_of(casus) is None
    assert run_at(local(2040, 1, 1)) == 0


def test_geen_pga_expires_24_months_after_the_advice_was_sent(policy):
    casus = no_pga(local(2027, 2, 15, 14))
    expires_exactly_on(
        casus, EndingKind.GEEN_PGA, ended_on=datetime.date(2027, 2, 15), deletion_date=datetime.date(2029, 2, 15)
    )


def test_a_closed_pga_expires_five_years_after_closing(policy):
    casus = pga_closed(local(2027, 6, 1, 10))
    expires_exactly_on(
        casus, EndingKind.PGA_AFGESLOTEN, ended_on=datetime.date(2027, 6, 1), deletion_date=datetime.date(2032, 6, 1)
    )


def test_a_pga_with_monitoring_ends_when_the_monitoring_is_done(policy):
    casus = pga_closed(local(2027, 6, 1, 10), monitoring_done=local(2027, 9, 1, 11))
    expires_exactly_on(
        casus, EndingKind.PGA_AFGESLOTEN, ended_on=datetime.date(2027, 9, 1), deletion_date=datetime.date(2032, 9, 1)
    )


def test_a_pga_waiting_for_its_monitoring_check_has_not_ended(policy):
    dossier = started()
    with at(local(2027, 6, 1, 10)):
        dossier_close(
            dossier=dossier,
            reason=ClosingReason.DOELEN_BEREIKT,
            evaluation="Doelen bereikt.",
            by=dossier.procesregisseur,
            monitoring_date=datetime.date(2027, 9, 1),
        )
    assert status(dossier.casus) == CasusStatus.AFGESLOTEN
    assert schedule_of(dossier.casus) is None
    assert run_at(local(2040, 1, 1)) == 0


def test_running_cases_have_no_deletion_date(policy):
    submitted = CasusFactory(submitted=True)
    running = started().casus
    assert schedule_of(submitted) is None and schedule_of(running) is None
    assert run_at(local(2040, 1, 1)) == 0
