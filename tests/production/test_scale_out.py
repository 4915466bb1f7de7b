"""Two web processes, two Celery workers and one beat against one PostgreSQL and one Redis (docs/operations.md).

Started as separate processes with the production settings, as docs/operations.md describes.
Beat fires the Thursday cutoff job and the bekendheidscheck reminders every two seconds (an
interval schedule added to its database schedule), so both workers run them many times over,
concurrently; then two processes finalise the same agenda at the same moment. The outbox and
the mailbox must show each piece of work once: one cutoff run binding the waiting case once,
one reminder, one invitation to the melder, every outbox row delivered exactly once.

The test holds on any day: one case waits for the last Thursday 16:00 cutoff (which meeting the
job binds it to depends on the day, on time or "late" on a Thursday morning, and is not what
this test is about); the agenda that two processes finalise is an extra meeting five weeks
ahead with a case of its own, which no cutoff reaches and whose agenda may be fixed at once.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from aiosmtpd.controller import Controller

from tests.production.test_stack import (  # noqa: F401 - database_url is a fixture
    ROOT,
    Mailbox,
    RedisServer,
    database_url,
    free_port,
    production_env,
    wait_for_http,
)

pytestmark = [pytest.mark.production]

SETUP = """
import datetime
from django.contrib.auth.models import Group
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from intake.models import Casus, CriteriaSet
from participants.models import Organisation, User
from triage.models import Bekendheidscheck
from participants.constants import Role
from triage.models import AgendaItem, TriageMeeting
from triage.services.meetings import meeting_defaults, meeting_save, meetings_generate
from zvh.calendar import scheduling

police = Organisation.objects.create(
    name="Politie Schaal", kind="politie", may_register=True, email="team@politie.example"
)
zvh = Organisation.objects.create(name="ZVH Schaal", kind="zvh", email="triage@zvh.example")
ggz = Organisation.objects.create(name="GGZ Schaal", kind="ggz", email="bureau@ggz.example")
melder = User.objects.create_user("melder", email="melder@politie.example", organisation=police)
melder.groups.add(Group.objects.get(name="melder"))
chair = User.objects.create_user("voorzitter", email="voorzitter@zvh.example", organisation=zvh)
chair.groups.add(Group.objects.get(name="triagevoorzitter"))
admin = User.objects.create_user("beheerder", organisation=zvh)
admin.groups.add(Group.objects.get(name=Role.FUNCTIONEEL_BEHEERDER))
now = timezone.now()
meetings_generate(start=timezone.localdate() - datetime.timedelta(days=7), weeks=4)
last_cutoff = scheduling.next_cutoff(now - datetime.timedelta(days=7))
casus = Casus.objects.create(
    reference="ZVH-2026-90001", status="in_verrijking", organisation=police, melder=melder,
    submitted_at=last_cutoff - datetime.timedelta(days=1), criteria_set=CriteriaSet.objects.get(is_active=True),
)
Bekendheidscheck.objects.create(
    casus=casus, organisation=ggz, requested_by=chair, due_at=now - datetime.timedelta(hours=1)
)
extra = meeting_save(
    meeting=TriageMeeting(date=timezone.localdate() + datetime.timedelta(days=35), **meeting_defaults()), by=admin
)
AgendaItem.objects.create(meeting=extra, status="gebonden", casus=Casus.objects.create(
    reference="ZVH-2026-90002", status="in_verrijking", organisation=police, melder=melder,
    submitted_at=now - datetime.timedelta(days=1), criteria_set=CriteriaSet.objects.get(is_active=True),
))
every_two_seconds, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
for name, task in (
    ("schaal-cutoff", "triage.close_intake"),
    ("schaal-herinneringen", "triage.send_bekendheidscheck_reminders"),
):
    PeriodicTask.objects.create(name=name, task=task, interval=every_two_seconds)
print(last_cutoff.isoformat())
"""

FINALISE = """
from participants.models import User
from triage.models import AgendaItem
from triage.services.agenda import agenda_finalise
item = AgendaItem.objects.select_related("meeting").get(casus__reference="ZVH-2026-90002", status="gebonden")
agenda_finalise(meeting=item.meeting, by=User.objects.get(username="voorzitter"))
"""


def manage(env: dict, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, timeout=timeout
    )


class Processes:
    """Separate processes of one installation, each in its own process group, each with its own log."""

    def __init__(self, work: Path, env: dict) -> None:
        self.work, self.env, self.running = work, env, []

    def start(self, name: str, command: list[str], **env: str) -> Path:
        log = self.work / f"{name}.log"
        with log.open("w") as output:
            self.running.append(
                subprocess.Popen(
                    command,
                    cwd=str(ROOT),
                    env={**self.env, **env},
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        return log

    def stop(self) -> None:
        for process in self.running:
            os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def scalar(database: str, sql: str, params=()) -> int:
    with psycopg.connect(database) as connection:
        return connection.execute(sql, params).fetchone()[0]


def wait_until(condition, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.5)


def test_two_webs_two_workers_one_beat_do_every_job_once(database_url, tmp_path):  # noqa: F811
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    redis = RedisServer(free_port())
    redis.start()
    ports = [free_port(), free_port()]
    env = production_env(
        tmp_path, database_url=database_url, redis_port=redis.port, smtp_port=smtp.port, web_port=ports[0]
    )
    processes = Processes(tmp_path, env)
    try:
        for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            done = manage(env, *step)
            assert done.returncode == 0, done.stderr
        setup = manage(env, "shell", "--no-imports", "-c", SETUP)
        assert setup.returncode == 0, setup.stderr
        last_cutoff = datetime.datetime.fromisoformat(setup.stdout.strip().splitlines()[-1])
        bin_dir = Path(sys.executable).parent
        for number, port in enumerate(ports, start=1):
            processes.start(f"web{number}", [str(bin_dir / "gunicorn"), "-c", "gunicorn.conf.py", "zvh.wsgi"],
                            PORT=str(port), GUNICORN_WORKERS="1")  # fmt: skip
        worker_logs = [
            processes.start(f"worker{number}", [str(bin_dir / "celery"), "-A", "zvh", "worker", "--queues=default,mail",
                                                "--concurrency=1", f"--hostname=worker{number}@%h", "--loglevel=INFO"])
            for number in (1, 2)
        ]  # fmt: skip
        processes.start("beat", [str(bin_dir / "celery"), "-A", "zvh", "beat", "--loglevel=INFO",
                                 f"--schedule={tmp_path / 'beat-schedule'}"])  # fmt: skip
        for number, port in enumerate(ports, start=1):
            wait_for_http(f"http://127.0.0.1:{port}/account/inloggen/", tmp_path / f"web{number}.log")

        # The cutoff and the reminders, fired every two seconds for half a minute on two workers.
        reminder = "Herinnering bekendheidscheck"
        wait_until(lambda: any(reminder in m["Subject"] for m in mailbox.to("bureau@ggz.example")))
        time.sleep(30)
        runs = sum(log.read_text().count("triage.close_intake") for log in worker_logs)
        assert runs >= 10, "beat zou de cutoff-taak om de twee seconden moeten sturen"
        database = env["DATABASE_URL"]
        assert scalar(database, "SELECT count(*) FROM triage_cutoffrun") == 1
        assert scalar(database, "SELECT cutoff_at FROM triage_cutoffrun") == last_cutoff
        bound = "SELECT count(*) FROM triage_agendaitem i JOIN intake_casus c ON c.id = i.casus_id WHERE reference = %s"
        assert scalar(database, bound, ("ZVH-2026-90001",)) == 1
        assert len([m for m in mailbox.to("bureau@ggz.example") if reminder in m["Subject"]]) == 1

        # Two processes finalise the same agenda at once: one does, the melder is invited once.
        finalisers = [
            subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", FINALISE],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]  # fmt: skip
        refusals = [finaliser.communicate(timeout=120)[1] for finaliser in finalisers]
        assert sum(finaliser.returncode == 0 for finaliser in finalisers) == 1, refusals
        invitation = "Uitnodiging Integrale Triage"
        wait_until(lambda: any(invitation in m["Subject"] for m in mailbox.to("melder@politie.example")))
        time.sleep(10)  # beat keeps firing meanwhile; a second delivery would arrive within this time
        assert len([m for m in mailbox.to("melder@politie.example") if invitation in m["Subject"]]) == 1

        # Every row of the outbox was delivered, each exactly once.
        outbox = scalar(database, "SELECT count(*) FROM mail_outgoingmail")
        assert scalar(database, "SELECT count(*) FROM mail_outgoingmail WHERE status = 'sent'") == outbox
        assert len(mailbox.messages) == outbox
    finally:
        processes.stop()
        redis.stop()
        smtp.stop()
