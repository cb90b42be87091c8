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

# Longest request line gunicorn allows (its maximum): long ids still reach the app and get its
# JSON answers; beyond it gunicorn refuses the request itself (answered in JSON, see below).
limit_request_line = 8190


# Requests gunicorn refuses before the app sees them (request line or headers too large,
# malformed HTTP) are answered in the API envelope, not gunicorn's HTML page.
_MESSAGES = {
    400: "Некорректный HTTP-запрос",
    403: "Доступ запрещён",
    414: "Слишком длинный адрес запроса",
    417: "Некорректный заголовок Expect",
    431: "Слишком большие заголовки запроса",
    500: "Внутренняя ошибка сервера",
    501: "Неподдерживаемое кодирование тела запроса",
}


def _json_write_error(sock: object, status_int: int, reason: str, mesg: str) -> None:
    import json

    from gunicorn import util

    message = _MESSAGES.get(status_int, _MESSAGES[400] if status_int < 500 else _MESSAGES[500])
    body = json.dumps({"data": False, "error": True, "message": message}, ensure_ascii=False).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode("latin-1")
    util.write_nonblock(sock, head + body)


def _install_json_errors() -> None:
    from gunicorn import util

    util.write_error = _json_write_error


_install_json_errors()
