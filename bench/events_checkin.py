"""Check-in throughput: scans per second one server handles (issue 4, "Benchmarks").

    .venv/bin/python bench/events_checkin.py                          # 3,000 tickets, 4 workers, 16 clients
    .venv/bin/python bench/events_checkin.py --tickets 500 --clients 8  # quick (bench/run_all.py)
    .venv/bin/python bench/events_checkin.py --pg postgres://postgres@127.0.0.1:5432/mydb

A real HTTP server: gunicorn (sync workers, ``shanglian.wsgi``, DEBUG=0) on 127.0.0.1, driven by
client threads that POST JSON to the check-in page's endpoint (``/zh-hant/events/<slug>/checkin/scan/``,
the one the phone page calls) with a logged-in staff session and CSRF token, a new connection
per request (gunicorn's sync workers do not keep connections alive). Three phases, each over
every ticket: first scans (the conditional UPDATE + a CheckIn row + an audit entry), second
scans ("already checked in at … by …") and forged codes (refused by the signature check, no
database query). Prints scans/s and latency p50/p95 per phase, and checks afterwards that each
ticket was counted exactly once. SQLite: a file under var/bench/ (WAL); PostgreSQL: a schema
``bench_events_checkin`` inside the given database. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# DEBUG=0 refuses the console SMS sender; benches use a file outbox (bench/sms_outbox.py).
os.environ.setdefault("SMS_BACKEND", "bench.sms_outbox.FileSender")
BENCH_DIR = ROOT / "var" / "bench"
QUICK_ARGS = ["--tickets", "500", "--clients", "8"]
SLUG = "bench-checkin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(url: str, secret: str, schema: str | None) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shanglian.settings", "DATABASE_URL": url, "DEBUG": "0",
           "SECRET_KEY": secret, "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0"}
    if schema:
        env["PGOPTIONS"] = f"-c search_path={schema}"
    return env


def _prepare(env: dict[str, str], tickets: int) -> dict:
    """Build the event, a staff session and ``tickets`` confirmed registrations (in a child process
    so this process stays free of Django)."""
    code = f"""
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.conf import settings
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from shanglian.directory.models import Association
from shanglian.events import tickets
from shanglian.events.models import CheckIn, Event, Registration
import datetime
assoc, _ = Association.objects.get_or_create(slug="bench", defaults={{"name_zh": "測試商會"}})
Registration.objects.filter(event__slug="{SLUG}").delete()
Event.objects.filter(slug="{SLUG}").delete()
now = timezone.now()
event = Event.objects.create(slug="{SLUG}", title_zh_hant="簽到測試", starts_at=now,
                             ends_at=now + datetime.timedelta(hours=5), association=assoc, is_published=True,
                             seats_taken={tickets})
User = get_user_model()
staff = User.objects.filter(username="bench-staff").first() or User.objects.create_user("bench-staff", is_staff=True)
regs = [Registration(event=event, name_zh=f"參加者{{i}}", name_en=f"Guest {{i}}", company="測試公司",
                     email=f"guest{{i}}@bench.invalid", status="confirmed", ticket_code=tickets.new_code())
        for i in range({tickets})]
Registration.objects.bulk_create(regs, batch_size=1000)
s = SessionStore()
s[SESSION_KEY] = str(staff.pk); s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
s[HASH_SESSION_KEY] = staff.get_session_auth_hash(); s.create()
print(json.dumps({{"session": s.session_key, "codes": [r.ticket_code for r in regs], "event": event.pk}}))
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _count(env: dict[str, str]) -> dict:
    code = f"""
import json, django
django.setup()
from shanglian.events.models import CheckIn, Registration
print(json.dumps({{"checked_in": Registration.objects.filter(event__slug="{SLUG}", checked_in_at__isnull=False).count(),
                  "ok_rows": CheckIn.objects.filter(event__slug="{SLUG}", result="ok").count(),
                  "scans": CheckIn.objects.filter(event__slug="{SLUG}").count()}}))
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _phase(port: int, path: str, session: str, codes: list[str], clients: int) -> dict:
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the same value in cookie and header
    headers = {"Content-Type": "application/json", "Cookie": f"sessionid={session}; csrftoken={csrf}",
               "X-CSRFToken": csrf}
    lock = threading.Lock()
    queue = list(codes)
    latencies: list[float] = []
    statuses: dict[str, int] = {}

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                code = queue.pop()
            body = json.dumps({"code": code, "client_id": uuid.uuid4().hex})
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("POST", path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            conn.close()
            elapsed = time.perf_counter() - started
            status = json.loads(data).get("status", "?") if resp.status == 200 else f"http {resp.status}"
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {"n": len(latencies), "per_s": len(latencies) / wall, "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000, "statuses": statuses}


def run(url: str, backend: str, tickets: int, workers: int, clients: int) -> None:
    secret = secrets.token_urlsafe(50)
    schema = None
    if backend == "postgresql":
        import psycopg

        schema = "bench_events_checkin"
        name = url.rsplit("/", 1)[-1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.execute(f"CREATE SCHEMA {schema}")
    env = _env(url, secret, schema)
    print(f"  preparing {tickets} tickets on {backend} …", flush=True)
    prepared = _prepare(env, tickets)
    port = _free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    server = subprocess.Popen([gunicorn, "shanglian.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        path = f"/zh-hant/events/{SLUG}/checkin/scan/"
        codes = prepared["codes"]
        forged = [c[:-1] + ("A" if c[-1] != "A" else "B") for c in codes]
        _phase(port, path, prepared["session"], forged[:50], clients)  # warm-up (imports, connections)
        print(f"  gunicorn {workers} sync workers, {clients} client threads, {backend}")
        print(f"  {'phase':<16} {'scans':>6} {'scans/s':>8} {'p50 ms':>7} {'p95 ms':>7}  results")
        for name, batch in (("first scan", codes), ("second scan", codes), ("forged code", forged)):
            r = _phase(port, path, prepared["session"], batch, clients)
            print(f"  {name:<16} {r['n']:>6} {r['per_s']:>8.0f} {r['p50']:>7.1f} {r['p95']:>7.1f}  {r['statuses']}",
                  flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
    counts = _count(env)
    print(f"  afterwards: {counts['checked_in']} of {tickets} checked in, {counts['ok_rows']} 'ok' scan rows "
          f"(each ticket counted once: {counts['checked_in'] == counts['ok_rows'] == tickets})")
    _inprocess(env, min(tickets, 1000))
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} (2 cores)")


def _inprocess(env: dict[str, str], tickets: int) -> None:
    """The Django test client path in this process: no HTTP, one thread. Reports wall time and the
    CPU time per scan (process_time), which says what one core can do when the machine is busy."""
    code = f"""
import json, time, uuid, django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from shanglian.events.models import Registration
codes = list(Registration.objects.filter(event__slug="{SLUG}").values_list("ticket_code", flat=True))
Registration.objects.filter(event__slug="{SLUG}").update(checked_in_at=None, checked_in_by=None)
c = Client()
c.force_login(get_user_model().objects.get(username="bench-staff"))
url = "/zh-hant/events/{SLUG}/checkin/scan/"
forged = [x[:-1] + ("A" if x[-1] != "A" else "B") for x in codes]
for name, batch in (("first scan", codes), ("second scan", codes), ("forged code", forged)):
    w, p = time.perf_counter(), time.process_time()
    for x in batch:
        c.post(url, json.dumps({{"code": x, "client_id": uuid.uuid4().hex}}), content_type="application/json")
    w, p = time.perf_counter() - w, time.process_time() - p
    print(f"  {{name:<16}} {{len(batch):>6}} {{len(batch) / w:>8.0f}} {{p / len(batch) * 1000:>11.2f}}", flush=True)
"""
    print("  Django test client, in process (one thread, no HTTP):")
    print(f"  {'phase':<16} {'scans':>6} {'scans/s':>8} {'CPU ms/scan':>11}")
    subprocess.run([sys.executable, "-c", code], env={**env, "ALLOWED_HOSTS": "testserver"}, cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--pg", help="also run on this PostgreSQL URL")
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db = BENCH_DIR / "events_checkin.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    run(f"sqlite:///{db}", "sqlite", args.tickets, args.workers, args.clients)
    if args.pg:
        run(args.pg, "postgresql", args.tickets, args.workers, args.clients)


if __name__ == "__main__":
    main(sys.argv[1:])
