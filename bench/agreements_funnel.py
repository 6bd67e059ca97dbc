"""The agreements conversion funnel (issue 16): page render time over 50,000 matches, 20,000 B2B
meetings and 2,000 agreements, on SQLite and PostgreSQL.

    .venv/bin/python bench/agreements_funnel.py                      # SQLite
    .venv/bin/python bench/agreements_funnel.py --pg postgres://postgres@127.0.0.1:5432/h_agreements_bench
    .venv/bin/python bench/agreements_funnel.py --matches 5000 --meetings 2000 --agreements 200 --repeat 10  # quick

The data is built with bulk_create (``shanglian.agreements.funnel_data``) into a fresh database
(SQLite: var/bench/agreements_funnel.sqlite3; PostgreSQL: the database given, flushed first — use a
throwaway one). A measurement is a GET of ``/zh-hant/agreements/funnel/`` by a secretariat user
through Django's test client (access → four aggregate queries → template), after one warm-up.
DEBUG=1 (the static manifest and MFA of DEBUG=0 are not what is measured); the query log is reset
after each request.
Prints p50/p95 (ms) with the cache cleared before every render (computed) and with the five-minute
cache warm (cached), and the load average. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="")
    parser.add_argument("--matches", type=int, default=50_000)
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--agreements", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.pg:
        url = args.pg
    else:
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        db = ROOT / "var" / "bench" / "agreements_funnel.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db}"
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "shanglian.settings",
            "DATABASE_URL": url,
            "DEBUG": "1",
            "SEARCH_DENSE": "0",
            "SMS_BACKEND": "bench.sms_outbox.FileSender",
            "MFA_REQUIRED_FOR_STAFF": "0",
        }
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import reset_queries
    from django.test import Client

    from shanglian.agreements.funnel_data import bulk_funnel_data
    from shanglian.directory.models import Association

    call_command("migrate", verbosity=0)
    if args.pg:
        call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    associations = [Association.objects.create(slug=f"bench-{i}", name_zh=f"基準商會{i}", sort=i) for i in range(15)]
    counts = bulk_funnel_data(
        associations=associations, matches=args.matches, meetings=args.meetings, agreements=args.agreements
    )
    built = time.perf_counter() - started
    staff = get_user_model().objects.create_user("bench-staff", password="x", is_staff=True)
    client = Client()
    client.force_login(staff)
    url_path = "/zh-hant/agreements/funnel/"
    warm = client.get(url_path, secure=True)
    assert warm.status_code == 200, (warm.status_code, warm.get("Location"))  # warm-up
    from django.core.cache import cache

    def measure(cold: bool) -> list[float]:
        times = []
        for _ in range(args.repeat):
            if cold:
                cache.clear()  # the funnel is cached for five minutes; cold = recomputed every time
            t0 = time.perf_counter()
            response = client.get(url_path, secure=True)
            times.append((time.perf_counter() - t0) * 1000)
            reset_queries()
            assert response.status_code == 200
        return sorted(times)

    def p95(times: list[float]) -> float:
        return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]

    cold, warm = measure(True), measure(False)
    backend = "postgresql" if args.pg else "sqlite"
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(
        f"{backend}: {counts} built in {built:.1f}s; funnel page over {args.repeat} renders: "
        f"computed p50 {statistics.median(cold):.1f} ms p95 {p95(cold):.1f} ms; "
        f"cached p50 {statistics.median(warm):.1f} ms p95 {p95(warm):.1f} ms; loadavg {' '.join(load)}"
    )


if __name__ == "__main__":
    main()
