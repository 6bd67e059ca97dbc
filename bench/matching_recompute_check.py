"""Time ``recompute_all`` on a copy of a bench database and dump every Match row, to compare two
versions of the code on the same data (equivalence: order, scores, reasons as stored).

    # one run: copies DB to a temporary file, times recompute_all (CPU and wall), dumps the rows
    .venv/bin/python bench/matching_recompute_check.py run var/bench/matching_scale_500_2000.sqlite3 OUT.pickle
    # compare two dumps (e.g. main's code, run from a checkout of main, and this branch)
    .venv/bin/python bench/matching_recompute_check.py compare BEFORE.pickle AFTER.pickle

The dump is the raw table in insertion (primary key) order: opportunity, counterpart,
counterpart enterprise, score, and the reasons column's stored text, so "equal" means the same
rows in the same order with byte-identical JSON. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(db: str, out: str, profile: str | None = None) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="recompute_"))
    copy = tmp / "copy.sqlite3"
    shutil.copyfile(db, copy)
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "shanglian.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{copy}"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SMS_BACKEND", "bench.sms_outbox.FileSender")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()
    from django.db import connection

    from shanglian.matching.engine.embed import get_embedder
    from shanglian.matching.ranking import recompute_all

    get_embedder().encode(["warm"])  # model load is start-up cost, not recompute (as matching_scale.py)
    load = os.getloadavg()
    cpu, wall = time.process_time(), time.perf_counter()
    if profile:
        import cProfile

        prof = cProfile.Profile(time.process_time)
        result = prof.runcall(recompute_all)
        prof.dump_stats(profile)
    else:
        result = recompute_all()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    load_after = os.getloadavg()
    print(f"recompute_all: {cpu:.1f} s CPU, {wall:.1f} s wall, {result}; load average before "
          f"{load[0]:.1f} / after {load_after[0]:.1f} (1 min); peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT opportunity_id, counterpart_id, counterpart_enterprise_id, score, reasons, curated "
                       "FROM matching_match ORDER BY id")
        rows = cursor.fetchall()
    with open(out, "wb") as f:
        pickle.dump(rows, f)
    shutil.rmtree(tmp)
    print(f"{len(rows)} rows dumped to {out}")


def compare(before: str, after: str) -> None:
    with open(before, "rb") as f:
        a = pickle.load(f)  # noqa: S301 - our own dump
    with open(after, "rb") as f:
        b = pickle.load(f)  # noqa: S301
    print(f"rows: {len(a)} before, {len(b)} after")
    lists_a: dict[int, list] = {}
    lists_b: dict[int, list] = {}
    for rows, lists in ((a, lists_a), (b, lists_b)):
        for row in rows:
            lists.setdefault(row[0], []).append(row[1:])
    same = sum(1 for k, v in lists_a.items() if lists_b.get(k) == v)
    print(f"match lists identical (order, score, reasons text): {same} of {len(lists_a)} "
          f"(after has {len(lists_b)} lists)")
    print(f"whole table identical in insertion order: {a == b}")
    shown = 0
    for k, v in lists_a.items():
        if lists_b.get(k) != v and shown < 5:
            shown += 1
            w = lists_b.get(k) or []
            diff = [(x, y) for x, y in zip(v, w, strict=False) if x != y][:3]
            print(f"  opportunity {k}: {len(v)} vs {len(w)} rows; first differences {diff}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("db")
    r.add_argument("out")
    r.add_argument("--profile", help="write a cProfile (process time) of recompute_all here")
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    args = parser.parse_args(argv)
    if args.cmd == "run":
        run(args.db, args.out, args.profile)
    else:
        compare(args.before, args.after)


if __name__ == "__main__":
    main(sys.argv[1:])
