"""Counterparts from other apps in an opportunity's match list (sharing listings, the customs hub's
partners …), scored by matching's own engine.

Another app registers a *source* once (in its ``AppConfig.ready``) through matching's public
services::

    from shanglian.matching.services import Counterpart, register_counterpart_source

    register_counterpart_source("sharing.listing", provider, label=_("共享資源"), answers=("need",))

``provider(opportunity=…, limit=…)`` returns up to ``limit`` candidate ``Counterpart`` rows for a
published opportunity (it picks them however it likes — sharing asks ``core.search``) and must
return only what the public may see. Matching then ranks them against the opportunity with the
same engine, weights and reason codes as its own proposals (text and sentence vectors, industry,
offer ↔ need fit, target markets), drops what scores below ``MIN_SCORE`` and shows the rest, best
first, with score and reasons in the reader's language. Nothing is stored: the list is computed
when the owner opens the post (candidates' vectors are cached per process by text), so a listing
that is withdrawn disappears at once and matching needs no model or migration for outside rows.

Matching imports no other app: the sources plug in here (import-linter checks it).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Counterpart:
    """One outside candidate, in the words the engine reads."""

    id: int
    title: str  # shown (already in the reader's language, or Chinese)
    url: str
    text: str  # what the engine reads: title, description, category words
    enterprise_id: int | None = None
    enterprise_name: str = ""
    subtype: str = "service"  # the matching subtype it behaves as (service, capacity, product …)
    kind: str = "offer"  # "offer" answers needs, "need" answers offers
    industry_id: int | None = None
    places: dict[str, str] = field(default_factory=dict)  # core Place code → Place.kind
    regions: tuple[str, ...] = ()  # matching Region codes (hk, macao, gba, mainland …)
    detail: str = ""  # one short line under the title (city, price …)
    category: str = ""


@dataclass
class ExternalMatch:
    """A scored outside counterpart, as the match list shows it."""

    source: str
    label: str
    counterpart: Counterpart
    score: float
    reasons: list[dict]
    reason_texts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Source:
    provider: Callable[..., list[Counterpart]]
    label: Any
    answers: tuple[str, ...]


_sources: dict[str, _Source] = {}
_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
_vec_lock = threading.Lock()
_VECTOR_CACHE = 5000


def register_counterpart_source(kind: str, provider: Callable[..., list[Counterpart]], *, label: Any,
                                answers: tuple[str, ...] = ("need",)) -> None:
    """Register (or replace) a source of outside counterparts. ``answers``: which opportunity kinds
    it answers ("need": shown in needs' match lists)."""
    _sources[kind] = _Source(provider, label, tuple(answers))


def counterpart_sources() -> list[str]:
    return sorted(_sources)


def _embed(texts: list[str]) -> list[np.ndarray]:
    from shanglian.matching.engine import get_embedder

    embedder = get_embedder()
    keys = [hashlib.sha1(f"{embedder.name}\n{t}".encode()).hexdigest() for t in texts]  # noqa: S324 - a cache key
    with _vec_lock:
        todo = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in _vectors]
    if todo:
        vecs = embedder.encode([t for _k, t in todo])
        with _vec_lock:
            for (k, _t), v in zip(todo, vecs, strict=True):
                _vectors[k] = v.astype(np.float32)
            while len(_vectors) > _VECTOR_CACHE:
                _vectors.popitem(last=False)
    with _vec_lock:
        return [_vectors[k] for k in keys]


def external_matches_for(opportunity: Any, *, limit: int = 10, language: str | None = None) -> list[ExternalMatch]:
    """Outside counterparts for a published opportunity, ranked by the engine (best first)."""
    from shanglian.matching.engine import Corpus, Doc
    from shanglian.matching.engine.weights import MIN_SCORE
    from shanglian.matching.ranking import _common_markets, _industry_parents, opportunity_doc
    from shanglian.matching.reasons import render_reasons

    if not _sources or not opportunity.is_public:
        return []
    candidates: list[tuple[str, _Source, Counterpart]] = []
    for kind, source in sorted(_sources.items()):
        if opportunity.kind not in source.answers:
            continue
        try:
            found = source.provider(opportunity=opportunity, limit=limit)
        except Exception:  # one broken source must not take the owner's page down
            logger.exception("counterpart source %s failed", kind)
            continue
        candidates.extend((kind, source, c) for c in found[:limit]
                          if c.enterprise_id is None or c.enterprise_id != opportunity.enterprise_id)
    if not candidates:
        return []
    parents = _industry_parents()
    query = opportunity_doc(opportunity, parents)
    if query.vector is None:
        query.vector = _embed([query.text])[0]
    vectors = _embed([c.text for _k, _s, c in candidates])
    # Candidate ids in the throw-away corpus: never the query's own id (the engine skips a
    # document equal to its query).
    offset = int(query.id) + 1
    docs = []
    for i, ((_kind, _source, c), vec) in enumerate(zip(candidates, vectors, strict=True)):
        docs.append(Doc(id=offset + i, kind=c.kind, subtype=c.subtype, enterprise_id=c.enterprise_id or 0,
                        text=c.text, industry=c.industry_id,
                        industry_parent=parents.get(c.industry_id) if c.industry_id else None,
                        category=c.category, places=dict(c.places), regions=tuple(c.regions), vector=vec))
    corpus = Corpus()
    corpus.add(docs)
    wanted = ("offer",) if opportunity.kind == "need" else ("need",)
    ranked = corpus.rank(query, kinds=wanted, top=limit, today=timezone.localdate())
    out: list[ExternalMatch] = []
    for s in ranked:
        if s.score < MIN_SCORE:
            continue
        kind, source, c = candidates[s.doc.id - offset]
        reasons = s.reasons or corpus.reasons(query, s, *_common_markets(query, s.doc))
        out.append(ExternalMatch(source=kind, label=str(source.label), counterpart=c, score=round(s.score, 4),
                                 reasons=reasons, reason_texts=render_reasons(reasons, language)))
    return out
