"""Django side of the engine: documents from the database, a per-process corpus kept in sync,
stored vectors, and writing Match rows (one opportunity on publish, or everything at once).

Each web process keeps the published opportunities and active enterprises in memory (≈2 KB
each plus tokens); ``_sync`` brings it up to date with two cheap queries before each use.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shanglian.core.models import Industry, SearchEntry
from shanglian.directory.models import Enterprise
from shanglian.matching.engine import Corpus, Doc, Scored, get_embedder
from shanglian.matching.engine.weights import MIN_SCORE, TOP_ENTERPRISES, TOP_OPPORTUNITIES
from shanglian.matching.models import EnterpriseVector, Introduction, Match, Opportunity
from shanglian.matching.services import SEARCH_KIND

OPPOSITE = {"offer": ("need",), "need": ("offer",)}
_lock = threading.RLock()
_state: dict = {}
Progress = Callable[[str, int, int], None]


def _industry_parents() -> dict[int, int | None]:
    return dict(Industry.objects.values_list("pk", "parent_id"))


def opportunity_doc(o: Opportunity, parents: dict[int, int | None], tokens: str | None = None) -> Doc:
    return Doc(
        id=o.pk, kind=o.kind, subtype=o.subtype, enterprise_id=o.enterprise_id,
        text=f"{o.title}\n{o.description}\n{o.category}".strip(), industry=o.industry_id,
        industry_parent=parents.get(o.industry_id) if o.industry_id else None, category=o.category,
        places={p.code: p.kind for p in o.target_markets.all()}, regions=tuple(o.target_regions or ()),
        published=o.published_at.date() if o.published_at else None,
        tokens=_tokens_from_index(tokens) if tokens is not None else None,
        vector=np.frombuffer(bytes(o.vector), dtype=np.float32) if o.vector else None, language=o.language,
    )


def _tokens_from_index(tokens: str) -> list[str]:
    return [t for t in tokens.split() if len(t) > 1 or t.isascii()]


def enterprise_text(e: Enterprise) -> str:
    return " ".join(x for x in (e.name_zh, e.name_en, e.description) if x)


def ensure_vectors(opps: list[Opportunity], *, progress: Progress | None = None, batch: int = 256) -> int:
    """Embed posts without a current vector and store them (so a restart recomputes nothing)."""
    embedder = get_embedder()
    todo = [o for o in opps if not o.vector or o.vector_model != embedder.name]
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        vecs = embedder.encode([f"{o.title}\n{o.description}" for o in chunk])
        for o, v in zip(chunk, vecs, strict=True):
            o.vector, o.vector_model = v.astype(np.float32).tobytes(), embedder.name
        Opportunity.objects.bulk_update(chunk, ["vector", "vector_model"])
        if progress:
            progress("vectors", min(start + batch, len(todo)), len(todo))
    return len(todo)


def _enterprise_docs(enterprises: list[Enterprise], parents: dict, *, progress: Progress | None = None) -> list[Doc]:
    embedder = get_embedder()
    stored = {ev.enterprise_id: ev for ev in EnterpriseVector.objects.filter(enterprise__in=enterprises)}
    texts = {e.pk: enterprise_text(e) for e in enterprises}
    hashes = {pk: hashlib.sha1(t.encode()).hexdigest() for pk, t in texts.items()}  # noqa: S324 - a change check
    todo = [e for e in enterprises if (ev := stored.get(e.pk)) is None or ev.text_hash != hashes[e.pk]
            or ev.vector_model != embedder.name]
    for start in range(0, len(todo), 256):
        chunk = todo[start:start + 256]
        vecs = embedder.encode([texts[e.pk] for e in chunk])
        rows = [EnterpriseVector(enterprise=e, vector=v.astype(np.float32).tobytes(), vector_model=embedder.name,
                                 text_hash=hashes[e.pk]) for e, v in zip(chunk, vecs, strict=True)]
        EnterpriseVector.objects.filter(enterprise__in=chunk).delete()
        EnterpriseVector.objects.bulk_create(rows)
        stored.update({r.enterprise_id: r for r in rows})
        if progress:
            progress("enterprise vectors", min(start + 256, len(todo)), len(todo))
    docs = []
    for e in enterprises:
        ev = stored.get(e.pk)
        docs.append(Doc(id=e.pk, kind="enterprise", enterprise_id=e.pk, text=texts[e.pk], industry=e.industry_id,
                        industry_parent=parents.get(e.industry_id) if e.industry_id else None,
                        places={e.place.code: e.place.kind} if e.place_id else {},
                        vector=np.frombuffer(bytes(ev.vector), dtype=np.float32) if ev else None))
    return docs


def _live_opportunities() -> Q:
    return Q(status=Opportunity.Status.PUBLISHED, expires_on__gte=timezone.localdate())


_DOC_FIELDS = ("pk", "kind", "subtype", "enterprise_id", "title", "description", "category", "industry_id",
               "target_regions", "published_at", "vector", "language")


def _load_opportunities(ids: Iterable[int], parents: dict, *, progress: Progress | None = None) -> list[Doc]:
    """Documents for these posts: plain values (no model instances; what ``opportunity_doc``
    builds from an instance), target markets and stored tokens in one query each per 2,000."""
    ids = list(ids)
    docs: list[Doc] = []
    model_name = get_embedder().name
    through = Opportunity.target_markets.through
    for start in range(0, len(ids), 2000):
        chunk_ids = ids[start:start + 2000]
        missing = list(Opportunity.objects.filter(pk__in=chunk_ids).filter(
            Q(vector__isnull=True) | ~Q(vector_model=model_name)))
        if missing:
            ensure_vectors(missing, progress=progress)
        places: dict[int, dict[str, str]] = {}
        for opp_id, code, kind in through.objects.filter(opportunity_id__in=chunk_ids).values_list(
                "opportunity_id", "place__code", "place__kind"):
            places.setdefault(opp_id, {})[code] = kind
        tokens = dict(SearchEntry.objects.filter(kind=SEARCH_KIND, object_id__in=chunk_ids)
                      .values_list("object_id", "tokens"))
        for (pk, kind, subtype, enterprise_id, title, description, category, industry_id, regions, published_at,
             vector, language) in Opportunity.objects.filter(pk__in=chunk_ids).values_list(*_DOC_FIELDS):
            tok = tokens.get(pk)
            docs.append(Doc(
                id=pk, kind=kind, subtype=subtype, enterprise_id=enterprise_id,
                text=f"{title}\n{description}\n{category}".strip(), industry=industry_id,
                industry_parent=parents.get(industry_id) if industry_id else None, category=category,
                places=places.get(pk, {}), regions=tuple(regions or ()),
                published=published_at.date() if published_at else None,
                tokens=_tokens_from_index(tok) if tok is not None else None,
                vector=np.frombuffer(bytes(vector), dtype=np.float32) if vector else None, language=language))
    return docs


def _sync(*, progress: Progress | None = None) -> tuple[Corpus, Corpus]:
    """Bring the in-memory corpora up to date (new, changed, gone posts and enterprises)."""
    with _lock:
        parents = _industry_parents()
        opps: Corpus = _state.setdefault("opps", Corpus())
        gone, changed = _changes("opp", Opportunity.objects.filter(_live_opportunities()))
        if gone:
            opps.remove(gone)
        if changed:
            opps.add(_load_opportunities(changed, parents, progress=progress))
        ents: Corpus = _state.setdefault("ents", Corpus())
        gone_e, changed_e = _changes("ent", Enterprise.objects.filter(is_active=True))
        if gone_e:
            ents.remove(gone_e)
        for start in range(0, len(changed_e), 2000):
            chunk = list(Enterprise.objects.filter(pk__in=changed_e[start:start + 2000]).select_related("place"))
            ents.add(_enterprise_docs(chunk, parents, progress=progress))
        return opps, ents


def _changes(name: str, live_qs) -> tuple[list[int], list[int]]:
    """(gone ids, new or edited ids) since the last call: the live id list (plain integers) and
    the rows whose ``updated_at`` passed the watermark — no per-row datetimes for the rest."""
    from django.db.models import Max

    seen: set[int] = _state.setdefault(f"{name}_seen", set())
    mark = _state.get(f"{name}_mark")
    live_qs = live_qs.order_by()  # no sort: the ids go into a set
    live = set(live_qs.values_list("pk", flat=True))
    gone = list(seen - live)
    edited = set(live_qs.filter(updated_at__gte=mark).values_list("pk", flat=True)) if mark else set()
    changed = sorted((live - seen) | (edited & live))
    if changed or mark is None:
        _state[f"{name}_mark"] = live_qs.model.objects.aggregate(m=Max("updated_at"))["m"]
    seen.difference_update(gone)
    seen.update(changed)
    return gone, changed


def reset_cache() -> None:
    with _lock:
        _state.clear()


def excluded_pairs(opportunity_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """Per opportunity: counterpart opportunities and enterprises never to propose again
    (declined or "not interested"). Enterprise ids are stored negated to share one set."""
    out: dict[int, set[int]] = {}
    qs = Introduction.objects.filter(status__in=[Introduction.Status.DECLINED, Introduction.Status.NOT_INTERESTED])
    if opportunity_ids is not None:
        ids = list(opportunity_ids)
        qs = qs.filter(Q(opportunity_id__in=ids) | Q(counterpart_id__in=ids))
    for opp, cp, target in qs.values_list("opportunity_id", "counterpart_id", "target_id"):
        if cp is not None:
            out.setdefault(opp, set()).add(cp)
            out.setdefault(cp, set()).add(opp)
        else:
            out.setdefault(opp, set()).add(-target)
    return out


def _split(excluded: set[int]) -> tuple[set[int], set[int]]:
    return {i for i in excluded if i > 0}, {-i for i in excluded if i < 0}


def _match_rows(opp_id: int, opp_results: list[Scored], ent_results: list[Scored]) -> list[Match]:
    rows = [Match(opportunity_id=opp_id, counterpart_id=s.doc.id, score=round(s.score, 4), reasons=s.reasons)
            for s in opp_results if s.score >= MIN_SCORE]
    rows += [Match(opportunity_id=opp_id, counterpart_enterprise_id=s.doc.id, score=round(s.score, 4),
                   reasons=s.reasons) for s in ent_results if s.score >= MIN_SCORE]
    return rows


def _replace_matches(opportunity_ids: list[int] | None, rows: list[Match]) -> None:
    """Write the engine's proposals (for the given posts, or all when None); the secretariat's
    curated matches stay, with their score refreshed."""
    scope = Match.objects.all() if opportunity_ids is None else Match.objects.filter(opportunity_id__in=opportunity_ids)
    curated = {(m.opportunity_id, m.counterpart_id, m.counterpart_enterprise_id): m
               for m in scope.filter(curated=True)}
    scope.filter(curated=False).delete()
    new = []
    for r in rows:
        c = curated.get((r.opportunity_id, r.counterpart_id, r.counterpart_enterprise_id))
        if c is not None:
            Match.objects.filter(pk=c.pk).update(score=r.score, reasons=[{"code": "curated"}, *r.reasons])
        else:
            new.append(r)
    Match.objects.bulk_create(new, batch_size=2000)


def matches_refresh(*, opportunity_id: int) -> int:
    """Rank counterparts for one opportunity and insert it into its counterparts' lists."""
    opps, ents = _sync()
    query = opps.docs.get(opportunity_id)
    if query is None:
        matches_drop(opportunity_id=opportunity_id)
        return 0
    today = timezone.localdate()
    excluded_opps, excluded_ents = _split(excluded_pairs([opportunity_id]).get(opportunity_id, set()))
    with _lock:  # the index is updated in place: no other thread may append while we read it
        opp_results = opps.rank(query, kinds=OPPOSITE[query.kind], top=TOP_OPPORTUNITIES, today=today,
                                exclude_ids=excluded_opps)
        ent_results = ents.rank(query, kinds=("enterprise",), top=TOP_ENTERPRISES, today=today,
                                exclude_ids=excluded_ents)
    with transaction.atomic():
        _replace_matches([opportunity_id], _match_rows(opportunity_id, opp_results, ent_results))
        _insert_reverse(opps, query, opp_results)
    return len(opp_results)


def _insert_reverse(opps: Corpus, query: Doc, results: list[Scored]) -> None:
    """The new post also appears in its counterparts' lists when it beats their weakest match.

    In bulk: one read of all those lists, one DELETE (displaced weakest rows and the post's own
    old rows), one INSERT; curated rows are only re-scored (rare, one UPDATE each)."""
    hits = [s for s in results if s.score >= MIN_SCORE]
    if not hits:
        return
    others = [s.doc.id for s in hits]
    lists: dict[int, list[tuple[int, float]]] = {}
    own_old: list[int] = []
    their = Match.objects.filter(opportunity_id__in=others, curated=False, counterpart__isnull=False)
    for opp_id, pk, score, cp in (their.order_by("opportunity_id", "-score", "pk")
                                  .values_list("opportunity_id", "pk", "score", "counterpart_id")):
        if cp == query.id:
            own_old.append(pk)  # replaced below (or dropped when it no longer makes the list)
        else:
            lists.setdefault(opp_id, []).append((pk, score))
    curated = dict(Match.objects.filter(opportunity_id__in=others, counterpart_id=query.id, curated=True)
                   .values_list("opportunity_id", "pk"))
    delete, create = list(own_old), []
    for s in hits:
        other = s.doc
        existing = lists.get(other.id, [])
        full = len(existing) >= TOP_OPPORTUNITIES
        if other.id not in curated and full and existing[-1][1] >= s.score:
            continue
        reverse = Scored(query, s.score, {**s.parts, "fresh": 1.0}, [])
        reasons = opps.reasons(other, reverse, *_common_markets(other, query))
        if other.id in curated:
            Match.objects.filter(pk=curated[other.id]).update(score=round(s.score, 4),
                                                              reasons=[{"code": "curated"}, *reasons])
            continue
        create.append(Match(opportunity_id=other.id, counterpart_id=query.id, score=round(s.score, 4),
                            reasons=reasons))
        if full:
            delete.append(existing[-1][0])
    if delete:
        Match.objects.filter(pk__in=delete).delete()
    if create:
        Match.objects.bulk_create(create)


def _common_markets(a: Doc, b: Doc) -> tuple[list[str], list[str]]:
    from shanglian.matching.engine import features

    _score, places, regions = features.market(a.markets, b.markets)
    return places, regions


def matches_drop(*, opportunity_id: int) -> None:
    """A post that is no longer public leaves every list (curated ones too: nobody can act on it)."""
    Match.objects.filter(Q(opportunity_id=opportunity_id) | Q(counterpart_id=opportunity_id)).delete()


def _json_text_param(connection) -> Callable[[str], object] | None:
    """The query parameter for a JSON column from text that is already JSON (the engine's rows):
    what ``JSONField.get_db_prep_save`` gives for the decoded value, without decoding and
    re-encoding it. None: the text itself (SQLite stores it as is); PostgreSQL's adapter sends
    it as jsonb."""
    if connection.vendor == "postgresql":
        from django.db.backends.postgresql.psycopg_any import Jsonb

        return lambda text: Jsonb(text, dumps=str)
    return None


def _write_rows(rows: list[tuple[int, int | None, int | None, float, str]]) -> None:
    """INSERT many engine proposals in one statement per 5,000 rows (no model instances: a full
    recompute writes ~500,000 rows). Row: (opportunity, counterpart, counterpart enterprise, score,
    reasons as JSON text)."""
    if not rows:
        return
    from django.db import connection

    meta = Match._meta
    now = meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
    adapt_json = _json_text_param(connection)
    quote = connection.ops.quote_name
    cols = ["opportunity_id", "counterpart_id", "counterpart_enterprise_id", "score", "reasons", "curated",
            "curated_note", "created_at"]
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in cols)}) "
           f"VALUES ({', '.join(['%s'] * len(cols))})")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            if adapt_json is None:
                params = [(o, c, e, score, reasons, False, "", now) for o, c, e, score, reasons in chunk]
            else:
                params = [(o, c, e, score, adapt_json(reasons), False, "", now) for o, c, e, score, reasons in chunk]
            cursor.executemany(sql, params)


def _replace_all_for(opportunity_ids: list[int], rows: list[tuple]) -> None:
    """``_replace_matches`` for a batch of a full recompute: one DELETE, one read of the (rare)
    curated rows, bulk INSERTs."""
    scope = Match.objects.filter(opportunity_id__in=opportunity_ids)
    curated = {(o, c, e): pk for pk, o, c, e in scope.filter(curated=True).values_list(
        "pk", "opportunity_id", "counterpart_id", "counterpart_enterprise_id")}
    scope.filter(curated=False).delete()
    if curated:
        keep = []
        for row in rows:
            pk = curated.get(row[:3])
            if pk is None:
                keep.append(row)
            else:
                Match.objects.filter(pk=pk).update(score=row[3], reasons=[{"code": "curated"}, *json.loads(row[4])])
        rows = keep
    _write_rows(rows)


def recompute_all(*, progress: Progress | None = None, batch: int = 256) -> dict[str, int]:
    """Everything from scratch: expire due posts, embed what is missing, rank all, rewrite matches."""
    from shanglian.matching.services import opportunity_expire_due

    expired = opportunity_expire_due()
    opps, ents = _sync(progress=progress)
    today = timezone.localdate()
    excluded = excluded_pairs()
    queries = list(opps.docs.values())
    opp_ex = {q.id: _split(excluded.get(q.id, set()))[0] for q in queries}
    ent_ex = {q.id: _split(excluded.get(q.id, set()))[1] for q in queries}
    to_ents = {"offer": ("enterprise",), "need": ("enterprise",)}
    # Rows straight from the engine's arrays: (counterpart id, rounded score, reasons as JSON text)
    # for the results at or above MIN_SCORE, as ``rank_many`` would give them as ``Scored``.
    ent_iter = iter(ents.rank_many(queries, kinds_for=to_ents, top=TOP_ENTERPRISES, today=today, exclude=ent_ex,
                                   batch=batch, rows_from=MIN_SCORE)) if len(ents) else None
    ranked = opps.rank_many(queries, kinds_for=OPPOSITE, top=TOP_OPPORTUNITIES, today=today,
                            exclude=opp_ex, batch=batch, rows_from=MIN_SCORE)
    # Posts no longer live lose their proposals; the others are rewritten batch by batch, each
    # batch in its own short transaction (the site keeps working during a long recompute, and
    # 500,000 Match objects are never in memory at once).
    Match.objects.filter(curated=False).exclude(opportunity__in=Opportunity.objects.filter(_live_opportunities())
                                                ).delete()
    written = 0
    ids: list[int] = []
    rows: list[tuple] = []
    for done, (q, results) in enumerate(ranked, start=1):
        qid = q.id
        rows += [(qid, cid, None, score, reasons) for cid, score, reasons in results]
        if ent_iter is not None:
            eq, ent_results = next(ent_iter)
            if eq.id != qid:  # both rankings walk the queries in the same order
                raise RuntimeError("rankings out of step")
            rows += [(qid, None, eid, score, reasons) for eid, score, reasons in ent_results]
        ids.append(qid)
        if len(ids) >= batch * 4 or done == len(queries):
            with transaction.atomic():
                _replace_all_for(ids, rows)
            written += len(rows)
            ids, rows = [], []
            if progress:
                progress("matches", done, len(queries))
    return {"opportunities": len(queries), "enterprises": len(ents), "matches": written, "expired": expired}
