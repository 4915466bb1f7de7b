"""Production settings: refuse to start with any development default.

Every secret comes from the environment. `manage.py check --deploy` passes with these
settings (tested in zvh/core/tests/test_settings.py).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEV_AUDIT_HMAC_SECRET, DEV_FIELD_ENCRYPTION_KEY, DEV_SECRET_KEY, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ZVH_SHOW_DEMO_ACCOUNTS = False

if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG staat aan: productie start niet met DEBUG.")
if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY ontbreekt of is de ontwikkelwaarde.")
if FIELD_ENCRYPTION_KEY == DEV_FIELD_ENCRYPTION_KEY:  # noqa: F405
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY ontbreekt of is de ontwikkelwaarde.")
if DEV_AUDIT_HMAC_SECRET in AUDIT_HMAC_KEYS.values() or min(map(len, AUDIT_HMAC_KEYS.values())) < 32:  # noqa: F405
    raise ImproperlyConfigured("AUDIT_HMAC_KEYS ontbreekt, is de ontwikkelwaarde of heeft een sleutel van < 32 tekens.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":  # noqa: F405
    raise ImproperlyConfigured("Productie draait op PostgreSQL: zet DATABASE_URL.")
if not ZVH_BASE_URL.startswith("https://") or "127.0.0.1" in ZVH_BASE_URL or "localhost" in ZVH_BASE_URL:  # noqa: F405
    raise ImproperlyConfigured("ZVH_BASE_URL moet het https-adres van de productieomgeving zijn (links in e-mails).")
if not ZVH_REQUIRE_2FA:  # noqa: F405
    raise ImproperlyConfigured("ZVH_REQUIRE_2FA staat uit: productie draait met tweestapsverificatie.")
if CELERY_BROKER_URL.startswith("filesystem://"):  # noqa: F405
    raise ImproperlyConfigured("Productie gebruikt een echte broker: zet REDIS_URL of CELERY_BROKER_URL.")
if EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":  # noqa: F405
    raise ImproperlyConfigured(
        "Productie verstuurt e-mail via een echte mailserver: zet EMAIL_URL (smtp://, smtp+tls:// of smtp+ssl://)."
    )
if env("BSN_HASH_KEY", default="") in ("", FIELD_ENCRYPTION_KEY):  # noqa: F405
    # Its own key: rotating the encryption key must not change the hashes that find a person.
    raise ImproperlyConfigured("BSN_HASH_KEY ontbreekt of is gelijk aan FIELD_ENCRYPTION_KEY.")

# Persistent database connections (a new one per request halves a list page's throughput);
# DB_CONN_HEALTH_CHECKS (on) replaces a connection the database has dropped.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=600)  # noqa: F405

# Static files are served by the app itself (WhiteNoise), compressed and with hashed names:
# `collectstatic` must have run (scripts/serve-production.sh does it before gunicorn starts).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
