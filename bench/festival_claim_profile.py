"""Where a claim's time goes: the API claim request run in-process (the whole Django stack —
middleware, session, ninja, the claim — without the HTTP server) under cProfile, with the SQL
statements and their time counted per request, for the three answers of a rush: a new coupon, a
retry with the same key, and "sold out".

    .venv/bin/python bench/festival_claim_profile.py --pg postgres://postgres@127.0.0.1:5432/festival
    .venv/bin/python bench/festival_claim_profile.py               # SQLite under var/bench/, locmem cache
    .venv/bin/python bench/festival_claim_profile.py --requests 300 --top 25 --redis redis://127.0.0.1:6379/5

The database named by --pg is dropped and created again (it must be yours).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
QUICK_ARGS = ["--requests", "60", "--top", "10"]


def _database(pg: str) -> str:
    if not pg:
        path = BENCH_DIR / "festival_profile.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    base, name = pg.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="")
    parser.add_argument("--redis", default="")
    parser.add_argument("--requests", type=int, default=400, help="requests per answer kind")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="pstats order (cumulative, tottime)")
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = _database(args.pg)
    sys.path.insert(0, str(ROOT))
    os.environ.update(DJANGO_SETTINGS_MODULE="shanglian.settings", DATABASE_URL=url, DEBUG="0",
                      SECRET_KEY="bench-" + "k" * 50, ALLOWED_HOSTS="127.0.0.1,testserver", SECURE_SSL_REDIRECT="0",
                      REDIS_URL=args.redis, LOG_LEVEL="ERROR")
    os.environ.setdefault("SMS_BACKEND", "bench.sms_outbox.FileSender")  # DEBUG=0 refuses the console one
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.FESTIVAL_RATE_LIMITS = {"claim_ip": (0, 60), "claim_phone": (0, 60)}
    call_command("migrate", verbosity=0)
    campaign = _campaign(quota=args.requests + 1)
    unprofiled = _campaign(quota=args.requests, again=True)  # new coupons without the profiler
    tokens = _tokens(args.requests + 1)
    warm, tokens = tokens[0], tokens[1:]

    stats = {"sql": 0, "sql_ms": 0.0, "prepared": 0}
    from shanglian.festival import claims

    prepared = claims._fetch_one_prepared

    def count_prepared(sql, params, **kwargs):  # the claim's read and write bypass Django's cursor wrappers
        stats["prepared"] += 1
        return prepared(sql, params, **kwargs)

    claims._fetch_one_prepared = count_prepared

    def count_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            stats["sql"] += 1
            stats["sql_ms"] += (time.perf_counter() - started) * 1000

    client = Client(HTTP_HOST="127.0.0.1")
    # A browser sends the session cookie it got when it asked for its code: the claim loads it.
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["festival_otp_requester"] = "profile"
    store.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    path = f"/api/v1/festival/campaigns/{campaign}/claims"
    # Warm up (imports, URL resolvers, prepared statements) outside the profile: one of each answer.
    for key in ("warm", "warm", "warm-other"):
        client.post(path, HTTP_X_PHONE_TOKEN=warm, HTTP_IDEMPOTENCY_KEY=key)
    client.get("/healthz")
    for label, kind in (("new coupon", "first"), ("retry (same key)", "first"), ("sold out", "other")):
        profile = cProfile.Profile(time.process_time)  # CPU, not wall: waiting on the database is not in it
        stats.update(sql=0, sql_ms=0.0, prepared=0)
        statuses: dict[int, int] = {}
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(count_sql):
            for i, token in enumerate(tokens):
                key = f"k{i}" if kind == "first" else f"other{i}"
                profile.enable()
                r = client.post(path, HTTP_X_PHONE_TOKEN=token, HTTP_IDEMPOTENCY_KEY=key)
                profile.disable()
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        ms = (time.perf_counter() - started) * 1000 / len(tokens)
        cpu_ms = (time.process_time() - cpu) * 1000 / len(tokens)
        print(f"== {label}: {ms:.2f} ms per request in-process ({cpu_ms:.2f} ms of this process's CPU, under "
              f"cProfile), {stats['sql'] / len(tokens):.1f} SQL statements through the ORM "
              f"({stats['sql_ms'] / len(tokens):.2f} ms) + {stats['prepared'] / len(tokens):.1f} prepared read "
              f"per request; answers {statuses}")
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        text = out.getvalue().replace(str(ROOT / ".venv" / "lib"), "…").replace(str(ROOT) + "/", "")
        print("\n".join(line for line in text.splitlines() if line.strip())[:20000])
    started, cpu = time.perf_counter(), time.process_time()
    for i, token in enumerate(tokens):  # new coupons of a second campaign, without the profiler
        client.post(f"/api/v1/festival/campaigns/{unprofiled}/claims", HTTP_X_PHONE_TOKEN=token,
                    HTTP_IDEMPOTENCY_KEY=f"u{i}")
    print(f"== new coupon, no profiler: {(time.perf_counter() - started) * 1000 / len(tokens):.2f} ms per request "
          f"({(time.process_time() - cpu) * 1000 / len(tokens):.2f} ms CPU)")
    started, cpu = time.perf_counter(), time.process_time()
    for i, token in enumerate(tokens):  # the same claims again, same keys: retries, without the profiler
        client.post(f"/api/v1/festival/campaigns/{unprofiled}/claims", HTTP_X_PHONE_TOKEN=token,
                    HTTP_IDEMPOTENCY_KEY=f"u{i}")
    print(f"== retry (same key), no profiler: {(time.perf_counter() - started) * 1000 / len(tokens):.2f} ms per "
          f"request ({(time.process_time() - cpu) * 1000 / len(tokens):.2f} ms CPU)")
    started, cpu = time.perf_counter(), time.process_time()
    for i, token in enumerate(tokens):  # "sold out" again, without the profiler
        client.post(path, HTTP_X_PHONE_TOKEN=token, HTTP_IDEMPOTENCY_KEY=f"again{i}")
    print(f"== sold out, no profiler: {(time.perf_counter() - started) * 1000 / len(tokens):.2f} ms per request "
          f"({(time.process_time() - cpu) * 1000 / len(tokens):.2f} ms CPU)")
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(len(tokens)):
        client.get("/healthz")
    print(f"== /healthz: {(time.perf_counter() - started) * 1000 / len(tokens):.2f} ms per request in-process "
          f"({(time.process_time() - cpu) * 1000 / len(tokens):.2f} ms CPU, no profiler)")


def _campaign(quota: int, again: bool = False) -> int:
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from shanglian.core.models import Place
    from shanglian.festival import services
    from shanglian.festival.models import Category, CouponCampaign, Edition

    now = timezone.now()
    if again:  # a second campaign of the same offer
        first = CouponCampaign.objects.get()
        return services.campaign_create(actor=get_user_model().objects.get(username="bench-admin"), offer=first.offer,
                                        values={f: getattr(first, f) for f in services.CAMPAIGN_FIELDS} | {
                                            "quota": quota}).pk
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
    return services.campaign_create(actor=admin, offer=offer, values={
        "kind": "value", "value": 50, "quota": quota, "per_person_limit": 1,
        "claim_starts": now - datetime.timedelta(minutes=1), "claim_ends": now + datetime.timedelta(hours=6),
        "valid_from": now, "valid_until": now + datetime.timedelta(days=30), "eligibility": "phone"}).pk


def _tokens(n: int) -> list[str]:
    from shanglian.festival import claims

    tokens = []
    for i in range(n):
        verification, code = claims.otp_request(phone=f"+8529{2000000 + i:07d}", requester="profile")
        tokens.append(claims.phone_token(claims.otp_verify(handle=verification.handle, code=code,
                                                           requester="profile")))
    return tokens


if __name__ == "__main__":
    main()
