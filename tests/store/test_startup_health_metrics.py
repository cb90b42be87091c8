"""Processes against the S3 store: refusal at start, /healthz, /metrics (real rop serve)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.ropenv import RopEnv, free_port
from tests.support.s3srv import S3Server


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _wav(tmp_path: Path) -> bytes:
    from tests.support.speech import tone

    return tone(1, tmp_path / "tone.wav").read_bytes()


def test_worker_and_server_refuse_to_start_without_the_bucket(ropenv: RopEnv, s3: S3Server) -> None:
    env = {**s3.env, "ROP_STORE_URL": "s3://missing-bucket/audio"}
    worker = ropenv.run("worker", "--once", env=env, check=False)
    assert worker.returncode != 0
    assert "Корзина «missing-bucket» не найдена" in worker.stderr
    serve = ropenv.run("serve", "--port", str(free_port()), "--workers", "0", env=env, check=False,
                       timeout=60)
    assert serve.returncode != 0
    assert "Корзина «missing-bucket» не найдена" in serve.stderr


def test_worker_refuses_to_start_when_the_store_is_unreachable(ropenv: RopEnv, s3: S3Server) -> None:
    env = {**s3.env, "ROP_STORE_URL": "s3://rop-audio", "AWS_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"}
    result = ropenv.run("worker", "--once", env=env, check=False)
    assert result.returncode != 0
    assert "недоступно" in result.stderr


def test_healthz_reports_database_and_store_and_fails_when_the_bucket_goes(
    ropenv: RopEnv, s3: S3Server, tmp_path: Path
) -> None:
    s3.create_bucket("health-bucket")
    ropenv.env.update({**s3.env, "ROP_STORE_URL": "s3://health-bucket"})
    server = ropenv.serve(workers=0, web_workers=1)
    status, body = _get(server.base + "/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok", "store": "ok"}
    s3.client().delete_bucket(Bucket="health-bucket")
    status, body = _get(server.base + "/healthz")
    assert status == 503
    data = json.loads(body)
    assert data["database"] == "ok" and "health-bucket" in data["store"]

    # An upload while the store is gone: a clear Russian 503 in the envelope, nothing recorded.
    from tests.pipeline.procs import query
    from tests.store.test_split_nodes import multipart

    key = ropenv.createkey("Организация без хранилища")
    form, ctype = multipart({"call_id": "no-store", "manager_id": "m1"}, "a.wav", _wav(tmp_path))
    status, headers, answer = server.request("POST", "/calls/audio-upload", key=key, data=form,
                                             headers={"Content-Type": ctype})
    assert status == 503, answer
    assert answer["error"] is True
    assert answer["message"] == "Хранилище аудио временно недоступно, повторите запрос позже"
    assert headers.get("Retry-After") == "30"
    assert query(ropenv, "SELECT COUNT(*) FROM calls_call")[0][0] == 0


def test_metrics_need_the_token_and_report_the_pipeline(ropenv: RopEnv, tmp_path: Path) -> None:
    from tests.pipeline.procs import seed_calls

    seed_calls(ropenv, 3)
    ropenv.env["ROP_METRICS_TOKEN"] = "metrics-secret"
    server = ropenv.serve(workers=0, web_workers=1)
    assert _get(server.base + "/metrics")[0] == 403
    assert _get(server.base + "/metrics", {"Authorization": "Bearer wrong"})[0] == 403
    status, text = _get(server.base + "/metrics", {"Authorization": "Bearer metrics-secret"})
    assert status == 200
    assert 'rop_calls{stage="fetch",status="queued"} 3.0' in text
    assert 'rop_queue_oldest_due_age_seconds{stage="fetch"}' in text
    assert "rop_webhook_backlog 0.0" in text
    assert 'rop_stage_duration_seconds_bucket{le="+Inf",stage="asr"}' in text
    assert "rop_stage_retries" in text and "rop_call_failures" in text


def test_metrics_without_a_token_answer_only_direct_loopback_requests(ropenv: RopEnv) -> None:
    server = ropenv.serve(workers=0, web_workers=1)
    assert _get(server.base + "/metrics")[0] == 200
    assert _get(server.base + "/metrics", {"X-Forwarded-For": "203.0.113.5"})[0] == 403
