"""The `rop` console script: Django's manage.py with our commands (serve, worker, createkey…)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rop.settings")
    from rop.config import ConfigError

    try:
        from django.core.management import execute_from_command_line

        args = list(sys.argv if argv is None else argv)
        args[0] = "rop"
        execute_from_command_line(args)
    except ConfigError as exc:
        print(f"rop: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
