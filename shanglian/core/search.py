"""Full-text search over SearchEntry, the same behaviour on SQLite (FTS5) and PostgreSQL.

Domain apps call ``search_index_update(kind=…, object_id=…, text=…)`` from their services and
``search_filter(queryset, kind=…, query=…)`` from their selectors. The text goes through
``shanglian.text`` so 繁/简 and HK/Mainland vocabulary match each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection
from django.db.models import FloatField, QuerySet, Value

from shanglian.core.models import SearchEntry
from shanglian.core.vocabulary_sync import ensure_database_terms
from shanglian.text import QueryTerm, index_text, query_terms

FTS_TABLE = "core_search_fts"


Reindexer = Callable[[], int]
REINDEXERS: dict[str, Reindexer] = {}


def register_reindexer(kind: str, func: Reindexer) -> None:
    """Apps register how to rebuild their entries (``manage.py reindex``), from AppConfig.ready()."""
    REINDEXERS[kind] = func


def search_index_update(*, kind: str, object_id: int, parts: Iterable[str | None]) -> None:
    ensure_database_terms()
    tokens = index_text(*parts)
    SearchEntry.objects.update_or_create(kind=kind, object_id=object_id, defaults={"tokens": tokens})


def search_index_bulk(*, kind: str, rows: Iterable[tuple[int, Iterable[str | None]]], batch: int = 1000) -> int:
    """Replace many entries at once (imports, demo data, reindex)."""
    ensure_database_terms()
    count = 0
    pending: list[SearchEntry] = []
    for object_id, parts in rows:
        pending.append(SearchEntry(kind=kind, object_id=object_id, tokens=index_text(*parts)))
        if len(pending) >= batch:
            count += _flush(kind, pending)
            pending = []
    if pending:
        count += _flush(kind, pending)
    return count


def _flush(kind: str, entries: list[SearchEntry]) -> int:
    SearchEntry.objects.filter(kind=kind, object_id__in=[e.object_id for e in entries]).delete()
    SearchEntry.objects.bulk_create(entries)
    return len(entries)


def search_index_delete(*, kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def _fts5_query(terms: list[QueryTerm]) -> str:
    parts = []
    for term in terms:
        quoted = '"' + term.token.replace('"', '""') + '"'
        parts.append(quoted + ("*" if term.prefix else ""))
    return " AND ".join(parts)


def _tsquery(terms: list[QueryTerm]) -> str:
    parts = []
    for term in terms:
        quoted = "'" + term.token.replace("\\", "\\\\").replace("'", "''") + "'"
        parts.append(quoted + (":*" if term.prefix else ""))
    return " & ".join(parts)


def search_filter(queryset: QuerySet, *, kind: str, query: str) -> QuerySet:
    """Keep the rows of ``queryset`` that match ``query``, annotated with ``search_rank``
    (higher is better). An empty query returns the queryset unchanged (rank 0)."""
    ensure_database_terms()
    terms = query_terms(query)
    if not terms:
        # Nothing searchable (empty, or only punctuation / operators): rank 0, so callers can
        # always order by search_rank.
        unranked = queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
        return unranked.none() if (query or "").strip() else unranked
    table = queryset.model._meta.db_table
    pk = queryset.model._meta.pk.column
    if connection.vendor == "postgresql":
        tsq = _tsquery(terms)
        # extra() is the one way to join the FTS table; all values go through params.
        return queryset.extra(  # noqa: S610
            tables=["core_searchentry"],
            where=[
                f'core_searchentry.object_id = "{table}"."{pk}"',
                "core_searchentry.kind = %s",
                # core_searchentry.tsv is a stored generated column (migration 0004), GIN-indexed.
                "core_searchentry.tsv @@ to_tsquery('simple', %s)",
            ],
            params=[kind, tsq],
            select={"search_rank": "ts_rank(core_searchentry.tsv, to_tsquery('simple', %s))"},
            select_params=[tsq],
        )
    return queryset.extra(  # noqa: S610
        tables=["core_searchentry", FTS_TABLE],
        where=[
            f'core_searchentry.object_id = "{table}"."{pk}"',
            "core_searchentry.kind = %s",
            f"{FTS_TABLE}.rowid = core_searchentry.id",
            f"{FTS_TABLE} MATCH %s",
        ],
        params=[kind, _fts5_query(terms)],
        # bm25() is lower-is-better; negate so both backends sort descending.
        select={"search_rank": f"-bm25({FTS_TABLE})"},
    )


def search_index_bulk_tokens(*, kind: str, rows: Iterable[tuple[int, str]], batch: int = 1000) -> int:
    """``search_index_bulk`` for token strings already made with ``shanglian.text.index_text``:
    lets a caller tokenise outside a transaction (with progress) and only write inside it."""
    count = 0
    pending: list[SearchEntry] = []
    for object_id, tokens in rows:
        pending.append(SearchEntry(kind=kind, object_id=object_id, tokens=tokens))
        if len(pending) >= batch:
            count += _flush(kind, pending)
            pending = []
    if pending:
        count += _flush(kind, pending)
    return count
