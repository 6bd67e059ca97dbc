"""The in-memory corpus and the hybrid ranker (pure Python + numpy/scipy, no Django).

First pass, vectorised over every candidate: BM25 over the text pipeline's tokens, cosine of
the stored embeddings, industry agreement. Second pass over a shortlist: category, offer↔need
complementarity, target markets, freshness, and the reasons shown to users.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from shanglian.matching.engine import features
from shanglian.matching.engine.index import K1, B, Index
from shanglian.matching.engine.weights import WEIGHTS
from shanglian.text import index_tokens

KIND_CODE = {"offer": 0, "need": 1, "enterprise": 2}
_CJK1 = re.compile(r"^[\u3400-\u9fff]$")


TITLE_WEIGHT = 2  # the title counts twice: it says what the post is about


def text_parts(title: str, description: str, category: str) -> list[str]:
    """What an opportunity's stored search tokens are made of (services.opportunity_reindex)."""
    return [title] * TITLE_WEIGHT + [description, category]


def lexical_tokens(text: str) -> list[str]:
    """The pipeline's tokens without single CJK characters (too common to say anything)."""
    return [t for t in index_tokens(text) if not _CJK1.match(t)]


@dataclass
class Doc:
    id: int
    kind: str  # "offer" | "need" | "enterprise"
    enterprise_id: int
    text: str
    subtype: str = ""
    industry: int | None = None
    industry_parent: int | None = None
    category: str = ""
    places: dict[str, str] = field(default_factory=dict)  # place code → Place.kind
    regions: tuple[str, ...] = ()
    published: datetime.date | None = None
    tokens: list[str] | None = None
    vector: np.ndarray | None = None
    # Derived on add().
    markets: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    category_tokens: set[str] = field(default_factory=set)
    counts: Counter | None = None
    term_ids: np.ndarray | None = None
    term_tfs: np.ndarray | None = None
    scalars: tuple[int, ...] = ()

    def prepare(self) -> None:
        if self.tokens is None:
            self.tokens = lexical_tokens(self.text)
        self.counts = Counter(self.tokens)
        self.markets = features.market_keys(self.places, self.regions)
        self.category_tokens = set(lexical_tokens(self.category)) if self.category else set()


@dataclass
class Scored:
    doc: Doc
    score: float
    parts: dict[str, float]
    reasons: list[dict]


class Corpus:
    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.docs: dict[int, Doc] = {}
        self._built: Index | None = None
        self._place_bit: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.docs)

    def add(self, docs: Iterable[Doc]) -> None:
        """Add new documents or replace edited ones. A built index is updated in place (the
        replaced row is retired, the new one appended) instead of being rebuilt."""
        vocab = self.vocab
        added = []
        for doc in docs:
            doc.prepare()
            counts = doc.counts or {}
            doc.term_ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in counts), dtype=np.int64,
                                       count=len(counts))
            doc.term_tfs = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            # Everything the ranker filters or scores on, as integers: a rebuild is one array.
            doc.scalars = (
                KIND_CODE.get(doc.kind, 3), doc.enterprise_id, doc.industry if doc.industry is not None else -1,
                doc.industry_parent if doc.industry_parent is not None else -1,
                features.SUBTYPE_INDEX.get(doc.subtype, 0), self._place_mask(doc.markets[0]),
                features.region_mask(doc.markets[1]), int(bool(doc.markets[0] or doc.markets[1])),
                doc.published.toordinal() if doc.published else -1,
            )
            self.docs[doc.id] = doc
            added.append(doc)
        index = self._built
        if index is None:
            return
        if any(d.vector is not None and d.vector.shape[0] != index.dim for d in added):
            self._built = None  # first vectors (or another model): rebuild once
            return
        for doc in added:
            index.kill(doc.id)
        index.append(added)
        self._maybe_compact()

    def remove(self, ids: Iterable[int]) -> None:
        for i in ids:
            self.docs.pop(i, None)
            if self._built is not None:
                self._built.kill(i)
        self._maybe_compact()

    def _maybe_compact(self) -> None:
        # Retired rows cost memory and mat-vec time; rebuild once they are a quarter of the rows.
        index = self._built
        if index is not None and index.dead > max(64, len(index.docs) // 4):
            self._built = None

    def built(self) -> Index:
        if self._built is None:
            self._built = self._build()
        return self._built

    def _build(self) -> Index:
        docs = list(self.docs.values())
        dim = next((d.vector.shape[0] for d in docs if d.vector is not None), 1)
        index = Index(dim)
        index.append(docs)
        return index

    def _place_mask(self, codes: frozenset[str]) -> int:
        mask = 0
        for code in codes:
            bit = self._place_bit.setdefault(code, min(len(self._place_bit), 62))  # int64-safe
            mask |= 1 << bit
        return mask

    # ---- ranking -------------------------------------------------------------------------
    def query_columns(self, query: Doc) -> np.ndarray:
        if query.counts is None:
            query.prepare()
        return np.array(sorted({self.vocab[t] for t in query.counts or () if t in self.vocab}), dtype=np.int64)

    def self_score(self, query: Doc) -> float:
        built = self.built()
        counts = query.counts or {}
        cols = [(self.vocab[t], tf) for t, tf in counts.items() if t in self.vocab]
        if not cols:
            return 1.0
        length = sum(counts.values())
        avg = max(built.avg_len, 1e-9)
        norm = K1 * (1 - B + B * length / avg)
        score = sum(built.idf_of(c) * tf * (K1 + 1) / (tf + norm) for c, tf in cols)
        return max(score, 1e-9)

    def rank(self, query: Doc, *, kinds: tuple[str, ...], top: int, today: datetime.date,
             exclude_ids: set[int] | None = None, weights: dict[str, float] | None = None) -> list[Scored]:
        built = self.built()
        if not built.live:
            return []
        lex = built.lexical(self.query_columns(query))
        dense = built.vectors @ query.vector if query.vector is not None else np.zeros(len(built.docs))
        return self._finish(query, lex, dense, kinds=kinds, top=top, today=today,
                            exclude_ids=exclude_ids or set(), weights=weights or WEIGHTS)

    def rank_many(self, queries: list[Doc], *, kinds_for: dict[str, tuple[str, ...]], top: int,
                  today: datetime.date, exclude: dict[int, set[int]] | None = None,
                  weights: dict[str, float] | None = None, batch: int = 256) -> Iterable[tuple[Doc, list[Scored]]]:
        """Rank many queries at once (full recompute): sparse and dense products per batch."""
        built = self.built()
        exclude = exclude or {}
        for start in range(0, len(queries), batch):
            chunk = queries[start:start + batch]
            rows, cols = [], []
            for i, q in enumerate(chunk):
                c = self.query_columns(q)
                c = c[c < built.weights.shape[1]]
                rows.extend([i] * len(c))
                cols.extend(c.tolist())
            qm = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                                   shape=(len(chunk), built.weights.shape[1]))
            lex_all = (qm @ built.weights.T).toarray()
            qv = np.vstack([q.vector if q.vector is not None else np.zeros(built.vectors.shape[1], np.float32)
                            for q in chunk])
            dense_all = qv @ built.vectors.T
            for i, q in enumerate(chunk):
                yield q, self._finish(q, lex_all[i], dense_all[i], kinds=kinds_for[q.kind], top=top, today=today,
                                      exclude_ids=exclude.get(q.id, set()), weights=weights or WEIGHTS)

    def _finish(self, query: Doc, lex: np.ndarray, dense: np.ndarray, *, kinds: tuple[str, ...], top: int,
                today: datetime.date, exclude_ids: set[int], weights: dict[str, float]) -> list[Scored]:
        """Every feature vectorised over all candidates; Python only for the few shown."""
        b = self.built()
        mask = np.isin(b.kind_code, [KIND_CODE[k] for k in kinds]) & (b.enterprise != query.enterprise_id)
        for i in exclude_ids | {query.id}:
            row = b.row_of.get(i)
            if row is not None:
                mask[row] = False
        if not mask.any():
            return []
        w = weights.get
        # Scale by the query's score against itself, so a weak best hit stays weak (scaling by
        # the best candidate made any stray shared word look like a perfect match).
        lex_n = np.clip(lex / self.self_score(query), 0.0, 1.0)
        dense_c = np.clip(dense, 0.0, 1.0)
        qi = query.industry if query.industry is not None else -2
        qp = query.industry_parent if query.industry_parent is not None else -2
        ind = np.where(b.industry == qi, 1.0,
                       np.where((b.industry == qp) | (b.parent == qi) | ((b.parent == qp) & (qp != -2)), 0.5, 0.0))
        comp = features.COMPLEMENT_MATRIX[features.SUBTYPE_INDEX.get(query.subtype, 0)][b.subtype]
        comp = np.where(b.kind_code == KIND_CODE["enterprise"], 0.0, comp)
        q_places = np.uint64(self._place_mask(query.markets[0]))
        q_regions = np.uint8(features.region_mask(query.markets[1]))
        q_has = bool(query.markets[0] or query.markets[1])
        market = np.where(~(b.has_market & q_has), 0.3,
                          np.where((b.place_bits & q_places) != 0, 1.0,
                                   np.where((b.region_bits & q_regions) != 0, 0.6, 0.0)))
        fresh = np.where(b.published >= 0, np.exp(-np.maximum(today.toordinal() - b.published, 0) / 90.0), 0.5)
        score = (w("lexical", 0) * lex_n + w("dense", 0) * dense_c + w("industry", 0) * ind
                 + w("complement", 0) * comp + w("market", 0) * market + w("fresh", 0) * fresh)
        score = np.where(mask, score, -np.inf)
        k = min(max(top * 2, top + 10), int(mask.sum()))
        best = np.argpartition(-score, k - 1)[:k] if k < len(score) else np.flatnonzero(mask)
        out: list[Scored] = []
        for i in best:
            if not np.isfinite(score[i]):
                continue
            doc = b.docs[i]
            cat = features.category_overlap(query.category_tokens, doc.category_tokens)
            parts = {"lexical": float(lex_n[i]), "dense": float(dense_c[i]), "industry": float(ind[i]),
                     "category": cat, "complement": float(comp[i]), "market": float(market[i]),
                     "fresh": float(fresh[i])}
            out.append(Scored(doc, float(score[i]) + w("category", 0) * cat, parts, []))
        out.sort(key=lambda s: (-s.score, s.doc.id))
        out = out[:top]
        for s in out:
            _m, places, regions = features.market(query.markets, s.doc.markets)
            s.reasons = self.reasons(query, s, places, regions)
        return out

    # ---- reasons ---------------------------------------------------------------------------
    def shared_words(self, query: Doc, doc: Doc, limit: int = 3) -> list[str]:
        from shanglian.text.tokenise import word_frequencies

        freq = word_frequencies()
        idf = self.built().idf
        common = [t for t in set(query.counts or ()) & set(doc.counts or ())
                  if (len(t) >= 2 and not t.isascii() and freq.get(t)) or (t.isascii() and len(t) >= 3 and t.isalpha())]
        common.sort(key=lambda t: (-idf[self.vocab[t]] if self.vocab.get(t, len(idf)) < len(idf) else 0, t))
        return common[:limit]

    def reasons(self, query: Doc, s: Scored, places: list[str], regions: list[str]) -> list[dict]:
        doc, parts = s.doc, s.parts
        out: list[dict] = []
        if parts["industry"] >= 1 and doc.industry is not None:
            out.append({"code": "industry", "id": doc.industry})
        elif parts["industry"] > 0:
            out.append({"code": "industry_related", "id": doc.industry_parent or doc.industry})
        if doc.kind != "enterprise" and parts["complement"] >= 0.7:
            out.append({"code": "complement", "subtype": doc.subtype,
                        "regions": sorted(doc.markets[1] & {"hk", "macao"})})
        if places:
            out.append({"code": "markets", "places": places[:5]})
        elif regions:
            out.append({"code": "regions", "regions": regions[:3]})
        words = self.shared_words(query, doc)
        if words and parts["lexical"] >= 0.05:
            out.append({"code": "words", "words": words})
        elif parts["dense"] >= 0.45:
            out.append({"code": "semantic"})
        if parts["category"] > 0 and doc.category:
            out.append({"code": "category", "text": doc.category[:40]})
        if doc.published is not None and parts["fresh"] > math.exp(-14 / 90):
            out.append({"code": "fresh"})
        return out
