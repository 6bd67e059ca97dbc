"""Coupon claim rush against a real server: gunicorn (2 workers × threads) on PostgreSQL and SQLite.

    .venv/bin/python bench/festival_claim_rush.py                       # SQLite (+ PostgreSQL if DATABASE_URL is PG)
    .venv/bin/python bench/festival_claim_rush.py --pg postgres://postgres@127.0.0.1:5432/shanglian_festival
    .venv/bin/python bench/festival_claim_rush.py --quota 300 --phones 1500 --clients 50   # quick (run_all)

What happens per backend:
1. A fresh database (SQLite: var/bench/festival_rush.sqlite3; PostgreSQL: database ``<name>_rush``
   next to the given one) is migrated; one campaign with ``--quota`` coupons (claim window open) is
   created, and ``--phones`` **verified phone sessions are written directly into the database**
   (PhoneVerification rows with verified_at set, and their signed X-Phone-Token). That is the only
   bypass: no SMS is sent in the benchmark; every claim still checks its token in the database.
2. gunicorn starts ``--workers`` processes (gthread, ``--threads`` each) in production mode
   (DEBUG=0). The per-address rate limit is lifted (every client comes from 127.0.0.1); the
   per-phone limit stays on.
3. The load generator (asyncio, stdlib only — no extra package) runs ``--clients`` concurrent
   clients: first ``GET /healthz`` for a few seconds (the stack's trivial-request rate, same server,
   same run), then the rush: every phone claims once with its own Idempotency-Key, 10 % of the phones
   retry with the same key (must get the same coupon back) and 10 % send a duplicate with a new key
   (must be refused), in random order.
4. The database is checked: oversold (coupons beyond the quota, or counter ≠ rows), duplicated
   (a phone with two coupons, or a retry answered with another code) and lost (a 201 answer whose
   coupon is not in the database, or sold-out answers while the quota was not reached) — all must be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# DEBUG=0 refuses the console SMS sender; benches use a file outbox (bench/sms_outbox.py).
os.environ.setdefault("SMS_BACKEND", "bench.sms_outbox.FileSender")
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
QUICK_ARGS = ["--quota", "300", "--phones", "1500", "--clients", "50", "--healthz-seconds", "2"]
SECRET = "bench-" + "k" * 50


# ---------------------------------------------------------------- setup / check (run inside Django)
def _django(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(DJANGO_SETTINGS_MODULE="shanglian.settings", DATABASE_URL=url, DEBUG="0", SECRET_KEY=SECRET,
                      ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0")
    import django

    django.setup()


def _setup(url: str, quota: int, phones: int, out: Path) -> None:
    _django(url)
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from shanglian.core.models import Place
    from shanglian.festival import claims, services
    from shanglian.festival.models import Category, Edition, PhoneVerification

    call_command("migrate", verbosity=0)
    now = timezone.now()
    admin = get_user_model().objects.create_user("bench-admin", is_staff=True)
    edition = Edition.objects.create(code="bench", name_zh_hant="基準測試", starts_on=now.date(),
                                     ends_on=now.date() + datetime.timedelta(days=30), is_current=True)
    merchant = services.merchant_apply(actor=admin, edition=edition, values={
        "name_zh": "基準商戶", "contact_name": "x", "contact_phone": "2123 4567"}, brands=[("基準", "")],
        shops=[{"name_zh": "基準店", "address": "x", "district": Place.objects.get(code="kwun-tong")}])
    services.merchant_review(actor=admin, merchant=merchant, approve=True)
    offer = services.offer_create(actor=admin, merchant=merchant, shops=list(merchant.shops.all()), values={
        "title_zh_hant": "搶券", "category": Category.objects.get(code="restaurants"), "valid_from": now.date(),
        "valid_until": now.date() + datetime.timedelta(days=30)})
    campaign = services.campaign_create(actor=admin, offer=offer, values={
        "kind": "value", "value": 50, "quota": quota, "per_person_limit": 1,
        "claim_starts": now - datetime.timedelta(minutes=1), "claim_ends": now + datetime.timedelta(hours=6),
        "valid_from": now, "valid_until": now + datetime.timedelta(days=30), "eligibility": "phone"})
    # The documented bypass: verified phone sessions written straight into the database.
    numbers = [f"+8529{1000000 + i:07d}" for i in range(phones)]
    rows = PhoneVerification.objects.bulk_create(
        [PhoneVerification(phone=p, code_hash="bench", expires_at=now, verified_at=now) for p in numbers],
        batch_size=2000)
    if rows[0].pk is None:  # backends without RETURNING on bulk insert
        rows = list(PhoneVerification.objects.order_by("pk"))
    tokens = {r.phone: claims.phone_token(r) for r in rows}
    out.write_text(json.dumps({"campaign": campaign.pk, "tokens": tokens}))


def _check(url: str, out: Path) -> None:
    _django(url)
    from django.db.models import Count

    from shanglian.festival.models import Coupon, CouponCampaign

    campaign = CouponCampaign.objects.get()
    coupons = Coupon.objects.filter(campaign=campaign)
    per_phone_max = coupons.values("phone").annotate(n=Count("id")).order_by("-n").values_list("n", flat=True).first()
    out.write_text(json.dumps({
        "quota": campaign.quota, "claimed_counter": campaign.claimed, "rows": coupons.count(),
        "per_phone_max": per_phone_max or 0,
        "codes": {c.phone: c.code for c in coupons.only("phone", "token")},
    }))


# ---------------------------------------------------------------- load generator (asyncio, stdlib)
async def _request(host: str, port: int, method: str, path: str, headers: dict[str, str]) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    head = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close", "Content-Length: 0"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
    await writer.drain()
    data = await reader.read(-1)
    writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    body = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
    return status, body, (time.perf_counter() - started) * 1000


async def _healthz(port: int, clients: int, seconds: float) -> float:
    stop = time.perf_counter() + seconds
    count = 0

    async def client() -> None:
        nonlocal count
        while time.perf_counter() < stop:
            status, _b, _ms = await _request("127.0.0.1", port, "GET", "/healthz", {})
            count += status == 200

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return count / (time.perf_counter() - started)


async def _rush(port: int, clients: int, campaign: int, tokens: dict[str, str], seed: int) -> dict:
    rng = random.Random(seed)
    phones = list(tokens)
    keys = {p: secrets.token_hex(8) for p in phones}
    first = [(p, keys[p], "first") for p in phones]
    retries = [(p, keys[p], "retry") for p in rng.sample(phones, len(phones) // 10)]
    dups = [(p, secrets.token_hex(8), "dup") for p in rng.sample(phones, len(phones) // 10)]
    jobs = first + retries + dups
    rng.shuffle(jobs)
    # A retry must follow its first attempt (that is what a retry is): move each after its first.
    seen: set[str] = set()
    ordered, waiting = [], {}
    for job in jobs:
        if job[2] == "retry" and job[0] not in seen:
            waiting.setdefault(job[0], []).append(job)
            continue
        ordered.append(job)
        if job[2] == "first":
            seen.add(job[0])
            ordered.extend(waiting.pop(job[0], []))
    queue: asyncio.Queue = asyncio.Queue()
    for job in ordered:
        queue.put_nowait(job)
    answers: list[tuple[str, str, int, str, float]] = []  # phone, kind, status, code/err, ms
    path = f"/api/v1/festival/campaigns/{campaign}/claims"

    async def client() -> None:
        while not queue.empty():
            phone, key, kind = queue.get_nowait()
            status, body, ms = await _request("127.0.0.1", port, "POST", path,
                                              {"X-Phone-Token": tokens[phone], "Idempotency-Key": key})
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                payload = {}
            answers.append((phone, kind, status, payload.get("code", ""), ms))

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return {"answers": answers, "seconds": time.perf_counter() - started}


# ---------------------------------------------------------------- one backend
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare_db(backend: str, pg_url: str) -> str:
    if backend == "sqlite":
        path = BENCH_DIR / "festival_rush.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    base, name = pg_url.rsplit("/", 1)
    rush = f"{name.split('?')[0]}_rush"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{rush}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{rush}"')
    return f"{base}/{rush}"


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(pct / 100 * len(ordered))) - 1))] if ordered else 0.0


def run_backend(backend: str, pg_url: str, args: argparse.Namespace) -> dict:
    print(f"== {backend}: preparing (quota {args.quota:,}, {args.phones:,} phones) …", flush=True)
    url = _prepare_db(backend, pg_url)
    setup_file = BENCH_DIR / f"festival_rush_{backend}_setup.json"
    subprocess.run([PYTHON, __file__, "--_setup", url, str(args.quota), str(args.phones), str(setup_file)],
                   check=True, cwd=ROOT)
    setup = json.loads(setup_file.read_text())
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "0", "DJANGO_SETTINGS_MODULE": "festival_rush_settings", "LOG_LEVEL": "ERROR",
           "PYTHONPATH": f"{BENCH_DIR}:{ROOT}"}
    (BENCH_DIR / "festival_rush_settings.py").write_text(
        "from shanglian.settings import *  # noqa\n"
        "# Every bench client is 127.0.0.1: lift the per-address limits; per-phone limits stay.\n"
        "FESTIVAL_RATE_LIMITS = {'claim_ip': (0, 60)}\n"
        "# 409 answers are the expected outcome of a rush: do not log each one.\n"
        "LOGGING['loggers'] = {'django.request': {'level': 'ERROR'}}\n")
    gunicorn = Path(PYTHON).parent / "gunicorn"
    server = subprocess.Popen([str(gunicorn), "shanglian.wsgi", "-w", str(args.workers), "-k", "gthread",
                               "--threads", str(args.threads), "-b", f"127.0.0.1:{port}", "--backlog", "2048",
                               "--log-level", "warning"], env=env, cwd=ROOT, start_new_session=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        asyncio.run(_healthz(port, 4, 1.0))  # warm-up: imports, connections
        healthz = asyncio.run(_healthz(port, args.clients, args.healthz_seconds))
        print(f"   /healthz: {healthz:,.0f} requests/s ({args.clients} clients)", flush=True)
        rush = asyncio.run(_rush(port, args.clients, setup["campaign"], setup["tokens"], args.seed))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    check_file = BENCH_DIR / f"festival_rush_{backend}_check.json"
    subprocess.run([PYTHON, __file__, "--_check", url, str(check_file)], check=True, cwd=ROOT)
    db = json.loads(check_file.read_text())
    return _report(backend, args, healthz, rush, db)


def _report(backend: str, args: argparse.Namespace, healthz: float, rush: dict, db: dict) -> dict:
    answers = rush["answers"]
    by_status: dict[str, int] = {}
    for _p, _k, status, code, _ms in answers:
        label = f"{status} {code}" if status != 201 else "201"
        by_status[label] = by_status.get(label, 0) + 1
    created = [(p, kind, code) for p, kind, status, code, _ms in answers if status == 201]
    told: dict[str, set[str]] = {}
    for phone, _kind, code in created:
        told.setdefault(phone, set()).add(code)
    oversold = max(0, db["rows"] - db["quota"]) + abs(db["claimed_counter"] - db["rows"])
    duplicated = max(0, db["per_phone_max"] - 1) + sum(len(codes) - 1 for codes in told.values())
    lost = sum(1 for phone, codes in told.items() if db["codes"].get(phone) not in codes)
    sold_out = sum(1 for *_x, status, code, _ms in answers if code == "sold_out")
    if sold_out and db["rows"] < db["quota"]:
        lost += db["quota"] - db["rows"]  # refused as sold out while coupons were left
    claim_ms = [ms for *_x, ms in answers]
    success_ms = [ms for _p, _k, status, _c, ms in answers if status == 201]
    errors = sum(1 for *_x, status, _c, _ms in answers if status not in (201, 409))
    result = {
        "backend": backend, "workers": args.workers, "threads": args.threads, "clients": args.clients,
        "quota": args.quota, "phones": args.phones, "requests": len(answers), "seconds": round(rush["seconds"], 2),
        "requests_per_s": round(len(answers) / rush["seconds"], 1),
        "claims_per_s": round(db["rows"] / rush["seconds"], 1),
        "p50_ms": round(statistics.median(claim_ms), 1), "p99_ms": round(_pct(claim_ms, 99), 1),
        "p50_201_ms": round(statistics.median(success_ms), 1) if success_ms else None,
        "healthz_per_s": round(healthz, 1), "coupons": db["rows"], "oversold": oversold, "duplicated": duplicated,
        "lost": lost, "other_errors": errors, "answers": by_status,
    }
    print(f"   rush: {len(answers):,} requests in {rush['seconds']:.1f}s = {result['requests_per_s']:,} req/s; "
          f"{db['rows']:,} coupons; p50 {result['p50_ms']} ms p99 {result['p99_ms']} ms", flush=True)
    print(f"   oversold {oversold}  duplicated {duplicated}  lost {lost}  (other errors {errors}); "
          f"answers {by_status}", flush=True)
    print(f"   claim requests/s ÷ /healthz requests/s = {result['requests_per_s'] / healthz:.2f}", flush=True)
    return result


def main(argv: list[str] | None = None) -> list[dict]:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--_setup":
        _setup(argv[1], int(argv[2]), int(argv[3]), Path(argv[4]))
        return []
    if argv and argv[0] == "--_check":
        _check(argv[1], Path(argv[2]))
        return []
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quota", type=int, default=10_000)
    parser.add_argument("--phones", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=300, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (gthread)")
    parser.add_argument("--healthz-seconds", type=float, default=5.0)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", default="", help="PostgreSQL URL (default: $DATABASE_URL if PostgreSQL)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--json", default="", help="write the results to this file")
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    pg_url = args.pg or (os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith(
        ("postgres://", "postgresql://")) else "")
    results = []
    for backend in args.backends.split(","):
        if backend == "postgresql" and not pg_url:
            print("== postgresql: skipped (no --pg and DATABASE_URL is not PostgreSQL)")
            continue
        results.append(run_backend(backend, pg_url, args))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return results


if __name__ == "__main__":
    main()
