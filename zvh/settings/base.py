"""Settings shared by every environment.

Everything that differs between a laptop, CI and production comes from the environment
(django-environ). With nothing set the project runs on an embedded default: SQLite in the
project folder, Celery on kombu's filesystem transport (no broker server) and mail to the
console. `zvh.settings.production` refuses to start with these dev defaults.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEV_SECRET_KEY = "dev-only-insecure-secret-key-never-use-in-production"  # noqa: S105
DEV_FIELD_ENCRYPTION_KEY = "dev-only-field-encryption-key"
DEV_AUDIT_HMAC_SECRET = "dev-only-audit-hmac-key-never-use-in-production"  # noqa: S105

SECRET_KEY = env("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY)
# Key rotation: the previous keys keep signed sessions and encrypted fields readable until
# everything is signed or encrypted anew (docs/production.md, "Sleutels vervangen").
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The name the product shows in its header, mails and PDFs.
ZVH_NAME = env("ZVH_NAME", default="Zorg- en Veiligheidshuis Regio Utrecht")
# Where users reach the application: mails link to it (they are read outside any request).
ZVH_BASE_URL = env("ZVH_BASE_URL", default="http://127.0.0.1:8000")
# The Integrale Triage is hybrid: new meetings get this room and online link (changeable per
# meeting in "Beheer"). Without a link, the functioneel beheerder adds one per meeting.
ZVH_TRIAGE_ROOM = env("ZVH_TRIAGE_ROOM", default="Vergaderruimte Zorg- en Veiligheidshuis")
ZVH_TRIAGE_ONLINE_LINK = env("ZVH_TRIAGE_ONLINE_LINK", default="")
# PGA: informing the betrokkene may be postponed (with a ground) for at most this many months
# at a time; the review date must fall within it (issue 12, "three months by default").
ZVH_PGA_POSTPONE_MAX_MONTHS = env.int("ZVH_PGA_POSTPONE_MAX_MONTHS", default=3)
# How long the answer link in a casusoverleg invitation to a contact without an account stays valid.
ZVH_OVERLEG_LINK_DAYS = env.int("ZVH_OVERLEG_LINK_DAYS", default=60)
# Retention: one case's deletion date may be extended (with a reason) to at most this many months
# after the day of the extension (docs/retention.md); a longer need is a new extension later.
ZVH_RETENTION_EXTENSION_MAX_MONTHS = env.int("ZVH_RETENTION_EXTENSION_MAX_MONTHS", default=24)
# The ZVH's contact point for betrokkenen, printed on the information letter.
ZVH_CONTACT_PHONE = env("ZVH_CONTACT_PHONE", default="030 - 000 00 00")
ZVH_CONTACT_EMAIL = env("ZVH_CONTACT_EMAIL", default="info@zvh.example")
ZVH_CONTACT_ADDRESS = env("ZVH_CONTACT_ADDRESS", default="Postbus 0000, 3500 AA Utrecht")
# Two-factor login for every role that sees personal data (participants.two_factor). Only the
# local development default and the unit tests switch it off; production refuses to.
ZVH_REQUIRE_2FA = env.bool("ZVH_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = ZVH_NAME

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "zvh.audit",
    "zvh.core",
    "zvh.mail",
    "zvh.jobs",
    "participants",
    "intake",
    "triage",
    "pga",
    "retention",
    "subject_requests",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Moves the inactivity expiry at most once a minute instead of saving the session every request.
    "zvh.core.middleware.SlidingSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Before any view reads the form (and before the CSRF check, which runs in process_view).
    "zvh.core.input_encoding.RefuseInvalidTextMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor login: django-otp's rule marks a verified session (on the devices loaded with the
    # user), ours sends the rest to the code page.
    "participants.middleware.OTPMiddleware",
    "participants.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zvh.core.middleware.NoStoreMiddleware",
    # Axes must be last: it turns repeated failed logins into a lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zvh.urls"
WSGI_APPLICATION = "zvh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zvh.core.context_processors.navigation",
                "intake.views.registration.registration_deadline",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a new PostgreSQL connection per request halves a list page's
# throughput. Production keeps them (zvh.settings.production); the health check replaces a
# connection the database dropped instead of failing the request on it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", default=True)
# The web process, the Celery worker and beat share the one SQLite file in the embedded
# default, and every page writes an audit row. BEGIN IMMEDIATE takes the write lock at the
# start of a transaction, so a second writer waits (up to the timeout) instead of failing with
# "database is locked" when it upgrades a read lock; WAL lets readers go on meanwhile.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "participants.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, with the user's organisation in the same query.
    "participants.backends.UserWithOrganisationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions expire after 30 minutes without activity and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # zvh.core.middleware.SlidingSessionMiddleware slides the expiry
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lockout: five failed logins for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Axes would otherwise store attempted usernames with user agents in its own tables
# indefinitely; keep only what the lockout needs.
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_DISABLE_ACCESS_LOG = True
# Behind a reverse proxy REMOTE_ADDR is the proxy: the lockout and the audit log take the
# client from X-Forwarded-For, counting only the hops of our own proxies (zvh.client_ip).
ZVH_TRUSTED_PROXY_COUNT = env.int("ZVH_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "zvh.client_ip.client_ip"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("ZVH_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Attachments hold personal data: no URL pattern serves MEDIA_URL; files go out only through
# views that check access and write the audit log.
MEDIA_URL = "/geen-directe-toegang/"
# Attachments to a registration: at most this size each, and only these kinds, recognised by
# their content (see intake/services/attachments.py for the kinds that exist).
ZVH_ATTACHMENT_MAX_BYTES = env.int("ZVH_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ZVH_ATTACHMENT_TYPES = env.list(
    "ZVH_ATTACHMENT_TYPES", default=["pdf", "png", "jpeg", "docx", "xlsx", "pptx", "doc", "xls", "ppt", "odt", "ods"]
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Widgets are rendered with the Jinja2 templates Django ships for them (zvh.core.renderers), and
# so are the fields around them that |as_field writes (zvh.core.templatetags.form_fields); pages
# stay Django templates.
FORM_RENDERER = "zvh.core.renderers.WidgetRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: console by default; EMAIL_URL (for example smtp+tls://user:pass@host:587) in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A mail server that stalls must not hang a worker (and with it the mail queue) for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@zvh.example")

# The BSN is stored encrypted (django-fernet-encrypted-fields derives the key from SECRET_KEY
# and this salt; keep old SECRET_KEYs in SECRET_KEY_FALLBACKS when rotating). A keyed hash
# beside it makes exact look-ups possible without decrypting.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", default=DEV_FIELD_ENCRYPTION_KEY)
# The first key encrypts; previous keys (FIELD_ENCRYPTION_KEY_FALLBACKS) still decrypt until
# `manage.py reencrypt_fields` has encrypted every value with the current one.
SALT_KEY = [FIELD_ENCRYPTION_KEY, *env.list("FIELD_ENCRYPTION_KEY_FALLBACKS", default=[])]
BSN_HASH_KEY = env("BSN_HASH_KEY", default=FIELD_ENCRYPTION_KEY)


# --- Audit log (zvh/audit, docs/audit.md) --------------------------------------------------
def _audit_hmac_keys(value: str) -> dict[str, str]:
    """Parse `id:secret,id:secret`: the first key signs new entries, the others only verify.

    A dict keeps that order. The keys never reach the database: whoever can only write to
    the database cannot sign an entry (docs/audit.md).
    """
    keys = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        key_id, _, secret = item.partition(":")
        if not key_id or not secret or key_id in keys:
            raise ImproperlyConfigured("AUDIT_HMAC_KEYS heeft de vorm 'id:geheim,id:geheim' met unieke ids.")
        keys[key_id] = secret
    if not keys:
        raise ImproperlyConfigured("AUDIT_HMAC_KEYS bevat geen sleutel.")
    return keys


AUDIT_HMAC_KEYS = _audit_hmac_keys(env("AUDIT_HMAC_KEYS", default=f"dev:{DEV_AUDIT_HMAC_SECRET}"))
# Independent chains: each append takes a chain no other transaction holds (docs/audit.md).
AUDIT_CHAINS = env.int("AUDIT_CHAINS", default=8)
# Signed checkpoints of every chain head, appended outside the database (and logged).
AUDIT_CHECKPOINT_FILE = env.path("AUDIT_CHECKPOINT_FILE", default=str(VAR_DIR / "audit" / "checkpoints.log"))

# --- Celery -------------------------------------------------------------------------------
CELERY_DIR = VAR_DIR / "celery"
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND",
    default=REDIS_URL or f"file://{CELERY_DIR / 'results'}",
)
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_RESULT_EXTENDED = False
# Nobody reads the results of our tasks: they report through the database (the outbox, the
# cutoff record). Not storing them also keeps a request that queues a task away from the
# result backend, which would retry its reconnect for about 20 s when Redis is down.
CELERY_TASK_IGNORE_RESULT = True
# A broker that is down must never hold up the request that queues a task after its commit:
# try to publish once, briefly; the outbox sweep and the daily catch-up runs redo the work.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5, "max_retries": 0}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport: worker and beat exchange messages through one folder.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "control_folder": str(CELERY_DIR / "control"),
        "store_processed": False,
    }
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
# Mail goes through its own queue and worker (Procfile): a mail server that is down or slow
# delays mail, never the cutoff job or the deletions on the default queue.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"zvh.mail.*": {"queue": "mail"}}

# --- Security headers ---------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The pages use no camera, microphone, location, payment or other powerful browser feature.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# --- Logging: never personal data ----------------------------------------------------------
# Requests are logged without query strings and without bodies; exceptions carry no locals.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "scrub": {"()": "zvh.core.logging.ScrubPersonalDataFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's request logger includes the request in its record; ours scrubs it.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        # PDF rendering (zvh/pdf.py) reports every step at INFO; only problems are worth a line.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Signed audit checkpoints: the operator ships these lines off this machine (docs/audit.md).
        "zvh.audit.checkpoint": {"level": "INFO"},
    },
}

if CELERY_BROKER_URL.startswith("filesystem://"):
    # The filesystem transport needs its folders before worker, beat or web start.
    for folder in ("queue", "processed", "results", "control"):
        (CELERY_DIR / folder).mkdir(parents=True, exist_ok=True)

# Recurring jobs; django-celery-beat copies these into its database schedule.
CELERY_BEAT_SCHEDULE = {
    "auditlog-keten-controleren": {
        "task": "zvh.audit.verify_chain",
        "schedule": crontab(hour=3, minute=0),
    },
    "auditlog-controlepunt-schrijven": {
        "task": "zvh.audit.write_checkpoint",
        "schedule": crontab(minute="*/5"),
    },
    # Pending or failed outgoing mail (a lost task, a mail server that was down) is sent again.
    "uitgaande-mail-opnieuw-versturen": {
        "task": "zvh.mail.requeue_stale",
        "schedule": crontab(minute="*/15"),
    },
    # Rejected registrations whose melder was contacted, if their own deletion task was lost.
    # The meeting calendar: the coming eight held Thursdays always have a meeting.
    "triagevergaderingen-plannen": {
        "task": "triage.generate_meetings",
        "schedule": crontab(hour=2, minute=15),
    },
    # The cutoff: every Thursday at 16:00 Europe/Amsterdam (CELERY_TIMEZONE) intake closes for
    # the next meeting. The daily run catches up a Thursday missed through downtime the next
    # morning instead of a week later; processed cutoffs are never done twice.
    "aanmelding-sluiten-donderdag-1600": {
        "task": "triage.close_intake",
        "schedule": crontab(minute=0, hour=16, day_of_week=4),
    },
    "aanmelding-sluiten-inhalen": {
        "task": "triage.close_intake",
        "schedule": crontab(hour=6, minute=45),
    },
    "afgewezen-aanmeldingen-verwijderen": {
        "task": "triage.delete_contacted_rejections",
        "schedule": crontab(minute=30),
    },
    # Working-day mornings (CELERY_TIMEZONE: Europe/Amsterdam): remind partners of
    # bekendheidschecks and information due by the end of the next working day.
    "bekendheidscheck-herinneringen": {
        "task": "triage.send_bekendheidscheck_reminders",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
    # The day before a triage (09:00 Europe/Amsterdam): remind melders and fixed partners once.
    "triage-herinneringen-dag-ervoor": {
        "task": "triage.send_meeting_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    # PGA: remind the procesregisseur once of an informing review date, an overdue action and a
    # monitoring date. Everything due up to today is looked at, so a missed day is caught up.
    # The reports' anonymous facts of the cases changed since the last refresh. The report page
    # asks for a run as soon as it sees a change; this one counts what it could not see (a
    # transaction still open at the last refresh) and keeps each run small.
    "rapportage-feiten-bijwerken": {
        "task": "reports.refresh_facts",
        "schedule": crontab(minute="*/5"),
    },
    "pga-herinneringen": {
        "task": "pga.send_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Retention: every night (01:30 Europe/Amsterdam, before the audit check at 03:00) delete the
    # cases whose deletion date has come. It deletes everything expired up to today, so a night
    # the job did not run is caught up by the next.
    "bewaartermijnen-verwijderen": {
        "task": "retention.delete_expired",
        "schedule": crontab(hour=1, minute=30),
    },
}
