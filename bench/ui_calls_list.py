"""Calls list and call page speed (default 10,000 calls with checklist results, keyword trackers and
their hits, a few calls waiting for a retry): first page, a deep page (keyset), filters, sorting,
tracker filter, transcript search by word form and by phrase, the call page. Target: < 300 ms
server time (median) on SQLite and PostgreSQL.

Usage: .venv/bin/python bench/ui_calls_list.py [--calls 10000]
(PostgreSQL: ROP_DATABASE_URL=postgres://… an empty database). Prints milliseconds per request.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    os.environ.setdefault("ROP_DATA_DIR", tempfile.mkdtemp(prefix="rop-bench-ui-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rop.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()  # responses carry .context (the page's cursor)
    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    from rop.accounts.models import Role
    from rop.accounts.services import create_user
    from rop.analysis.models import ChecklistResult, ChecklistVersion
    from rop.asr.models import Segment
    from rop.calls.models import Call
    from rop.org.models import Manager
    from rop.org.services import ManagerIn, OfficeIn, update_managers, update_offices
    from rop.tenants.services import get_or_create_org
    from tests.ui.factories import make_checklist

    org, created = get_or_create_org("Бенчмарк")
    if not created:  # re-run on a seeded data dir (ROP_DATA_DIR=… given twice)
        return run(args, org)
    update_managers(org, [ManagerIn(f"m{i}", f"Имя{i}", f"Фамилия{i}", "") for i in range(50)])
    update_offices(
        org,
        [
            OfficeIn(f"o{j}", f"Офис {j}", [f"m{j * 10}"], [f"m{i}" for i in range(j * 10, j * 10 + 10)])
            for j in range(5)
        ],
    )
    managers = list(Manager.objects.filter(org=org))
    checklist = make_checklist(org)
    version = ChecklistVersion.objects.get(checklist=checklist)
    create_user(org, "bench-admin", "bench-password-1", Role.ADMIN)
    create_user(org, "bench-leader", "bench-password-1", Role.LEADER,
                         manager=Manager.objects.get(org=org, manager_id="m10"))

    t0 = time.perf_counter()
    rnd = random.Random(1)
    now = timezone.now()
    words = ["квартира", "ипотека", "район", "бюджет", "комнаты", "сдача", "парковка", "школа"]
    batch = 5000
    for start in range(0, args.calls, batch):
        calls = [
            Call(
                org=org,
                call_id=f"b-{i}",
                manager=managers[i % len(managers)],
                status="done",
                stage="done",
                next_attempt_at=None,
                created_at=now - timedelta(seconds=i * 30),
                duration=120.0,
            )
            for i in range(start, min(args.calls, start + batch))
        ]
        Call.objects.bulk_create(calls)
        calls = list(Call.objects.filter(org=org, call_id__in=[c.call_id for c in calls]))
        results, segments = [], []
        for c in calls:
            ok2 = rnd.random() < 0.6
            stages = [
                {"stage_id": "URC_S_1", "stage_name": "Критерии", "status": "completed", "score": 1},
                {
                    "stage_id": "URC_S_2",
                    "stage_name": "Бюджет",
                    "status": "completed" if ok2 else "failed",
                    "score": 1 if ok2 else -1,
                },
            ]
            total = 1 + (1 if ok2 else -1)
            results.append(
                ChecklistResult(
                    org=org,
                    call=c,
                    checklist=checklist,
                    version=version,
                    total_score=total,
                    max_score=2,
                    completion_percentage=max(0, 50 * total),
                    stages=stages,
                )
            )
            for k in range(3):
                segments.append(Segment(call=c, start=k * 3.0, end=k * 3.0 + 2.5, speaker="manager",
                                        text=" ".join(rnd.choice(words) for _ in range(8))))
        Segment.objects.bulk_create(segments)
        ChecklistResult.objects.bulk_create(results)
    Segment.objects.filter(call__org=org, call__call_id="b-77").update(text="редкоеслово уникальное")
    seed_trackers(org)
    seed_stats(org)
    seed_dashboard(org)
    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would have them
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(f"seeded {args.calls} calls, {args.calls} results, {3 * args.calls} segments "
          f"in {time.perf_counter() - t0:.1f}s ({connection.vendor})")

    run(args, org)


def seed_stats(org: Any) -> None:
    """Conversation statistics for every seeded call (as the asr stage stores them), varied by call."""
    from rop.calls.models import Call
    from rop.convstats.models import CallStats

    t0 = time.perf_counter()
    rows = []
    for i, pk in enumerate(Call.objects.filter(org=org).values_list("pk", flat=True)):
        share = 20.0 + (i * 7) % 60
        rows.append(CallStats(call_id=pk, manager_talk=share, client_talk=100 - share, manager_share=share,
                              manager_longest_monologue=5.0 + i % 40, client_longest_monologue=3.0 + i % 25,
                              manager_interruptions=i % 5, client_interruptions=i % 3,
                              longest_silence=1.0 + i % 12, total_silence=4.0 + i % 30,
                              manager_words=150 + i % 90, client_words=90 + i % 70,
                              manager_rate=110.0 + i % 50, client_rate=95.0 + i % 40, manager_questions=i % 9,
                              speech={"manager": [[0.0, 2.5]], "client": [[3.0, 5.5]]}))
    CallStats.objects.bulk_create(rows, batch_size=5000)
    print(f"conversation statistics for {len(rows)} calls in {time.perf_counter() - t0:.1f}s")


def seed_trackers(org: Any) -> None:
    """Three trackers tagged over the seeded transcripts (as the past-calls job does), a few retries."""
    from rop.asr.models import Segment
    from rop.calls.models import Call, CallEvent
    from rop.trackers.models import Tracker, TrackerHit
    from rop.trackers.services import compile_tracker, match

    t0 = time.perf_counter()
    trackers = [Tracker.objects.create(org=org, name=n, phrases=p) for n, p in
                (("Ипотека", ["ипотека"]), ("Парковка", ["парковка"]), ("Школа рядом", ["школа район"]))]
    compiled = [compile_tracker(t) for t in trackers]
    calls = {c.pk: c for c in Call.objects.filter(org=org)}
    by_call: dict[int, list[object]] = {}
    for seg in Segment.objects.filter(call__org=org).only("call_id", "start", "speaker", "text", "lemmas"):
        by_call.setdefault(seg.call_id, []).append(seg)
    hits = []
    for call_id, segs in by_call.items():
        hits.extend(match(compiled, segs, calls[call_id]))  # type: ignore[arg-type]
    TrackerHit.objects.bulk_create(hits, batch_size=5000)
    now = timezone_now()
    retrying = list(Call.objects.filter(org=org).order_by("-created_at")[5:25])
    for c in retrying:
        Call.objects.filter(pk=c.pk).update(status="downloading", stage="fetch", first_failure_at=now)
        CallEvent.objects.create(call=c, stage="fetch", kind="retry",
                                 message="Сервер записи ответил 503. Повторная попытка через 40 с")
    print(f"tagged {len(hits)} tracker hits, {len(retrying)} retrying calls in {time.perf_counter() - t0:.1f}s")


def timezone_now() -> object:
    from django.utils import timezone

    return timezone.now()


def run(args: argparse.Namespace, org: Any) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from rop.calls.models import Call
    from rop.org.models import Office
    from rop.trackers.models import Tracker

    admin = User.objects.get(username="bench-admin")
    leader = User.objects.get(username="bench-leader")

    def measure(client: Client, label: str, url: str) -> str:
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as q:
                t = time.perf_counter()
                resp = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
            assert resp.status_code == 200, (url, resp.status_code)
        times.sort()
        print(
            f"{label:<42} median {times[len(times) // 2]:7.1f} ms   "
            f"max {times[-1]:7.1f} ms   {len(q)} queries"
        )
        return resp.context["pg"].next_cursor if resp.context and "pg" in resp.context else ""

    c = Client()
    c.force_login(admin)
    office = Office.objects.get(org=org, office_id="o2").pk
    cursor = measure(c, "admin: first page", "/calls/")
    depth = min(200, args.calls // 50 - 2)
    for _ in range(depth - 1):  # walk deep (up to 10,000 rows) to get a deep cursor
        cursor = c.get(f"/calls/?after={cursor}").context["pg"].next_cursor
    measure(c, f"admin: page {depth + 1} (keyset)", f"/calls/?after={cursor}")
    measure(c, "admin: office filter", f"/calls/?office={office}")
    measure(c, "admin: score 0-10", "/calls/?score_max=10")
    measure(c, "admin: failed stage URC_S_2", "/calls/?failed_stage=URC_S_2")
    measure(c, "admin: search common word", "/calls/?q=ипотека")
    measure(c, "admin: search rare word", "/calls/?q=редкоеслово")
    measure(c, "admin: search word forms (ипотеку)", "/calls/?q=ипотеку")
    measure(c, "admin: search phrase", '/calls/?q="квартира ипотека"')
    measure(c, "admin: sort by score", "/calls/?sort=score")
    measure(c, "admin: sort by duration, page 20", "/calls/?sort=duration_asc&page=20")
    tracker = Tracker.objects.get(org=org, name="Ипотека").pk
    measure(c, "admin: tracker filter", f"/calls/?tracker={tracker}")
    measure(c, "admin: talk share 40-60 % (stats)", "/calls/?share_min=40&share_max=60")
    measure(c, "admin: interruptions >= 3, silence >= 8 s", "/calls/?interruptions_min=3&silence_min=8")
    call = Call.objects.get(org=org, call_id="b-77").pk
    measure(c, "admin: call page", f"/calls/{call}/")
    measure(c, "admin: call page with search marks", f"/calls/{call}/?q=редкоеслово")
    measure_dashboard(c, measure, org, leader)
    c.force_login(admin)
    c.force_login(leader)
    measure(c, "leader: first page", "/calls/")


def seed_dashboard(org: Any) -> None:
    """Per-stage verdict rows for the bulk-created results (the signal does not see bulk_create)."""
    from rop.analysis.models import ChecklistResult
    from rop.analysis.outcomes import rebuild_stage_verdicts

    t0 = time.perf_counter()
    n = rebuild_stage_verdicts(ChecklistResult.objects.filter(org=org))
    print(f"stage verdict rows for {n} results in {time.perf_counter() - t0:.1f}s")


def measure_dashboard(c: Any, measure: Callable[[Any, str, str], str], org: Any, leader: Any) -> None:
    """Dashboard part (issue 10): dashboard, office filter, comparison, manager page; < 300 ms median."""
    from rop.org.models import Manager, Office

    office = Office.objects.get(org=org, office_id="o2").pk
    manager = Manager.objects.get(org=org, manager_id="m21").pk
    measure(c, "admin: dashboard (30 days)", "/dashboard/")
    measure(c, "admin: dashboard, office filter", f"/dashboard/?office={office}")
    measure(c, "admin: dashboard, 90 days + comparison", "/dashboard/?date_from=" +
            (date.today() - timedelta(days=89)).isoformat())
    measure(c, "admin: manager page", f"/dashboard/managers/{manager}/")
    c.force_login(leader)
    measure(c, "leader: dashboard", "/dashboard/")


if __name__ == "__main__":
    main()
