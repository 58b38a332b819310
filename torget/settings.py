"""Torget's one settings module, driven by environment variables (see docs/configuration.md)."""

import json
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from torget.core.env import env_bool, env_int, env_list, env_networks, env_str
from torget.core.errorreports import init_sentry
from torget.core.logformat import formatter

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# The fallback key only exists so a laptop, the tests and the demo start; the WSGI/ASGI
# entry points refuse to serve with it unless DEBUG or TORGET_DEMO (docs/deploy.md).
DEVELOPMENT_SECRET_KEY = "django-insecure-torget-development-only"  # noqa: S105 (refused in production)
SECRET_KEY = env_str("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
# This machine's own names, for a laptop and the tests; production names its host
# (`manage.py check --deploy` refuses these, torget.core.checks).
DEVELOPMENT_ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or list(DEVELOPMENT_ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "torget.site.admin_site.TorgetAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_tasks",  # the worker's queue (torget.core.jobs, docs/decisions/0006)
    "django_tasks_db",
    "torget.core",
    "torget.accounts",
    "torget.places",
    "torget.ledger",
    "torget.booking",
    "torget.desk",
    "torget.appointments",
    "torget.notifications",
    "torget.seasons",
    "torget.consultations",
    "torget.events",
    "torget.access",
    "torget.keyfigures",
    "torget.volunteering",
    "torget.scenarios",
    "torget.site",
    # The audit log of staff writes (django-auditlog, made Torget's by torget.audit). Last:
    # its ready() reads the personal-data registry the apps above fill in theirs.
    "auditlog",
    "torget.audit",
]

MIDDLEWARE = [
    # First: every log line of the request, the middleware's too, carries its id.
    "torget.core.requestid.RequestIdMiddleware",
    "torget.core.middleware.UntrustedForwardingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "torget.core.middleware.NorwegianLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "torget.audit.context.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "torget.core.middleware.ApiProblemMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "torget.urls"
# runserver's application; servers import torget.wsgi / torget.asgi (they refuse DEBUG).
WSGI_APPLICATION = "torget.core.devserver.application"
ASGI_APPLICATION = "torget.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "torget" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "torget.site.context_processors.torget",
            ],
        },
    },
]


def _database(url: str) -> dict:
    config = dict(dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60)))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
        # failing with "database is locked" halfway through a transaction. Connections are
        # kept per thread (CONN_MAX_AGE): opening one and setting the pragmas costs more
        # than most requests.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Our backend: its health check (before a request reuses a connection) asks the
        # socket instead of sending `SELECT 1` (torget/core/postgres/base.py).
        config["ENGINE"] = "torget.core.postgres"
        config["CONN_HEALTH_CHECKS"] = True
        # Parameters bound by the server, and a statement a connection has run five times
        # prepared: PostgreSQL stops parsing and planning a booking's statements on every
        # request (a third less of its processor time per create). Off behind a
        # transaction-pooling PgBouncer, which cannot carry prepared statements.
        if env_bool("DB_PREPARED_STATEMENTS", True):
            config["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
    return config


DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'torget.sqlite3'}"
DATABASES = {"default": _database(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file test database: the in-memory shared cache says "table is locked" under threads.
    DATABASES["default"]["TEST"] = {
        "NAME": str(DATABASES["default"]["NAME"]).replace(".sqlite3", "") + "-test.sqlite3"
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "admin:login"
# Every sign-in lands on the staff home, which sends whoever is not staff on to their bookings.
LOGIN_REDIRECT_URL = "workday:today"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CACHES = {
    "default": {
        # Shared by every app server (rate limits must count across workers).
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "torget_cache",
    }
}

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "torget" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# Numbers for people go through the `number` filter (narrow no-break space); a global
# separator would turn years and ids into "2 026".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
# collectstatic writes here and whitenoise serves from here (docs/deploy.md).
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "var" / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Believed only from TORGET_TRUSTED_PROXIES: core.middleware.UntrustedForwardingMiddleware
# drops the header of every other connection.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies and load balancers in front of Torget (IP addresses or CIDR networks): only
# their X-Forwarded-For is believed when the rate limits name a client (core.ratelimit),
# and their X-Forwarded-Proto when Django asks whether the request came over https.
# None by default: every client is its own connection address.
TORGET_TRUSTED_PROXIES = env_networks("TORGET_TRUSTED_PROXIES")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp; Django has its own from 6.0): scripts and styles only
# from our own static files, no inline code anywhere, so injected markup cannot run. QR
# codes and the admin's icons may be data: images. The browser tests fail on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs go to standard error (journald or the container keeps them): "text" lines for people,
# or "json" (one object a line, for a log collector); each line carries the request id
# (torget.core.requestid, torget.core.logformat).
TORGET_LOG_FORMAT = env_str("TORGET_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "torget.core.requestid.RequestIdFilter"}},
    "formatters": {"torget": formatter(TORGET_LOG_FORMAT)},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "torget",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
# Error reports to Sentry (or GlitchTip) when set; needs `pip install 'torget[sentry]'`.
# Personal data is kept out of them (torget.core.errorreports).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    init_sentry(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT"))

# E-mail: printed to the console unless an SMTP server is configured (docs/configuration.md).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "innbyggertorg@example.no")

# --- Torget's own settings -------------------------------------------------
# What this municipality calls its hubs: innbyggertorg, medborgertorg, servicesenter …
TORGET_CONCEPT_NAME = env_str("TORGET_CONCEPT_NAME", "innbyggertorg")
TORGET_CONCEPT_NAME_PLURAL = env_str("TORGET_CONCEPT_NAME_PLURAL", "innbyggertorg")
TORGET_MUNICIPALITY = env_str("TORGET_MUNICIPALITY", "Asker kommune")
TORGET_FEEDBACK_EMAIL = env_str("TORGET_FEEDBACK_EMAIL", "innbyggertorg@example.no")
# How queued e-mail and SMS leave: "job" (a job per message, sent by `manage.py worker`
# after commit) or "worker" (no job: the worker's outbox sweep sends it within a minute).
TORGET_OUTBOX_SEND = env_str("TORGET_OUTBOX_SEND", "job")
# Seconds a sender holds a message it is sending; a worker killed mid-send leaves it to be
# sent again after this long.
TORGET_OUTBOX_LEASE_SECONDS = env_int("TORGET_OUTBOX_LEASE_SECONDS", 300)
# Background work (torget.core.jobs): queued in the database, run by `manage.py worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Change or switch off schedules, by key: "outbox.sweep=30s,booking.reminders=09:00,
# events.reminders=off" (every 30s/15m/2h/1d, daily at HH:MM Oslo time, or off). The
# administrators' page "Schedules" lists the keys.
TORGET_SCHEDULES = env_str("TORGET_SCHEDULES")
# A failed job is tried again after these many seconds (then given up, and listed for the
# administrators as failed): three attempts, after 1 and 5 minutes.
TORGET_JOB_RETRY_SECONDS = [int(s) for s in env_list("TORGET_JOB_RETRY_SECONDS", "60,300")]
# A worker whose heartbeat is older than this many seconds is taken for dead: the job it was
# running is run again by another worker. /readyz reports not ready without a worker seen
# within TORGET_WORKER_READY_SECONDS (0: /readyz does not ask for a worker).
TORGET_WORKER_STALE_SECONDS = env_int("TORGET_WORKER_STALE_SECONDS", 120)
TORGET_WORKER_READY_SECONDS = env_int("TORGET_WORKER_READY_SECONDS", 120)
# `make bench` only: serves POST /ping/insert, the bare insert the benchmark compares with.
TORGET_BENCH = env_bool("TORGET_BENCH", False)
# The public address of this site, for links in e-mail and SMS (composed outside any
# request). No default: the entry points refuse to serve without it unless DEBUG or
# TORGET_DEMO (torget.core.siteurl), which, like the tests, fall back to 127.0.0.1:8000.
TORGET_SITE_URL = env_str("TORGET_SITE_URL")
# Days after a booking has ended before its personal details (the title, the name and phone
# of the person booked for, staff notes, access instructions, reasons) are blanked by
# `manage.py purge_personal_data`. The booking itself stays for the key figures. Returned
# key loans are deleted after as many days.
TORGET_BOOKING_RETENTION_DAYS = env_int("TORGET_BOOKING_RETENTION_DAYS", 365)
# Days an inquiry's optional free-text note is kept (`manage.py purge_personal_data`).
TORGET_INQUIRY_NOTE_RETENTION_DAYS = env_int("TORGET_INQUIRY_NOTE_RETENTION_DAYS", 90)
# Days a callback request (a phone number) is kept (`manage.py purge_personal_data`).
TORGET_CALLBACK_RETENTION_DAYS = env_int("TORGET_CALLBACK_RETENTION_DAYS", 30)
# Days after an event before its registrants' names and contact details are blanked by
# `manage.py purge_personal_data` (seats and attendance stay for the figures).
TORGET_REGISTRATION_RETENTION_DAYS = env_int("TORGET_REGISTRATION_RETENTION_DAYS", 90)
# Scenarios (docs/scenarios.md): the fewest users a count per postcode area may show; smaller
# counts read "fewer than 5" and such areas are counted together, so no count points at a person.
TORGET_SCENARIO_MIN_COUNT = env_int("TORGET_SCENARIO_MIN_COUNT", 5)
# The participant-fee payment adapter (torget.events.payments.PaymentProvider), a dotted path.
# Only the fake for development and tests ships; a real provider (Vipps) can fill it later.
TORGET_PAYMENT_PROVIDER = env_str(
    "TORGET_PAYMENT_PROVIDER", "torget.events.payments.FakePaymentProvider"
)
# Days after an appointment ends before `manage.py purge_personal_data` blanks what
# it was about and who booked it (name, phone, e-mail). The appointment itself stays.
TORGET_APPOINTMENT_RETENTION_DAYS = env_int("TORGET_APPOINTMENT_RETENTION_DAYS", 180)
# Days after a consultation closes before the names and contacts its respondents gave are
# deleted by `manage.py purge_personal_data` (the answers stay, anonymous).
# One line, so the docs test (core/tests/test_docs.py) finds the variable.
TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS = env_int("TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS", 90)  # fmt: skip
# Days after a volunteer's last shift (or sign-up as a volunteer, without shifts) before
# `manage.py purge_personal_data` deletes their volunteer profile; the hours stay, unnamed.
TORGET_VOLUNTEER_RETENTION_DAYS = env_int("TORGET_VOLUNTEER_RETENTION_DAYS", 365)
# Days after an initiative was declined or became an activity before the proposer's name,
# contact details and text are blanked (the idea's title and its status stay).
TORGET_INITIATIVE_RETENTION_DAYS = env_int("TORGET_INITIATIVE_RETENTION_DAYS", 365)
# Days a sent e-mail or SMS stays in the outbox, and a message that could not be sent.
TORGET_OUTBOX_RETENTION_DAYS = env_int("TORGET_OUTBOX_RETENTION_DAYS", 30)
TORGET_OUTBOX_FAILED_RETENTION_DAYS = env_int("TORGET_OUTBOX_FAILED_RETENTION_DAYS", 90)
# Days before an account that never signed in (made by asking for a sign-in link) is
# deleted, and before a resident's account not signed in to is deleted (three years).
TORGET_UNUSED_ACCOUNT_DAYS = env_int("TORGET_UNUSED_ACCOUNT_DAYS", 30)
TORGET_INACTIVE_ACCOUNT_DAYS = env_int("TORGET_INACTIVE_ACCOUNT_DAYS", 1095)
# Days the back office's change history is kept (it names what was changed, and who).
TORGET_ADMIN_LOG_RETENTION_DAYS = env_int("TORGET_ADMIN_LOG_RETENTION_DAYS", 365)
# Days the audit log of staff writes is kept (torget.audit: who changed which row, when, the
# fields before and after, personal values left out); `manage.py purge_personal_data`.
TORGET_AUDIT_LOG_DAYS = env_int("TORGET_AUDIT_LOG_DAYS", 365)
# django-auditlog: no client addresses in the log; its correlation id is the request id.
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_CID_GETTER = "torget.core.requestid.get"
# Where `manage.py backup` writes its files unless told (`--output-dir`); copy them off the
# machine (docs/deploy.md, "Backups").
TORGET_BACKUP_DIR = Path(env_str("TORGET_BACKUP_DIR") or BASE_DIR / "var" / "backups")
# Meråpent (torget.access): days the entry log is kept (self-service visits are counted
# into a monthly table first), and days an agreement is kept after it ended or was revoked.
TORGET_ACCESS_LOG_RETENTION_DAYS = env_int("TORGET_ACCESS_LOG_RETENTION_DAYS", 30)
TORGET_ACCESS_AGREEMENT_RETENTION_DAYS = env_int("TORGET_ACCESS_AGREEMENT_RETENTION_DAYS", 90)
# The key for the keyed hashes (HMAC) of access cards and door codes. Empty: derived from
# SECRET_KEY. Changing it makes every stored card and code unknown (register them again).
TORGET_ACCESS_KEY = env_str("TORGET_ACCESS_KEY")
# Wrong codes at one door: after this many in the window (minutes) the door refuses every
# code until the window is over, and staff see an alert.
TORGET_ACCESS_WRONG_CODES = env_int("TORGET_ACCESS_WRONG_CODES", 5)
TORGET_ACCESS_WRONG_CODE_MINUTES = env_int("TORGET_ACCESS_WRONG_CODE_MINUTES", 10)
# Lock bridges (torget.access.webhook), as JSON: each door system's name (a door's "door
# system") → the URL Torget posts grants, revocations and remote opens to, and the secret
# both sides sign with, e.g. {"holmen-lock": {"url": "https://…", "secret": "…"}}.
TORGET_ACCESS_BRIDGES = json.loads(env_str("TORGET_ACCESS_BRIDGES") or "{}")
# How far a bridge's signed timestamp may be from Torget's clock (seconds); older is refused.
TORGET_ACCESS_BRIDGE_TOLERANCE_SECONDS = env_int("TORGET_ACCESS_BRIDGE_TOLERANCE_SECONDS", 300)
# Whether the demo banner ("invented data") is shown on every page.
TORGET_DEMO = env_bool("TORGET_DEMO", False)
