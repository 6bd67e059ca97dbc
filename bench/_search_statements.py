"""Per-statement CPU and wall time of one directory search (count + first page), after a warm-up.

    .venv/bin/python bench/_search_statements.py sqlite:///var/bench/directory_search_100000.sqlite3 電 觀塘電子
    .venv/bin/python bench/_search_statements.py --explain postgres://…/db?schema=bench_directory_100000 電

Uses a database that ``bench/directory_search.py`` built (a URL as in DATABASE_URL; for its
PostgreSQL schema add ``?schema=bench_directory_<N>``). ``--explain``: each statement's plan
afterwards (PostgreSQL: EXPLAIN (ANALYZE, BUFFERS), the server's own time; SQLite: EXPLAIN QUERY PLAN)."""

from __future__ import annotations

import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> None:
    explain = "--explain" in argv
    argv = [a for a in argv if a != "--explain"]
    url, _, schema = argv[0].partition("?schema=")
    sys.path.insert(0, str(ROOT))
    os.environ.update(DJANGO_SETTINGS_MODULE="shanglian.settings", DATABASE_URL=url, DEBUG="0",
                      SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="localhost",
                      SMS_BACKEND="bench.sms_outbox.FileSender")
    if schema:
        from django.conf import settings

        settings.DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c search_path={schema}"
    import django

    django.setup()
    from django.db import connection

    from shanglian.directory.selectors import DirectoryFilters, enterprise_directory

    def measure(q: str) -> int:
        qs = enterprise_directory(DirectoryFilters(q=q))
        n = qs.count()
        list(qs[:20])
        return n

    for q in argv[1:]:
        measure(q)
    for q in argv[1:]:
        timings: list[tuple[float, float, str]] = []
        statements: list[tuple[str, object]] = []

        def wrap(execute, sql, params, many, context):
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append(((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000, sql[:160]))
                statements.append((sql, params))

        with connection.execute_wrapper(wrap):
            cpu = time.process_time()
            n = measure(q)
            total = (time.process_time() - cpu) * 1000
        print(f"{q}: {n} hits, {total:.1f} ms CPU in all (load {os.getloadavg()[0]:.1f})")
        for c, w, sql in timings:
            print(f"   cpu {c:6.1f} ms  wall {w:6.1f} ms  {sql}")
        if explain:
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            for sql, params in statements:
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cur:
                    cur.execute(prefix + sql, params)
                    print("   --- " + sql[:200])
                    for row in cur.fetchall():
                        print("      " + " ".join(str(x) for x in row))


if __name__ == "__main__":
    main(sys.argv[1:])
