"""`make bench-scale`: the key pages at national scale, against references measured in the same run (issue 16).

What it does, in order (scripts/bench-scale.sh sets the environment and calls it):

1. Prepares the database of ``DATABASE_URL``: creates it, migrates, and fills it with
   ``generate_volume`` (``BENCH_CASES``, ``BENCH_AUDIT_ROWS``) unless it already holds cases
   (then the data is reused, so a second run starts at once); refreshes the report's facts (as
   the worker would); ``collectstatic``.
2. Starts gunicorn with the production settings plus the reference URLs (``benchmarks.settings``),
   ``BENCH_WORKERS`` sync workers (3), against that database.
3. Makes a signed-in session per benchmark user without the login form (a session row with the
   user and a verified TOTP device, as ``django_otp.login`` leaves it): the benchmark measures
   pages, not the login.
4. Counts the queries of one request per page (in this process, same settings), then loads every
   page and every reference with wrk (8 connections, ``BENCH_SECONDS`` = 15 s) in three
   interleaved rounds (page, its bare view, its admin changelist, next page ...) and takes the
   median of each: req/s, p50, p99.
5. The cutoff job binding 1,000 waiting cases (time, queries; in a process of its own, as the
   worker runs it) while an audited page is loaded over HTTP and audit entries are appended (how
   long they wait, against the same load just before); each PDF's render time; the resident memory of one gunicorn
   worker after the load; audit appends per second at 1 and 8 writers.
6. Prints the table and writes it into docs/benchmarks.md between the markers of its own section
   (other sections of that file are left alone).

The page list is ``PAGES``: one line per page (its user, how to find the URL in the data, its bare
reference and its admin changelist with comparable filters). A page whose app is not installed
(the report page until the ``reports`` app exists) is left out.
"""

import datetime
import json
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.template.response import SimpleTemplateResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from zvh.core.middleware import SlidingSessionMiddleware  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 8
WORKERS = os.environ.get("BENCH_WORKERS", "3")
CUTOFF_CASES = 1000
CUTOFF_ROUNDS = 3
RESULTS = ROOT / "docs" / "benchmarks.md"
RAW = ROOT / "var" / "bench" / "wrk-results.json"
START, END = "<!-- bench-scale:start -->", "<!-- bench-scale:end -->"
PROXY = {"X-Forwarded-Proto": "https"}


# --------------------------------------------------------------------------- the data


def prepare_database() -> None:
    """Create, migrate and fill the database unless it already holds the volume data."""
    database = settings.DATABASES["default"]
    server = {"host": database["HOST"] or "127.0.0.1", "port": database["PORT"] or 5432, "user": database["USER"]}
    if database["PASSWORD"]:
        server["password"] = database["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]).fetchone():
            admin.execute(f'CREATE DATABASE "{database["NAME"]}"')
    call_command("migrate", verbosity=0)
    from intake.models import Casus

    if Casus.objects.exists():
        print(f"Volumedata aanwezig in {database['NAME']}: hergebruikt.")
    else:
        started = time.monotonic()
        call_command(
            "generate_volume",
            cases=int(os.environ.get("BENCH_CASES", "100000")),
            audit_rows=int(os.environ.get("BENCH_AUDIT_ROWS", "10000000")),
            seed=1,
        )
        print(f"Volumedata gemaakt in {time.monotonic() - started:.0f} s.")
    # The report's facts as the worker keeps them: the report page only reads them (and asks for a
    # refresh), and no worker runs during the benchmark.
    from reports.facts import facts_refresh

    started = time.monotonic()
    facts_refresh()
    print(f"Feiten van de rapportage bijgewerkt in {time.monotonic() - started:.0f} s.")
    call_command("collectstatic", interactive=False, verbosity=0)


def signed_in(username: str) -> str:
    """A session key for the user, signed in with a verified second factor (no login form)."""
    from participants.models import User

    user = User.objects.get(username=username)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="benchmark", defaults={"confirmed": True})
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend a form login records (Django treats a session whose backend is not configured as signed out).
    store[BACKEND_SESSION_KEY] = "participants.backends.UserWithOrganisationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # A log-in stamps the sliding expiry (stamp_session_at_login); without it the first page
    # measured would also save the session, which no page does right after a real log-in.
    SlidingSessionMiddleware.stamp(store)
    store.create()
    return store.session_key


def bench_admin_user() -> str:
    """A superuser for the admin reference (staff only in this database)."""
    from participants.models import User

    user, _ = User.objects.get_or_create(username="vol-admin", defaults={"is_staff": True, "is_superuser": True})
    return user.username


# --------------------------------------------------------------------------- the pages


@dataclass
class Page:
    name: str
    user: str
    url: Callable[[], str]
    bare: str | None = None  # query string appended to /bench/kaal/<page>/
    admin: Callable[[], str] | None = None
    needs_app: str | None = None


def _first(model_path: str, **filters):
    model = apps.get_model(model_path)
    return model.objects.filter(**filters).order_by("pk").first()


def _big_organisation() -> int:
    from participants.models import Organisation

    return Organisation.objects.get(name="Politie Volume-Nederland").pk


def _regisseur() -> int:
    from participants.models import User

    return User.objects.get(username="vol-regisseur").pk


def _deep_date() -> str:
    return (timezone.localdate() - datetime.timedelta(days=365 * 7)).isoformat()


def _deep_end() -> str:
    """The end of the deep page's last day, as the log's ``to_date`` means it, for the admin's filter.

    An aware moment (local midnight after that day): a bare date would be a naive datetime.
    """
    day = datetime.date.fromisoformat(_deep_date()) + datetime.timedelta(days=1)
    return urllib.parse.quote(timezone.make_aware(datetime.datetime.combine(day, datetime.time())).isoformat())


def _screening_filter() -> str:
    return f"urgentie=hoog&organisatie={_big_organisation()}"


def _running_dossier_url() -> str:
    dossier = _first("pga.PgaDossier", procesregisseur_id=_regisseur(), closed_at__isnull=True)
    return reverse("pga:dossier", args=[dossier.casus_id])


def _verrijking_case_url() -> str:
    casus = _first("intake.Casus", status="in_verrijking")
    return reverse("triage:dossier", args=[casus.pk])


def _agenda_url() -> str:
    meeting = apps.get_model("triage.TriageMeeting").objects.filter(closed_at__isnull=False).order_by("-date").first()
    return reverse("triage:meeting_agenda", args=[meeting.pk])


def _report_url() -> str:
    for name in ("reports:index", "reports:report", "reports:overview"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    raise NoReverseMatch("geen rapportpagina gevonden")


PAGES = [
    Page("Mijn aanmeldingen", "vol-melder", lambda: reverse("intake:my_cases"), bare="mijn-aanmeldingen",
         admin=lambda: f"/bench/admin/intake/casus/?organisation__id__exact={_big_organisation()}"),
    Page("Screening", "vol-voorzitter", lambda: reverse("triage:screening"), bare="screening",
         admin=lambda: "/bench/admin/intake/casus/?status__exact=aangemeld"),
    Page("Screening gefilterd", "vol-voorzitter", lambda: f"{reverse('triage:screening')}?{_screening_filter()}",
         bare="screening/?{filter}",
         admin=lambda: f"/bench/admin/intake/casus/?urgency__exact=hoog&organisation__id__exact={_big_organisation()}"),
    Page("Verrijking", "vol-voorzitter", lambda: reverse("triage:verrijking_list"), bare="verrijking",
         admin=lambda: "/bench/admin/intake/casus/?status__exact=in_verrijking"),
    Page("Verrijkingsdossier", "vol-voorzitter", _verrijking_case_url),
    Page("Triage-overzicht", "vol-voorzitter", lambda: reverse("triage:overview")),
    Page("Agenda", "vol-voorzitter", _agenda_url),
    Page("Mijn dossiers", "vol-regisseur", lambda: reverse("pga:my_dossiers"), bare="mijn-dossiers",
         admin=lambda: f"/bench/admin/pga/pgadossier/?procesregisseur__id__exact={_regisseur()}"),
    Page("PGA-dossier", "vol-regisseur", _running_dossier_url),
    Page("Auditlog", "vol-logbeheerder", lambda: reverse("audit:log"), bare="auditlog",
         admin=lambda: "/bench/admin/audit/auditevent/"),
    Page("Auditlog gefilterd, diep", "vol-logbeheerder",
         lambda: f"{reverse('audit:log')}?action=login&to_date={_deep_date()}", bare="auditlog/?{deep}",
         admin=lambda: f"/bench/admin/audit/auditevent/?action__exact=login&at__lt={_deep_end()}"),
    Page("Rapportage", "vol-rapportage", _report_url, needs_app="reports"),
]  # fmt: skip


def bare_url(page: Page) -> str:
    path, _, query = page.bare.partition("/?")
    query = query.format(filter=_screening_filter(), deep=f"action=login&to_date={_deep_date()}")
    return f"/bench/kaal/{path}/" + (f"?{query}" if query else "")


# --------------------------------------------------------------------------- measuring


@dataclass
class Load:
    rps: float
    p50: float  # ms
    p99: float  # ms
    errors: int


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(base: str, url: str, session: str | None, seconds: int | None = None) -> Load:
    # wrk gives up on a request after 2 s by default and leaves it out of every figure; a page that
    # slow must show as slow, so allow as long as gunicorn does.
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds or SECONDS}s", "--timeout", "30s", "--latency",
               "-H", "X-Forwarded-Proto: https"]  # fmt: skip
    if session:
        command += ["-H", f"Cookie: {settings.SESSION_COOKIE_NAME}={session}"]
    output = subprocess.run([*command, base + url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    # The latency distribution's lines: "     50%   12.34ms" (anchored: "+/- Stdev" holds "72.50%" too).
    p50, p99 = (re.search(rf"^\s+{q}%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.MULTILINE) for q in (50, 99))
    if p50 is None or p99 is None:
        raise SystemExit(f"wrk gaf geen metingen voor {url}:\n{output}")
    return Load(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50=_ms(p50.group(1)),
        p99=_ms(p99.group(1)),
        errors=(int(errors.group(1)) if errors else 0) + (int(timeouts.group(1)) if timeouts else 0),
    )


class QueryCounter:
    """Counts the statements a connection executes (no cap, unlike the debug query log)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def queries(url: str, session: str | None) -> int:
    client = Client()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url, secure=True)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return counter.count


@dataclass
class Split:
    """Where one request's time goes, measured in this process (no HTTP, no other load of ours)."""

    total: float  # ms, median
    sql: float  # ms, mean per request: waiting for PostgreSQL (round trips included)
    template: float  # ms, mean per request: rendering the page's template (its own queries excluded)
    queries: float  # mean per request, after the first (which also stamps the session once)


def time_split(url: str, session: str | None, requests: int = 30) -> Split:
    """Median wall time of ``requests`` requests and the mean share of SQL and template rendering.

    Why: a page's ratio to its bare view says how much slower it is, not why. The rest (total
    minus SQL minus template) is Django's request handling, middleware, the view's Python, the
    ORM building queries and turning rows into objects.
    """
    client = Client()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    spent = {"sql": 0.0, "render": 0.0, "sql_in_render": 0.0, "queries": 0}
    rendering = threading.local()
    original = SimpleTemplateResponse.rendered_content

    def timed_render(response):
        started, rendering.active = time.perf_counter(), True
        try:
            return original.fget(response)
        finally:
            rendering.active = False
            spent["render"] += time.perf_counter() - started

    def timed_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            spent["sql"] += elapsed
            spent["queries"] += 1
            if getattr(rendering, "active", False):
                spent["sql_in_render"] += elapsed

    for _ in range(3):  # warm: templates compiled, connection open, caches filled
        client.get(url, secure=True)
    totals = []
    SimpleTemplateResponse.rendered_content = property(timed_render)
    try:
        with connection.execute_wrapper(timed_sql):
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url, secure=True)
                totals.append(time.perf_counter() - started)
                assert response.status_code == 200, f"{url}: {response.status_code}"
    finally:
        SimpleTemplateResponse.rendered_content = original
    return Split(
        total=statistics.median(totals) * 1000,
        sql=spent["sql"] / requests * 1000,
        template=(spent["render"] - spent["sql_in_render"]) / requests * 1000,
        queries=spent["queries"] / requests,
    )


def median_load(loads: list[Load]) -> Load:
    return Load(
        rps=statistics.median(load.rps for load in loads),
        p50=statistics.median(load.p50 for load in loads),
        p99=statistics.median(load.p99 for load in loads),
        errors=sum(load.errors for load in loads),
    )


def start_gunicorn(port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PORT": str(port), "GUNICORN_WORKERS": WORKERS, "GUNICORN_LOGLEVEL": "warning"}
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "zvh.wsgi"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/bench/ok/", headers=PROXY)
            with urllib.request.urlopen(request, timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    os.killpg(process.pid, 15)
    raise SystemExit(f"gunicorn start niet; zie {log}")


def worker_rss_mb(master: subprocess.Popen) -> float:
    """The largest resident set of the gunicorn workers (children of the master), in MB."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return max(sizes)


def get(base: str, url: str, session: str) -> float:
    request = urllib.request.Request(
        base + url, headers={**PROXY, "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
    return time.perf_counter() - started


def drain(base: str, timeout: float = 120) -> None:
    """Wait until gunicorn has finished the requests wrk left behind (a slow page keeps its workers
    busy after wrk stops), so that they do not count against the next measurement."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(f"{base}/bench/ok/", headers=PROXY)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=timeout):
            pass
        if time.perf_counter() - started < 0.2:
            return


def waiting_cases(count: int, submitted: datetime.datetime) -> None:
    """`count` accepted cases in verrijking, submitted before the cutoff, not bound yet."""
    from intake.constants import CasusStatus
    from intake.models import Casus, CriteriaSet, ReferenceCounter
    from intake.services.casus import REFERENCE_FORMAT
    from participants.models import User

    melder = User.objects.get(username="vol-melder")
    year = submitted.astimezone(datetime.UTC).year
    counter, _ = ReferenceCounter.objects.get_or_create(year=year)
    first = counter.last_number + 1
    ReferenceCounter.objects.filter(year=year).update(last_number=first + count - 1)
    criteria = CriteriaSet.objects.get(is_active=True)
    Casus.objects.bulk_create(
        [
            Casus(
                id=uuid.uuid4(), reference=REFERENCE_FORMAT.format(year=year, number=first + number),
                status=CasusStatus.IN_VERRIJKING, organisation_id=melder.organisation_id, melder=melder,
                submitted_at=submitted, criteria_set=criteria, aanleiding="Benchmark: wacht op de cutoff.",
            )
            for number in range(count)
        ]
    )  # fmt: skip


def _while_running(running: Callable[[], bool], probe: Callable[[], float]) -> list[float]:
    """Run ``probe`` over and over while ``running()``; its durations in ms."""
    timings = []
    while running():
        timings.append(probe() * 1000)
    return timings


def _timed_append() -> float:
    from zvh.audit.constants import AuditAction
    from zvh.audit.services import audit_record

    started = time.perf_counter()
    audit_record(actor=None, action=AuditAction.VIEW, detail={"bench": "cutoff"})
    return time.perf_counter() - started


def _probes(running: Callable[[], bool], base: str, page: str, session: str) -> tuple[list[float], list[float]]:
    """Two loaders of an audited page over HTTP and one direct appender, while ``running()``."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        loaders = [pool.submit(_while_running, running, lambda: get(base, page, session)) for _ in range(2)]
        appender = pool.submit(_while_running_in_own_connection, running, _timed_append)
        return [ms for loader in loaders for ms in loader.result()], appender.result()


def _for_seconds(seconds: float) -> Callable[[], bool]:
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() < deadline


def _cutoff_in_own_process(now: datetime.datetime) -> subprocess.Popen:
    """Start the cutoff job in a process of its own, as the worker runs it; return once it has begun.

    Why a process: in a thread of this process the job would share the interpreter lock with the
    measuring threads, a wait no page has in production (web and worker are separate processes).
    """
    job = subprocess.Popen(  # noqa: S603 - our own script, no shell
        [sys.executable, str(ROOT / "benchmarks" / "cutoff_job.py"), now.isoformat()],
        stdout=subprocess.PIPE,
        text=True,
    )
    if job.stdout.readline().strip() != "begonnen":
        job.kill()
        raise SystemExit("de cutoff-taak begon niet")
    return job


def measure_cutoff(base: str, session: str) -> dict:
    """Bind 1,000 waiting cases with the cutoff job, CUTOFF_ROUNDS times, while others keep auditing.

    Meanwhile two loaders request an audited page over HTTP and one thread appends audit
    entries directly; the same load runs for a few seconds just before each job, so "how long
    does an audited page wait during the job" is the difference, not a page's whole load time
    on a busy machine.
    """
    from triage.models import CutoffRun
    from triage.services.cutoff import cutoffs_pending
    from zvh.calendar import scheduling

    page = reverse("intake:my_cases")
    result: dict = {"seconds": [], "queries": [], "bound": [], "cutoffs": 0}
    waits = {"page_before": [], "page_during": [], "append_before": [], "append_during": []}
    for _ in range(CUTOFF_ROUNDS):
        last = CutoffRun.objects.order_by("-cutoff_at").first()
        cutoff = scheduling.next_cutoff(last.cutoff_at if last else timezone.now())
        now = cutoff + datetime.timedelta(minutes=1)
        waiting_cases(CUTOFF_CASES, cutoff - datetime.timedelta(days=2))
        result["cutoffs"] += len(cutoffs_pending(now=now))
        pages, appends = _probes(_for_seconds(3), base, page, session)
        waits["page_before"] += pages
        waits["append_before"] += appends
        job = _cutoff_in_own_process(now)
        pages, appends = _probes(lambda job=job: job.poll() is None, base, page, session)
        waits["page_during"] += pages
        waits["append_during"] += appends
        ran = json.loads(job.stdout.read())
        job.wait()
        for key in ("seconds", "queries", "bound"):
            result[key].append(ran[key])
    return {**result, **{key: sorted(values) for key, values in waits.items()}}


def _while_running_in_own_connection(running: Callable[[], bool], probe: Callable[[], float]) -> list[float]:
    """As _while_running, in a pool thread: Django gives it its own connection, closed afterwards."""
    try:
        return _while_running(running, probe)
    finally:
        connections["default"].close()


def pdf_times(session_of: Callable[[str], str]) -> dict[str, float]:
    """Each PDF's render time (median of three, in this process, same settings)."""
    from intake.models import Betrokkene

    dossier = _first("pga.PgaDossier", procesregisseur_id=_regisseur(), closed_at__isnull=True)
    betrokkene = Betrokkene.objects.filter(casus_id=dossier.casus_id).order_by("pk").first()
    meeting = apps.get_model("triage.TriageMeeting").objects.filter(closed_at__isnull=False).order_by("-date").first()
    pdfs = {
        "Verrijkingsdossier": ("vol-voorzitter", _verrijking_case_url().replace("/dossier/", "/dossier.pdf")),
        "Agenda": ("vol-voorzitter", reverse("triage:meeting_agenda_pdf", args=[meeting.pk])),
        "Besluitbrief": ("vol-regisseur", reverse("triage:decision_letter", args=[dossier.casus_id])),
        "PGA-samenvatting": ("vol-regisseur", reverse("pga:summary_pdf", args=[dossier.casus_id])),
        "Informatiebrief": ("vol-regisseur", reverse("pga:information_letter", args=[dossier.casus_id, betrokkene.pk])),
    }  # fmt: skip
    times = {}
    for name, (user, url) in pdfs.items():
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_of(user)
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(url, secure=True)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf", (name, response)
        times[name] = statistics.median(timings)
    return times


def audit_appends() -> tuple[float, float]:
    """Median appends per second with 1 and with 8 writers, in interleaved rounds (benchmarks/bench_audit.py)."""
    from benchmarks.bench_audit import appends_per_second

    one, eight = [], []
    for _ in range(ROUNDS):
        one.append(appends_per_second(1))
        eight.append(appends_per_second(8))
    return statistics.median(one), statistics.median(eight)


# --------------------------------------------------------------------------- the report


def _ratio(load: Load, reference: Load | None) -> str:
    """The page's req/s over the reference's; a reference that finished no request in the run has none."""
    if reference is None:
        return "-"
    if reference.rps == 0:
        return "referentie 0/s"
    return f"{load.rps / reference.rps:.2f} ({reference.rps:.0f}/s)"


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _spread(timings_ms: list[float]) -> str:
    if not timings_ms:
        return "niet gemeten (de taak was eerder klaar)"
    return f"{len(timings_ms)} keer: mediaan {statistics.median(timings_ms):.0f} ms, langste {max(timings_ms):.0f} ms"


def split_table(rows, splits: dict) -> list[str]:
    """Where each page's time goes, next to its bare view (see ``time_split``)."""
    lines = [
        "",
        "Waar de tijd van één verzoek heen gaat, in het benchmarkproces zelf (geen HTTP, gunicorn gestopt; "
        "mediaan van 30 verzoeken; SQL en template als gemiddelde per verzoek; 'rest' is Django, middleware, "
        "de view en de ORM):",
        "",
        "| pagina | totaal ms | queries | SQL ms | template ms | rest ms | kale view: totaal ms | SQL ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, *_ in rows:
        page, bare = splits[(name, "page")], splits.get((name, "bare"))
        rest = page.total - page.sql - page.template
        measured = f"{page.total:.1f} | {page.queries:.0f} | {page.sql:.1f} | {page.template:.1f} | {rest:.1f}"
        reference = f"{bare.total:.1f} | {bare.sql:.1f}" if bare else "- | -"
        lines.append(f"| {name} | {measured} | {reference} |")
    floor = splits[("vloer", "floor")]
    lines.append(f"| vloer (`/bench/ok/`) | {floor.total:.1f} | 0 | - | - | - | - | - |")
    return lines


def report(rows, floor: Load, cutoff: dict, pdfs: dict, rss: float, appends: tuple[float, float], splits) -> str:
    from intake.models import Casus
    from zvh.audit.models import AuditEvent

    cases = Casus.objects.count()
    audit_rows = AuditEvent.objects.order_by().count()
    lines = [
        START,
        "## Schaalbenchmark (`make bench-scale`)",
        "",
        f"- Datum: {timezone.localtime():%Y-%m-%d %H:%M} (Europe/Amsterdam)",
        f"- Machine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}, "
        f"Python {platform.python_version()}",
        f"- Data: {_dutch(cases)} casussen, {_dutch(audit_rows)} auditregels (`generate_volume`)",
        f"- Opdracht: `make bench-scale` (gunicorn {WORKERS} sync workers, `benchmarks.settings`; wrk "
        f"{CONNECTIONS} verbindingen, {SECONDS} s, {ROUNDS} rondes door elkaar, mediaan)",
        "",
        "| pagina | req/s | p50 ms | p99 ms | queries | x kale view | x admin |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, load, count, bare, admin in rows:
        ratio_bare, ratio_admin = _ratio(load, bare), _ratio(load, admin)
        flag = f" ({load.errors} fouten)" if load.errors else ""
        measured = f"{load.rps:.0f} | {load.p50:.1f} | {load.p99:.1f} | {count}"
        lines.append(f"| {name}{flag} | {measured} | {ratio_bare} | {ratio_admin} |")
    lines += [
        f"| vloer (`/bench/ok/`) | {floor.rps:.0f} | {floor.p50:.1f} | {floor.p99:.1f} | 0 | - | - |",
        *split_table(rows, splits),
        "",
        f"- Cutoff-taak, {CUTOFF_ROUNDS} keer {CUTOFF_CASES} wachtende casussen: "
        + ", ".join(
            f"{bound} gebonden in {seconds:.2f} s met {queries} queries"
            for bound, seconds, queries in zip(cutoff["bound"], cutoff["seconds"], cutoff["queries"], strict=True)
        )
        + ".",
        f"- Intussen: een geaudite pagina (Mijn aanmeldingen, 2 laders) {_spread(cutoff['page_during'])}, vlak "
        f"ervoor {_spread(cutoff['page_before'])}; een auditregel direct toevoegen {_spread(cutoff['append_during'])}, "
        f"vlak ervoor {_spread(cutoff['append_before'])}.",
        "- Pdf's (mediaan van 3): " + ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in pdfs.items()),
        f"- Geheugen van één gunicorn-worker na de belasting (RSS): {rss:.0f} MB",
        f"- Auditregels per seconde: {appends[0]:.0f} met 1 schrijver, {appends[1]:.0f} met 8 "
        f"(verhouding {appends[1] / appends[0]:.2f})",
        END,
    ]
    return "\n".join(lines)


def write_results(section: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text)


def main() -> None:
    prepare_database()
    users = {page.user for page in PAGES} | {"vol-melder", "vol-voorzitter", "vol-regisseur", bench_admin_user()}
    sessions = {user: signed_in(user) for user in users}
    pages = [page for page in PAGES if page.needs_app is None or apps.is_installed(page.needs_app)]
    targets = []  # (page, kind, url, session)
    for page in pages:
        targets.append((page.name, "page", page.url(), sessions[page.user]))
        if page.bare:
            targets.append((page.name, "bare", bare_url(page), None))
        if page.admin:
            targets.append((page.name, "admin", page.admin(), sessions["vol-admin"]))
    targets.append(("vloer", "floor", "/bench/ok/", None))
    # One request per target first: each must answer 200 (wrk counts a redirect to the login as a
    # success); the pages' query counts go into the table.
    counts = {(name, kind): queries(url, session) for name, kind, url, session in targets}
    port = 8700 + secrets.randbelow(200)
    base = f"http://127.0.0.1:{port}"
    log = ROOT / "var" / "bench-gunicorn.log"
    log.parent.mkdir(exist_ok=True)
    connections.close_all()
    gunicorn = start_gunicorn(port, log)
    try:
        # Warm every worker on every target first, unrecorded: the first requests of a fresh
        # worker import modules, compile templates and open connections, and without this the
        # first page measured (Mijn aanmeldingen) carried that cost in its figures.
        for name, kind, url, session in targets:
            print(f"opwarmen: {name} ({kind})", flush=True)
            wrk(base, url, session, seconds=2)
            drain(base)
        loads: dict[tuple[str, str], list[Load]] = {}
        for round_number in range(ROUNDS):
            for name, kind, url, session in targets:
                print(f"ronde {round_number + 1}/{ROUNDS}: {name} ({kind})", flush=True)
                loads.setdefault((name, kind), []).append(wrk(base, url, session))
                drain(base)
                # Kept as they come, so a failure later in the run loses no measurement.
                RAW.write_text(json.dumps({f"{n} ({k})": [vars(x) for x in v] for (n, k), v in loads.items()}))
        rss = worker_rss_mb(gunicorn)
        cutoff = measure_cutoff(base, sessions["vol-melder"])
    finally:
        os.killpg(gunicorn.pid, 15)
        gunicorn.wait(timeout=30)
    # After gunicorn stopped, so that nothing of ours competes with the measurement.
    splits = {(name, kind): time_split(url, session) for name, kind, url, session in targets if kind != "admin"}
    pdfs = pdf_times(lambda user: sessions[user])
    appends = audit_appends()
    median = {key: median_load(values) for key, values in loads.items()}
    rows = [
        (page.name, median[(page.name, "page")], counts[(page.name, "page")], median.get((page.name, "bare")),
         median.get((page.name, "admin")))
        for page in pages
    ]  # fmt: skip
    section = report(rows, median[("vloer", "floor")], cutoff, pdfs, rss, appends, splits)
    print(section)
    write_results(section)


if __name__ == "__main__":
    main()
