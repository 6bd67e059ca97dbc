# ruff: noqa: E501
"""Public vote rush: N concurrent voters with verified phones, each sending its vote twice at
the same moment (and some a third time for another photo); /healthz measured in the same run.

    .venv/bin/python bench/competition_vote.py [--voters 200] [--workers 2] [--threads 8] [--port 8171]

1. A SQLite file under var/bench/ (or --db URL), migrated; one competition with 6 entries; N
   phones verified through the festival's own functions (otp_request → otp_verify → token), in
   the set-up process — the SMS round trip is festival_claim_rush's subject, not this one.
2. gunicorn (gthread, DEBUG=0) with one override: the per-address vote limit is lifted (every
   client here is 127.0.0.1); the per-phone limit stays.
3. /healthz for a few seconds with the same concurrency → requests/s; then the rush: one thread
   per voter, all released together by a barrier; each sends ``POST entries/{id}/vote`` with its
   X-Phone-Token twice concurrently, every 5th also votes for another entry; then /healthz again.
4. The database is checked: votes == voters, no phone_hash twice (the unique constraint), every
   201 matches a stored vote. Figures with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"
SECRET = "bench-" + "v" * 50


def _env(db: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_vote_settings", "PYTHONPATH": f"{BENCH}:{ROOT}",
            "DATABASE_URL": db, "DEBUG": "0", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0", "MEDIA_ROOT": str(BENCH / "vote_media"),
            "SMS_BACKEND": "bench.sms_outbox.FileSender"}


SETUP = r'''
import datetime, json, sys, io, random
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image
from shanglian.competition import services
from shanglian.festival import claims
n = int(sys.argv[1])
staff = get_user_model().objects.create_user("bench-staff", is_staff=True)
now = timezone.now()
c = services.competition_create(actor=staff, values={"title_zh_hant": "bench", "entry_deadline": now + datetime.timedelta(days=1),
    "vote_opens": now - datetime.timedelta(days=1), "vote_closes": now + datetime.timedelta(days=1), "status": "entries",
    "min_width": 200, "min_height": 150, "entries_per_person": 10}, categories=["A"], age_groups=[("all", 5, 99)])
ids = []
for i in range(6):
    img = Image.new("RGB", (400, 300), (i * 40, 255 - i * 40, (i * 97) % 256))
    img.paste((255 - i * 30, i * 20, 90), (0, 0, 100 + i * 40, 80 + i * 30))
    buf = io.BytesIO(); img.save(buf, "JPEG")
    e = services.entry_submit(actor=staff, competition=c, category_id=c.categories.get().pk, age_group_id=c.age_groups.get().pk,
        entrant_name="x", birth_date=datetime.date(2000, 1, 1), title=f"e{i}", data=buf.getvalue())
    ids.append(e.pk)
tokens = []
for i in range(n):
    v, code = claims.otp_request(phone=f"+8526{3000000 + i:07d}", requester="bench")
    tokens.append(claims.phone_token(claims.otp_verify(handle=v.handle, code=code, requester="bench")))
print(json.dumps({"entries": ids, "tokens": tokens}))
'''

CHECK = r'''
import json
import django
django.setup()
from django.db.models import Count
from shanglian.competition.models import PublicVote
dup = PublicVote.objects.values("competition_id", "phone_hash").annotate(n=Count("pk")).filter(n__gt=1).count()
print(json.dumps({"votes": PublicVote.objects.count(), "double": dup}))
'''


def _post(url: str, token: str) -> int:
    req = urllib.request.Request(url, data=b"", method="POST", headers={"X-Phone-Token": token})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return -1


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return -1


def healthz(base: str, seconds: float, clients: int) -> float:
    stop = time.perf_counter() + seconds
    counts = Counter()

    def loop() -> None:
        while time.perf_counter() < stop:
            counts[_get(base + "/healthz")] += 1

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts[200] / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8171)
    parser.add_argument("--db", default="")
    parser.add_argument("--healthz-seconds", type=float, default=3)
    args = parser.parse_args()
    BENCH.mkdir(parents=True, exist_ok=True)
    (BENCH / "bench_vote_settings.py").write_text(
        "from shanglian.settings import *  # noqa\nCOMPETITION_VOTE_LIMITS = {'ip': (0, 60)}\n")
    db_file = BENCH / "competition_vote.sqlite3"
    if not args.db and db_file.exists():
        db_file.unlink()
    db = args.db or f"sqlite:///{db_file}"
    env = _env(db)
    setup = subprocess.run([sys.executable, "-c", SETUP, str(args.voters)], env=env, cwd=ROOT, capture_output=True,
                           text=True)
    if setup.returncode:
        sys.exit(setup.stderr[-3000:])
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "shanglian.wsgi", "-b", f"127.0.0.1:{args.port}",
                               "-w", str(args.workers), "-k", "gthread", "--threads", str(args.threads), "--log-level", "warning"],
                              env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(300):
            if _get(base + "/healthz") == 200:
                break
            time.sleep(0.2)
        else:
            sys.exit("the server did not start")
        before = healthz(base, args.healthz_seconds, 20)
        entries, tokens = data["entries"], data["tokens"]
        barrier = threading.Barrier(len(tokens))
        results: list[tuple[int, int]] = []
        lock = threading.Lock()

        def voter(i: int) -> None:
            token = tokens[i]
            url = f"{base}/api/v1/competition/entries/{entries[i % len(entries)]}/vote"
            barrier.wait()
            with ThreadPoolExecutor(2) as pool:
                codes = list(pool.map(lambda _: _post(url, token), range(2)))
            if i % 5 == 0:
                codes.append(_post(f"{base}/api/v1/competition/entries/{entries[(i + 1) % len(entries)]}/vote", token))
            with lock:
                results.extend((i, c) for c in codes)

        threads = [threading.Thread(target=voter, args=(i,)) for i in range(len(tokens))]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        after = healthz(base, args.healthz_seconds, 20)
    finally:
        server.terminate()
        server.wait(10)
    check = json.loads(subprocess.run([sys.executable, "-c", CHECK], env=env, cwd=ROOT, capture_output=True,
                                      text=True, check=True).stdout.strip().splitlines()[-1])
    codes = Counter(c for _i, c in results)
    winners = Counter(i for i, c in results if c == 201)
    print(f"voters {len(tokens)}  requests {len(results)}  in {elapsed:.2f} s  → {len(results) / elapsed:.0f} votes/s")
    print(f"answers {dict(codes)}")
    print(f"stored votes {check['votes']}  phones with two votes {check['double']}  "
          f"voters told 201 twice {sum(1 for n in winners.values() if n > 1)}  voters with no 201 "
          f"{len(tokens) - len(winners)}")
    print(f"/healthz {before:.0f} req/s before, {after:.0f} req/s after (20 clients, same server)")
    print(f"gunicorn {args.workers} workers × {args.threads} threads, db {'sqlite file' if not args.db else args.db}")
    print("load average", Path("/proc/loadavg").read_text().strip())


if __name__ == "__main__":
    main()
