"""Production settings: `check --deploy` is clean, and dev defaults make the process refuse to start.

Each case runs `manage.py` in a fresh process with only the environment it names, so the
settings module is imported exactly as in production.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from zvh.settings.base import DEV_AUDIT_HMAC_SECRET, DEV_SECRET_KEY

MANAGE = str(settings.BASE_DIR / "manage.py")

# Variables the settings read; none may leak in from the test run (CI sets DATABASE_URL).
SETTINGS_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DJANGO_SECURE_SSL_REDIRECT",
    "FIELD_ENCRYPTION_KEY",
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
