"""The Thursday 16:00 cutoff job: which case is bound to which meeting, and that it holds up.

Time is controlled with time_machine: cases are submitted through ``casus_submit`` at a chosen
moment, and the Celery task ``close_intake`` (eager in unit tests) runs at a chosen moment, so
both "now" and ``submitted_at`` are what the test says. All moments are Europe/Amsterdam unless
they say UTC.
"""

import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import Casus
from intake.services import casus_submit, casus_transition
from intake.tests.factories import CasusFactory
from participants.tests.factories import UserFactory
from triage.constants import AgendaItemStatus
from triage.meeting_tasks import close_intake, generate_meetings
from triage.models import AgendaItem, CutoffRun, TriageMeeting
from triage.services.cutoff import cutoff_close_intake, cutoffs_pending
from triage.tests.meeting_factories import TriageMeetingFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.audit.services import verify_chain
from zvh.calendar.scheduling import TIMEZONE
from zvh.celery import app
from zvh.core.testing import run_together
from zvh.jobs.constants import JobOutcome
from zvh.jobs.models import JobRecord
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


def local(*args) -> datetime:
    return datetime(*args, tzinfo=TIMEZONE)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def submit_at(moment: datetime) -> Casus:
    """A melder submits a concept at ``moment`` (the clock is frozen there)."""
    with time_machine.travel(moment, tick=False):
        concept = CasusFactory()
        return casus_submit(casus=concept, by=concept.melder)


def run_at(moment: datetime) -> dict:
    """The beat fires ``close_intake`` at ``moment``; returns the task's result (counts)."""
    with time_machine.travel(moment, tick=False):
        return close_intake.delay().get()


def meeting_date_of(casus: Casus) -> date | None:
    """The date of the meeting the casus is bound to now, or None when it is not bound."""
    item = AgendaItem.objects.filter(casus=casus, status=AgendaItemStatus.GEBONDEN).select_related("meeting").first()
    return item.meeting.date if item else None


# --------------------------------------------------------------------------- the boundary


def test_submitted_at_155959_is_bound_and_at_160000_waits_for_the_next_cutoff():
    before = submit_at(local(2026, 12, 3, 15, 59, 59))
    at_cutoff = submit_at(local(2026, 12, 3, 16, 0, 0))

    assert run_at(local(2026, 12, 3, 15, 59, 59)) == {"cutoffs": 0, "gebonden": 0}
    assert meeting_date_of(before) is None

    assert run_at(local(2026, 12, 3, 16, 0, 0)) == {"cutoffs": 1, "gebonden": 1}
    assert meeting_date_of(before) == date(2026, 12, 10)
    assert meeting_date_of(at_cutoff) is None

    assert run_at(local(2026, 12, 10, 16, 0, 0)) == {"cutoffs": 1, "gebonden": 1}
    assert meeting_date_of(at_cutoff) == date(2026, 12, 17)
    # What the melder was told at submission is what the job did.
    before.refresh_from_db()
    at_cutoff.refresh_from_db()
    assert (before.target_triage_date, at_cutoff.target_triage_date) == (date(2026, 12, 10), date(2026, 12, 17))


def test_the_meeting_is_created_when_the_calendar_does_not_reach_it():
    submit_at(local(2026, 11, 30, 10, 0))
    assert not TriageMeeting.objects.exists()

    run_at(local(2026, 12, 3, 16, 0))

    meeting = TriageMeeting.objects.get()
    assert (meeting.date, meeting.starts_at.hour, meeting.is_extra) == (date(2026, 12, 10), 13, False)
    assert meeting.intake_closed_at == local(2026, 12, 3, 16, 0)


def test_only_cases_still_waiting_for_a_triage_are_bound():
    chair = UserFactory(voorzitter=True)
    aangemeld = submit_at(local(2026, 11, 30, 9, 0))
    in_verrijking = submit_at(local(2026, 11, 30, 9, 5))
    casus_transition(casus=in_verrijking, to=CasusStatus.IN_VERRIJKING, by=chair)
    question_open = submit_at(local(2026, 11, 30, 9, 10))
    casus_transition(casus=question_open, to=CasusStatus.AANVULLING_GEVRAAGD, by=chair)
    withdrawn = submit_at(local(2026, 11, 30, 9, 15))
    casus_transition(casus=withdrawn, to=CasusStatus.INGETROKKEN, by=withdrawn.melder)
    concept = CasusFactory()

    assert run_at(local(2026, 12, 3, 16, 0))["gebonden"] == 3

    bound = set(AgendaItem.objects.values_list("casus_id", flat=True))
    assert bound == {aangemeld.pk, in_verrijking.pk, question_open.pk}
    assert withdrawn.pk not in bound and concept.pk not in bound


# --------------------------------------------------------------------------- DST


def test_cutoff_in_the_last_week_of_march_follows_the_local_1600():
    """Summer time starts on Sunday 2027-03-28: 16:00 is 15:00 UTC before, 14:00 UTC after."""
    early = submit_at(utc(2027, 3, 25, 14, 59, 59))  # 15:59:59 CET
    late = submit_at(utc(2027, 3, 25, 15, 0, 0))  # 16:00 CET
    before_summer_cutoff = submit_at(utc(2027, 4, 1, 13, 59, 59))  # 15:59:59 CEST
    after_summer_cutoff = submit_at(utc(2027, 4, 1, 14, 0, 0))  # 16:00 CEST; 15:00 UTC is still to come

    assert run_at(utc(2027, 3, 25, 15, 0)) == {"cutoffs": 1, "gebonden": 1}
    assert meeting_date_of(early) == date(2027, 4, 1)

    assert run_at(utc(2027, 4, 1, 14, 0)) == {"cutoffs": 1, "gebonden": 2}
    assert meeting_date_of(late) == date(2027, 4, 8)
    assert meeting_date_of(before_summer_cutoff) == date(2027, 4, 8)
    assert meeting_date_of(after_summer_cutoff) is None

    runs = CutoffRun.objects.order_by("cutoff_at").values_list("cutoff_at", flat=True)
    assert list(runs) == [utc(2027, 3, 25, 15, 0), utc(2027, 4, 1, 14, 0)]


def test_cutoff_in_the_last_week_of_october_follows_the_local_1600():
    """Winter time starts on Sunday 2026-10-25: 16:00 is 14:00 UTC before, 15:00 UTC after."""
    after_summer_cutoff = submit_at(utc(2026, 10, 22, 14, 0, 0))  # 16:00 CEST
    winter_afternoon = submit_at(utc(2026, 10, 29, 14, 30))  # 15:30 CET: still before the cutoff

    # 14:30 UTC on the 29th would be past a "14:00 UTC every week" cutoff, but it is 15:30 here.
    assert run_at(utc(2026, 10, 29, 14, 30)) == {"cutoffs": 0, "gebonden": 0}

    assert run_at(utc(2026, 10, 29, 15, 0)) == {"cutoffs": 1, "gebonden": 2}
    assert meeting_date_of(after_summer_cutoff) == date(2026, 11, 5)
    assert meeting_date_of(winter_afternoon) == date(2026, 11, 5)
    assert CutoffRun.objects.get().cutoff_at == utc(2026, 10, 29, 15, 0)


# --------------------------------------------------------------------------- holidays


def test_holiday_week_ascension_day_goes_to_the_week_after():
    """Ascension Day 2027-05-06 has no triage; its cutoff (an intake deadline) still runs."""
    before_holiday_week = submit_at(local(2027, 4, 29, 15, 0))
    on_ascension_day = submit_at(local(2027, 5, 6, 10, 0))

    run_at(local(2027, 4, 29, 16, 0))
    assert meeting_date_of(before_holiday_week) == date(2027, 5, 13)
    assert not TriageMeeting.objects.filter(date=date(2027, 5, 6)).exists()
    # The Ascension Day cutoff still feeds the same meeting: its intake is not closed yet.
    assert TriageMeeting.objects.get(date=date(2027, 5, 13)).intake_closed_at is None

    run_at(local(2027, 5, 6, 16, 0))
    assert meeting_date_of(on_ascension_day) == date(2027, 5, 13)
    assert TriageMeeting.objects.get(date=date(2027, 5, 13)).intake_closed_at == local(2027, 5, 6, 16, 0)


# --------------------------------------------------------------------------- idempotent, catch-up


def test_run_twice_changes_nothing_the_second_time():
    casus = submit_at(local(2026, 12, 1, 11, 0))
    run_at(local(2026, 12, 3, 16, 0))
    casus.refresh_from_db()
    snapshot = (
        list(AgendaItem.objects.values_list("pk", "meeting_id", "status")),
        list(CutoffRun.objects.values_list("pk", "bound_count", "ran_at")),
        list(TriageMeeting.objects.values_list("pk", "date", "intake_closed_at")),
        casus.updated_at,
        AuditEvent.objects.count(),
    )

    assert run_at(local(2026, 12, 3, 16, 0)) == {"cutoffs": 0, "gebonden": 0}
    assert run_at(local(2026, 12, 3, 18, 30)) == {"cutoffs": 0, "gebonden": 0}

    casus.refresh_from_db()
    assert snapshot == (
        list(AgendaItem.objects.values_list("pk", "meeting_id", "status")),
        list(CutoffRun.objects.values_list("pk", "bound_count", "ran_at")),
        list(TriageMeeting.objects.values_list("pk", "date", "intake_closed_at")),
        casus.updated_at,
        AuditEvent.objects.count(),
    )


def test_after_a_missed_week_both_cutoffs_run_in_order():
    first_week = submit_at(local(2026, 11, 30, 10, 0))  # before the cutoff of 3 December
    second_week = submit_at(local(2026, 12, 4, 9, 0))  # before the cutoff of 10 December
    too_late = submit_at(local(2026, 12, 10, 16, 30))  # after both

    # The worker was down on 3 December; it is back a week later.
    assert run_at(local(2026, 12, 10, 16, 5)) == {"cutoffs": 2, "gebonden": 2}

    # The first week's case was due at the triage of 10 December, held this afternoon: the next one.
    assert meeting_date_of(first_week) == date(2026, 12, 17)
    assert meeting_date_of(second_week) == date(2026, 12, 17)
    assert meeting_date_of(too_late) is None
    runs = list(CutoffRun.objects.order_by("cutoff_at").values_list("cutoff_at", "meeting__date", "bound_count"))
    assert runs == [
        (local(2026, 12, 3, 16, 0), date(2026, 12, 17), 1),
        (local(2026, 12, 10, 16, 0), date(2026, 12, 17), 1),
    ]


def test_a_long_outage_loses_nobody():
    """Down for ten weeks: only the last eight weeks of cutoffs run, and the oldest case is still bound."""
    old = submit_at(local(2026, 9, 1, 10, 0))

    result = run_at(local(2026, 11, 12, 16, 0))

    assert result == {"cutoffs": 8, "gebonden": 1}
    # Due at 1 October (the first cutoff processed: 24 September); today's meeting has been held.
    assert meeting_date_of(old) == date(2026, 11, 19)


def test_after_an_outage_waiting_cases_go_to_the_next_open_meeting_and_the_chairs_are_told():
    UserFactory(voorzitter=True, email="voorzitter2@zvh.example")
    UserFactory(voorzitter=True, email="voorzitter1@zvh.example")
    UserFactory(voorzitter=True, email="")  # no address: nobody to mail
    UserFactory(voorzitter=True, email="oud@zvh.example", is_active=False)
    UserFactory(melder=True, email="melder@org.example")
    first = submit_at(local(2026, 11, 30, 10, 0))  # due at the triage of 10 December
    second = submit_at(local(2026, 12, 7, 10, 0))  # due at the triage of 17 December
    run_at(local(2026, 11, 26, 16, 0))  # the last cutoff before the outage
    TriageMeetingFactory(date=date(2026, 12, 24), agenda_finalised_at=local(2026, 12, 18, 9, 0))

    # The worker is down from 27 November and back on Monday 21 December.
    assert run_at(local(2026, 12, 21, 6, 45)) == {"cutoffs": 3, "gebonden": 2}

    # Not the meetings of 10 and 17 December (held), nor that of 24 December (its agenda was sent).
    assert meeting_date_of(first) == date(2026, 12, 31)
    assert meeting_date_of(second) == date(2026, 12, 31)
    mails = list(OutgoingMail.objects.filter(key__startswith="cutoff-te-laat:").order_by("pk"))
    assert [(mail.to, mail.subject) for mail in mails] == [
        (
            ["voorzitter1@zvh.example", "voorzitter2@zvh.example"],
            "Te laat verwerkte cutoff: 1 casus(sen) naar de triage van 31-12-2026",
        ),
        (
            ["voorzitter1@zvh.example", "voorzitter2@zvh.example"],
            "Te laat verwerkte cutoff: 1 casus(sen) naar de triage van 31-12-2026",
        ),
    ]
    assert "Integrale Triage van donderdag 10 december 2026; die is al geweest" in mails[0].body
    assert "gebonden aan de eerstvolgende triage die nog open staat: donderdag 31 december 2026" in mails[0].body
    for mail in mails:
        assert first.reference not in mail.body and second.reference not in mail.body
    assert mails[0].case_reference == ""

    # Back to normal: the cutoff of Christmas Eve binds on time and tells nobody.
    on_time = submit_at(local(2026, 12, 22, 10, 0))
    assert run_at(local(2026, 12, 24, 16, 0)) == {"cutoffs": 1, "gebonden": 1}
    assert meeting_date_of(on_time) == date(2026, 12, 31)
    assert OutgoingMail.objects.filter(key__startswith="cutoff-te-laat:").count() == 2


def test_nothing_runs_before_the_first_submission_ever():
    assert run_at(local(2026, 12, 3, 16, 0)) == {"cutoffs": 0, "gebonden": 0}
    assert not TriageMeeting.objects.exists()
    assert not CutoffRun.objects.exists()


def test_the_run_is_audited_with_counts_only():
    submit_at(local(2026, 12, 1, 11, 0))
    run_at(local(2026, 12, 3, 16, 0))

    event = AuditEvent.objects.get(object_type="triage.cutoffrun")
    assert event.username == "systeem" and event.action == AuditAction.UPDATE
    assert event.detail == {
        "gebeurtenis": "aanmelding_gesloten",
        "cutoff": local(2026, 12, 3, 16, 0).isoformat(),
        "vergadering": "2026-12-10",
        "gebonden": 1,
        "te_laat": False,
    }


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        cutoff_close_intake(now=datetime(2026, 12, 3, 16, 0))


# --------------------------------------------------------------------------- concurrency, Celery


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_bind_each_case_once(postgres_only):
    cases = [submit_at(local(2026, 12, 1, 9, minute)) for minute in range(6)]

    def worker():
        cutoff_close_intake(now=local(2026, 12, 3, 16, 0, 1))

    errors = run_together(worker, worker)

    assert errors == []
    assert CutoffRun.objects.count() == 1
    assert CutoffRun.objects.get().bound_count == len(cases)
    assert TriageMeeting.objects.count() == 1
    for casus in cases:
        assert AgendaItem.objects.filter(casus=casus).count() == 1


@pytest.fixture
def worker_on_own_queue():
    """A real worker (as in zvh/core/tests/test_celery.py) that listens to a queue of this test only.

    Other test runs on this machine share the embedded broker's folder; on the default queue
    their worker could take this task and answer from their own database (or ours theirs).
    """
    queue = f"test-{uuid.uuid4()}"
    default_queues = list(app.amqp.queues.consume_from)
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=[queue]):
            yield queue
    finally:
        # Choosing queues for a worker is app-wide state: later workers must listen to the defaults again.
        app.amqp.queues.select(default_queues)
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.mark.django_db(transaction=True)
def test_close_intake_through_the_broker(worker_on_own_queue):
    submit_at(timezone.now() - timedelta(days=15))
    cutoffs = len(cutoffs_pending(now=timezone.now()))

    close_intake.apply_async(queue=worker_on_own_queue)

    # Results are not stored (nobody reads them): watch the effect in the database. Each cutoff's
    # run row becomes visible with its commit, so once all are there the worker is done writing;
    # before that, SQLite may refuse a read of a table the worker's transaction holds.
    deadline = time.monotonic() + 90  # the embedded broker polls; a loaded machine is slow
    while time.monotonic() < deadline:
        try:
            if CutoffRun.objects.count() == cutoffs:
                break
        except OperationalError:
            pass
        time.sleep(0.1)
    assert CutoffRun.objects.count() == cutoffs >= 2
    assert AgendaItem.objects.count() == 1
    # The worker recorded the run for the list of recurring jobs in Beheer (zvh.jobs), right after the task.
    while time.monotonic() < deadline:
        try:
            if JobRecord.objects.filter(task=close_intake.name, last_outcome=JobOutcome.OK).exists():
                break
        except OperationalError:
            pass
        time.sleep(0.1)
    assert JobRecord.objects.get(task=close_intake.name).last_summary == {"cutoffs": cutoffs, "gebonden": 1}


def test_beat_runs_the_cutoff_every_thursday_at_1600_amsterdam_and_plans_meetings_daily():
    cutoff = settings.CELERY_BEAT_SCHEDULE["aanmelding-sluiten-donderdag-1600"]
    schedule = cutoff["schedule"]
    assert cutoff["task"] == close_intake.name
    assert (schedule.minute, schedule.hour, schedule.day_of_week) == ({0}, {16}, {4})
    assert str(app.timezone) == settings.CELERY_TIMEZONE == "Europe/Amsterdam"
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {generate_meetings.name, close_intake.name} <= tasks


# --------------------------------------------------------------------------- cost and locks at scale


def test_the_job_costs_the_same_queries_for_fifty_cases_as_for_one():
    """A thousand waiting cases must not mean ten thousand queries (issue 16): a constant per cutoff."""
    submit_at(local(2026, 12, 1, 9, 0))
    with time_machine.travel(local(2026, 12, 8, 9, 0), tick=False):
        fifty = [casus_submit(casus=concept, by=concept.melder) for concept in CasusFactory.create_batch(50)]

    # The job's first run ever also creates its record for Beheer (zvh.jobs): measured from then on.
    assert run_at(local(2026, 12, 1, 16, 0)) == {"cutoffs": 0, "gebonden": 0}
    with CaptureQueriesContext(connection) as one_case:
        assert run_at(local(2026, 12, 3, 16, 0)) == {"cutoffs": 1, "gebonden": 1}
    with CaptureQueriesContext(connection) as fifty_cases:
        assert run_at(local(2026, 12, 10, 16, 0)) == {"cutoffs": 1, "gebonden": 50}

    assert len(fifty_cases) == len(one_case)
    # Still one audit entry per bound case, with the dates it moved between, and one for the run.
    bound_entries = AuditEvent.objects.filter(detail__gebeurtenis="gebonden_aan_triage")
    assert set(bound_entries.values_list("object_id", flat=True)) >= {str(casus.pk) for casus in fifty}
    assert bound_entries.count() == 51
    entry = AuditEvent.objects.filter(object_id=str(fifty[0].pk), detail__gebeurtenis="gebonden_aan_triage").get()
    assert entry.detail == {"gebeurtenis": "gebonden_aan_triage", "van": "2026-12-17", "naar": "2026-12-17"}
    assert all(meeting_date_of(casus) == date(2026, 12, 17) for casus in fifty)
    assert list(verify_chain()) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_audited_page_is_not_held_up_by_a_running_cutoff(postgres_only, client):
    """While the job's transaction is open (cases locked, items written), a chair's list page still
    appends its audit entry and answers; the page does not wait for the job to commit."""
    for minute in range(20):
        submit_at(local(2026, 12, 1, 9, minute))
    chair = UserFactory(voorzitter=True)
    job_open, page_done = threading.Event(), threading.Event()
    seen = {}

    def cutoff_job():
        with transaction.atomic():
            seen["runs"] = len(cutoff_close_intake(now=local(2026, 12, 3, 16, 0, 1)))
            job_open.set()
            # Keep the job's transaction (and every lock it took) open until the page is done.
            seen["page answered while the job was open"] = page_done.wait(timeout=20)

    def page():
        assert job_open.wait(timeout=20)
        client.force_login(chair)
        seen["status"] = client.get(reverse("triage:screening")).status_code
        seen["page entries"] = AuditEvent.objects.filter(username=chair.username, action=AuditAction.LIST).count()
        page_done.set()

    assert run_together(cutoff_job, page) == []
    assert seen == {"runs": 1, "page answered while the job was open": True, "status": 200, "page entries": 1}
    assert AgendaItem.objects.filter(status=AgendaItemStatus.GEBONDEN).count() == 20
    assert list(verify_chain()) == []
