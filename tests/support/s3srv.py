"""A real S3-compatible HTTP server on 127.0.0.1 for tests: moto's server (``moto_server``).

It stands in for MinIO / Ceph RGW: the store talks to it over HTTP with boto3 exactly as it
would to those. ``env`` holds the standard AWS_* variables a rop process needs to use it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.support.ropenv import free_port


class S3Server:
    def __init__(self, proc: subprocess.Popen[bytes], port: int):
        self.proc = proc
        self.endpoint = f"http://127.0.0.1:{port}"
        self.env = {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def client(self) -> Any:
        import boto3

        return boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
        ).client("s3", endpoint_url=self.endpoint)

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name)

    def keys(self, bucket: str) -> list[str]:
        resp = self.client().list_objects_v2(Bucket=bucket)
        return sorted(o["Key"] for o in resp.get("Contents", []))


def _moto_cmd(port: int) -> list[str]:
    exe = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    return [exe, "-H", "127.0.0.1", "-p", str(port)]


@contextlib.contextmanager
def s3_server(log_dir: Path, auth: bool = False) -> Iterator[S3Server]:
    """Start moto_server; with ``auth`` it checks credentials (unknown keys are refused)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    if auth:
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = open(log_dir / f"moto-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(_moto_cmd(port), env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    server = S3Server(proc, port)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(server.endpoint + "/moto-api/", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((log_dir / f"moto-{port}.log").read_text()) from None
                time.sleep(0.1)  # polling for readiness of a starting server
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
