"""Warm the match engine once per serving process, in a background thread.

Without it the first post after a start pays the sentence model's loading (~8 s on a loaded
2-core machine), jieba's dictionary and the load of every stored vector into memory (and the first
search, the dictionaries of words no table knows). Only
serving processes warm up (gunicorn/uwsgi/uvicorn/daphne workers, ``runserver``'s serving
child); tests and other management commands never load the model unless they use it.
``MATCHING_WARM=1`` / ``0`` in the environment forces it on or off.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

log = logging.getLogger("shanglian.matching")
SERVERS = ("gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn")
_started = threading.Event()


def is_serving(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> bool:
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    forced = environ.get("MATCHING_WARM", "")
    if forced in ("0", "1"):
        return forced == "1"
    prog = Path(argv[0]).name if argv else ""
    if any(name in prog for name in SERVERS):
        return True
    if len(argv) > 1 and argv[1] == "runserver":
        # The autoreloader's parent only watches files; its child (RUN_MAIN) serves.
        return environ.get("RUN_MAIN") == "true" or "--noreload" in argv
    return False


def warm() -> dict[str, float]:
    """Load the model, the tokeniser and the corpus now (seconds each); safe to call twice."""
    from django.db import connections

    from shanglian.matching.engine import get_embedder, lexical_tokens

    took: dict[str, float] = {}
    started = time.perf_counter()
    get_embedder().encode(["商機配對 warm-up"])
    took["model"] = time.perf_counter() - started
    started = time.perf_counter()
    lexical_tokens("尋找電子元器件供應商")
    took["tokeniser"] = time.perf_counter() - started
    started = time.perf_counter()
    # Search's dictionaries too (~2 s: CC-CEDICT parsed, the thesaurus's sets): the first search
    # that meets a word no table knows would wait for them.
    from shanglian.text import cedict, thesaurus

    cedict.dictionary()
    thesaurus.load()
    took["dictionaries"] = time.perf_counter() - started
    started = time.perf_counter()
    try:
        from shanglian.matching.ranking import _sync

        _sync()
        took["corpus"] = time.perf_counter() - started
    finally:
        connections.close_all()  # this thread's connections only
    return took


def _run() -> None:
    try:
        took = warm()
        log.info("matching engine warm: %s", ", ".join(f"{k} {v:.1f}s" for k, v in took.items()))
    except Exception:  # noqa: BLE001 - a failed warm-up only means the first post pays the cost
        log.warning("matching warm-up failed; the first post will load the engine", exc_info=True)


def start_if_serving() -> threading.Thread | None:
    if _started.is_set() or not is_serving():
        return None
    _started.set()
    thread = threading.Thread(target=_run, name="matching-warmup", daemon=True)
    thread.start()
    return thread
