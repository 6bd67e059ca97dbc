"""Production settings refuse to start with a missing or default secret, and pass
``check --deploy`` when configured properly. Each case runs in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k3Vq9-xR2mT7wL0pZ8sN4bY6cH1jF5gD_eA0uI9oP2qW7rE3tY"  # 50 characters, test only
assert len(GOOD_SECRET) == 50


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "TESTING", "DATABASE_URL", "DJANGO_SETTINGS_MODULE",
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "shanglian.settings", "VAR_DIR": str(tmp_path), **env})
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


SETUP = ["-c", "import django; django.setup(); print('started')"]


@pytest.mark.parametrize("secret", [None, "", "dev-only-insecure-secret-key-do-not-use-in-production", "short"])
def test_production_refuses_missing_or_default_secret(tmp_path, secret):
    env = {"DEBUG": "0", "ALLOWED_HOSTS": "shanglian.example.org"}
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = run(SETUP, tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr
    assert "started" not in result.stdout


def test_production_refuses_missing_allowed_hosts(tmp_path):
    result = run(SETUP, tmp_path, DEBUG="0", SECRET_KEY=GOOD_SECRET)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "ALLOWED_HOSTS" in result.stderr


def test_development_starts_without_secret(tmp_path):
    result = run(SETUP, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_production_passes_deploy_check(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path,
                 DEBUG="0", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="shanglian.example.org",
                 SMS_BACKEND="shanglian.festival.sms.HttpSender", SMS_HTTP_URL="https://sms.example.org/send")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


BLAS_THREADS = ["-c", "import django; django.setup(); import numpy; from threadpoolctl import threadpool_info; "
                "print(sorted({i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'}))"]


@pytest.mark.parametrize(("given", "expected"), [(None, "[1]"), ("2", "[2]")])
def test_numpy_blas_runs_on_one_thread_unless_the_environment_says(tmp_path, given, expected):
    """A web process multiplies small matrices per request: OpenBLAS's spinning worker threads
    only compete with the other workers and PostgreSQL for the cores (settings.py)."""
    env = {} if given is None else {"OPENBLAS_NUM_THREADS": given}
    clean = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "environ", clean)
        result = run(BLAS_THREADS, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
