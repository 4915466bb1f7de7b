"""Test settings: the dev settings with fast hashing and predictable side effects.

The database and broker still come from the environment: SQLite and the filesystem
transport locally, PostgreSQL and Redis in CI (`.ci/run` sets DATABASE_URL and REDIS_URL).
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
ZVH_SHOW_DEMO_ACCOUNTS = False
# Tests log in with force_login; the two-factor tests switch this on (participants/tests/test_two_factor.py).
ZVH_REQUIRE_2FA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("ZVH_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))
# Tasks run eagerly in unit tests; the Celery integration tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Django's test runner empties every table with TRUNCATE after a transactional test; the
    # audit tables refuse TRUNCATE unless the session says this (zvh/audit/migrations/0005).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c zvh.audit_allow_truncate=on"  # noqa: F405
# Checkpoints of test chains never land in var/ (zvh/audit/tests/conftest.py gives each test its own).
AUDIT_CHECKPOINT_FILE = Path(tempfile.mkdtemp(prefix="zvh-audit-")) / "checkpoints.log"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
