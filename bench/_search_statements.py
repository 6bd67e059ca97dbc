"""Per-statement CPU and wall time of one directory search (count + first page), after a warm-up.

    .venv/bin/python bench/_search_statements.py sqlite:///var/bench/directory_search_100000.sqlite3 電 觀塘電子

Uses a database that ``bench/directory_search.py`` built (a URL as in DATABASE_URL)."""

from __future__ import annotations

import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(DJANGO_SETTINGS_MODULE="shanglian.settings", DATABASE_URL=argv[0], DEBUG="0",
                      SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="localhost",
                      SMS_BACKEND="bench.sms_outbox.FileSender")
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

        def wrap(execute, sql, params, many, context):
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append(((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000, sql[:160]))

        with connection.execute_wrapper(wrap):
            cpu = time.process_time()
            n = measure(q)
            total = (time.process_time() - cpu) * 1000
        print(f"{q}: {n} hits, {total:.1f} ms CPU in all (load {os.getloadavg()[0]:.1f})")
        for c, w, sql in timings:
            print(f"   cpu {c:6.1f} ms  wall {w:6.1f} ms  {sql}")


if __name__ == "__main__":
    main(sys.argv[1:])
