"""The production stack as an operator starts it, tested over HTTP like a user meets it.

`scripts/serve-production.sh` (what `make serve-prod` and the README's production section run)
starts with `zvh.settings.production`: `check --deploy`, `migrate`, `collectstatic`, then gunicorn,
a worker per queue and beat, against a PostgreSQL database of this test and a Redis server of
this test (the machine's own redis-server binary on a free port, so that the test can stop and
start it). Mail goes over real SMTP to a small server in this process. Chromium reaches gunicorn
as our reverse proxy would pass requests on (X-Forwarded-Proto: https).

A broken `collectstatic`, a page that answers 500 under production settings, a worker that does
not send, or a request that hangs while the broker is down fails this test (and so CI).
"""

import base64
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email import message_from_bytes
from pathlib import Path

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django_otp.oath import totp
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.production]

ROOT = Path(settings.BASE_DIR)
PASSWORD = "rookproef-wachtwoord-2026"
MELDER_SETUP = f"""
from django.contrib.auth.models import Group
from participants.models import Municipality, Organisation, User
organisation = Organisation.objects.create(
    name="Politie Rookproef", kind="politie", may_register=True, email="team@politie.example"
)
Municipality.objects.create(name="Utrecht", code="GM0344")
for name in ("melder1", "melder2"):
    user = User.objects.create_user(name, email=f"{{name}}@politie.example", password="{PASSWORD}")
    user.organisation = organisation
    user.save()
    user.groups.add(Group.objects.get(name="melder"))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """An SMTP server (aiosmtpd) that keeps what it receives: the production mail backend talks to it."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]

    def wait_for(self, address: str, count: int = 1, timeout: float = 60) -> list:
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.to(address)


class RedisServer:
    """The machine's redis-server on a port of this test, to stop and start at will."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"poort {port} gaat niet open")


def wait_for_http(url: str, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=PROXY_HEADERS), timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} antwoordt niet; log:\n{log.read_text()[-4000:]}")


PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def production_env(work: Path, *, database_url: str, redis_port: int, smtp_port: int, web_port: int) -> dict:
    """The environment of a production process of a test: fresh keys, this test's database, Redis and SMTP."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ZVH_", "CELERY_", "EMAIL_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "zvh.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(45),
            "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(32),
            "BSN_HASH_KEY": secrets.token_urlsafe(32),
            "AUDIT_HMAC_KEYS": f"rookproef:{secrets.token_urlsafe(32)}",
            "AUDIT_CHECKPOINT_FILE": str(work / "audit-checkpoints.log"),
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "ZVH_BASE_URL": "https://zvh.example",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{web_port}",
            "DJANGO_STATIC_ROOT": str(work / "static"),
            "PORT": str(web_port),
            "GUNICORN_WORKERS": "2",
            "CELERY_CONCURRENCY": "1",
            "CELERY_MAIL_CONCURRENCY": "1",
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        }
    )
    return env


@pytest.fixture(scope="module")
def database_url():
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("De rookproef van de productiestack draait tegen PostgreSQL (CI via .ci/run).")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server ontbreekt (CI heeft het).")
    name = f"zvh_rookproef_{secrets.token_hex(4)}"
    server = {"host": database["HOST"] or "127.0.0.1", "port": database["PORT"] or 5432, "user": database["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = f"{server['user']}@" if server["user"] else ""
    yield f"postgres://{user}{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def stack(database_url, tmp_path_factory):
    """Start the stack with the README's production script; stop the whole group afterwards."""
    work = tmp_path_factory.mktemp("productie")
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    redis = RedisServer(free_port())
    redis.start()
    web_port = free_port()
    env = production_env(work, database_url=database_url, redis_port=redis.port, smtp_port=smtp.port, web_port=web_port)
    log = work / "stack.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "serve-production.sh")],
            cwd=str(work),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{web_port}"
    try:
        wait_for_http(f"{base_url}/account/inloggen/", log)
        created = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", MELDER_SETUP],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert created.returncode == 0, created.stderr
        yield {"url": base_url, "env": env, "mailbox": mailbox, "redis": redis, "log": log, "database": database_url}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        redis.stop()
        smtp.stop()


@pytest.fixture
def proxied_page(browser, stack):
    context = browser.new_context(extra_http_headers=PROXY_HEADERS, locale="nl-NL", timezone_id="Europe/Amsterdam")
    yield context.new_page()
    context.close()


def log_in_with_a_new_authenticator(page, stack, username: str) -> None:
    """Password, then the setup page's key into "an app": the code an authenticator computes."""
    page.goto(f"{stack['url']}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    manual_key = page.locator("code.user-select-all").inner_text().replace(" ", "")
    key = base64.b32decode(manual_key + "=" * (-len(manual_key) % 8))
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Koppelen en doorgaan").click()


def test_login_page_with_hashed_css_and_js_then_a_registration_whose_receipt_arrives_by_smtp(proxied_page, stack):
    page = proxied_page
    response = page.goto(f"{stack['url']}/account/inloggen/")
    assert response.status == 200
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assets = page.eval_on_selector_all(
        "link[rel=stylesheet], script[src]", "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))"
    )
    assert any("bootstrap.min." in a for a in assets) and any(a.endswith(".js") for a in assets)
    for asset in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", asset), asset
        assert page.request.get(f"{stack['url']}{asset}").status == 200
    # The stylesheet really applies (Bootstrap's button colours), so nothing 404'd silently.
    colour = page.get_by_role("button", name="Inloggen").evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour != "rgba(0, 0, 0, 0)"

    log_in_with_a_new_authenticator(page, stack, "melder1")
    expect(page.get_by_role("heading", name="Welkom")).to_be_visible()

    page.goto(f"{stack['url']}/aanmeldingen/voortoets/")
    page.get_by_role("button", name="Direct naar het formulier").click()
    expect(page.get_by_role("heading", name="Aanmelding", exact=True)).to_be_visible()
    person = page.get_by_role("group", name="Persoon 1", exact=True)
    person.get_by_label("Voornamen").fill("Fatima")
    person.get_by_label("Achternaam").fill("El Amrani")
    person.get_by_label("Geboortedatum").fill("1984-05-12")
    person.get_by_label("Gemeente").select_option(label="Utrecht")
    person.get_by_label("BSN").fill("111 222 333")
    page.get_by_label("Aanleiding", exact=True).fill("Meerdere meldingen van overlast.")
    page.get_by_label("Wonen", exact=True).fill("Huurachterstand.")
    for number in (1, 2, 3):
        page.get_by_label(f"Criterium {number}:").fill(f"Toelichting bij criterium {number}.")
    page.get_by_label("Ja, de betrokkene is geïnformeerd").check()
    page.get_by_label("Ik verklaar dat ik verantwoordelijk ben").check()
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("heading", name="Aanmelding ontvangen")).to_be_visible()
    reference = re.search(r"ZVH-\d{4}-\d{5}", page.content()).group(0)

    # The worker of the mail queue sends the receipt over SMTP: reference, no personal data.
    receipts = [m for m in stack["mailbox"].wait_for("melder1@politie.example") if reference in m["Subject"]]
    assert len(receipts) == 1
    body = receipts[0].get_payload(decode=True).decode()
    assert reference in body and "https://zvh.example/" in body
    assert "Fatima" not in body and "111222333" not in body

    # Beat started and wrote the schedule (the Thursday cutoff among it) into the database.
    with psycopg.connect(stack["database"]) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM django_celery_beat_periodictask")}
    assert "aanmelding-sluiten-donderdag-1600" in names
    assert "Internal Server Error" not in stack["log"].read_text()


def test_with_the_broker_down_a_request_is_fast_and_the_sweep_sends_the_mail_once_it_is_back(proxied_page, stack):
    """Linking an authenticator mails the user; the broker being down must not hold that request up."""
    stack["redis"].stop()
    try:
        started = time.monotonic()
        log_in_with_a_new_authenticator(proxied_page, stack, "melder2")
        expect(proxied_page.get_by_role("heading", name="Welkom")).to_be_visible()
        # Two requests (the code, then the start page) with one failed enqueue: seconds, not minutes.
        assert time.monotonic() - started < 10
    finally:
        stack["redis"].start()
    assert stack["mailbox"].to("melder2@politie.example") == []

    sweep = subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "shell",
            "--no-imports",
            "-c",
            "from datetime import timedelta; from django.utils import timezone; "
            "from zvh.mail.services import mail_requeue_stale; "
            "print(mail_requeue_stale(now=timezone.now() + timedelta(minutes=15)))",
        ],
        env=stack["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert sweep.returncode == 0, sweep.stderr
    assert sweep.stdout.strip().splitlines()[-1] == "1"
    assert len(stack["mailbox"].wait_for("melder2@politie.example")) == 1
    time.sleep(3)  # a second delivery would arrive within this time
    assert len(stack["mailbox"].to("melder2@politie.example")) == 1
