"""gunicorn's production settings, each one an environment variable (docs/operations.md).

gunicorn reads this file by itself when started from the project's directory (or with
``-c gunicorn.conf.py``); options on its command line win over it.

Threads: a request spends much of its time waiting on PostgreSQL and Redis, so each process runs
several and the cores stay busy meanwhile.

Worker connections: a gthread worker otherwise takes up to 1,000 connections off the shared
listen queue, whether or not it has a free thread, and they wait in *its* queue even when the other
process is idle. Capped at twice its threads, the rest stay in the kernel's queue, which every
process takes from in arrival order. On the festival claim rush (200 clients, 2 cores) that halved
the 99th percentile (1,341 → 681 ms in the same conditions; bench/festival.md) at the same
throughput.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count())
threads = _int("GUNICORN_THREADS", 8)
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 2 * threads)
backlog = _int("GUNICORN_BACKLOG", 2048)  # the shared queue above holds a rush's burst
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
