"""Bring the secretariat's RegionalTerm rows into the text pipeline, at once in every process.

The pipeline (shanglian.text) is pure Python; this module feeds it the database additions.
Saving or deleting a term (``vocabulary_changed``) reloads this process and bumps a version
counter in the shared cache; every other process compares that counter on its next search
(one cache read) and reloads when it moved. Without a shared cache (locmem, one process per
cache) the table is also re-read at least once a minute. Queries expand every term both ways
(HK ↔ Mainland ↔ English), so a new term finds records indexed before it existed; ``manage.py
reindex`` is only needed for the stored documents' own folding.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.db import DatabaseError, transaction

from shanglian.text.vocabulary import TermPair, set_extra_pairs

REFRESH_SECONDS = 60.0
VERSION_KEY = "core:regional-terms:version"
_loaded_at = 0.0
_loaded_version: object = None


def _shared_version() -> object:
    try:
        return cache.get(VERSION_KEY)
    except Exception:  # noqa: BLE001 - a cache outage must not break search
        return None


def refresh_database_terms() -> int:
    global _loaded_at, _loaded_version
    from shanglian.core.models import RegionalTerm

    version = _shared_version()
    try:
        pairs = [TermPair(hk, mainland, en) for hk, mainland, en in
                 RegionalTerm.objects.values_list("hk", "mainland", "en")]
    except DatabaseError:  # table not migrated yet
        pairs = []
    set_extra_pairs(pairs)
    _loaded_at = time.monotonic()
    _loaded_version = version
    return len(pairs)


def _bump() -> None:
    try:
        cache.add(VERSION_KEY, 0, timeout=None)
        cache.incr(VERSION_KEY)
    except Exception:  # noqa: BLE001 - without a cache the minute refresh still applies
        logging.getLogger(__name__).warning("regional terms: cache version not bumped", exc_info=True)
    refresh_database_terms()


def vocabulary_changed() -> int:
    """Call after RegionalTerm rows change: this process reloads now, the others on their next
    search once the change is committed."""
    count = refresh_database_terms()
    transaction.on_commit(_bump)
    return count


def ensure_database_terms() -> None:
    if time.monotonic() - _loaded_at > REFRESH_SECONDS or _shared_version() != _loaded_version:
        refresh_database_terms()


def forget() -> None:
    """Drop the loaded rows; the next search reloads them (tests)."""
    global _loaded_at, _loaded_version
    set_extra_pairs([])
    _loaded_at = 0.0
    _loaded_version = None
