"""gunicorn settings used by `rop serve` (loaded with ``-c python:rop.core.gunicorn_conf``).

gunicorn logs request URIs on errors ("Error handling request /api/v1/…?apiKey=…"), so its
loggers get the same redaction filter as ours. No access log: the app writes one structured,
redacted line per API request itself.
"""

from __future__ import annotations

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "rop.core.logging.RedactFilter"}},
    "formatters": {
        "generic": {
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
            "class": "logging.Formatter",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["redact"],
            "stream": "ext://sys.stdout",
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["redact"],
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "WARNING", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "WARNING", "handlers": ["error_console"], "propagate": False, "qualname": "gunicorn.error"},
        "gunicorn.access": {"level": "WARNING", "handlers": ["console"], "propagate": False, "qualname": "gunicorn.access"},
    },
}
