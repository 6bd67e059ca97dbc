"""Directory search latency (p50/p95) with 4,000 and 100,000 enterprises, on SQLite and PostgreSQL.

    .venv/bin/python bench/directory_search.py                       # SQLite, 4,000 and 100,000
    .venv/bin/python bench/directory_search.py --pg postgres://postgres@127.0.0.1:5432/mydb
    DATABASE_URL=postgres://… .venv/bin/python bench/directory_search.py   # same, PostgreSQL added
    .venv/bin/python bench/directory_search.py --sizes 2000 --repeat 5      # quick (bench/run_all.py)
    .venv/bin/python bench/directory_search.py --pg … --copy-from-sqlite    # PostgreSQL: copy the built SQLite data
    BENCH_PER_QUERY=1 .venv/bin/python bench/directory_search.py …          # also each query's p50 / max

Each (backend, size) runs in its own process. SQLite uses a file var/bench/directory_search_<N>.sqlite3;
PostgreSQL uses a schema ``bench_directory_<N>`` inside the given database (your own tables are
not touched). The data is the demo generator's (``manage.py demo``), built with bulk_create and
``search_index_bulk``; a built database is reused on the next run unless ``--rebuild``.

A measurement is what the directory page does: ``enterprise_directory(DirectoryFilters(q=…))``,
then ``count()`` and the first page of 20 (with its prefetch). Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# DEBUG=0 refuses the console SMS sender; benches use a file outbox (bench/sms_outbox.py).
os.environ.setdefault("SMS_BACKEND", "bench.sms_outbox.FileSender")
BENCH_DIR = ROOT / "var" / "bench"
QUERIES = {
    "繁": ["觀塘", "資訊科技", "電子零件", "物流"],
    "简": ["观塘", "信息技术", "电子元件", "出租车"],
    "together": ["觀塘電子", "電子公司", "香港電子公司", "觀塘區", "深圳貿易"],
    "English": ["electronics", "logistics", "trading", "kwun tong", "milk tea", "leather"],
    "long": ["我們是一家位於香港觀塘的電子零件貿易公司，正在尋找深圳的電子元件供應商長期合作"],
    "1–2 chars": ["電", "科技", "茶"],
}
QUICK_ARGS = ["--sizes", "2000", "--repeat", "5"]
# Above this many enterprises the build stores stand-in vectors (see _stand_in_vectors): the
# shipped model embeds ~100 texts a second on a quiet core, so 100,000 real ones take ~20 min.
REAL_VECTORS_UP_TO = int(os.environ.get("BENCH_REAL_VECTORS_UP_TO", "5000"))


def _stand_in_vectors(pool_size: int = int(os.environ.get("BENCH_VECTOR_POOL", "2000"))) -> None:
    """Real vectors for the first ``pool_size`` texts, then a pool vector (chosen by the text's
    hash) plus noise: the same storage, memory and search cost as real ones."""
    import zlib

    import numpy as np

    from shanglian.text import embed

    real = embed.encode_documents
    pool: list[np.ndarray] = []
    rng = np.random.default_rng(7)

    def encode(texts, batch: int = 32):
        texts = list(texts)
        if len(pool) < pool_size:
            out = real(texts, batch)
            pool.extend(out)
            return out
        out = np.stack([pool[zlib.crc32(t.encode()) % len(pool)] for t in texts])
        out = out + rng.normal(0, 0.01, out.shape).astype(np.float32)
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)

    embed.encode_documents = encode


def _copy_from_sqlite(sqlite_file: Path) -> None:
    """Fill the (migrated) PostgreSQL schema with the rows of a built SQLite bench database, table
    by table with COPY: the same data in ~1 minute instead of a second build (the demo build on
    PostgreSQL took 1,657 s at 100,000, most of it index upkeep per chunk). Foreign keys are not
    checked while loading (session_replication_role), the full-text GIN index is built once at
    the end, and the sequences are moved past the copied ids."""
    import sqlite3

    from django.db import connection

    src = sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True)
    src.text_factory = str
    with connection.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")
        cur.execute("SET session_replication_role = replica")
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                    "AND table_type = 'BASE TABLE' AND table_name <> 'django_migrations'")
        tables = [r[0] for r in cur.fetchall()]
        have = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        cur.execute("DROP INDEX IF EXISTS core_searchentry_tsv_gin")
        for table in tables:
            if table not in have:
                continue
            cur.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "
                        "current_schema() AND table_name = %s AND is_generated = 'NEVER'", [table])
            pg_cols = dict(cur.fetchall())
            sqlite_cols = {r[1] for r in src.execute(f'PRAGMA table_info("{table}")')}
            cols = [c for c in pg_cols if c in sqlite_cols]
            bools = [i for i, c in enumerate(cols) if pg_cols[c] == "boolean"]
            col_sql = ", ".join(f'"{c}"' for c in cols)
            with cur.copy(f'COPY "{table}" ({col_sql}) FROM STDIN') as copy:
                for row in src.execute(f'SELECT {col_sql} FROM "{table}"'):
                    if bools:
                        row = list(row)
                        for i in bools:
                            row[i] = None if row[i] is None else bool(row[i])
                    copy.write_row(row)
        cur.execute("SET session_replication_role = DEFAULT")
        cur.execute("CREATE INDEX IF NOT EXISTS core_searchentry_tsv_gin ON core_searchentry USING GIN (tsv)")
        # Sequences past the copied ids (every serial/identity column of the schema).
        cur.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                    "current_schema() AND (column_default LIKE 'nextval%%' OR is_identity = 'YES')")
        for table, column in cur.fetchall():
            cur.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', %s), "
                        f'COALESCE((SELECT max("{column}") FROM "{table}"), 0) + 1, false)', [column])
    src.close()


# ---------------------------------------------------------------- worker (one backend × size)
def _worker(backend: str, size: int, url: str, repeat: int, rebuild: bool, copy_from: str = "") -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "shanglian.settings"
    os.environ["DATABASE_URL"] = url
    # Production mode: no query log in memory, as a deployed site would run.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    from django.conf import settings

    schema = f"bench_directory_{size}"
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            if rebuild:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        settings.DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c search_path={schema}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from shanglian.directory.demo import loader
    from shanglian.directory.selectors import DirectoryFilters, enterprise_directory

    call_command("migrate", verbosity=0)
    meta_file = BENCH_DIR / f"directory_search_{backend}_{size}.json"
    have = loader.demo_enterprises().count()
    build_seconds = None
    if have >= size and meta_file.exists():
        build_seconds = json.loads(meta_file.read_text()).get("build_seconds")
        print(f"  reusing {backend} database with {have} enterprises", flush=True)
    else:
        started = time.perf_counter()
        if copy_from:
            print(f"  copying {copy_from} into {backend} …", flush=True)
            with transaction.atomic():
                _copy_from_sqlite(Path(copy_from))
        else:
            print(f"  building {backend} database with {size} enterprises …", flush=True)
            if size > REAL_VECTORS_UP_TO:
                _stand_in_vectors()
            import datetime

            out = loader._Out(sys.stdout)
            with transaction.atomic():
                loader.ensure_reference_data()
                associations = loader.ensure_associations()
                loader.load_enterprises(count=size, today=datetime.date.today(), associations=associations,
                                        out=out)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        build_seconds = time.perf_counter() - started
        meta_file.write_text(json.dumps({"build_seconds": build_seconds}))
        print(f"  built in {build_seconds:.1f}s", flush=True)

    cpu_samples: list[float] = []
    db_cpu_samples: list[float] = []
    backend_stat = None
    if backend == "postgresql":  # the server process serving this connection (same host): its CPU too
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")

    def db_cpu() -> float:
        if backend_stat is None:
            return 0.0
        try:
            fields = backend_stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def measure(query: str) -> tuple[float, int]:
        started, cpu, db_started = time.perf_counter(), time.process_time(), db_cpu()
        qs = enterprise_directory(DirectoryFilters(q=query))
        total = qs.count()
        page = list(qs[:20])
        elapsed = (time.perf_counter() - started) * 1000
        # CPU time of this process (SQLite runs in it) and, on PostgreSQL, of the server process
        # that answered (10 ms ticks): what a quiet machine would take when the shared machine is busy.
        cpu_samples.append((time.process_time() - cpu) * 1000)
        db_cpu_samples.append((db_cpu() - db_started) * 1000)
        assert len(page) == min(20, total)
        return elapsed, total

    classes: dict[str, dict] = {}
    measure("暖機")  # loads jieba and the model, and the dense matrix, once
    for label, queries in QUERIES.items():
        samples: list[float] = []
        cold: list[float] = []
        cpu_samples.clear()
        db_cpu_samples.clear()
        hits: dict[str, int] = {}
        for query in queries:
            cold.append(measure(query)[0])  # first time: the query is embedded (then remembered)
            mine = []
            for _ in range(repeat):
                ms, hits[query] = measure(query)
                mine.append(ms)
            samples += mine
            if os.environ.get("BENCH_PER_QUERY"):  # which query of a class makes its p95
                print(f"    {query[:20]:<20} p50 {statistics.median(mine):7.1f}  max {max(mine):7.1f} ms", flush=True)
        cpu95 = _percentile(cpu_samples, 95)
        both95 = _percentile([a + b for a, b in zip(cpu_samples, db_cpu_samples, strict=True)], 95)
        classes[label] = {"p50": statistics.median(samples), "p95": _percentile(samples, 95), "hits": hits,
                          "cold_max": max(cold), "cpu_p95": cpu95,
                          "cpu_with_db_p95": both95}
        print(f"  {label:<10} p50 {classes[label]['p50']:7.1f} ms  p95 {classes[label]['p95']:7.1f} ms  "
              f"cpu p95 {cpu95:6.1f} ms  +db {both95:6.1f} ms  first {max(cold):7.1f} ms  "
              f"load {os.getloadavg()[0]:.1f}  hits {hits}",
              flush=True)
    return {"backend": backend, "size": size, "enterprises": loader.demo_enterprises().count(),
            "build_seconds": build_seconds, "classes": classes}


def _percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


# ---------------------------------------------------------------- driver
def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="4000,100000", help="comma-separated enterprise counts")
    parser.add_argument("--pg", default="", help="PostgreSQL URL (default: $DATABASE_URL if it is PostgreSQL)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (after one warm-up)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the databases even if present")
    parser.add_argument("--copy-from-sqlite", action="store_true",
                        help="PostgreSQL: copy the SQLite bench database of the same size (built first), not build")
    parser.add_argument("--worker", nargs=3, metavar=("BACKEND", "SIZE", "URL"), help=argparse.SUPPRESS)
    parser.add_argument("--copy-from", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        backend, size, url = args.worker
        result = _worker(backend, int(size), url, args.repeat, args.rebuild, args.copy_from)
        print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
        return [result]

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    pg_url = args.pg or (os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith(
        ("postgres://", "postgresql://")) else "")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = [("sqlite", size, f"sqlite:///{BENCH_DIR / f'directory_search_{size}.sqlite3'}") for size in sizes]
    runs += [("postgresql", size, pg_url) for size in sizes] if pg_url else []
    results = []
    for backend, size, url in runs:
        print(f"== {backend}, {size} enterprises", flush=True)
        if args.rebuild and backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        cmd = [sys.executable, __file__, "--worker", backend, str(size), url, "--repeat", str(args.repeat)]
        if args.rebuild:
            cmd.append("--rebuild")
        if backend == "postgresql" and args.copy_from_sqlite:
            cmd += ["--copy-from", str(BENCH_DIR / f"directory_search_{size}.sqlite3")]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        for line in proc.stdout:
            if line.startswith("RESULT "):
                results.append(json.loads(line[7:]))
            else:
                print(line, end="", flush=True)
        if proc.wait() != 0:
            print(f"  worker failed (exit {proc.returncode})", flush=True)
    _print_table(results, args.repeat)
    return results


def _print_table(results: list[dict], repeat: int) -> None:
    print()
    print(f"Directory search: count + first page of 20 via enterprise_directory(); {repeat} runs per query")
    header = f"{'backend':<11} {'size':>7} {'build':>8}  " + "  ".join(f"{c:>17}" for c in QUERIES)
    print(header)
    print(f"{'':<11} {'':>7} {'':>8}  " + "  ".join(f"{'p50 / p95 ms':>17}" for _ in QUERIES))
    for r in results:
        build = f"{r['build_seconds']:.0f}s" if r["build_seconds"] is not None else "?"
        cells = "  ".join(f"{r['classes'][c]['p50']:>8.1f} / {r['classes'][c]['p95']:<6.1f}" for c in QUERIES)
        print(f"{r['backend']:<11} {r['size']:>7} {build:>8}  {cells}")


if __name__ == "__main__":
    main()
