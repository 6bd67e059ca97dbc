"""One hybrid search for every app, the same behaviour on SQLite (FTS5) and PostgreSQL.

Domain apps call ``search_index_update(kind=…, object_id=…, parts=[…])`` from their services
and ``search_filter(queryset, kind=…, query=…)`` from their selectors; ``search_query_info``
tells a page whether the query was cut. See docs/architecture.md, "Text and search".

Lexical path: the query goes through ``shanglian.text.query.analyse`` (the documents' pipeline,
jieba words, vocabulary expansion both ways and to/from English). The match set is
minimum-should-match over the query's required words (generic words and broad regions never
required), written as one boolean full-text expression, so the count starts from the index.
Long queries (a sentence) are planned by the words' document counts (``_long_query_plan``).
The first ``LEXICAL_TOP`` matches are ranked by bm25 (SQLite) / ts_rank (PostgreSQL), with a
boost for each optional word (region, generic) they also contain.

Dense path: every entry carries an int8 sentence vector (``SearchEntry.vector``, the shipped
multilingual model); each process keeps one matrix per kind, brought up to date from the
entries' ids on every search. Queries of three characters or more are embedded; the records
above ``DENSE_MIN_SIM`` (or, when the words match nothing, the nearest ones above
``DENSE_FALLBACK_SIM``) join the result. Both ranked lists are fused by reciprocal rank.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, FloatField, OuterRef, QuerySet, Value
from django.db.models.sql.where import AND, ExtraWhere

from shanglian.core import search_words
from shanglian.core.models import SearchEntry
from shanglian.core.per_kind import PerKind
from shanglian.core.vocabulary_sync import ensure_database_terms
from shanglian.text import embed as text_embed
from shanglian.text import index_text, index_tokens, index_words, token_words
from shanglian.text.query import MAX_QUERY_CHARS, Alternative, Group, Query, analyse

log = logging.getLogger(__name__)

FTS_TABLE = "core_search_fts"
LEXICAL_TOP = 100  # lexical matches ranked (the rest follow, by the caller's order)
LEXICAL_RANK_CAP = 2000  # matches scored to pick them (the newest, when a word matches more)
# PostgreSQL: ts_rank reads each candidate's whole tsv (~2 KB): 2,000 took 16–24 ms of the head at
# 100,000 enterprises (wall p95 of a broad word 47–52 → 40–47 ms with 1,001). One more than
# COUNT_CAP, so that a head which fills it still proves the count capped (``within_exact``).
PG_LEXICAL_RANK_CAP = 1001
# The statements' id lists, one wording each: a kind's word matches (PostgreSQL; params kind, match)
# and the ids found by meaning (a JSON list; params the list).
PG_WORD_IDS = "SELECT object_id FROM core_searchentry WHERE kind = %s AND tsv @@ to_tsquery('simple', %s)"
DENSE_IDS = {True: "SELECT value::bigint FROM jsonb_array_elements_text(%s::jsonb)",
             False: "SELECT value FROM json_each(%s)"}  # by "is PostgreSQL"
COUNT_CAP = 1000  # a search counts its matches up to here; beyond, pages say "1,000+"
DENSE_TOP = 60  # nearest records considered from the dense path
# Cosine at which a record joins the result on meaning alone. Texts are embedded in simplified
# script (text.embed), where records score higher against each other than as written: 0.33
# (tuned as written) let loosely related records crowd a word's own; 0.45 and 0.5 gave the same.
DENSE_MIN_SIM = 0.45
DENSE_FALLBACK_SIM = 0.22  # … when the words found nothing
DENSE_FALLBACK_TOP = 20
RRF_K = 60
FEEDBACK_DOCS = 5  # the best lexical matches whose vectors steer a second dense look-up …
FEEDBACK_MIN_SIM = 0.4  # … admitting records this close to them (and the query) on meaning
FEEDBACK_WEIGHT = 0.7  # 0.5–1.0 within 0.005 on every class; 0.7 the best of them
FEEDBACK_MIN_DOCS = 2  # best word matches needed to steer it (was 3); one when no table knows the words
FEEDBACK_UNKNOWN_QUERY_WEIGHT = 0.5  # the query vector's share when no table knows its words
DENSE_WEIGHT = 1.0  # the dense list's weight in the fusion (lexical 1.0)
BOOST_REGION = 0.5  # lexical score × (1 + this) per region word present
BOOST_GENERIC = 0.1
GUESS_FACTOR = 0.3  # lexical score × this per word met only through a CC-CEDICT synonym
# A word no table knows (only dictionary guesses): a guess whose records read like the word's own
# (their centroids ≥ this cosine) is taken as a synonym, and its records share the head with the
# word's own, round-robin (see _interleaved). The cosine is taken after subtracting the kind's mean
# vector (every directory record reads "a company") — and the model must read the two words
# alike too (SYNONYM_MIN_WORD_SIM). Both tuned on the eval set (see bench/search.md).
SYNONYM_MIN_SIM = 0.45
SYNONYM_MIN_WORD_SIM = 0.55
SYNONYM_DOCS = 5  # best records of each form whose vectors make its centroid
# A word no table knows that fewer of the kind's records hold takes the nearest words by meaning
# (core.search_words); a word in more has its own first page, and more forms would only crowd
# the head its dictionary synonyms share.
NEAREST_BELOW = 10
MAX_DNF_TERMS = 24  # k-of-n is written out as an OR of ANDs up to this many combinations
# Long queries (more than MAX_DNF_TERMS combinations), see _long_query_plan: a word in more than
# this share of the kind's entries (and more than COMMON_MIN_DOCS) only ranks, as Lucene's
# "common terms" query does; each such word, and each word left out of the combinations,
# multiplies the score of a match holding it by (1 + BOOST_RANK_ONLY).
COMMON_SHARE = 0.05
COMMON_MIN_DOCS = 500
BOOST_RANK_ONLY = 0.3


Reindexer = Callable[[], int]
REINDEXERS: dict[str, Reindexer] = {}


def register_reindexer(kind: str, func: Reindexer) -> None:
    """Apps register how to rebuild their entries (``manage.py reindex``), from AppConfig.ready()."""
    REINDEXERS[kind] = func


def _dense_enabled() -> bool:
    return bool(getattr(settings, "SEARCH_DENSE", True))


# ---- writing the index -------------------------------------------------------------------

def _vectors(texts: list[str]) -> list[bytes | None]:
    if not _dense_enabled() or not texts:
        return [None] * len(texts)
    try:
        matrix = text_embed.encode_documents(texts)
    except Exception:  # noqa: BLE001 - the model missing must never block a save
        log.exception("search: embedding failed; entries stay lexical only")
        return [None] * len(texts)
    blobs = text_embed.quantise(matrix)
    return [blob if text.strip() else None for blob, text in zip(blobs, texts, strict=True)]


def search_index_update(*, kind: str, object_id: int, parts: Iterable[str | None]) -> None:
    ensure_database_terms()
    parts = list(parts)
    tokens = index_text(*parts)
    vector = _vectors([text_embed.document_text(parts)])[0]
    # Delete + insert (not update): a new id is how other processes' dense matrices notice.
    _flush(kind, [SearchEntry(kind=kind, object_id=object_id, tokens=tokens, vector=vector)],
           index_words(*parts) if _dense_enabled() else set())


def search_index_bulk(*, kind: str, rows: Iterable[tuple[int, Iterable[str | None]]], batch: int = 1000) -> int:
    """Replace many entries at once (imports, demo data, reindex); vectors encoded in batches."""
    ensure_database_terms()
    count = 0
    pending: list[tuple[int, list[str | None]]] = []

    def flush() -> int:
        texts = [text_embed.document_text(parts) for _, parts in pending]
        vectors = _vectors(texts)
        entries = [SearchEntry(kind=kind, object_id=oid, tokens=index_text(*parts), vector=vec)
                   for (oid, parts), vec in zip(pending, vectors, strict=True)]
        words = set().union(*(index_words(*parts) for _, parts in pending)) if _dense_enabled() else set()
        return _flush(kind, entries, words)

    for object_id, parts in rows:
        pending.append((object_id, list(parts)))
        if len(pending) >= batch:
            count += flush()
            pending = []
    if pending:
        count += flush()
    return count


def _flush(kind: str, entries: list[SearchEntry], words: set[str] | None = None) -> int:
    """Replace the entries; record the words they are written with (from their tokens when the
    caller has no words: jieba's longer words and the bigrams it knows)."""
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind, object_id__in=[e.object_id for e in entries]).delete()
        SearchEntry.objects.bulk_create(entries)
        if _dense_enabled():
            if words is None:
                words = set().union(*(token_words(e.tokens) for e in entries))
            search_words.record_words(kind, words)
    return len(entries)


def search_index_delete(*, kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def search_index_bulk_tokens(*, kind: str, rows: Iterable[tuple], batch: int = 1000) -> int:
    """``search_index_bulk`` for token strings already made with ``shanglian.text.index_text``:
    lets a caller tokenise outside a transaction (with progress) and only write inside it.
    Rows are ``(object_id, tokens)`` or ``(object_id, tokens, vector)`` with a vector from
    ``search_vector(parts)`` (entries without one are found by words only), or ``(object_id,
    tokens, vector, words)`` with ``shanglian.text.index_words(*parts)`` (else the words are
    read from the tokens)."""
    count = 0
    pending: list[SearchEntry] = []
    words: set[str] = set()
    for row in rows:
        object_id, tokens = row[0], row[1]
        vector = row[2] if len(row) > 2 else None
        if _dense_enabled():
            words.update(row[3] if len(row) > 3 and row[3] is not None else token_words(tokens))
        pending.append(SearchEntry(kind=kind, object_id=object_id, tokens=tokens, vector=vector))
        if len(pending) >= batch:
            count += _flush(kind, pending, words)
            pending, words = [], set()
    if pending:
        count += _flush(kind, pending, words)
    return count


def search_vectors(parts_list: list[Iterable[str | None]]) -> list[bytes | None]:
    """Stored vectors for many records' parts (for ``search_index_bulk_tokens``)."""
    return _vectors([text_embed.document_text(parts) for parts in parts_list])


# ---- the query ---------------------------------------------------------------------------

@dataclass(frozen=True)
class QueryInfo:
    truncated: bool
    max_chars: int = MAX_QUERY_CHARS


def search_query_info(query: str | None) -> QueryInfo:
    """What a search page tells the user about the query (cut to ``max_chars``)."""
    return QueryInfo(truncated=len((query or "").strip()) > MAX_QUERY_CHARS)


def _fts_alt(alt: Alternative) -> str:
    parts = ['"' + tok.replace('"', '""') + '"' + ("*" if alt.prefix else "") for tok in alt.tokens]
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def _ts_alt(alt: Alternative) -> str:
    parts = ["'" + tok.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if alt.prefix else "")
             for tok in alt.tokens]
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def _expr(groups: Iterable[Group], k: int | None, pg: bool) -> str:
    """k of the groups present (k None: all), each group an OR of its alternatives."""
    alt, and_, or_ = (_ts_alt, " & ", " | ") if pg else (_fts_alt, " AND ", " OR ")
    groups = list(groups)
    exprs = ["(" + or_.join(alt(a) for a in g.alternatives) + ")" for g in groups]
    n = len(exprs)
    if k is None or k >= n:
        return and_.join(exprs)
    if k <= 1:
        return or_.join(exprs)
    if math.comb(n, k) > MAX_DNF_TERMS:
        # Only when a caller did not plan the query (_long_query_plan does, with the words'
        # document frequencies): the longest words decide membership.
        order = sorted(range(n), key=lambda i: -len(groups[i].text))
        n, k = _reduced(n, k)
        exprs = [exprs[i] for i in sorted(order[:n])]
    return or_.join("(" + and_.join(c) + ")" for c in combinations(exprs, k))


def _reduced(n: int, k: int) -> tuple[int, int]:
    """How many groups (the first n of a preference order), k of them, keep k-of-n within
    MAX_DNF_TERMS combinations."""
    while n > k and math.comb(n, k) > MAX_DNF_TERMS:
        n -= 1
        k = max(2, math.ceil(n / 2))
    return n, k


def _doc_counts(groups: list[Group], cap: int) -> list[int]:
    """How many index entries (of every kind) hold each group, counted up to ``cap``: one
    statement with a capped count per distinct alternative (its LIMIT bounds the work of a
    common word), a group's count the sum of its alternatives' (at most ``cap``)."""
    pg = connection.vendor == "postgresql"
    alts = list(dict.fromkeys(a for g in groups for a in g.alternatives))
    known: dict[Alternative, int] = {}
    if pg:
        # A capped count of a common word reads `cap` heap rows on PostgreSQL (GIN cannot count
        # alone); ANALYZE's lexeme statistics already say which words are that common.
        common = _pg_common_lexemes(cap)
        known = {a: cap for a in alts if not a.prefix and any(t in common for t in a.tokens)}
        alts = [a for a in alts if a not in known]
    found = dict(known)
    db, now = _database_key(), time.monotonic()
    with _doc_count_lock:
        for a in alts:
            hit = _doc_count_cache.get((db, a, cap))
            if hit is not None and now - hit[0] < DOC_COUNT_SECONDS:
                found[a] = hit[1]
    alts = [a for a in alts if a not in found]
    if not alts:
        return [min(cap, sum(found[a] for a in g.alternatives)) for g in groups]
    if pg:
        one = ("SELECT count(*) FROM (SELECT 1 FROM core_searchentry "
               "WHERE tsv @@ to_tsquery('simple', %s) LIMIT %s) s")
    else:
        one = f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)"
    counted: dict[Alternative, int] = {}
    with _index_scans(), connection.cursor() as cur:
        for start in range(0, len(alts), 100):  # SQLite allows 500 terms in one compound SELECT
            batch = alts[start:start + 100]
            sql = " UNION ALL ".join(f"SELECT {i}, ({one})" for i in range(len(batch)))
            params: list[object] = []
            for a in batch:
                params += [_ts_alt(a) if pg else _fts_alt(a), cap]
            cur.execute(sql, params)
            counted |= {batch[i]: int(n) for i, n in cur.fetchall()}
    with _doc_count_lock:
        for a, n in counted.items():
            _doc_count_cache[(db, a, cap)] = (now, n)
            _doc_count_cache.move_to_end((db, a, cap))
        while len(_doc_count_cache) > DOC_COUNT_CACHE_SIZE:
            _doc_count_cache.popitem(last=False)
    found |= counted
    return [min(cap, sum(found[a] for a in g.alternatives)) for g in groups]


# A long query's words' document counts only choose which words decide (``_long_query_plan``):
# a minute old is exact enough, and a sentence's words recur across queries (观塘, 公司, 电子).
# The statement was 13 ms of a 40-character query's ~48 at 100,000 enterprises on PostgreSQL.
DOC_COUNT_SECONDS = 60.0
DOC_COUNT_CACHE_SIZE = 20_000
_doc_count_cache: OrderedDict[tuple[str, Alternative, int], tuple[float, int]] = OrderedDict()
_doc_count_lock = threading.Lock()


def _database_key() -> str:
    """Which database (and schema) this connection reads: the counts' cache key."""
    conf = connection.settings_dict
    return f"{connection.alias}|{conf.get('NAME')}|{conf.get('HOST')}|{conf.get('OPTIONS', {}).get('options', '')}"


def _as_written(group: Group) -> Group:
    """The group without its dictionary guesses."""
    return Group(group.text, group.role, tuple(a for a in group.alternatives if not a.weak))


def _kind_matches(kind: str, group: Group, cap: int = NEAREST_BELOW) -> int:
    """How many of a kind's entries hold the group (any of its forms), counted up to ``cap``."""
    pg = connection.vendor == "postgresql"
    if pg:
        sql = f"SELECT count(*) FROM ({PG_WORD_IDS} LIMIT %s) s"
    else:
        # CROSS JOIN: the index's matches drive (SQLite would otherwise walk the kind's entries
        # and probe the index for each).
        sql = (f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} CROSS JOIN core_searchentry se "
               f"ON se.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND se.kind = %s LIMIT %s)")
    expr = _expr([group], None, pg)
    # By the index: a rare word's count is where a sequential scan reads every entry in search
    # of `cap` matches ("leather" at 100,000 enterprises: 77 ms → ~1 ms).
    with _index_scans(), connection.cursor() as cur:
        cur.execute(sql, [kind, expr, cap] if pg else [expr, kind, cap])
        return int(cur.fetchone()[0])


_pg_lexemes: tuple[float, str, dict[str, float]] = (0.0, "", {})


def _pg_common_lexemes(cap: int) -> set[str]:
    """PostgreSQL: the lexemes ANALYZE estimates in at least ``cap`` entries (``pg_stats`` of
    ``tsv``: most common elements × row estimate), read at most once a minute per process."""
    global _pg_lexemes
    at, schema, freqs = _pg_lexemes
    with connection.cursor() as cur:
        cur.execute("SELECT current_schema()")
        current = cur.fetchone()[0]
        if current != schema or time.monotonic() - at > 60:
            cur.execute(
                "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples "
                "FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename "
                "AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = s.schemaname) "
                "WHERE s.schemaname = current_schema() AND s.tablename = 'core_searchentry' AND s.attname = 'tsv'")
            row = cur.fetchone()
            freqs = {}
            if row and row[0]:
                freqs = {lexeme: float(f) * max(float(row[2]), 0.0) for lexeme, f in zip(row[0], row[1], strict=False)}
            _pg_lexemes = (time.monotonic(), current, freqs)
    return {lexeme for lexeme, n in freqs.items() if n >= cap}


_kind_totals: dict[str, tuple[float, int]] = {}


def _kind_total(kind: str) -> int:
    """How many entries a kind has (counted at most once a minute per process: a threshold)."""
    at, n = _kind_totals.get(kind, (0.0, 0))
    if time.monotonic() - at > 60:
        n = SearchEntry.objects.filter(kind=kind).count()
        _kind_totals[kind] = (time.monotonic(), n)
    return n


@dataclass(frozen=True)
class _Plan:
    decide: tuple[Group, ...]  # k of these make a match (one full-text expression)
    k: int
    rank_only: tuple[Group, ...] = ()  # present in the index, but only boost a match holding them


def _long_query_plan(kind: str, q: Query) -> _Plan:
    """Which words decide membership. Short queries: the required words, ``q.min_match`` of them
    (unchanged). Long queries (a sentence: more than MAX_DNF_TERMS combinations) — k of n
    written out repeats every word's doclist in many combinations, and bm25 then scores every
    phrase of that expression for every match (110 ms at 100,000 records for a 40-character
    sentence). Instead, with each word's document count: words in no entry are dropped (a
    sentence's filler words must not make it stricter), common words (COMMON_SHARE) only rank,
    and the rarest of the rest decide — k of them by the same rule as ``min_match`` — within
    MAX_DNF_TERMS combinations; the rarer ones left out rank too."""
    groups, k = list(q.required), q.min_match
    if k is None or k >= len(groups) or k <= 1 or math.comb(len(groups), k) <= MAX_DNF_TERMS:
        return _Plan(tuple(groups), k)
    cutoff = max(COMMON_MIN_DOCS, int(COMMON_SHARE * _kind_total(kind)))
    counts = _doc_counts(groups, cutoff + 1)
    present = sorted((i for i, n in enumerate(counts) if n > 0), key=lambda i: (counts[i], i))
    if not present:
        return _Plan(tuple(groups), k)  # nothing can match: the usual expression finds nothing
    rare = [i for i in present if counts[i] <= cutoff] or present  # all common: rarest decide
    k = Query(raw="", groups=(), required=tuple(groups[i] for i in rare)).min_match
    n, k = _reduced(len(rare), k)
    decide = sorted(rare[:n])  # the query's order (the expression's text does not depend on rarity ties)
    return _Plan(tuple(groups[i] for i in decide), k,
                 tuple(groups[i] for i in sorted(set(present) - set(decide))))


def _present(group: Group, tokens: set[str], *, strong: bool = False) -> bool:
    for alt in group.alternatives:
        if strong and alt.weak:
            continue
        if alt.prefix:
            if all(any(t.startswith(tok) for t in tokens) for tok in alt.tokens):
                return True
        elif all(tok in tokens for tok in alt.tokens):
            return True
    return False


@contextlib.contextmanager
def _index_scans():
    """PostgreSQL: plan the search's statements without sequential scans. With a LIMIT (the rank
    cap, the count cap) the planner expects a sequential scan to meet enough matches early; for a
    query matching a few percent of the entries it reads most of the table instead ("hotel" among
    50,000 offers: 38,000 rows read for 2,000 matches, 38 ms; by the GIN index 8 ms; broad and
    narrow directory words at 100,000 the same or faster). Set for this connection and reset
    after (no transaction needed: a SET inside a transaction that fails is undone with it)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("SET enable_seqscan = off")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cur:
                cur.execute("RESET enable_seqscan")
        except DatabaseError:  # the caller's transaction failed: its rollback undoes the SET
            pass


@dataclass
class _Lexical:
    match: str  # the full-text expression
    rows: list[tuple[int, float]]  # the best LEXICAL_TOP (object_id, score), best first
    # A query with one word no table knows: the records met only through one of its dictionary
    # guesses, by guess (its alternative's index in the group), best first (_synonym_guesses).
    by_guess: dict[int, list[int]] | None = None
    group: Group | None = None  # that word
    found: int = 0  # how many matches were scored (at most LEXICAL_RANK_CAP; Ranked.found)
    loose: list[int] = field(default_factory=list)  # met only through thesaurus guesses, best first
    # Met only through a rare word's very near word (Alternative.near), best first: they come
    # right after the word's own records.
    after_own: list[int] = field(default_factory=list)
    # PostgreSQL: the object ids of every candidate the head scored (None on SQLite).
    candidates: tuple[int, ...] | None = None


def _lexical_ranked(kind: str, q: Query, within: tuple[str, tuple] | None = None,
                    by_rowid: bool = False) -> _Lexical:
    """The match expression, the best LEXICAL_TOP (object_id, score), best first, and how many
    matches were scored (at most LEXICAL_RANK_CAP). Optional
    words (regions, generic words) are looked up in the head's own tokens: one query in all.
    ``within``: (SQL, params) of the object ids the candidates must be among (see search_filter)."""
    pg = connection.vendor == "postgresql"
    # festspeed: the caller's filters as one more condition on the candidates (``within``).
    # SQLite, ``by_rowid``: as the entry ids of those records, checked against the index's own
    # rowid while its doclist is walked (the "+" keeps FTS5 from seeking each id): checking
    # se.object_id looks up every match's entry row first — 20,000 look-ups for 折 among 50,000
    # offers (22 → 14 ms). Worth it when the words match more records than the filter keeps; the
    # other way round (奶茶 in a 10,000-offer category) building the id list costs more (28 → 34 ms).
    within_sql, within_params = "", []
    if within and (pg or not by_rowid):
        within_sql = f" AND {'' if pg else 'se.'}object_id IN ({within[0]})"
        within_params = list(within[1])
    elif within:
        within_sql = (f" AND +{FTS_TABLE}.rowid IN (SELECT id FROM core_searchentry WHERE kind = %s "
                      f"AND object_id IN ({within[0]}))")
        within_params = [kind, *within[1]]
    plan = _long_query_plan(kind, q)
    match = _expr(plan.decide, plan.k, pg)
    guessed = [g for g in plan.decide if any(a.weak for a in g.alternatives)]
    # The head's own tokens: for the optional words, and to rank dictionary guesses lower.
    tokens_col = "tokens" if q.optional or guessed or plan.rank_only else "''"
    # Only the first LEXICAL_RANK_CAP matches (newest first) are scored: a broad word matches
    # a fifth of 100,000 records, and scoring all of them before LIMIT was the cost.
    with _index_scans(), connection.cursor() as cur:
        if pg:
            # One more row after the head: every candidate's object id (at most the cap), so that
            # count() can check the caller's filters on them instead of building the match's GIN
            # bitmap a second time (``_SearchResults._count_from_candidates``).
            cur.execute(
                "WITH m AS MATERIALIZED (SELECT id, object_id, tsv, tokens FROM core_searchentry "
                f"WHERE kind = %s AND tsv @@ to_tsquery('simple', %s){within_sql} LIMIT %s) "
                f"(SELECT object_id, ts_rank(tsv, to_tsquery('simple', %s)), {tokens_col}::text, "
                "(SELECT count(*) FROM m), NULL::bigint[] FROM m ORDER BY 2 DESC, id LIMIT %s) "
                "UNION ALL (SELECT NULL, NULL, NULL, NULL, array_agg(object_id)::bigint[] FROM m)",
                [kind, match, *within_params, PG_LEXICAL_RANK_CAP, match, LEXICAL_TOP])
            rows = cur.fetchall()
            candidates = next((tuple(r[4] or ()) for r in rows if r[0] is None), ())
            rows = [r[:4] for r in rows if r[0] is not None]
        else:
            cur.execute(
                f"SELECT object_id, score, tokens, count(*) OVER () FROM ("
                f"SELECT se.id, se.object_id, -bm25({FTS_TABLE}) AS score, "
                f"{'se.' if tokens_col == 'tokens' else ''}{tokens_col} AS tokens "
                f"FROM {FTS_TABLE} JOIN core_searchentry se ON se.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s AND se.kind = %s{within_sql} ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s) "
                "ORDER BY 2 DESC, id LIMIT %s",
                [match, kind, *within_params, LEXICAL_RANK_CAP, LEXICAL_TOP])
            rows = cur.fetchall()
            candidates = None
    # How many matches the head's candidates held (at most LEXICAL_RANK_CAP): a window over the
    # candidates, before the outer LIMIT (see Ranked.found).
    found = int(rows[0][3]) if rows else 0
    if tokens_col != "tokens":
        return _Lexical(match, [(oid, float(score)) for oid, score, _, _ in rows], found=found,
                        candidates=candidates)
    # One required word, known to no table, whose guesses met records: which guess met each.
    unknown = guessed[0] if (len(guessed) == 1 and len(plan.decide) == 1 and q.unexpanded) else None
    by_guess: dict[int, list[int]] = {}
    confirmable = [(g, _confirmable(g)) for g in guessed]
    scored = []
    for oid, score, tokens, _ in rows:
        present = set(str(tokens).split())
        factor = 1.0 + sum((BOOST_REGION if g.role == "region" else BOOST_GENERIC)
                           for g in q.optional if _present(g, present))
        factor *= (1.0 + BOOST_RANK_ONLY) ** sum(1 for g in plan.rank_only if _present(g, present))
        # A word met only through a dictionary guess (计算机 for 电脑) ranks below the word itself.
        factor *= GUESS_FACTOR ** sum(1 for g in guessed if not _present(g, present, strong=True))
        lacking = [g for g, sure_forms in confirmable
                   if not _present(g, present, strong=True) and not _present(sure_forms, present)]
        tier = (0 if not lacking else 1 if all(_present(_near(g), present) for g in lacking) else 2)
        scored.append((oid, float(score) * factor, tier))
        if unknown is not None and not _present(unknown, present, strong=True):
            i = next((i for i, a in enumerate(unknown.alternatives)
                      if a.weak and _present(Group("", "word", (a,)), present)), None)
            if i is not None:
                by_guess.setdefault(i, []).append((oid, float(score)))
    # Records met only through the thesaurus's looser sets come after everything else the search
    # found (they add records, never outrank: its related words, 家电 for 家具, would crowd the
    # word's own), unless nothing else met the words at all (晶片 where records write 芯片).
    scored.sort(key=lambda r: -r[1])
    sure = [(oid, score) for oid, score, tier in scored if tier == 0]
    after_own = [oid for oid, _, tier in scored if tier == 1]
    loose = [oid for oid, _, tier in scored if tier == 2]
    if not sure:
        sure, after_own, loose = [(oid, score) for oid, score, _ in scored], [], []
    ordered = {i: [oid for oid, _ in sorted(r, key=lambda r: -r[1])] for i, r in by_guess.items()}
    return _Lexical(match, sure, ordered if unknown is not None else None, unknown, found, loose,
                    after_own=after_own, candidates=candidates)


def _near(group: Group) -> Group:
    """The group's very near words only (Alternative.near)."""
    return Group(group.text, group.role, tuple(a for a in group.alternatives if a.near))


def _confirmable(group: Group) -> Group:
    """The group without the guesses that may not stand for the word alone (the thesaurus's)."""
    return Group(group.text, group.role, tuple(a for a in group.alternatives if a.confirmable))


def _centroid(store: _DenseKind, ids: list[int], mean: np.ndarray) -> np.ndarray | None:
    """The unit-length mean of the first SYNONYM_DOCS records' vectors, less the kind's mean."""
    rows = [store.row_of[oid] for oid in ids if oid in store.row_of][:SYNONYM_DOCS]
    if not rows:
        return None
    c = (store.q8[rows].astype(np.float32) * store.inv_norm[rows, None]).mean(axis=0) - mean
    return c / max(float(np.linalg.norm(c)), 1e-9)


def _synonym_guesses(kind: str, lexical: _Lexical) -> list[set[int]]:
    """The records of each dictionary guess of a word no table knows that reads like a synonym.

    A guess ranks its records at GUESS_FACTOR, so where the word itself is in ten records or
    more, the other region's records (集装箱 for 货柜) never reached the first page. A guess whose
    best records read like the word's own best records (centroids of their sentence vectors, each
    less the kind's mean, ≥ SYNONYM_MIN_SIM: 集装箱's records and 货柜's are both about shipping;
    碎片's are not about 晶片) and whose word the model reads like the query's (≥
    SYNONYM_MIN_WORD_SIM: 行业's records read like 贸易's, the words do not) is taken as a
    synonym: its records then share the first page with the word's own (``_interleaved``).
    Guesses that fail either check keep their place. Needs the vectors."""
    if not lexical.by_guess or not _dense_enabled():
        return []
    store = _dense.get(kind)
    if store is None or not len(store.object_ids):
        return []
    guessed = {oid for ids in lexical.by_guess.values() for oid in ids}
    mean = store.mean()
    own = _centroid(store, [oid for oid, _ in lexical.rows if oid not in guessed], mean)
    if own is None:
        return []  # the word itself is in no record: its guesses' records are all there is
    out = []
    word = None
    for i, ids in sorted(lexical.by_guess.items()):
        if not lexical.group.alternatives[i].confirmable:
            continue
        c = _centroid(store, ids, mean)
        if c is None or float(c @ own) < SYNONYM_MIN_SIM:
            continue
        if word is None:
            word = _unit(text_embed.encode_query(lexical.group.text))
        guess = lexical.group.alternatives[i].spelled
        if float(_unit(text_embed.encode_query(guess)) @ word) >= SYNONYM_MIN_WORD_SIM:
            out.append((lexical.group.alternatives[i].by_model, set(ids)))
    # The model's own candidate only where no dictionary's guess stands (电子零件 has 电子元件; the
    # model would add 电子制品 as a third list).
    return [ids for by_model, ids in out if not by_model or all(m for m, _ in out)]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)


def _interleaved(ordered: dict[int, float], lists: list[set[int]]) -> dict[int, float]:
    """Each form of the word as its own ranked list (the fused order within it), taken in turn —
    the word's own records (and those found by meaning) first, then each synonym's: a
    "diversified" first page. The fused scores stay, in descending order, on the new order."""
    if not lists:
        return ordered
    queues: list[list[int]] = [[] for _ in range(len(lists) + 1)]
    for oid in ordered:
        queues[next((i + 1 for i, ids in enumerate(lists) if oid in ids), 0)].append(oid)
    merged: list[int] = []
    for depth in range(max(len(ids) for ids in queues)):
        merged += [ids[depth] for ids in queues if depth < len(ids)]
    return dict(zip(merged, ordered.values(), strict=True))


# ---- dense vectors in process memory -----------------------------------------------------

class _DenseKind:
    """One kind's vectors: int8 rows, their norms and sign bits, grown from new entry ids.

    Search.update deletes and re-inserts an entry, so a new id is the one signal needed;
    deletions are noticed by the periodic count check (rows of deleted objects are harmless
    meanwhile: the caller's queryset no longer has them)."""

    CHECK_SECONDS = 30.0
    EXACT_BELOW = 20_000  # smaller matrices: exact int8 scores; larger: sign bits first

    def __init__(self, kind: str):
        self.kind = kind
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.last_id = 0
        self.unit_sum = np.zeros(text_embed.DIM, dtype=np.float64)  # for mean()
        self.object_ids = np.zeros(0, dtype=np.int64)
        self.q8 = np.zeros((0, text_embed.DIM), dtype=np.int8)
        self.inv_norm = np.zeros(0, dtype=np.float32)
        # Sign bits, one row per 64 dimensions (a word of every record side by side): the Hamming
        # distance is then eight passes over contiguous words instead of a sum across each short
        # row (100,000 records: 3.4 → 1.0 ms a look-up).
        self.bits = np.zeros((text_embed.DIM // 64, 0), dtype=np.uint64)
        self.alive = np.zeros(0, dtype=bool)
        self.row_of: dict[int, int] = {}
        self.checked = time.monotonic()

    def _append(self, rows: list[tuple[int, int, bytes]]) -> None:
        if not rows:
            return
        q8 = text_embed.dequantise(bytes(r[2]) for r in rows)
        norms = np.linalg.norm(q8.astype(np.float32), axis=1)
        norms[norms == 0] = 1.0
        start = len(self.object_ids)
        for i, (_, oid, _) in enumerate(rows):
            old = self.row_of.get(oid)
            if old is not None:
                self.alive[old] = False
            self.row_of[oid] = start + i
        self.object_ids = np.concatenate([self.object_ids, np.array([r[1] for r in rows], dtype=np.int64)])
        self.q8 = np.concatenate([self.q8, q8])
        self.inv_norm = np.concatenate([self.inv_norm, (1.0 / norms).astype(np.float32)])
        self.unit_sum += (q8.astype(np.float32) / norms[:, None]).sum(axis=0, dtype=np.float64)
        self.bits = np.concatenate([self.bits, np.packbits(q8 > 0, axis=1).view(np.uint64).T], axis=1)
        self.alive = np.concatenate([self.alive, np.ones(len(rows), dtype=bool)])
        self.last_id = max(self.last_id, max(r[0] for r in rows))

    def sync(self) -> None:
        with self.lock:
            now = time.monotonic()
            entries = SearchEntry.objects.filter(kind=self.kind, vector__isnull=False)
            if now - self.checked > self.CHECK_SECONDS:
                self.checked = now
                live = entries.count()
                if live != len(self.row_of) or int(self.alive.sum()) * 4 < len(self.alive) * 3:
                    self.reset()
            elif self.last_id and (entries.order_by("-id").values_list("id", flat=True).first() or 0) < self.last_id:
                self.reset()  # the table was rebuilt (or a test rolled back): start again
            rows = list(SearchEntry.objects.filter(kind=self.kind, id__gt=self.last_id, vector__isnull=False)
                        .order_by("id").values_list("id", "object_id", "vector"))
            self._append(rows)

    def mean(self) -> np.ndarray:
        """The mean of the kind's unit vectors (a running sum kept by ``_append``)."""
        return (self.unit_sum / max(len(self.object_ids), 1)).astype(np.float32)

    def nearest(self, q: np.ndarray, top: int) -> list[tuple[int, float]]:
        n = len(self.object_ids)
        if n == 0:
            return []
        if n <= self.EXACT_BELOW:
            cand = np.arange(n)
        else:
            # Sign bits (64 bytes a row) pick candidates by Hamming distance; int8 rescoring.
            qbits = np.packbits(q > 0).view(np.uint64)
            dist = np.zeros(n, dtype=np.uint16)
            for word, qword in zip(self.bits, qbits, strict=True):
                dist += np.bitwise_count(word ^ qword)
            keep = min(n, max(top * 30, 2000))
            cand = np.argpartition(dist, keep - 1)[:keep]
        sims = (self.q8[cand].astype(np.float32) @ q) * self.inv_norm[cand]
        sims = np.where(self.alive[cand], sims, -1.0)
        k = min(top, len(cand))
        best = np.argpartition(-sims, k - 1)[:k]
        best = best[np.argsort(-sims[best])]
        return [(int(self.object_ids[cand[i]]), float(sims[i])) for i in best]


_dense: PerKind[_DenseKind] = PerKind(_DenseKind)


def dense_store(kind: str) -> _DenseKind:
    return _dense.of(kind)


def dense_reset() -> None:
    """Forget every in-memory matrix (tests, after a bulk rebuild of the table)."""
    _dense.clear()
    search_words.reset()
    with _doc_count_lock:
        _doc_count_cache.clear()


def _feedback_ranked(kind: str, q: Query, lexical: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Pseudo-relevance feedback: the centroid of the best word matches (plus the query) finds
    records on the same subject written with other words — the other region's word, or Chinese
    for an English query whose words matched English names. Records compare far better with
    records than with a two-word query, so this reaches what the query vector alone cannot."""
    min_docs = 1 if q.unexpanded else FEEDBACK_MIN_DOCS
    if not _dense_enabled() or q.short or q.places_only or len(lexical) < min_docs:
        return []
    store = _dense.get(kind)
    if store is None or not len(store.object_ids):
        return []
    rows = [store.row_of[oid] for oid, _ in lexical[:FEEDBACK_DOCS] if oid in store.row_of]
    if len(rows) < min_docs:
        return []
    centroid = (store.q8[rows].astype(np.float32) * store.inv_norm[rows, None]).mean(axis=0)
    # A query whose words no table knows (梳化) says little to the model: its records say more.
    centroid += text_embed.encode_query(q.raw) * (FEEDBACK_UNKNOWN_QUERY_WEIGHT if q.unexpanded else 1.0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
    return [(oid, s) for oid, s in store.nearest(centroid, DENSE_TOP) if s >= FEEDBACK_MIN_SIM]


def _dense_ranked(kind: str, q: Query) -> list[tuple[int, float]]:
    if not _dense_enabled() or q.short or q.places_only or not q.raw:
        return []
    try:
        store = dense_store(kind)
        store.sync()
        if not len(store.object_ids):
            return []
        vec = text_embed.encode_query(q.raw)
        return store.nearest(vec, DENSE_TOP)
    except (DatabaseError, ImportError, OSError, ValueError):
        log.exception("search: dense path failed; words only")
        return []


# ---- search_filter -----------------------------------------------------------------------

@dataclass(frozen=True)
class Ranked:
    match: str  # the full-text expression ('' when no word can match)
    scores: dict[int, float]  # object_id → fused score, best first
    dense_ids: list[int]  # records included on meaning alone
    # Every word match is in ``scores`` (the index held fewer than LEXICAL_TOP): the result is
    # exactly ``scores``' ids, and the pages need no full-text condition at all.
    complete: bool = False
    # Word matches among the head's candidates (at most LEXICAL_RANK_CAP; with ``within``, those
    # in it): a lower bound of the matches, exact when below the cap.
    found: int = 0
    # PostgreSQL: those candidates' object ids (every word match among them when ``found`` is
    # below PG_LEXICAL_RANK_CAP); None when not read.
    candidates: tuple[int, ...] | None = None


def search_ranked(*, kind: str, query: str, dense: bool = True, within: QuerySet | None = None,
                  by_rowid: bool = False) -> Ranked:
    """The hybrid ranking behind ``search_filter`` (for callers that need ids, not a queryset).
    ``dense=False``: words only (a filter box such as "brand", where a neighbour by meaning is a
    different brand, not a better answer); still the same pipeline: 繁/简, regional words, spaces.
    ``within``: a queryset of the records to rank among (only its primary keys are read)."""
    ensure_database_terms()
    q = analyse(query)
    if q.empty:
        return Ranked("", {}, [])
    if dense and _dense_enabled():
        # A word no table knows, in few of the kind's records (as written: its dictionary guesses'
        # records rank below it anyway), takes the nearest words those records are written with.
        q = search_words.with_nearest_words(kind, q, rare=lambda g: _kind_matches(kind, _as_written(g)) < NEAREST_BELOW)
    restrict = None
    if within is not None:
        ids = within.values("pk")
        ids.query.clear_ordering(force=True)
        try:
            restrict = ids.query.sql_with_params()
        except EmptyResultSet:  # the caller's filters keep nothing (a brand no record has)
            return Ranked("", {}, [], complete=True)
        except FullResultSet:  # they keep everything
            restrict = None
    lex = _lexical_ranked(kind, q, restrict, by_rowid) if q.required else _Lexical("", [])
    match, lexical, found = lex.match, lex.rows, lex.found
    if not dense:
        scores = {oid: 1.0 / (RRF_K + rank + 1) for rank, (oid, _) in enumerate(lexical)}
        scores, complete = _tiered(scores, lex)
        return Ranked(match, scores, [], complete=complete, found=found, candidates=lex.candidates)
    near = _dense_ranked(kind, q)
    lexical_ids = {oid for oid, _ in lexical}
    if lexical:
        near = [(oid, s) for oid, s in near if s >= DENSE_MIN_SIM or oid in lexical_ids]
    else:
        near = [(oid, s) for oid, s in near if s >= DENSE_FALLBACK_SIM][:DENSE_FALLBACK_TOP]
    try:
        feedback = _feedback_ranked(kind, q, lexical)
    except (ImportError, OSError, ValueError):
        log.exception("search: feedback path failed")
        feedback = []
    fused: dict[int, float] = {}
    for weight, ranked in ((1.0, lexical), (DENSE_WEIGHT, near), (FEEDBACK_WEIGHT, feedback)):
        for rank, (oid, _) in enumerate(ranked):
            fused[oid] = fused.get(oid, 0.0) + weight / (RRF_K + rank + 1)
    ordered = dict(sorted(fused.items(), key=lambda kv: -kv[1]))
    try:  # after _dense_ranked, which brought the vectors up to date
        ordered = _interleaved(ordered, _synonym_guesses(kind, lex))
    except (ImportError, OSError, ValueError):
        log.exception("search: synonym check failed")
    extra = dict.fromkeys(oid for oid, _ in (*near, *feedback) if oid not in lexical_ids)
    scores, complete = _tiered(ordered, lex)
    return Ranked(match, scores, list(extra), complete=complete, found=found, candidates=lex.candidates)


def _tiered(ordered: dict[int, float], lex: _Lexical) -> tuple[dict[int, float], bool]:
    """The fused order with the records met only through guesses placed (a rare word's near
    word's right after the word's own, the thesaurus's looser sets last), and whether the head
    held every word match (``Ranked.complete``)."""
    scores = _then_loose(_after_own(ordered, lex.rows, lex.after_own), lex.loose)
    return scores, len(lex.rows) + len(lex.loose) + len(lex.after_own) < LEXICAL_TOP


def _after_own(ordered: dict[int, float], lexical: list[tuple[int, float]], after: list[int]) -> dict[int, float]:
    """``after`` (records met through a rare word's very near word) placed right after the last
    of the word's own records, taking turns with the records found by meaning alone below it:
    both are guesses, and a near word may be a sibling (塑料袋 for 塑料瓶) where meaning found the
    other region's word (膠樽). Eval: held_out's condensed MRR 0.925 → 0.932, recall the same.
    Scores stay strictly descending."""
    if not after:
        return ordered
    own = {oid for oid, _ in lexical}
    keys = list(ordered)
    cut = max((i + 1 for i, oid in enumerate(keys) if oid in own), default=0)
    rest = keys[cut:]
    near = [o for o in after if o not in ordered]
    mixed = [x for pair in zip(near, rest, strict=False) for x in pair] + near[len(rest):] + rest[len(near):]
    order = [*keys[:cut], *mixed]
    out: dict[int, float] = {}
    previous = None
    for oid in order:
        score = ordered.get(oid, previous * 0.999 if previous is not None else 1.0)
        if previous is not None:
            score = min(score, previous * 0.999)
        out[oid] = previous = score
    return out


def _then_loose(ordered: dict[int, float], loose: list[int]) -> dict[int, float]:
    """The records met only through the thesaurus after all others, each scoring below the last."""
    if not loose:
        return ordered
    out = dict(ordered)
    floor = min(out.values(), default=1.0)
    for n, oid in enumerate(o for o in loose if o not in ordered):
        out[oid] = floor * 0.5 / (n + 1)
    return out


class _SearchResults:
    """Mixed into the queryset ``search_filter`` returns: the first pages come from the ranked head.

    Every ranked id has a positive ``search_rank`` and every other match 0, so while the ordering
    starts with ``-search_rank`` a slice that the head's own rows (those passing the caller's
    filters) fill is exactly that slice of the full ordering. It is read with ``pk IN (head)``
    and without the full-text condition — a few hundred rows instead of every match (at 100,000
    records a broad word matches 20,000: ranking, joining and sorting them all was the cost).
    A slice the head cannot fill (deep pages, narrow filters) falls back to the full query."""

    _search_where: ExtraWhere | None = None
    _search_head: tuple[int, ...] = ()

    def _clone(self):
        c = super()._clone()
        c._search_where, c._search_head = self._search_where, self._search_head
        c._search_count, c._search_known_capped = self._search_count, self._search_known_capped
        c._search_candidates = self._search_candidates
        return c

    def _head_slice(self, k: slice) -> QuerySet | None:
        if (not self._search_head or self._result_cache is not None or k.step is not None
                or k.stop is None or (k.start or 0) < 0 or k.stop <= (k.start or 0)
                or k.stop > len(self._search_head) or not self.query.order_by
                or self.query.order_by[0] != "-search_rank" or not self.query.standard_ordering):
            return None
        head = self._without_search()
        if head is None:
            return None
        rows = QuerySet.__getitem__(_pk_among(head, self._search_head), k)
        rows._fetch_all()
        return rows if len(rows._result_cache) == k.stop - (k.start or 0) else None

    _search_count: tuple[str, str, str] | None = None  # kind, match, dense ids (JSON)
    # PostgreSQL: (the head's candidate ids, whether they are every word match) — see count().
    _search_candidates: tuple[tuple[int, ...], bool] | None = None
    # With ``within_exact`` and a head that found more than COUNT_CAP: the number of WHERE
    # conditions the count's proof holds for (a filter added afterwards voids it); else 0.
    _search_known_capped = 0
    count_capped = False  # count() stopped at COUNT_CAP: show "COUNT_CAP+" (``search_count_capped``)

    def count(self) -> int:
        """Up to COUNT_CAP exact; beyond it COUNT_CAP with ``count_capped`` set. Counted from the
        index match (each matching entry checked against the caller's filters, one row look-up),
        stopping at the cap, rather than materialising every match and probing the table."""
        base = None if self._result_cache is not None or self._search_count is None else self._without_search()
        if base is None:
            return super().count()
        if self._search_known_capped and len(self.query.where.children) == self._search_known_capped:
            # ``within_exact``: the head alone found more than COUNT_CAP matches among exactly
            # these rows (no filter added since): the count is capped, nothing to count.
            self.count_capped = True
            return COUNT_CAP
        kind, match, dense_ids = self._search_count
        pg = connection.vendor == "postgresql"
        known = self._count_from_candidates(base, match, dense_ids) if pg else None
        if known is not None:
            self.count_capped = known > COUNT_CAP
            return min(known, COUNT_CAP)
        where, params = [], []
        if match:
            where.append("core_searchentry.tsv @@ to_tsquery('simple', %s)" if pg else
                         f"core_searchentry.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)")
            params.append(match)
        if dense_ids != "[]":
            where.append(f"core_searchentry.object_id IN ({DENSE_IDS[pg]})")
            params.append(dense_ids)
        base.query.clear_ordering(force=True)

        def entries(sql: str, sql_params: list[str], tables: tuple[str, ...] = ()) -> QuerySet:
            return (SearchEntry.objects.using(self.db).filter(kind=kind)
                    .extra(where=[sql], params=sql_params, tables=list(tables))  # noqa: S610
                    .filter(Exists(base.filter(pk=OuterRef("object_id")))).values("pk"))

        with _index_scans():
            n = self._count_entries(entries, where, params, pg, match)
        self.count_capped = n > COUNT_CAP
        return min(n, COUNT_CAP)

    def _count_from_candidates(self, base: QuerySet, match: str, dense_ids: str) -> int | None:
        """PostgreSQL: the count from the head's candidates, checked against the caller's filters
        by primary key (at most PG_LEXICAL_RANK_CAP look-ups), instead of the match's GIN bitmap
        built again (7–14 ms for two broad words at 100,000). Exact when the candidates are every
        word match (plus the records found by meaning alone); proves the count capped when more
        than COUNT_CAP of them pass; None (count the usual way) otherwise."""
        if self._search_candidates is None or not match:
            return None
        ids, every_match = self._search_candidates
        rows = base.order_by()
        passing = _count_among(rows, ids)
        if passing > COUNT_CAP:
            return passing
        if not every_match:
            return None
        known = set(ids)
        extra = [oid for oid in json.loads(dense_ids) if oid not in known]
        return passing + _count_among(rows, extra)

    @staticmethod
    def _count_entries(entries, where: list[str], params: list[str], pg: bool, match: str) -> int:
        if not pg and match:
            # SQLite: the word matches counted by walking the index itself (the index table beside
            # the entries, joined on its rowid: the planner drives from the MATCH), stopping at the
            # cap. Written as "id IN (the match)" — alone or OR-ed with the dense ids — SQLite first
            # listed every match (88,000 for "trading" at 100,000 enterprises: 14 → 1.4 ms).
            n = entries(f"{FTS_TABLE}.rowid = core_searchentry.id AND {FTS_TABLE} MATCH %s", [match],
                        (FTS_TABLE,))[:COUNT_CAP + 1].count()
            if n <= COUNT_CAP and len(where) == 2:  # then the dense extras that are not among them
                n += entries(f"{where[1]} AND NOT ({where[0]})", params[1:] + params[:1])[:COUNT_CAP + 1 - n].count()
            return n
        if pg and len(where) == 2:
            # PostgreSQL uses no index for "tsv @@ q OR object_id IN (…)" and reads every entry's
            # tsv (2.7 s for the long sentence at 100,000): two counts instead, each side on its
            # own index — the word matches, then the dense extras that are not among them. (One
            # UNION ALL let the planner pick a parallel scan of every entry for broad words.)
            n = entries(where[0], params[:1])[:COUNT_CAP + 1].count()
            if n <= COUNT_CAP:
                n += entries(f"{where[1]} AND NOT ({where[0]})", params[1:] + params[:1])[:COUNT_CAP + 1 - n].count()
        else:
            n = entries("(" + " OR ".join(where) + ")", params)[:COUNT_CAP + 1].count()
        return n

    def _without_search(self) -> QuerySet | None:
        """A clone without the full-text condition (None when it cannot be taken out safely)."""
        node = self._search_where
        where = self.query.where
        if (node is None or where.connector != AND or where.negated or self.query.is_sliced
                or self.query.distinct or self.query.combinator or not any(ch is node for ch in where.children)):
            return None
        c = self._chain()
        c._search_where = None
        c.query.where.children = [ch for ch in c.query.where.children if ch is not node]
        return c

    def __getitem__(self, k):
        if isinstance(k, slice):
            rows = self._head_slice(k)
            if rows is not None:
                return rows
        return super().__getitem__(k)


def _pk_among(rows: QuerySet, ids: Iterable[int]) -> QuerySet:
    """``rows.filter(pk__in=ids)``; on PostgreSQL the ids as one array parameter. Written as
    ``IN (%s, …)``, Django and psycopg build and split one placeholder per id: 1,001 candidates
    cost ~15 ms of client CPU on this machine, a head of 187 ~1 ms; as an array, ~1 and 0.3 ms.
    The array goes as its text ('{1,2,…}'): psycopg dumps a Python list element by element."""
    if connection.vendor != "postgresql":
        return rows.filter(pk__in=ids)
    pk = f'"{rows.model._meta.db_table}"."{rows.model._meta.pk.column}"'
    array = "{" + ",".join(str(int(i)) for i in ids) + "}"
    return rows.extra(where=[f"{pk} = ANY(%s::bigint[])"], params=[array])  # noqa: S610


def _count_among(rows: QuerySet, ids: Iterable[int]) -> int:
    """How many of ``ids`` are rows of ``rows``, exactly. ``QuerySet.count`` itself: a subclass's
    count may stop at COUNT_CAP (the festival's ``OfferResults`` does), and 1,000 of 1,001
    candidates then never proved a count capped — every such search counted its matches a second
    time (16 ms for 奶茶 among 50,000 offers on PostgreSQL)."""
    ids = list(ids)
    return QuerySet.count(_pk_among(rows, ids)) if ids else 0


_result_classes: dict[type, type] = {}


def _with_head(queryset: QuerySet, node: ExtraWhere, ranked: Ranked, kind: str, dense_ids: str,
               known_capped: bool = False) -> QuerySet:
    base = type(queryset)
    cls = _result_classes.get(base)
    if cls is None:
        cls = _result_classes[base] = type(f"Search{base.__name__}", (_SearchResults, base), {})
    queryset.__class__ = cls
    queryset._search_where, queryset._search_head = node, tuple(ranked.scores)
    queryset._search_count = (kind, ranked.match, dense_ids)
    if ranked.candidates is not None:
        queryset._search_candidates = (ranked.candidates, ranked.found < PG_LEXICAL_RANK_CAP)
    if known_capped:
        queryset._search_known_capped = len(queryset.query.where.children)
    return queryset


def search_matches_joinable(queryset: QuerySet) -> QuerySet | None:
    """PostgreSQL: a ``search_filter`` result with its match written as one ``pk IN (words' matches
    UNION ALL the dense ids)``, for a caller that orders every match itself (not by rank). The
    "IN (…) OR IN (…)" that ``search_filter`` writes cannot be a join: PostgreSQL scanned every row
    of the table against two hashed lists (50,000 offers to order 1,666 matches by distance); one
    IN is a semi-join that reads only the matches. Same rows; None when not applicable (SQLite, not
    a search result, or a condition that cannot be taken out). The result is a plain queryset of the
    caller's class (no ranked head, no search count)."""
    if connection.vendor != "postgresql" or not isinstance(queryset, _SearchResults) or not queryset._search_count:
        return None
    rest = queryset._without_search()
    if rest is None:
        return None
    kind, match, dense_ids = queryset._search_count
    parts, params = [], []
    if match:
        parts.append(PG_WORD_IDS)
        params += [kind, match]
    if dense_ids != "[]":
        parts.append(DENSE_IDS[True])
        params.append(dense_ids)
    if not parts:
        return None
    model = queryset.model
    pk = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    rest.query.where.add(ExtraWhere([f"{pk} IN ({' UNION ALL '.join(parts)})"], params), AND)
    rest.__class__ = next(c for c in type(queryset).__mro__[1:] if not issubclass(c, _SearchResults))
    return rest


def search_count_capped(queryset: object) -> bool:
    """Whether the last ``count()`` of a ``search_filter`` result stopped at COUNT_CAP."""
    return bool(getattr(queryset, "count_capped", False))


def search_filter(queryset: QuerySet, *, kind: str, query: str, dense: bool = True,
                  within: QuerySet | None = None, within_exact: bool = False) -> QuerySet:
    """Keep the rows of ``queryset`` that match ``query``, annotated with ``search_rank``
    (higher is better; matches beyond the ranked head have rank 0). An empty query returns the
    queryset unchanged (rank 0); a query with nothing searchable returns none. ``dense=False``:
    words only (see ``search_ranked``). Ordered by ``-search_rank`` first, the first pages are
    read from the ranked head alone (``_SearchResults``).

    ``within`` (festspeed, issue 11): when the caller's filters keep a small part of the records
    (a district, a category), a queryset of those records (only its ids are read; a superset of
    ``queryset``'s rows is fine, e.g. the narrowing filters alone). The lexical head is then
    ranked among the matches in it (``object_id IN (…)`` in the head's query), so it can fill a
    page; ranked among all matches, the head held a few rows of the district and every page fell
    back to ranking and sorting every match (87 ms for 折 + a district at 50,000 offers).

    ``within_exact``: ``within`` holds exactly ``queryset``'s rows (not a superset). A head that
    then finds more than COUNT_CAP matches in it proves the count capped, and ``count()`` runs
    no statement (it walked ~9,000 matches again to count 1,001 for 折 + a district). It also
    says the filter is the narrow side: SQLite checks it against the index's rowids (see
    ``_lexical_ranked``)."""
    ranked = search_ranked(kind=kind, query=query, dense=dense, within=within, by_rowid=within_exact)
    if not ranked.match and not ranked.dense_ids:
        unranked = queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
        return unranked.none() if (query or "").strip() else unranked
    table = queryset.model._meta.db_table
    pk = f'"{table}"."{queryset.model._meta.pk.column}"'
    scores = json.dumps({str(k): round(v, 8) for k, v in ranked.scores.items()})
    dense_ids = json.dumps(ranked.dense_ids)
    pg = connection.vendor == "postgresql"
    if ranked.complete:
        # A narrow query: its matches are the ranked ids themselves. Without this, PostgreSQL
        # expected thousands of matches for a word with none, sorted all 100,000 enterprises by
        # rank and probed each one's tsv (1.2 s for "leather"); an id list costs nothing.
        ranked = Ranked("", ranked.scores, list(ranked.scores), complete=True, found=ranked.found)
        dense_ids = json.dumps(ranked.dense_ids)
        if not ranked.dense_ids:
            return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())).none()
    where, params = [], []
    if pg:
        if ranked.match:
            where.append(f"{pk} IN ({PG_WORD_IDS})")
            params += [kind, ranked.match]
        if ranked.dense_ids:
            where.append(f"{pk} IN ({DENSE_IDS[True]})")
            params.append(dense_ids)
        rank_sql = f"COALESCE((%s::jsonb ->> ({pk})::text)::float, 0.0)"
    else:
        if ranked.match:
            # CROSS JOIN keeps the index match as the outer loop: with a plain JOIN SQLite may walk
            # every entry of the kind and probe the index once per entry (1.8 s at 20,000 listings).
            where.append(f"{pk} IN (SELECT se.object_id FROM {FTS_TABLE} CROSS JOIN core_searchentry se "
                         f"ON se.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND se.kind = %s)")
            params += [ranked.match, kind]
        if ranked.dense_ids:
            where.append(f"{pk} IN ({DENSE_IDS[False]})")
            params.append(dense_ids)
        rank_sql = f"COALESCE(json_extract(%s, '$.\"' || {pk} || '\"'), 0.0)"
    # extra() is the one way to join the full-text index; every value goes through params.
    searched = queryset.extra(select={"search_rank": rank_sql}, select_params=[scores])  # noqa: S610
    node = ExtraWhere(["(" + " OR ".join(where) + ")"], params)
    searched.query.where.add(node, AND)
    known_capped = within is not None and within_exact and ranked.found > COUNT_CAP
    return _with_head(searched, node, ranked, kind, dense_ids, known_capped)


# ---- small lists without an index --------------------------------------------------------

SCAN_LIMIT = 20_000
_token_cache: dict[str, frozenset[str]] = {}


def _doc_tokens(text: str) -> frozenset[str]:
    hit = _token_cache.get(text)
    if hit is None:
        if len(_token_cache) > 50_000:
            _token_cache.clear()
        hit = _token_cache[text] = frozenset(index_tokens(text))
    return hit


def search_objects(queryset: QuerySet, *, query: str, fields: list[str]) -> QuerySet:
    """``search_filter`` for short lists that have no index entries (an event's registrations):
    the same query pipeline and minimum-should-match over ``fields`` of at most SCAN_LIMIT rows,
    read once per call. Keeps the queryset's own order."""
    q = analyse(query)
    if q.empty:
        return queryset.none() if (query or "").strip() else queryset
    keep = []
    for pk, *values in queryset.values_list("pk", *fields)[:SCAN_LIMIT]:
        tokens = _doc_tokens(" ".join(str(v) for v in values if v))
        if sum(_present(g, set(tokens)) for g in q.required) >= q.min_match:
            keep.append(pk)
    return queryset.filter(pk__in=keep)
