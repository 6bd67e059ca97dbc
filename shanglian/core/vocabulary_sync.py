"""Bring the secretariat's RegionalTerm rows into the text pipeline.

The pipeline (shanglian.text) is pure Python; this module feeds it the database additions. Each
process re-reads the table at most once a minute, so an edit reaches every worker quickly
without a query per request. After adding terms, run ``manage.py reindex`` so stored tokens
use the new folding.
"""

from __future__ import annotations

import time

from django.db import DatabaseError

from shanglian.text.vocabulary import TermPair, set_extra_pairs

REFRESH_SECONDS = 60.0
_loaded_at = 0.0


def refresh_database_terms() -> int:
    global _loaded_at
    from shanglian.core.models import RegionalTerm

    try:
        pairs = [TermPair(hk, mainland, en) for hk, mainland, en in
                 RegionalTerm.objects.values_list("hk", "mainland", "en")]
    except DatabaseError:  # table not migrated yet
        pairs = []
    set_extra_pairs(pairs)
    _loaded_at = time.monotonic()
    return len(pairs)


def ensure_database_terms() -> None:
    if time.monotonic() - _loaded_at > REFRESH_SECONDS:
        refresh_database_terms()
