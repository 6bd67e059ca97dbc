"""Festival-day coupon rush on the production configuration: gunicorn (DEBUG=0), PostgreSQL in a
cluster of its own, Redis, and real phone verification through the API before the rush.

    .venv/bin/python bench/festival_claim_rush.py                          # PostgreSQL (own cluster) + Redis db 5
    .venv/bin/python bench/festival_claim_rush.py --outage 5               # … with the database stopped 5 s mid-rush
    .venv/bin/python bench/festival_claim_rush.py --backends sqlite --redis ""   # SQLite, locmem cache
    .venv/bin/python bench/festival_claim_rush.py --quota 100 --phones 400 --clients 50 --backends sqlite  # quick

What happens per backend:
1. PostgreSQL: ``initdb`` into a temporary directory (as the ``postgres`` user when run as root,
   through ``runuser``), ``pg_ctl start`` on ``--pg-port`` (8149), database ``festival``; removed
   afterwards. (``--pg URL`` uses an existing server instead, without the outage.) SQLite: a file
   under ``var/bench/``. The schema is migrated and one campaign of ``--quota`` coupons opened.
2. gunicorn starts ``--workers`` × ``--threads`` (gthread) with the production settings and
   DEBUG=0, Redis as cache / rate-limit store (``--redis``). One override module
   (``var/bench/festival_rush_settings.py``): the per-address limits are lifted (every client is
   127.0.0.1; per-phone limits stay) and the SMS sender writes each text to a file the load
   generator reads — the only stand-in for the SMS gateway.
3. Every phone is verified for real, as a browser does: ``POST phone/codes`` (JSON, CSRF cookie +
   ``X-CSRFToken``, same-origin ``Origin``, collection-notice consent) → the session cookie;
   the 6-digit code from the SMS; ``POST phone/verify`` with the random handle → the phone token.
4. ``/healthz`` with the same clients for ``--healthz-seconds`` (same server, same run), again
   after the rush; the ratio uses the mean of the two (the machine is shared).
5. The rush (``--clients`` concurrent clients, asyncio, standard library only, a new connection
   per request): every phone claims once with its own Idempotency-Key (sending its session
   cookie, as a browser would), 10 % retry with the same key after their first attempt, 10 % send
   a duplicate with a new key. A connection error or 5xx is retried with the same key (a client
   that gives up counts as ``gave_up``). With ``--outage N`` the database is stopped
   (``pg_ctl stop -m immediate``, a crash) when half the quota is claimed and started N seconds later.
6. The database is checked: oversold (coupons beyond the quota, or counter ≠ rows), duplicated (a
   phone with two coupons, or one told two different codes) and lost (a 201 whose coupon is not
   stored, or "sold out" while coupons were left) — all must be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# DEBUG=0 refuses the console SMS sender; benches use a file outbox (bench/sms_outbox.py).
os.environ.setdefault("SMS_BACKEND", "bench.sms_outbox.FileSender")
BENCH_DIR = ROOT / "var" / "bench"
SMS_DIR = BENCH_DIR / "festival_rush_sms"
PYTHON = sys.executable
QUICK_ARGS = ["--quota", "100", "--phones", "400", "--clients", "50", "--healthz-seconds", "2",
              "--backends", "sqlite", "--redis", ""]
SECRET = "bench-" + "k" * 50
PG_BIN = Path("/usr/lib/postgresql")


# ---------------------------------------------------------------- setup / check (run inside Django)
def _django(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(DJANGO_SETTINGS_MODULE="shanglian.settings", DATABASE_URL=url, DEBUG="0", SECRET_KEY=SECRET,
                      ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def _setup(url: str, quota: int, out: Path) -> None:
    _django(url)
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from shanglian.core.models import Place
    from shanglian.festival import services
    from shanglian.festival.models import Category, Edition

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
    out.write_text(json.dumps({"campaign": campaign.pk}))


def _check(url: str, out: Path) -> None:
    _django(url)
    from django.db.models import Count

    from shanglian.core.models import AuditEntry
    from shanglian.festival.models import Coupon, CouponCampaign, PhoneVerification

    campaign = CouponCampaign.objects.get()
    coupons = Coupon.objects.filter(campaign=campaign)
    per_phone_max = coupons.values("phone").annotate(n=Count("id")).order_by("-n").values_list("n", flat=True).first()
    out.write_text(json.dumps({
        "quota": campaign.quota, "claimed_counter": campaign.claimed, "rows": coupons.count(),
        "per_phone_max": per_phone_max or 0,
        "audit_entries": AuditEntry.objects.filter(action="festival.coupon.claim").count(),
        "verified": PhoneVerification.objects.filter(verified_at__isnull=False).count(),
        "codes": {c.phone: c.code for c in coupons.only("phone", "token")},
    }))


# ---------------------------------------------------------------- own PostgreSQL cluster
class Cluster:
    """A throw-away PostgreSQL cluster in a temporary directory, on our own port."""

    def __init__(self, port: int, parent: str = "", statements: bool = False):
        versions = sorted(PG_BIN.glob("*/bin/initdb"))
        if not versions:
            raise SystemExit("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql")
        self.bin = versions[-1].parent
        self.port = port
        self.statements = statements  # load pg_stat_statements (--pg-statements)
        if parent:
            Path(parent).mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix="festival-pg-", dir=parent or None))
        self.data = self.dir / "data"
        self.as_postgres = os.geteuid() == 0  # initdb refuses to run as root
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    def init(self) -> str:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-instructions")
        self.start()
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE festival")
        return self.url("festival")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        extra = " -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on" \
            if self.statements else ""
        extra += " " + os.environ.get("BENCH_PG_OPTIONS", "")  # e.g. "-c synchronous_commit=off" for an A/B
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-t", "60", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1{extra}", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------- load generator (asyncio, stdlib)
class Answer:
    __slots__ = ("status", "cookies", "body", "ms", "done_at")

    def __init__(self, status: int, cookies: dict[str, str], body: bytes, ms: float):
        self.status, self.cookies, self.body, self.ms = status, cookies, body, ms
        self.done_at = time.perf_counter()

    def json(self) -> dict:
        try:
            return json.loads(self.body or b"{}")
        except ValueError:
            return {}


async def _request(port: int, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> Answer:
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close",
                f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        data = await reader.read(-1)
        writer.close()
    except OSError:
        return Answer(0, {}, b"", (time.perf_counter() - started) * 1000)
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    raw_head, _sep, payload = data.partition(b"\r\n\r\n")
    cookies = {}
    for line in raw_head.split(b"\r\n")[1:]:
        name, _c, value = line.decode("latin-1").partition(":")
        if name.lower() == "set-cookie":
            pair = value.strip().split(";", 1)[0]
            key, _e, val = pair.partition("=")
            cookies[key] = val
    return Answer(status, cookies, payload, (time.perf_counter() - started) * 1000)


async def _healthz(port: int, clients: int, seconds: float) -> tuple[float, int]:
    stop = time.perf_counter() + seconds
    statuses: dict[int, int] = {}

    async def client() -> None:
        while time.perf_counter() < stop:
            status = (await _request(port, "GET", "/healthz", {})).status
            statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    if set(statuses) - {200}:
        print(f"   /healthz answers: {statuses} in {elapsed:.1f}s", flush=True)
    return statuses.get(200, 0) / elapsed, sum(statuses.values())


async def _verify_all(port: int, clients: int, phones: list[str]) -> dict:
    """Real phone verification as a browser does it; returns tokens, session cookies, timings."""
    origin = f"http://127.0.0.1:{port}"
    queue: asyncio.Queue = asyncio.Queue()
    for p in phones:
        queue.put_nowait(p)
    tokens: dict[str, str] = {}
    sessions: dict[str, str] = {}
    failures: dict[str, int] = {}
    ms: list[float] = []

    async def one(phone: str) -> None:
        csrf = secrets.token_hex(16)
        headers = {"Content-Type": "application/json", "Origin": origin, "X-CSRFToken": csrf,
                   "Cookie": f"csrftoken={csrf}"}
        body = json.dumps({"phone": phone, "privacy_consent": True}).encode()
        asked = await _request(port, "POST", "/api/v1/festival/phone/codes", headers, body)
        ms.append(asked.ms)
        if asked.status != 202:
            failures[f"codes {asked.status}"] = failures.get(f"codes {asked.status}", 0) + 1
            return
        session = asked.cookies.get("sessionid", "")
        text = (SMS_DIR / phone).read_text()
        code = re.search(r"\d{6}", text).group(0)
        headers["Cookie"] = f"csrftoken={csrf}; sessionid={session}"
        body = json.dumps({"verification_id": asked.json()["verification_id"], "code": code}).encode()
        checked = await _request(port, "POST", "/api/v1/festival/phone/verify", headers, body)
        ms.append(checked.ms)
        if checked.status != 200:
            failures[f"verify {checked.status}"] = failures.get(f"verify {checked.status}", 0) + 1
            return
        tokens[phone] = checked.json()["phone_token"]
        sessions[phone] = session

    async def client() -> None:
        while not queue.empty():
            await one(queue.get_nowait())

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return {"tokens": tokens, "sessions": sessions, "failures": failures, "seconds": time.perf_counter() - started,
            "ms": ms}


async def _rush(port: int, clients: int, campaign: int, tokens: dict[str, str], sessions: dict[str, str],
                seed: int, quota: int, outage: float, cluster: Cluster | None, max_retries: int) -> dict:
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
    answers: list[tuple[str, str, int, str, float, float, str]] = []  # phone, kind, status, err, ms, at, coupon
    attempts = {"retried": 0, "gave_up": 0}
    path = f"/api/v1/festival/campaigns/{campaign}/claims"
    created = 0
    outage_due = asyncio.Event()
    outage_log: dict = {}

    async def client() -> None:
        nonlocal created
        while not queue.empty():
            phone, key, kind = queue.get_nowait()
            headers = {"X-Phone-Token": tokens[phone], "Idempotency-Key": key, "Cookie": f"sessionid={sessions[phone]}"}
            for attempt in range(max_retries + 1):
                answer = await _request(port, "POST", path, headers)
                if answer.status and answer.status < 500 and answer.status != 429:
                    break
                # A client's retry: the same Idempotency-Key, exponential back-off up to 4 s.
                attempts["retried"] += 1
                await asyncio.sleep(min(4.0, 0.25 * 2 ** attempt) * (0.5 + rng.random()))
            else:
                attempts["gave_up"] += 1
            payload = answer.json()
            if answer.status == 201 and not payload.get("replayed"):
                created += 1
                if outage and created >= quota // 2:
                    outage_due.set()
            answers.append((phone, kind, answer.status, payload.get("code", "") if answer.status != 201 else "",
                            answer.ms, answer.done_at, payload.get("code", "") if answer.status == 201 else ""))

    async def stop_database() -> None:
        await outage_due.wait()
        outage_log["stopped_at"] = time.perf_counter()
        await asyncio.to_thread(cluster.stop, "immediate")
        await asyncio.sleep(outage)
        await asyncio.to_thread(cluster.start)
        outage_log["started_at"] = time.perf_counter()

    started = time.perf_counter()
    tasks = [client() for _ in range(clients)]
    watcher = asyncio.ensure_future(stop_database()) if outage and cluster else None
    await asyncio.gather(*tasks)
    if watcher is not None:
        if not watcher.done():
            watcher.cancel()
        outage_log = {k: round(v - started, 2) for k, v in outage_log.items()}
    return {"answers": answers, "seconds": time.perf_counter() - started, "started": started,
            "attempts": attempts, "outage": outage_log}


# ---------------------------------------------------------------- one backend
def _start_py_spy(out: str, server_pid: int) -> subprocess.Popen:
    """Sample the gunicorn workers' stacks during the rush only (py-spy, not a project dependency:
    give its output file; collapsed stacks, one line per stack, for flame graphs or grep)."""
    spy = shutil.which("py-spy") or "/work/tools/bin/py-spy"
    extra = os.environ.get("BENCH_PY_SPY_ARGS", "").split()  # e.g. --gil: only the thread holding the GIL
    proc = subprocess.Popen([spy, "record", "--pid", str(server_pid), "--subprocesses", "--rate", "250",
                             "--format", "raw", "--output", out, "--nonblocking", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # py-spy attaches to each worker before the rush starts
    return proc


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(pct / 100 * len(ordered))) - 1))] if ordered else 0.0


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_stats() -> list[tuple[int, int, int, str, float, float]]:
    """(pid, ppid, pgrp, comm, own CPU s, reaped children's CPU s) of every process (Linux /proc)."""
    rows = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1:raw.rindex(")")]
        f = raw[raw.rindex(")") + 2:].split()
        rows.append((int(entry.name), int(f[1]), int(f[2]), comm, (int(f[11]) + int(f[12])) / _TICK,
                     (int(f[13]) + int(f[14])) / _TICK))
    return rows


def _cpu_snapshot(server_pgid: int, cluster: Cluster | None) -> dict[str, float]:
    """CPU seconds used so far by the gunicorn processes, the bench's own PostgreSQL cluster (its
    exited backends included), Redis and this load generator: per-request CPU by part, which does
    not depend on what else the shared machine is running."""
    import resource

    rows = _proc_stats()
    out = {"server": 0.0, "postgres": 0.0, "redis": 0.0}
    postmaster = None
    if cluster is not None:
        try:
            postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            postmaster = None
    for pid, ppid, pgrp, comm, own, children in rows:
        if pgrp == server_pgid:
            out["server"] += own + (children if pid == server_pgid else 0)
        elif postmaster is not None and (pid == postmaster or ppid == postmaster):
            out["postgres"] += own + (children if pid == postmaster else 0)
        elif comm == "redis-server":
            out["redis"] += own
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["client"] = usage.ru_utime + usage.ru_stime
    return out


def _cpu_per_request(before: dict[str, float], after: dict[str, float], requests: int) -> dict[str, float]:
    """ms of CPU per request by part (and in all) between two snapshots; None when a part cannot
    be counted (PostgreSQL restarted by ``--outage``: the new postmaster's count starts again)."""
    per: dict[str, float | None] = {k: round((after[k] - before[k]) * 1000 / max(1, requests), 3) for k in before}
    if any(v < 0 for v in per.values()):
        return {**dict.fromkeys(per), "total": None}
    per["total"] = round(sum(per.values()), 3)
    return per


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


SETTINGS_OVERRIDE = '''from shanglian.settings import *  # noqa: F401,F403
import os
from pathlib import Path

# A/B switch for comparing the claim's write paths in the same conditions (default: one statement).
FESTIVAL_ONE_STATEMENT_CLAIM = os.environ.get("FESTIVAL_ONE_STATEMENT_CLAIM", "1") == "1"

# Every bench client is 127.0.0.1: lift the per-address limits; the per-phone limits stay.
FESTIVAL_RATE_LIMITS = {"claim_ip": (0, 60), "otp_ip": (0, 3600), "verify_ip": (0, 600)}
# The SMS gateway's stand-in: each text goes to a file named after the phone.
SMS_BACKEND = "festival_rush_settings.FileSender"
SMS_DIR = Path(%r)


class FileSender:
    def send(self, phone, text):
        tmp = SMS_DIR / (phone + ".tmp")
        tmp.write_text(text)
        tmp.rename(SMS_DIR / phone)
'''


def _pg_statements(url: str, reset: bool) -> None:
    """With --pg-statements: reset pg_stat_statements before the rush, print its top statements
    after (time in the executor and the planner, per call; what the database spent on what)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        if reset:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            conn.execute("SELECT pg_stat_statements_reset()")
            return
        rows = conn.execute(
            "SELECT calls, total_exec_time, total_plan_time, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) "
            "FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 12").fetchall()
    print("   PostgreSQL statements during the rush (pg_stat_statements): calls, exec ms/call, plan ms/call, query")
    for calls, exec_ms, plan_ms, _rows, query in rows:
        print(f"     {calls:>6,} {exec_ms / max(calls, 1):7.3f} {plan_ms / max(calls, 1):7.3f}  {query}")


def run_backend(backend: str, args: argparse.Namespace) -> dict:
    print(f"== {backend}: preparing (quota {args.quota:,}, {args.phones:,} phones) … load average {_loadavg()}",
          flush=True)
    cluster = None
    if backend == "sqlite":
        path = BENCH_DIR / "festival_rush.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    elif args.pg:
        url = args.pg
    else:
        cluster = Cluster(args.pg_port, args.pg_dir, statements=args.pg_statements)
        url = cluster.init()
    try:
        return _run(backend, url, cluster, args)
    finally:
        if cluster is not None:
            cluster.remove()


def _run(backend: str, url: str, cluster: Cluster | None, args: argparse.Namespace) -> dict:
    setup_file = BENCH_DIR / f"festival_rush_{backend}_setup.json"
    subprocess.run([PYTHON, __file__, "--_setup", url, str(args.quota), str(setup_file)], check=True, cwd=ROOT)
    setup = json.loads(setup_file.read_text())
    shutil.rmtree(SMS_DIR, ignore_errors=True)
    SMS_DIR.mkdir(parents=True)
    port = args.port or _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "0", "DJANGO_SETTINGS_MODULE": "festival_rush_settings",
           "PYTHONPATH": f"{BENCH_DIR}:{ROOT}", "REDIS_URL": args.redis,
           "SMS_BACKEND": "festival_rush_settings.FileSender"}
    (BENCH_DIR / "festival_rush_settings.py").write_text(SETTINGS_OVERRIDE % str(SMS_DIR))
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()
    gunicorn = Path(PYTHON).parent / "gunicorn"
    log = open(BENCH_DIR / f"festival_rush_{backend}_server.log", "w")  # noqa: SIM115
    kind = ["-k", "sync"] if args.worker_class == "sync" else ["-k", "gthread", "--threads", str(args.threads)]
    if args.worker_class == "gthread":  # as gunicorn.conf.py: twice the threads unless given
        kind += ["--worker-connections", str(args.worker_connections or 2 * args.threads)]
    server = subprocess.Popen([str(gunicorn), "shanglian.wsgi", "-w", str(args.workers), *kind,
                               "-b", f"127.0.0.1:{port}", "--backlog", "2048",
                               "--log-level", "warning"], env=env, cwd=ROOT, start_new_session=True,
                              stdout=log, stderr=log)
    phones = [f"+8529{1000000 + i:07d}" for i in range(args.phones)]
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        asyncio.run(_healthz(port, 4, 1.0))  # warm-up: imports, connections
        load_before = _loadavg()
        verified = asyncio.run(_verify_all(port, args.clients, phones))
        print(f"   verified {len(verified['tokens']):,} phones in {verified['seconds']:.1f}s "
              f"({2 * len(phones) / verified['seconds']:,.0f} req/s, p50 {statistics.median(verified['ms']):.0f} ms); "
              f"failures {verified['failures'] or 0}", flush=True)
        cpu0 = _cpu_snapshot(server.pid, cluster)
        healthz, healthz_n = asyncio.run(_healthz(port, args.clients, args.healthz_seconds))
        cpu1 = _cpu_snapshot(server.pid, cluster)
        print(f"   /healthz: {healthz:,.0f} requests/s ({args.clients} clients)", flush=True)
        load_rush = _loadavg()
        if cluster is not None and cluster.statements:
            _pg_statements(url, reset=True)
        spy = _start_py_spy(args.py_spy, server.pid) if args.py_spy else None
        rush = asyncio.run(_rush(port, args.clients, setup["campaign"], verified["tokens"], verified["sessions"],
                                 args.seed, args.quota, args.outage, cluster, args.max_retries))
        cpu2 = _cpu_snapshot(server.pid, cluster)
        if spy is not None:
            spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
            spy.wait(timeout=60)
        if cluster is not None and cluster.statements:
            _pg_statements(url, reset=False)
        load_after = _loadavg()
        # /healthz again after the rush: the machine is shared, so the ratio uses the mean of both.
        healthz_after, healthz_after_n = asyncio.run(_healthz(port, args.clients, args.healthz_seconds))
        cpu3 = _cpu_snapshot(server.pid, cluster)
        print(f"   /healthz after the rush: {healthz_after:,.0f} requests/s", flush=True)
        attempts = len(rush["answers"]) + rush["attempts"]["retried"]
        cpu = {"healthz": _cpu_per_request(cpu0, cpu1, healthz_n), "claim": _cpu_per_request(cpu1, cpu2, attempts),
               "healthz_after": _cpu_per_request(cpu2, cpu3, healthz_after_n)}
        for label, per in cpu.items():
            parts = "  ".join(f"{k} {v:.2f} ms" if v is not None else f"{k} ?" for k, v in per.items())
            print(f"   CPU per request, {label:<13} {parts}", flush=True)
        rush["cpu"] = cpu
        healthz = (healthz + healthz_after) / 2
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    check_file = BENCH_DIR / f"festival_rush_{backend}_check.json"
    subprocess.run([PYTHON, __file__, "--_check", url, str(check_file)], check=True, cwd=ROOT)
    db = json.loads(check_file.read_text())
    loads = {"before": load_before, "rush_start": load_rush, "after": load_after}
    return _report(backend, args, healthz, rush, db, verified, loads)


def _report(backend: str, args: argparse.Namespace, healthz: float, rush: dict, db: dict, verified: dict,
            loads: dict) -> dict:
    answers = rush["answers"]
    by_status: dict[str, int] = {}
    for _p, _k, status, err, _ms, _at, _code in answers:
        label = f"{status} {err}" if status != 201 else "201"
        by_status[label] = by_status.get(label, 0) + 1
    told: dict[str, set[str]] = {}
    for phone, _k, status, _e, _ms, _at, code in answers:
        if status == 201:
            told.setdefault(phone, set()).add(code)
    oversold = max(0, db["rows"] - db["quota"]) + abs(db["claimed_counter"] - db["rows"])
    duplicated = sum(1 for codes in told.values() if len(codes) > 1) + (1 if db["per_phone_max"] > 1 else 0)
    lost = sum(1 for phone, codes in told.items() if db["codes"].get(phone) not in codes)
    sold_out = sum(1 for *_x, status, err, _ms, _at, _c in answers if err == "sold_out")
    if sold_out and db["rows"] < db["quota"]:
        lost += db["quota"] - db["rows"]  # refused as sold out while coupons were left
    claim_ms = [a[4] for a in answers]
    new_at = sorted(a[5] for a in answers if a[2] == 201)
    stock_seconds = (new_at[min(len(new_at), db["rows"]) - 1] - rush["started"]) if new_at else 0.0
    errors = sum(1 for a in answers if a[2] not in (201, 409))
    result = {
        "backend": backend, "workers": args.workers, "threads": args.threads, "worker_class": args.worker_class,
        "clients": args.clients,
        "quota": args.quota, "phones": args.phones, "verified": len(verified["tokens"]),
        "verify_seconds": round(verified["seconds"], 1),
        "requests": len(answers), "seconds": round(rush["seconds"], 2),
        "requests_per_s": round(len(answers) / rush["seconds"], 1),
        "coupons_per_s_while_stock": round(db["rows"] / stock_seconds, 1) if stock_seconds else None,
        "stock_seconds": round(stock_seconds, 2),
        "p50_ms": round(statistics.median(claim_ms), 1), "p99_ms": round(_pct(claim_ms, 99), 1),
        "healthz_per_s": round(healthz, 1), "ratio": round(len(answers) / rush["seconds"] / healthz, 2),
        "coupons": db["rows"], "audit_entries": db["audit_entries"], "oversold": oversold,
        "duplicated": duplicated, "lost": lost, "other_errors": errors, "answers": by_status,
        "retried_attempts": rush["attempts"]["retried"], "gave_up": rush["attempts"]["gave_up"],
        "outage": rush["outage"], "load_average": loads, "cpu_ms_per_request": rush.get("cpu"),
        "cpu_ratio": (round((rush["cpu"]["healthz"]["total"] + rush["cpu"]["healthz_after"]["total"]) / 2
                            / rush["cpu"]["claim"]["total"], 2)
                      if rush.get("cpu") and None not in [v["total"] for v in rush["cpu"].values()] else None),
    }
    print(f"   rush: {len(answers):,} claims in {rush['seconds']:.1f}s = {result['requests_per_s']:,} req/s; "
          f"{db['rows']:,} coupons in {stock_seconds:.1f}s = {result['coupons_per_s_while_stock']} coupons/s; "
          f"p50 {result['p50_ms']} ms p99 {result['p99_ms']} ms", flush=True)
    print(f"   claim req/s ÷ /healthz req/s = {result['ratio']:.2f}; oversold {oversold}  duplicated {duplicated}  "
          f"lost {lost}  (other errors {errors}, retried {result['retried_attempts']}, gave up {result['gave_up']}); "
          f"audit entries {db['audit_entries']}; answers {by_status}", flush=True)
    if rush["outage"]:
        outage = rush["outage"]
        print(f"   database stopped at {outage.get('stopped_at')} s, back at {outage.get('started_at')} s", flush=True)
    if result["cpu_ratio"]:
        print(f"   CPU of a /healthz request ÷ CPU of a claim request (whole machine: server, database, Redis, "
              f"client) = {result['cpu_ratio']:.2f}", flush=True)
    print(f"   load average: before {loads['before']}, rush start {loads['rush_start']}, after {loads['after']}",
          flush=True)
    result["timeline"] = _timeline(answers, rush["started"])
    print("   by second of the rush (answers finished, p50 / p99 ms, 201s): " + "; ".join(
        f"{s['second']}s {s['answers']} {s['p50_ms']:.0f}/{s['p99_ms']:.0f} {s['created']}"
        for s in result["timeline"]), flush=True)
    return result


def _timeline(answers: list, started: float) -> list[dict]:
    """Answers per second of the rush with their latency: shows whether the slowest answers come
    with the first burst, the coupon phase (row-lock queue) or the sold-out phase."""
    seconds: dict[int, list] = {}
    for a in answers:
        seconds.setdefault(int(a[5] - started), []).append(a)
    return [{"second": sec, "answers": len(rows), "p50_ms": statistics.median(r[4] for r in rows),
             "p99_ms": _pct([r[4] for r in rows], 99), "created": sum(1 for r in rows if r[2] == 201)}
            for sec, rows in sorted(seconds.items())]


def main(argv: list[str] | None = None) -> list[dict]:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--_setup":
        _setup(argv[1], int(argv[2]), Path(argv[3]))
        return []
    if argv and argv[0] == "--_check":
        _check(argv[1], Path(argv[2]))
        return []
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quota", type=int, default=1_000)
    parser.add_argument("--phones", type=int, default=3_000)
    parser.add_argument("--clients", type=int, default=200, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (gthread)")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"],
                        help="gunicorn worker class (sync: one request at a time per process)")
    parser.add_argument("--healthz-seconds", type=float, default=5.0)
    parser.add_argument("--backends", default="postgresql")
    parser.add_argument("--pg", default="", help="use this PostgreSQL URL instead of an own cluster (no --outage)")
    parser.add_argument("--pg-port", type=int, default=8149, help="port of the own PostgreSQL cluster")
    parser.add_argument("--pg-dir", default="", help="make the own cluster's directory under this one (default: /tmp)")
    parser.add_argument("--pg-statements", action="store_true",
                        help="load pg_stat_statements in the own cluster and print the rush's top statements")
    parser.add_argument("--port", type=int, default=8141, help="gunicorn port (0: any free port)")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
                        help="Redis URL for cache and rate limits ('' = locmem); the db is flushed")
    parser.add_argument("--outage", type=float, default=0, help="stop the database this many seconds mid-rush")
    parser.add_argument("--max-retries", type=int, default=30,
                        help="retries of a claim on 5xx / 429 / connection errors (back-off up to 4 s)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--json", default="", help="write the results to this file")
    parser.add_argument("--worker-connections", type=int, default=0,
                        help="gunicorn --worker-connections (gthread: connections a worker takes before it "
                             "leaves the rest in the shared listen queue; 0 = twice --threads, as gunicorn.conf.py; "
                             "1000 = gunicorn's own default)")
    parser.add_argument("--py-spy", default="", metavar="FILE",
                        help="sample the server with py-spy during the rush into FILE (collapsed stacks)")
    args = parser.parse_args(argv)
    if args.outage and (args.pg or args.backends != "postgresql"):
        parser.error("--outage needs the own PostgreSQL cluster (--backends postgresql, no --pg)")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    results = [run_backend(backend, args) for backend in args.backends.split(",") if backend]
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return results


if __name__ == "__main__":
    main()
