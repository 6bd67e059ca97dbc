"""A demo site in its own process for the crawl: a fresh database with `manage.py demo`, served by
Django's server on a free local port. It runs outside pytest-django's test database on purpose: the
crawl walks the pages people see with the data they see, and must not leave that data behind for
other tests.

SQLite in a temporary folder by default; when DATABASE_URL names PostgreSQL, a throwaway database
`<name>_crawl` on the same server (created and dropped here) so the crawl covers both backends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[2]
DEMO_ENTERPRISES = 120


@dataclass
class DemoSite:
    url: str
    env: dict[str, str]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_crawl_url(database_url: str) -> tuple[str, Callable[[], None]]:
    """A throwaway database beside the one DATABASE_URL names; returns its URL and a drop()."""
    import psycopg
    from psycopg import sql

    base, _, name = database_url.rpartition("/")
    name = (name.split("?")[0] or "shanglian") + "_crawl"
    admin = base + "/postgres"

    def run(statement: sql.Composed) -> None:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    run(drop)
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{base}/{name}", lambda: run(drop)


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the demo server exited with {process.returncode}")
        try:
            with urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310 (our own local server)
                if response.status == 200:
                    return
        except (URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError("the demo server did not answer /healthz in time")


def start_demo_site():
    """Generator: set up the database and demo data, serve, yield a DemoSite, then clean up."""
    var_dir = Path(tempfile.mkdtemp(prefix="shanglian-crawl-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"VAR_DIR": str(var_dir), "DEBUG": "1", "TESTING": "1", "PYTHONUNBUFFERED": "1"})
    # The vendored front-end assets live in the checkout's var/; the crawl's VAR_DIR is elsewhere.
    (var_dir / "vendor").symlink_to(ROOT / "var" / "vendor", target_is_directory=True)
    drop = None
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"], drop = _postgres_crawl_url(database_url)
    else:
        env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    log = open(var_dir / "server.log", "w")  # noqa: SIM115 (closed below)
    process = None
    try:
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run([*manage, "demo", "--enterprises", str(DEMO_ENTERPRISES)], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        port = _free_port()
        process = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT,
                                   stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, process)
        yield DemoSite(url=url, env=env)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
        if drop is not None:
            drop()
        shutil.rmtree(var_dir, ignore_errors=True)
