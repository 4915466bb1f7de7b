"""The recurring jobs in Beheer: every beat entry with its schedule, latest run, outcome and missed runs.

What a functioneel beheerder would notice: a job that ran says when and how it went (counts,
never personal data); a job whose expected run did not happen says so; a beat job another app
adds later is listed with no code of its own. Times are Europe/Amsterdam.
"""

import datetime

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from zvh.calendar.scheduling import TIMEZONE
from zvh.celery import app
from zvh.core.testing import run_together
from zvh.jobs.constants import JobOutcome
from zvh.jobs.models import JobRecord
from zvh.jobs.recording import record_end, record_start
from zvh.jobs.schedules import describe
from zvh.jobs.selectors import recurring_jobs
from zvh.mail.tasks import requeue_stale_mail, send_outgoing_mail

pytestmark = pytest.mark.django_db

NIGHTLY = "zvh.jobs.tests.nachtelijk_opruimen"
SECRET = "Jansen, BSN 123456782"


@app.task(name=NIGHTLY)
def nightly_cleanup(fail: bool = False) -> dict:
    """Stands in for a job another app adds later (like retention's nightly deletion)."""
    if fail:
        raise ValueError(SECRET)
    return {"verwijderd": 3, "bewaard": 1, "toelichting": SECRET}


WITH_NIGHTLY = {
    **settings.CELERY_BEAT_SCHEDULE,
    "nachtelijk-opruimen": {"task": NIGHTLY, "schedule": crontab(hour=1, minute=0)},
}


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TIMEZONE)


def job(name: str):
    return next(entry for entry in recurring_jobs() if entry.name == name)


# --------------------------------------------------------------------------- recording


def test_a_beat_task_run_is_recorded_with_its_counts():
    with time_machine.travel(at(2026, 12, 7, 10, 15), tick=False):
        requeue_stale_mail.apply()

    record = JobRecord.objects.get(task="zvh.mail.requeue_stale")
    assert record.last_outcome == JobOutcome.OK
    assert record.last_started_at == at(2026, 12, 7, 10, 15)
    assert record.last_success_at == at(2026, 12, 7, 10, 15)
    assert record.last_summary == {"aantal": 0}
    assert (record.run_count, record.failure_count) == (1, 0)


def test_a_task_that_is_not_on_the_beat_schedule_is_not_recorded():
    send_outgoing_mail.apply(args=[999999])
    assert not JobRecord.objects.exists()


@override_settings(CELERY_BEAT_SCHEDULE=WITH_NIGHTLY)
def test_a_job_added_later_is_listed_and_recorded_without_code_of_its_own():
    assert job("nachtelijk-opruimen").outcome == "Nog niet uitgevoerd"

    with time_machine.travel(at(2026, 12, 7, 1, 0), tick=False):
        nightly_cleanup.apply()

    listed = job("nachtelijk-opruimen")
    assert listed.schedule_text == "dagelijks om 01:00"
    assert listed.outcome == "Gelukt"
    # Counts only: the text the task returned is not kept.
    assert listed.summary_text == "bewaard: 1, verwijderd: 3"


@override_settings(CELERY_BEAT_SCHEDULE=WITH_NIGHTLY)
def test_a_failed_run_keeps_the_kind_of_error_never_its_message():
    with time_machine.travel(at(2026, 12, 7, 1, 0), tick=False):
        nightly_cleanup.apply()
    with time_machine.travel(at(2026, 12, 8, 1, 0), tick=False):
        nightly_cleanup.apply(kwargs={"fail": True}, throw=False)

    record = JobRecord.objects.get(task=NIGHTLY)
    assert record.last_outcome == JobOutcome.FAILED
    assert record.last_error == "ValueError"
    assert record.last_success_at == at(2026, 12, 7, 1, 0)  # the last good run stays visible
    assert (record.run_count, record.failure_count) == (2, 1)
    stored = str(JobRecord.objects.values().get(task=NIGHTLY))
    assert "Jansen" not in stored and "123456782" not in stored


# --------------------------------------------------------------------------- missed runs


@override_settings(CELERY_BEAT_SCHEDULE=WITH_NIGHTLY)
def test_a_daily_job_is_missed_once_its_next_run_is_more_than_half_an_hour_late():
    with time_machine.travel(at(2026, 12, 7, 1, 0), tick=False):
        nightly_cleanup.apply()
    # The next run is due Tuesday 01:00.
    for moment, missed in (
        (at(2026, 12, 7, 23, 0), False),
        (at(2026, 12, 8, 1, 25), False),
        (at(2026, 12, 8, 1, 31), True),
        (at(2026, 12, 11, 9, 0), True),  # down for days
    ):
        with time_machine.travel(moment, tick=False):
            assert job("nachtelijk-opruimen").missed is missed, moment
    with time_machine.travel(at(2026, 12, 11, 9, 0), tick=False):
        assert job("nachtelijk-opruimen").next_due_at == at(2026, 12, 8, 1, 0)


def test_the_weekly_cutoff_is_missed_only_after_the_next_thursday_1600():
    app.loader.import_default_modules()  # the triage's tasks (this layer may not import them)
    with time_machine.travel(at(2026, 12, 3, 16, 0), tick=False):
        app.tasks["triage.close_intake"].apply()
    thursday_entry = "aanmelding-sluiten-donderdag-1600"
    with time_machine.travel(at(2026, 12, 9, 12, 0), tick=False):
        assert job(thursday_entry).missed is False
    with time_machine.travel(at(2026, 12, 10, 16, 45), tick=False):
        assert job(thursday_entry).missed is True
        # Its daily catch-up entry was due Friday 4 December 06:45 and did not run either.
        assert job("aanmelding-sluiten-inhalen").missed is True


def test_a_job_that_never_ran_is_not_called_missed():
    assert job("pga-herinneringen").missed is False
    assert job("pga-herinneringen").outcome == "Nog niet uitgevoerd"


# --------------------------------------------------------------------------- the schedule in words


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        (crontab(minute="*/5"), "elke 5 minuten"),
        (crontab(minute=30), "elk uur om 30 minuten over"),
        (crontab(hour=6, minute=45), "dagelijks om 06:45"),
        (crontab(hour=8, minute=0, day_of_week="mon-fri"), "op werkdagen om 08:00"),
        (crontab(minute=0, hour=16, day_of_week=4), "elke donderdag om 16:00"),
        (crontab(minute=0, hour=3, day_of_month=1), "cron 0 3 1 * *"),
    ],
)
def test_schedules_in_words(schedule, words):
    assert describe(schedule) == words


# --------------------------------------------------------------------------- the page in Beheer

JOBS_URL = "/beheer/jobs/jobrecord/"


def test_beheer_lists_every_beat_job_with_schedule_last_run_outcome_and_missed(beheer_client):
    with time_machine.travel(at(2026, 12, 7, 10, 15), tick=False):
        requeue_stale_mail.apply()
    with time_machine.travel(at(2026, 12, 7, 12, 0), tick=False):
        beheer_client.force_login(beheer_client.user)  # a session of that day
        response = beheer_client.get(JOBS_URL)

    assert response.status_code == 200
    page = response.content.decode()
    for name in (
        "auditlog-keten-controleren",
        "auditlog-controlepunt-schrijven",
        "uitgaande-mail-opnieuw-versturen",
        "triagevergaderingen-plannen",
        "aanmelding-sluiten-donderdag-1600",
        "aanmelding-sluiten-inhalen",
        "afgewezen-aanmeldingen-verwijderen",
        "bekendheidscheck-herinneringen",
        "triage-herinneringen-dag-ervoor",
        "pga-herinneringen",
        "bewaartermijnen-verwijderen",
    ):
        assert name in page
    assert "elke donderdag om 16:00" in page
    # The mail sweep runs every 15 minutes: at 12:00 its 10:30 run is long overdue.
    assert "07-12-2026 10:15" in page
    assert "Gelukt" in page and "aantal: 0" in page
    assert "Ja: verwacht 07-12-2026 10:30" in page
    assert "1 taak/taken hebben een geplande keer gemist" in page


def test_the_page_costs_the_same_queries_with_one_or_many_records(beheer_client, django_assert_max_num_queries):
    requeue_stale_mail.apply()
    with django_assert_max_num_queries(12) as one:
        beheer_client.get(JOBS_URL)
    for task in ("triage.close_intake", "triage.generate_meetings", "zvh.audit.write_checkpoint"):
        JobRecord.objects.create(task=task, last_outcome=JobOutcome.OK)
    with django_assert_max_num_queries(len(one.captured_queries)):
        beheer_client.get(JOBS_URL)


def test_there_is_nothing_to_add_change_or_delete(beheer_client):
    JobRecord.objects.create(task="zvh.mail.requeue_stale", last_outcome=JobOutcome.OK)
    assert beheer_client.get(JOBS_URL + "add/").status_code == 404
    assert beheer_client.get(JOBS_URL + "1/change/").status_code == 404


def test_only_the_functioneel_beheerder_sees_the_jobs(client, django_user_model):
    staff_without_role = django_user_model.objects.create_user(username="medewerker", is_staff=True)
    client.force_login(staff_without_role)
    response = client.get(JOBS_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# --------------------------------------------------------------------------- two workers at once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_starting_a_job_for_the_first_time_both_count(postgres_only):
    def worker():
        record_start(task_name="zvh.mail.requeue_stale")
        record_end(task_name="zvh.mail.requeue_stale", state="SUCCESS", retval=2)

    errors = run_together(worker, worker)

    assert errors == []
    record = JobRecord.objects.get(task="zvh.mail.requeue_stale")
    assert (record.run_count, record.last_outcome, record.last_summary) == (2, JobOutcome.OK, {"aantal": 2})
