"""Django settings. Everything configurable comes from rop.config (ROP_* variables)."""

from __future__ import annotations

import dj_database_url

from rop import config as rop_config

CFG = rop_config.get()

BASE_DIR = CFG.data_dir
SECRET_KEY = CFG.secret_key
DEBUG = CFG.debug
ALLOWED_HOSTS = CFG.allowed_hosts

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "rop.core",
    "rop.tenants",
    "rop.org",
    "rop.calls",
    "rop.pipeline",
    "rop.asr",
    "rop.convstats",
    "rop.analysis",
    "rop.trackers",
    "rop.delivery",
    "rop.accounts",
    "rop.audit",
    "rop.ops",
    "rop.ui",
]

MIDDLEWARE = [
    "rop.core.security.TrustedProxyMiddleware",
    "rop.core.logging.RequestLogMiddleware",
    "rop.core.api_errors.ApiErrorShapeMiddleware",
    "rop.core.security.SecureCookiesMiddleware",
    "rop.core.security.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "rop.ui.middleware.OrgTimezoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rop.ui.ids.OutOfRangeIdMiddleware",
    "rop.ui.busy.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "rop.urls"
WSGI_APPLICATION = "rop.wsgi.application"

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
            ],
            "builtins": ["rop.ui.templatetags.rop_format"],
        },
    },
]

_db = dj_database_url.parse(CFG.database_url, conn_max_age=60, conn_health_checks=True)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["ENGINE"] = "rop.core.sqlite"  # sqlite3 + a process-wide write lock (see rop/core/sqlite/base.py)
    _db["OPTIONS"] = {
        # WAL + IMMEDIATE transactions: concurrent readers, writers queue on the lock
        # instead of failing with "database is locked" on lock upgrade.
        "transaction_mode": "IMMEDIATE",
        "timeout": CFG.db_lock_timeout,  # a write lock not granted in time: 503 from the API (rop.api.main)
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={int(CFG.db_lock_timeout * 1000)}; PRAGMA foreign_keys=ON;"
        ),
    }
    # Tests use a file (not :memory:) so threads and subprocesses can share it.
    _db["TEST"] = {"NAME": str(CFG.data_dir / "test.sqlite3")}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every place a password is set (createadmin, the users page) goes through validate_password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after ROP_SESSION_TIMEOUT_MINUTES without activity. Cookies are Secure and HSTS is
# sent whenever the request is https (directly or via a trusted proxy: rop.core.security).
SESSION_COOKIE_AGE = CFG.session_timeout_minutes * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 31536000
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "ru"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(CFG.data_dir / "static")
# Static files straight from the installed apps (no collectstatic step needed to run).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

# Uploads: files go to disk through our own capped handler, never into memory whole.
FILE_UPLOAD_HANDLERS = ["rop.calls.uploads.CappedAudioUploadHandler"]
FILE_UPLOAD_TEMP_DIR = str(CFG.tmp_dir)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

CSRF_FAILURE_VIEW = "rop.ui.views.errors.csrf_failure"

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "rop.core.logging.RedactFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": CFG.log_level},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    },
}
