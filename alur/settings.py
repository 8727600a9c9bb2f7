"""Django settings, read from environment variables (see .env.example).

Safe by default: DEBUG is off unless ALUR_DEBUG says otherwise, and without DATABASE_URL Alur
uses an SQLite file under var/ (the embedded default, for one office on one machine).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from alur.common.env import (
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_str,
    is_local_host,
)
from alur.common.storage import default_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ALUR_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("ALUR_DEBUG", False)


def _secret_key() -> str:
    """The configured key, or one generated once and kept under var/ for the embedded default."""
    configured = env_str("ALUR_SECRET_KEY", "")
    if configured:
        return configured
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()


def _record_keys() -> tuple[dict[str, bytes], str]:
    """The keys of the case record's HMAC chain (docs/operations.md#the-records-keys): every
    key id with its key, and the id new events are written with. Without ALUR_RECORD_KEYS, one
    key ``lokal`` derived from SECRET_KEY, for the embedded default and tests."""
    configured = env_list("ALUR_RECORD_KEYS", [])
    if not configured:
        derived = hashlib.sha256(b"alur record key\n" + SECRET_KEY.encode()).digest()
        return {"lokal": derived}, env_str("ALUR_RECORD_KEY_ID", "lokal")
    keys: dict[str, bytes] = {}
    for pair in configured:
        key_id, _colon, key = pair.partition(":")
        if not key_id.strip() or len(key.strip()) < 32:
            raise ImproperlyConfigured(
                "ALUR_RECORD_KEYS holds id:key pairs, each key 32 characters or more; "
                f"{key_id.strip() or pair[:8]!r} is not one"
            )
        keys[key_id.strip()] = key.strip().encode()
    current = env_str("ALUR_RECORD_KEY_ID", "")
    if current not in keys:
        raise ImproperlyConfigured(
            f"ALUR_RECORD_KEY_ID must name one of the ids in ALUR_RECORD_KEYS, not {current!r}"
        )
    return keys, current


RECORD_KEYS, RECORD_KEY_ID = _record_keys()
# The Ed25519 key that signs the record's checkpoints (alur/cases/checkpoints.py): a PEM file
# outside the database, generated once there when missing; and the public key that verifies
# them (default: the one of the signing key).
CHECKPOINT_SIGNING_KEY_FILE = Path(
    env_str("ALUR_CHECKPOINT_SIGNING_KEY_FILE", str(VAR_DIR / "checkpoint_signing_key.pem"))
)
CHECKPOINT_PUBLIC_KEY_FILE = env_str("ALUR_CHECKPOINT_PUBLIC_KEY_FILE", "")
ALLOWED_HOSTS = env_list("ALUR_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("ALUR_CSRF_TRUSTED_ORIGINS", [])
# A refused form gets a page in the app's shell and language, not Django's English one.
CSRF_FAILURE_VIEW = "alur.web.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "alur.operations.apps.TaskQueueConfig",  # django-tasks-db, named in Indonesian
    "csp",
    "django_guid",
    # the JSON API (alur/api) and the static files of its docs page
    "ninja",
    # two-factor sign-in: the authenticator app's codes and the recovery codes
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Alur's apps, in the order of its layers (docs/architecture.md): what every app shares,
    # offices and SOPs, cases, the apps around cases, and the page shell.
    "alur.common",
    "alur.offices",
    "alur.catalog",
    "alur.cases",
    "alur.registry",
    "alur.letters",
    "alur.monitoring",
    "alur.notifications",
    "alur.deadlines",
    "alur.reports",
    "alur.operations",
    "alur.administration",
    "alur.public",
    "alur.survey",
    "alur.api",
    "alur.webhooks",
    "alur.web",
]

MIDDLEWARE = [
    # First, so that every request is counted with the time the others took.
    "alur.operations.metrics.RequestMetricsMiddleware",
    # One line per request (alur/web/request_log.py), under the request's id (django-guid).
    "alur.web.request_log.RequestLogMiddleware",
    "django_guid.middleware.guid_middleware",
    # Answers worked out once per request (roles held, an office's days): alur/common/reuse.py.
    "alur.common.reuse.RequestScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything that reads the body: see alur/web/body_limit.py.
    "alur.web.body_limit.BodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alur.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A sign-in ends when idle or too old; htmx is sent to sign in whole: alur/web/sessions.py.
    "alur.web.sessions.SessionLimitsMiddleware",
    # A sign-in that owes its second factor reaches only the page that asks for it:
    # alur/offices/twofactor.py.
    "alur.offices.twofactor.TwoFactorMiddleware",
    # A one-time password leads only to the page that changes it: alur/offices/auth.py.
    "alur.offices.auth.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "alur.urls"
WSGI_APPLICATION = "alur.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "alur.notifications.context_processors.bell",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        # Unset or empty (``DATABASE_URL=`` in an env file): the embedded SQLite database.
        env_str("DATABASE_URL", "").strip() or f"sqlite:///{VAR_DIR / 'alur.sqlite3'}",
        # Persistent connections: each of the web server's threads keeps its own, checked
        # before each request reuses it (docs/deployment.md says why not a pool).
        conn_max_age=env_int("ALUR_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "ALUR_DB_PREPARED", True
):
    # Parameters sent apart from the SQL, and a statement asked twice on a connection kept
    # prepared: PostgreSQL plans it once, not on every request (a case read with its office,
    # SOP and requester took longer to plan than to run). Off behind a pooler in transaction
    # mode, which hands one session's prepared statements to another.
    # Added to what the URL's query gave (``?sslmode=require``), never in its place.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=2
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer rather than failing at once; BEGIN IMMEDIATE makes select_for_update's
    # intent real on SQLite, where transactions would otherwise take the write lock late.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

AUTH_USER_MODEL = "offices.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inbox"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (alur/offices/throttle.py, docs/signin.md): a growing wait per user name
# and address, per user name from unknown addresses, and a block per address across user names.
ALUR_SIGNIN_FREE_FAILURES = env_int("ALUR_SIGNIN_FREE_FAILURES", 3)
ALUR_SIGNIN_MAX_WAIT_MINUTES = env_int("ALUR_SIGNIN_MAX_WAIT_MINUTES", 15)
ALUR_SIGNIN_ACCOUNT_FAILURES = env_int("ALUR_SIGNIN_ACCOUNT_FAILURES", 10)
ALUR_SIGNIN_ADDRESS_FAILURES = env_int("ALUR_SIGNIN_ADDRESS_FAILURES", 20)
ALUR_SIGNIN_WINDOW_MINUTES = env_int("ALUR_SIGNIN_WINDOW_MINUTES", 15)

# Requests of the JSON API per minute (alur/api/auth.py, docs/api.md): per token, and per person
# for the browser's session; 0 for no limit.
ALUR_API_RATE_PER_MINUTE = env_int("ALUR_API_RATE_PER_MINUTE", 120)

# Signing in through the installation's own identity provider by OpenID Connect
# (alur/offices/oidc.py, docs/signin.md), off unless ALUR_OIDC_CLIENT_ID is set. The OIDC_*
# names are mozilla-django-oidc's. The provider's endpoints are read from the issuer's discovery
# document, each unless given explicitly; without an issuer all four must be given.
ALUR_OIDC_ISSUER = env_str("ALUR_OIDC_ISSUER", "").rstrip("/")
ALUR_OIDC_NAME = env_str("ALUR_OIDC_NAME", "SSO Pemda")
ALUR_OIDC_MATCH = env_str("ALUR_OIDC_MATCH", "email")
ALUR_OIDC_NIP_CLAIM = env_str("ALUR_OIDC_NIP_CLAIM", "nip")
OIDC_RP_CLIENT_ID = env_str("ALUR_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("ALUR_OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = env_str("ALUR_OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = env_str("ALUR_OIDC_SIGN_ALGO", "RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("ALUR_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("ALUR_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("ALUR_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("ALUR_OIDC_JWKS_ENDPOINT", "")
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
# An account is never made from the provider's word: an office's administrator makes people.
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
# Seconds to wait for the provider; without it a provider that hangs would hang the request.
OIDC_TIMEOUT = env_int("ALUR_OIDC_TIMEOUT_SECONDS", 10)
if ALUR_OIDC_MATCH not in {"email", "nip"}:
    raise ImproperlyConfigured(f"ALUR_OIDC_MATCH must be email or nip, not {ALUR_OIDC_MATCH!r}")
if OIDC_RP_CLIENT_ID:
    _OIDC_ENDPOINTS = (
        OIDC_OP_AUTHORIZATION_ENDPOINT,
        OIDC_OP_TOKEN_ENDPOINT,
        OIDC_OP_USER_ENDPOINT,
        OIDC_OP_JWKS_ENDPOINT,
    )
    if not (ALUR_OIDC_ISSUER or all(_OIDC_ENDPOINTS)):
        raise ImproperlyConfigured(
            "ALUR_OIDC_CLIENT_ID needs ALUR_OIDC_ISSUER, or all four of "
            "ALUR_OIDC_{AUTHORIZATION,TOKEN,USERINFO,JWKS}_ENDPOINT"
        )
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "alur.offices.oidc.OIDCBackend"]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "alur" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("ALUR_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Hashed file names (long cache lifetimes) once `collectstatic` has written its manifest, as
# `alur serve` does; before that (tests, a first checkout) files are served from the apps.
# Only the manifest storage writes a manifest, so `alur serve` sets ALUR_STATIC_MANIFEST=1 to
# choose it before its first collectstatic; do the same when collecting by hand.
_STATIC_MANIFEST = env_bool("ALUR_STATIC_MANIFEST", (STATIC_ROOT / "staticfiles.json").exists())
MEDIA_ROOT = Path(env_str("ALUR_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # Stored files: the folder MEDIA_ROOT, or a private S3 bucket when all four ALUR_S3_*
    # settings are given (docs/storage.md).
    "default": default_storage_config(
        {
            "ALUR_S3_ENDPOINT": env_str("ALUR_S3_ENDPOINT", ""),
            "ALUR_S3_BUCKET": env_str("ALUR_S3_BUCKET", ""),
            "ALUR_S3_ACCESS_KEY": env_str("ALUR_S3_ACCESS_KEY", ""),
            "ALUR_S3_SECRET_KEY": env_str("ALUR_S3_SECRET_KEY", ""),
        },
        region=env_str("ALUR_S3_REGION", "us-east-1"),
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _STATIC_MANIFEST and not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# Documents: the largest upload and the types accepted (sniffed from the content, not the name).
ALUR_UPLOAD_MAX_BYTES = env_int("ALUR_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
ALUR_UPLOAD_TYPES = env_list(
    "ALUR_UPLOAD_TYPES",
    [
        "application/pdf",
        "image/png",
        "image/jpeg",
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
        "text/plain",
    ],
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body, refused with 413 before it is read: by default one document and the
# largest form beside it. A form that takes several documents at once must fit in it whole.
ALUR_REQUEST_MAX_BYTES = env_int(
    "ALUR_REQUEST_MAX_BYTES", ALUR_UPLOAD_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
)

# The proxies whose X-Forwarded-For names the client (alur.common.http.client_address):
# addresses or networks, none by default, so that no client can choose the address it is seen at.
ALUR_TRUSTED_PROXIES = env_networks("ALUR_TRUSTED_PROXIES", [])

# Two-factor sign-in (alur/offices/twofactor.py, docs/signin.md): required of superusers, office
# administrators and heads of office and division unless turned off here; optional for others.
ALUR_TWO_FACTOR_REQUIRED = env_bool("ALUR_TWO_FACTOR_REQUIRED", True)
# The name an authenticator app shows beside the account.
OTP_TOTP_ISSUER = env_str("ALUR_TWO_FACTOR_ISSUER", "Alur")
# django-otp's admin pages (the installation's back door) never show an app's key or a code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sessions (alur/web/sessions.py): a sign-in ends after ALUR_SESSION_IDLE_MINUTES without a
# request, and ALUR_SESSION_MAX_HOURS after it began, whichever comes first.
ALUR_SESSION_IDLE_MINUTES = env_int("ALUR_SESSION_IDLE_MINUTES", 30)
ALUR_SESSION_MAX_HOURS = env_int("ALUR_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = ALUR_SESSION_MAX_HOURS * 60 * 60

SESSION_COOKIE_HTTPONLY = True
# A host name that is not this machine's own means the installation is served to others, over
# HTTPS through the TLS proxy of docs/deployment.md: then HSTS, secure cookies, trusting the
# proxy's X-Forwarded-Proto and redirecting plain HTTP are on unless set otherwise.
_PUBLIC = not DEBUG and any(not is_local_host(host) for host in ALLOWED_HOSTS)
SESSION_COOKIE_SECURE = env_bool("ALUR_SECURE_COOKIES", _PUBLIC)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (and strips it from clients).
_BEHIND_TLS_PROXY = env_bool("ALUR_BEHIND_TLS_PROXY", _PUBLIC)
if _BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("ALUR_SSL_REDIRECT", _BEHIND_TLS_PROXY)
SECURE_HSTS_SECONDS = env_int("ALUR_HSTS_SECONDS", 365 * 24 * 60 * 60 if _PUBLIC else 0)
# Only sent with HSTS on; covers the subdomains of the name Alur is served on, not its parent.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ALUR_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("ALUR_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading is for the owner of the whole domain to ask (go.id names are the government's),
    # not for one application, so leaving it off is a choice rather than an oversight.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Every page (django-csp): scripts and styles only from Alur's own static files, or an inline
# <style> carrying the page's nonce (the printed SOP's generated CSS); no inline script, no
# style attribute, no eval (htmx's allowEval is off in base.html). See docs/deployment.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

EMAIL_BACKEND = env_str("ALUR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("ALUR_DEFAULT_FROM_EMAIL", "alur@localhost")
# The SMTP server, for ALUR_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# The address people open Alur at, for the links in e-mails (no trailing slash).
ALUR_SITE_URL = env_str("ALUR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true")

# The web server of `alur serve` (granian): processes (default: one per CPU this process may
# use), threads per process, seconds a client has to send a request's headers, and seconds
# the processes have to finish their requests when stopped (README, "The web server").
ALUR_WEB_PROCESSES = env_int("ALUR_WEB_PROCESSES", len(os.sched_getaffinity(0)))
ALUR_WEB_THREADS = env_int("ALUR_WEB_THREADS", 4)
ALUR_WEB_HEADER_TIMEOUT = env_int("ALUR_WEB_HEADER_TIMEOUT", 30)
ALUR_WEB_STOP_TIMEOUT = env_int("ALUR_WEB_STOP_TIMEOUT", 30)
for _name, _low, _high in (
    ("ALUR_WEB_PROCESSES", 1, 1024),
    ("ALUR_WEB_THREADS", 1, 1024),
    ("ALUR_WEB_HEADER_TIMEOUT", 1, 60),
    ("ALUR_WEB_STOP_TIMEOUT", 1, 3600),
):
    if not _low <= globals()[_name] <= _high:
        raise ImproperlyConfigured(f"{_name} must be {_low} to {_high}, not {globals()[_name]}")

# Background jobs (reminders, escalations): a queue in the database, run by `alur worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Seconds between two scans for reminders and escalations that are due.
ALUR_SCAN_SECONDS = env_int("ALUR_SCAN_SECONDS", 60)
# Jobs, mail and health (docs/operations.md): each worker writes a heartbeat this often; a job
# whose worker has been silent for the timeout is run again by another worker.
ALUR_WORKER_BEAT_SECONDS = env_int("ALUR_WORKER_BEAT_SECONDS", 10)
ALUR_WORKER_TIMEOUT_SECONDS = env_int("ALUR_WORKER_TIMEOUT_SECONDS", 300)
# A mail the server refuses is tried again after 1, 2, 4 … minutes (at most an hour apart),
# and given up (kept as failed, in the admin) after this many attempts.
ALUR_MAIL_MAX_ATTEMPTS = env_int("ALUR_MAIL_MAX_ATTEMPTS", 10)
ALUR_MAIL_RETRY_SECONDS = env_int("ALUR_MAIL_RETRY_SECONDS", 60)
ALUR_MAIL_RETRY_MAX_SECONDS = env_int("ALUR_MAIL_RETRY_MAX_SECONDS", 3600)
# Webhooks (docs/webhooks.md) go only to http(s) URLs on these hosts: a name, or a leading-dot
# entry for a domain and every name under it (.go.id). Empty: no webhook may be subscribed.
ALUR_WEBHOOK_ALLOWED_HOSTS = env_list("ALUR_WEBHOOK_ALLOWED_HOSTS", [])
if any("/" in _host or " " in _host for _host in ALUR_WEBHOOK_ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "ALUR_WEBHOOK_ALLOWED_HOSTS holds host names (sistem.batam.go.id, .go.id), not URLs"
    )
# /metrics answers local addresses only, unless this is set: then any address with the token
# as "Authorization: Bearer <token>", and no one without it.
ALUR_METRICS_TOKEN = env_str("ALUR_METRICS_TOKEN", "")
if not 0 < 2 * ALUR_WORKER_BEAT_SECONDS <= ALUR_WORKER_TIMEOUT_SECONDS:
    raise ImproperlyConfigured(
        "ALUR_WORKER_BEAT_SECONDS must be more than 0 and at most half of "
        "ALUR_WORKER_TIMEOUT_SECONDS"
    )
if ALUR_MAIL_MAX_ATTEMPTS < 1 or not 0 < ALUR_MAIL_RETRY_SECONDS <= ALUR_MAIL_RETRY_MAX_SECONDS:
    raise ImproperlyConfigured(
        "ALUR_MAIL_MAX_ATTEMPTS must be at least 1, and ALUR_MAIL_RETRY_SECONDS more than 0 "
        "and at most ALUR_MAIL_RETRY_MAX_SECONDS"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One line per request and the request's id in every line (alur/web/request_log.py); the id is
# taken from the proxy's X-Request-ID when it is a UUID, else made, and sent back in it.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "EXPOSE_HEADER": False}
ALUR_LOG_FORMAT = env_str("ALUR_LOG_FORMAT", "text")
if ALUR_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"ALUR_LOG_FORMAT must be text or json, not {ALUR_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "alur.web.request_log.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(request_id)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(request_id)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": ALUR_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("ALUR_LOG_LEVEL", "INFO")},
    # django-guid says at INFO, for every request, whether the header came; the id is enough.
    # httpx says at INFO every webhook it sends; each try is in the delivery's log already.
    "loggers": {"django_guid": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}
