"""`rop serve`: migrate, then the web server processes (waitress, see rop/webserver.py) plus the
embedded pipeline worker(s), all supervised here: a crashed process is started again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop import config
from rop.store import StoreError, check_store

RESTART_DELAY_SECONDS = 5.0
# A web process that dies this soon after starting, this many times in a row, cannot start at
# all (a broken configuration, say): `rop serve` then stops with an error instead of looping.
EARLY_EXIT_SECONDS = 10.0
MAX_EARLY_EXITS = 3


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every web process accepts on (inherited, like a prefork server's)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise CommandError(f"Не удалось открыть адрес {host}:{port}: {exc.strerror}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class Supervisor:
    """Child processes by name; a crashed one is restarted (not faster than every few seconds)."""

    def __init__(self, command: BaseCommand, env: dict[str, str], pass_fds: tuple[int, ...]):
        self.command = command
        self.env = env
        self.pass_fds = pass_fds
        self.cmds: dict[str, list[str]] = {}
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.started: dict[str, float] = {}
        self.early_exits: dict[str, int] = {}
        self.died: dict[str, float] = {}

    def start(self, name: str, cmd: list[str]) -> None:
        self.cmds[name] = cmd
        self.children[name] = subprocess.Popen(cmd, env=self.env, pass_fds=self.pass_fds)
        self.started[name] = time.monotonic()

    def restart_crashed(self) -> bool:
        """Start crashed children again; False when a web process keeps failing at start-up."""
        now = time.monotonic()
        for name, proc in list(self.children.items()):
            if proc.poll() is None:
                continue
            if name not in self.died:  # noticed within half a second of the exit
                self.died[name] = now
                early = now - self.started[name] < EARLY_EXIT_SECONDS
                self.early_exits[name] = self.early_exits.get(name, 0) + 1 if early else 0
                if name.startswith("web") and self.early_exits[name] >= MAX_EARLY_EXITS:
                    self.command.stderr.write(
                        f"{name} keeps exiting at start-up ({proc.returncode}); stopping")
                    return False
            if now - self.started[name] > RESTART_DELAY_SECONDS:
                del self.died[name]
                self.command.stderr.write(f"{name} exited with {proc.returncode}; restarting")
                self.start(name, self.cmds[name])
        return True

    def signal_all(self, signum: int) -> None:
        for proc in self.children.values():
            if proc.poll() is None:
                proc.send_signal(signum)

    def wait_all(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        for proc in self.children.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()


def _child_env(host: str) -> dict[str, str]:
    """ROP_HOST for the children: the names this server answers to beyond loopback (ALLOWED_HOSTS's
    default adds them; an explicit ROP_ALLOWED_HOSTS replaces the whole list)."""
    env = dict(os.environ)
    names = list(config.get().host_names)
    if host in {"0.0.0.0", "::", "[::]", ""}:
        names += [socket.gethostname(), socket.getfqdn()]
    else:
        names.append(f"[{host.strip('[]')}]" if ":" in host else host)
    env["ROP_HOST"] = ",".join(dict.fromkeys(n.strip() for n in names if n.strip()))
    return env


class Command(BaseCommand):
    help = ("Run the web server (waitress processes) with the embedded pipeline worker; "
            "applies migrations first.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=None, help="Pipeline workers (ROP_WORKERS)")
        parser.add_argument("--web-workers", type=int, default=None, help="Web processes (ROP_WEB_WORKERS)")
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cfg = config.get()
        try:  # a missing bucket or bad credentials stop the server here, not at the first upload
            check_store()
        except StoreError as exc:
            raise CommandError(exc.message) from None
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write("Migrations applied")
        workers = cfg.workers if options["workers"] is None else options["workers"]
        web_workers = options["web_workers"] or cfg.web_workers
        sock = listen(options["host"], options["port"])
        web_cmd = [sys.executable, "-m", "rop.webserver", "--fd", str(sock.fileno()),
                   "--threads", str(cfg.web_threads), "--connection-limit", str(cfg.web_connection_limit)]
        sup = Supervisor(self, _child_env(options["host"]), (sock.fileno(),))
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True
            sup.signal_all(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        for i in range(web_workers):
            sup.start(f"web-{i}", web_cmd)
        for i in range(workers):
            sup.start(f"worker-{i}", [sys.executable, "-m", "rop", "worker"])
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']} with {web_workers} web "
                          f"process(es) and {workers} pipeline worker(s)")
        self.stdout.flush()
        exit_code = 0
        while not stopping:
            time.sleep(0.5)
            if not stopping and not sup.restart_crashed():
                exit_code = 1
                stop(signal.SIGTERM, None)
        sock.close()
        sup.wait_all(30)
        raise SystemExit(exit_code)
