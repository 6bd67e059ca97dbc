"""gunicorn.conf.py: every knob an environment variable, and the connection cap follows the threads."""

import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_defaults_cap_connections_at_twice_the_threads(monkeypatch):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_WORKER_CONNECTIONS", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(CONF))
    assert conf["worker_class"] == "gthread"
    assert conf["threads"] == 8
    assert conf["worker_connections"] == 16
    assert conf["workers"] >= 1
    assert conf["bind"] == "127.0.0.1:8000"


def test_environment_sets_each_knob(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "4")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    conf = runpy.run_path(str(CONF))
    assert (conf["workers"], conf["threads"], conf["worker_connections"], conf["bind"]) == (4, 4, 8, "0.0.0.0:9000")
    monkeypatch.setenv("GUNICORN_WORKER_CONNECTIONS", "100")
    assert runpy.run_path(str(CONF))["worker_connections"] == 100
