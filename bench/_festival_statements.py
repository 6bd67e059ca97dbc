"""Per-statement time of one festival offer search (count + first page, as ``festival_search.py``
measures it), after a warm-up: the median over ``--repeat`` runs of each statement's wall time,
and what is left in Python.

    .venv/bin/python bench/_festival_statements.py postgres://…/h_fest50k "繁 奶茶" "q + category"
    .venv/bin/python bench/_festival_statements.py --explain sqlite:///…/festival_search_50000.sqlite3 "q + category"

Uses a database that ``bench/festival_search.py`` built (its URL); the case labels are that
bench's. ``--explain``: each statement's plan afterwards (PostgreSQL: EXPLAIN (ANALYZE, BUFFERS),
the server's own time; SQLite: EXPLAIN QUERY PLAN)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("cases", nargs="+")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--dump", default="", help="a directory: each statement of the last run as SQL, "
                        "its parameters inlined (PostgreSQL), to try variants of it in psql")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench._setup import django_for

    django_for(args.url)
    from django.db import connection

    from bench.festival_search import CASES
    from shanglian.festival.selectors import OfferFilters, offer_search, sort_by_distance

    def measure(params: dict) -> int:
        filters = OfferFilters.from_mapping(params)
        qs = offer_search(filters)
        if filters.by_distance:
            qs = sort_by_distance(qs, filters.lat, filters.lng)
        start = (int(params.get("page", 1)) - 1) * 20
        total, page = qs.count(), list(qs[start:start + 20])
        [list(o.shops.all()) for o in page]
        return total

    for label in args.cases:
        params = CASES[label]
        measure(params)
        runs: list[list[tuple[float, str, object]]] = []
        totals: list[float] = []
        n = 0
        for _ in range(args.repeat):
            timings: list[tuple[float, str, object]] = []

            def wrap(execute, sql, params, many, context, timings=timings):
                wall = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    timings.append(((time.perf_counter() - wall) * 1000, sql, params))

            with connection.execute_wrapper(wrap):
                wall = time.perf_counter()
                n = measure(params)
                totals.append((time.perf_counter() - wall) * 1000)
            runs.append(timings)
        shapes = {len(r) for r in runs}
        print(f"{label}: {n} hits, wall median {statistics.median(totals):.1f} ms, max {max(totals):.1f} "
              f"(load {os.getloadavg()[0]:.1f}); statements per run {sorted(shapes)}")
        first = min(runs, key=len)
        in_sql = 0.0
        for i, (_, sql, _) in enumerate(first):
            times = [r[i][0] for r in runs if len(r) == len(first)]
            med = statistics.median(times)
            in_sql += med
            print(f"   {med:6.2f} ms (max {max(times):6.2f})  {' '.join(sql.split())[:220]}")
        print(f"   statements {in_sql:.1f} ms, the rest (Python) {statistics.median(totals) - in_sql:.1f} ms")
        if args.dump and connection.vendor == "postgresql":
            out = Path(args.dump)
            out.mkdir(parents=True, exist_ok=True)
            with connection.cursor() as cur:
                for i, (_, sql, params) in enumerate(first):
                    text = cur.cursor.mogrify(sql, params) if params else sql
                    (out / f"{label.replace(' ', '_')}_{i:02d}.sql").write_text(text + ";\n")
        if args.explain:
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            settings: list[str] = []  # the SETs in force when the statement ran (``_index_scans``)
            for _, sql, params in first:
                head = sql.lstrip().upper()
                if head.startswith("SET "):
                    settings.append(sql)
                elif head.startswith("RESET "):
                    settings.clear()
                if not head.startswith(("SELECT", "WITH", "(")):
                    continue
                with connection.cursor() as cur:
                    for setting in settings:
                        cur.execute(setting)
                    cur.execute(prefix + sql, params)
                    plan = cur.fetchall()
                    if settings:
                        cur.execute("RESET ALL")
                print("   --- " + " ".join(sql.split())[:300])
                if settings:
                    print("   (with " + "; ".join(settings) + ")")
                for row in plan:
                    print("      " + " ".join(str(x) for x in row))


if __name__ == "__main__":
    main(sys.argv[1:])
