"""Production settings: `check --deploy` is clean, and dev defaults make the process refuse to start.

Each case runs `manage.py` in a fresh process with only the environment it names, so the
settings module is imported exactly as in production.
"""

import datetime
import json
import os
import re
import secrets
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.core import checks

from zvh.settings.base import DEV_AUDIT_HMAC_SECRET, DEV_SECRET_KEY

MANAGE = str(settings.BASE_DIR / "manage.py")

# Variables the settings read; none may leak in from the test run (CI sets DATABASE_URL).
SETTINGS_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_SECRET_KEY_FALLBACKS",
    "DJANGO_STATIC_ROOT",
    "DB_CONN_MAX_AGE",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DJANGO_SECURE_SSL_REDIRECT",
    "FIELD_ENCRYPTION_KEY",
    "FIELD_ENCRYPTION_KEY_FALLBACKS",
    "BSN_HASH_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "EMAIL_URL",
    "ZVH_BASE_URL",
    "AUDIT_HMAC_KEYS",
}


def production_env(**overrides: str | None) -> dict[str, str]:
    # Also drop every other DJANGO_* variable: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE
    # in this process, which production never has (and check --deploy rightly flags).
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES and not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "zvh.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
            "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(32),
            "BSN_HASH_KEY": secrets.token_urlsafe(32),
            "EMAIL_URL": "smtp+tls://zvh:geheim@smtp.zvh.example:587",
            "AUDIT_HMAC_KEYS": f"k2:{secrets.token_urlsafe(32)},k1:{secrets.token_urlsafe(32)}",
            "DATABASE_URL": "postgres://u@localhost/db",
            "REDIS_URL": "redis://localhost:6379/0",
            "DJANGO_ALLOWED_HOSTS": "zvh.example",
            "ZVH_BASE_URL": "https://zvh.example",
        }
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=env,
        cwd=str(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output
    assert "WARNING" not in result.stdout


@pytest.mark.parametrize(
    ("overrides", "dutch_message"),
    [
        ({"DJANGO_SECRET_KEY": DEV_SECRET_KEY}, "DJANGO_SECRET_KEY ontbreekt of is de ontwikkelwaarde"),
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY ontbreekt of is de ontwikkelwaarde"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG staat aan"),
        ({"DATABASE_URL": None}, "Productie draait op PostgreSQL: zet DATABASE_URL"),
        ({"ZVH_BASE_URL": None}, "ZVH_BASE_URL moet het https-adres"),
        ({"ZVH_BASE_URL": "http://zvh.example"}, "ZVH_BASE_URL moet het https-adres"),
        ({"ZVH_REQUIRE_2FA": "false"}, "ZVH_REQUIRE_2FA staat uit"),
        ({"EMAIL_URL": None}, "Productie verstuurt e-mail via een echte mailserver: zet EMAIL_URL"),
        ({"EMAIL_URL": "consolemail://"}, "Productie verstuurt e-mail via een echte mailserver: zet EMAIL_URL"),
        ({"EMAIL_URL": "filemail:///tmp/mail"}, "Productie verstuurt e-mail via een echte mailserver: zet EMAIL_URL"),
        ({"BSN_HASH_KEY": None}, "BSN_HASH_KEY ontbreekt of is gelijk aan FIELD_ENCRYPTION_KEY"),
        ({"AUDIT_HMAC_KEYS": None}, "AUDIT_HMAC_KEYS ontbreekt, is de ontwikkelwaarde"),
        ({"AUDIT_HMAC_KEYS": f"dev:{DEV_AUDIT_HMAC_SECRET}"}, "AUDIT_HMAC_KEYS ontbreekt, is de ontwikkelwaarde"),
        ({"AUDIT_HMAC_KEYS": "k1:kort"}, "AUDIT_HMAC_KEYS ontbreekt, is de ontwikkelwaarde"),
        ({"AUDIT_HMAC_KEYS": "zonder-dubbele-punt"}, "AUDIT_HMAC_KEYS heeft de vorm 'id:geheim,id:geheim'"),
    ],
    ids=[
        "dev-secret-key",
        "no-secret-key",
        "debug-on",
        "no-database-url",
        "no-base-url",
        "http-base-url",
        "no-2fa",
        "no-mail-server",
        "console-mail",
        "file-mail",
        "no-bsn-hash-key",
        "no-audit-keys",
        "dev-audit-key",
        "short-audit-key",
        "malformed-audit-keys",
    ],
)
def test_production_refuses_to_start_with_dev_defaults(overrides, dutch_message):
    result = manage("check", env=production_env(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert dutch_message in result.stderr


def test_production_refuses_a_bsn_hash_key_equal_to_the_encryption_key():
    env = production_env()
    env["BSN_HASH_KEY"] = env["FIELD_ENCRYPTION_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "BSN_HASH_KEY ontbreekt of is gelijk aan FIELD_ENCRYPTION_KEY" in result.stderr


def _setting(expression: str, env: dict[str, str]) -> str:
    result = manage("shell", "--no-imports", "-c", f"from django.conf import settings; print({expression})", env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_keeps_database_connections_open_and_checks_them_before_reuse():
    assert _setting('settings.DATABASES["default"]["CONN_MAX_AGE"]', production_env()) == "600"
    assert _setting('settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]', production_env()) == "True"
    assert _setting('settings.DATABASES["default"]["CONN_MAX_AGE"]', production_env(DB_CONN_MAX_AGE="30")) == "30"


def test_secret_key_and_field_encryption_key_fallbacks_come_from_the_environment():
    env = production_env(
        DJANGO_SECRET_KEY_FALLBACKS="oude-sleutel-1,oude-sleutel-2", FIELD_ENCRYPTION_KEY_FALLBACKS="oud"
    )
    assert _setting("settings.SECRET_KEY_FALLBACKS", env) == "['oude-sleutel-1', 'oude-sleutel-2']"
    assert _setting("settings.SALT_KEY[1:]", env) == "['oud']"


def test_collectstatic_under_production_settings_serves_the_vendored_assets_with_hashed_names(tmp_path):
    """The manifest storage refuses a CSS/JS file whose source map is missing: every page would 500."""
    result = manage("collectstatic", "--noinput", env=production_env(DJANGO_STATIC_ROOT=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("vendor/bootstrap/bootstrap.min.css", "vendor/bootstrap/bootstrap.bundle.min.js", "css/zvh.css"):
        hashed = manifest[name]
        assert re.fullmatch(re.escape(name.rsplit(".", 1)[0]) + r"\.[0-9a-f]{12}\." + name.rsplit(".", 1)[1], hashed)
        assert (tmp_path / hashed).is_file()
        assert (tmp_path / f"{hashed}.gz").is_file()


def test_make_run_on_another_port_puts_that_port_in_the_links_of_mails():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=str(settings.BASE_DIR), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    honcho = [line for line in result.stdout.splitlines() if "honcho" in line]
    assert honcho and "ZVH_BASE_URL=http://127.0.0.1:8101" in honcho[0]


def test_production_urls_have_no_development_mailbox():
    """The mailbox of `make run` (zvh.urls_dev) must not exist in production, whatever DEBUG says."""
    assert _setting("settings.ROOT_URLCONF", production_env()) == "zvh.urls"
    probe = (
        "from django.urls import Resolver404, resolve\n"
        "try:\n    resolve('/ontwikkeling/postvak/')\n    print('gevonden')\n"
        "except Resolver404:\n    print('afwezig')"
    )
    result = manage("shell", "--no-imports", "-c", probe, env=production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "afwezig"


def test_development_settings_serve_the_mailbox():
    env = production_env(DJANGO_SETTINGS_MODULE="zvh.settings.dev")
    assert _setting("settings.ROOT_URLCONF", env) == "zvh.urls_dev"


@pytest.mark.parametrize("clock", ["13:00:04", "14:30:04"])
def test_system_checks_do_not_depend_on_the_time_of_day(clock):
    """CI once failed `check --deploy` because it ran at 14:30 UTC, the end time a meeting defaults to.

    Django warns (fields.W161) when a fixed time default lies within ten seconds of the UTC
    clock; the checks must pass whenever an operator runs them.
    """
    moment = datetime.datetime.fromisoformat(f"2026-12-03T{clock}").replace(tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        warnings = [message.id for message in checks.run_checks() if message.id == "fields.W161"]
    assert warnings == []
