"""The in-memory corpus and the hybrid ranker (pure Python + numpy/scipy, no Django).

First pass, vectorised over every candidate: BM25 over the text pipeline's tokens, cosine of
the stored embeddings, industry agreement. Second pass over a shortlist: category, offer↔need
complementarity, target markets, freshness, and the reasons shown to users.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from shanglian.matching.engine import features
from shanglian.matching.engine.index import K1, B, Index
from shanglian.matching.engine.weights import CALIBRATION, LEXICAL_FROM_DENSE, WEIGHTS
from shanglian.text import index_tokens

KIND_CODE = {"offer": 0, "need": 1, "enterprise": 2}
_CJK1 = re.compile(r"^[\u3400-\u9fff]$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# Language of a document for calibration: Chinese (either script), English, or both (an
# enterprise with a Chinese and an English name). Scores are calibrated per language pair.
LANG_CODE = {"zh": 0, "en": 1, "mixed": 2}


def doc_language(text: str, declared: str = "") -> str:
    """'zh', 'en' or 'mixed': the declared language (a post's ``language``) or from the text."""
    if declared:
        return "en" if declared.startswith("en") else "zh"
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    if cjk >= 2 and latin >= 2:
        return "mixed"
    return "zh" if cjk >= 2 else "en"


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
    language: str = ""  # a post's declared language (zh-hant / zh-hans / en); detected when empty
    # Derived on add().
    lang: str = ""
    reason_words: frozenset[str] | None = None
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
        self.reason_words = None
        self.markets = features.market_keys(self.places, self.regions)
        self.category_tokens = set(lexical_tokens(self.category)) if self.category else set()
        self.lang = doc_language(self.text, self.language)


@dataclass
class Scored:
    doc: Doc
    score: float
    parts: dict[str, float]
    reasons: list[dict]


def _calibration_table(qlang: str) -> np.ndarray:
    """Rows by candidate language code: dense mean, dense spread, lexical mean, lexical spread,
    cross-language (1/0) — for a query in ``qlang``; identity rows where nothing is calibrated."""
    ref = CALIBRATION["zh-zh"]
    rows = []
    for lang in LANG_CODE:  # in code order
        pair = ref if "mixed" in (qlang, lang) else CALIBRATION.get("-".join(sorted((qlang, lang))), ref)
        cross = qlang != lang and "mixed" not in (qlang, lang)
        rows.append((*pair["dense"], *pair.get("lexical", ref["lexical"]), float(cross)))
    return np.array(rows, dtype=np.float64)


_TABLES = {lang: _calibration_table(lang) for lang in LANG_CODE}


def calibrate(qlang: str, cand_lang: np.ndarray, dense: np.ndarray, lexical: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """(dense, lexical) of every candidate on the Chinese–Chinese scale (see weights.CALIBRATION)."""
    t = _TABLES.get(qlang, _TABLES["zh"])[cand_lang]
    ref = CALIBRATION["zh-zh"]
    (rd_mu, rd_sd), (rl_mu, rl_sd) = ref["dense"], ref["lexical"]
    z_dense = (dense - t[:, 0]) / t[:, 1]
    dense_c = rd_mu + rd_sd * z_dense
    lex_same = rl_mu + rl_sd * (lexical - t[:, 2]) / t[:, 3]
    lex_cross = rl_mu + LEXICAL_FROM_DENSE * rl_sd * z_dense
    lex_c = np.where(t[:, 4] > 0, lex_cross, lex_same)
    return np.clip(dense_c, 0.0, 1.0), np.clip(lex_c, 0.0, 1.0)


def _reason_words(doc: Doc) -> frozenset[str]:
    """A document's tokens that can be shown as shared keywords (dictionary words of 2+ characters,
    Latin words of 3+ letters), computed once per document."""
    words = doc.reason_words
    if words is None:
        from shanglian.text.tokenise import word_frequencies

        freq = word_frequencies()
        words = doc.reason_words = frozenset(
            t for t in (doc.counts or ())
            if (len(t) >= 2 and not t.isascii() and freq.get(t)) or (t.isascii() and len(t) >= 3 and t.isalpha()))
    return words


_FRESH_REASON = math.exp(-14 / 90)  # "fresh" reason: published within two weeks
# Market score by code: 0 none in common, 1 a region, 2–3 a place; 4–7 the candidate has no markets.
_MARKET_SCORE = np.array([0.0, 0.6, 1.0, 1.0, 0.3, 0.3, 0.3, 0.3])


def _market_fragment(a: tuple[frozenset[str], frozenset[str]], b: tuple[frozenset[str], frozenset[str]]) -> str:
    """The JSON of the markets / regions reason of ``Corpus.reasons`` ('' when there is none)."""
    _score, places, regions = features.market(a, b)
    if places:
        return json.dumps({"code": "markets", "places": places[:5]})
    if regions:
        return json.dumps({"code": "regions", "regions": regions[:3]})
    return ""


@lru_cache(maxsize=8)
def _coefficients(qlang: str) -> np.ndarray:
    """calibrate() as coefficients per candidate language code: dense_c = a + b·dense,
    lex_c = c0 + c1·lex + c2·dense."""
    t = _TABLES.get(qlang, _TABLES["zh"])
    ref = CALIBRATION["zh-zh"]
    (rd_mu, rd_sd), (rl_mu, rl_sd) = ref["dense"], ref["lexical"]
    out = np.zeros((len(t), 5))
    for code, (d_mu, d_sd, l_mu, l_sd, cross) in enumerate(t):
        out[code, 0], out[code, 1] = rd_mu - rd_sd * d_mu / d_sd, rd_sd / d_sd
        if cross:
            slope = LEXICAL_FROM_DENSE * rl_sd / d_sd
            out[code, 2], out[code, 4] = rl_mu - slope * d_mu, slope
        else:
            out[code, 2], out[code, 3] = rl_mu - rl_sd * l_mu / l_sd, rl_sd / l_sd
    return out


def coefficients_for(qlang: str, cand_code: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per candidate (a, b, c0, c1, c2) for a query in ``qlang`` (computed once per index)."""
    coef = _coefficients(qlang)
    return tuple(coef[:, j][cand_code] for j in range(5))


def calibrate_coded(coef: tuple[np.ndarray, ...], dense: np.ndarray, lexical: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """``calibrate`` with the coefficients of ``coefficients_for``: six array operations."""
    a, b, c0, c1, c2 = coef
    return np.clip(a + b * dense, 0.0, 1.0), np.clip(c0 + c1 * lexical + c2 * dense, 0.0, 1.0)


class Corpus:
    calibrated = True  # scores on one scale across language pairs (False: raw, for calibrating)

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
                doc.published.toordinal() if doc.published else -1, LANG_CODE[doc.lang],
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
    def _query_terms(self, query: Doc) -> tuple[np.ndarray, np.ndarray]:
        """The query's terms known to this corpus, in the order of ``query.counts``: (term ids,
        term frequencies as float64). A document of this corpus reuses the ids it got on ``add``."""
        if query.counts is None:
            query.prepare()
        counts = query.counts or {}
        if query.term_ids is not None and self.docs.get(query.id) is query:
            return query.term_ids, query.term_tfs.astype(np.float64)
        vocab = self.vocab
        pairs = [(c, tf) for t, tf in counts.items() if (c := vocab.get(t)) is not None]
        if not pairs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        cols, tfs = zip(*pairs, strict=True)
        return np.array(cols, dtype=np.int64), np.array(tfs, dtype=np.float64)

    def query_columns(self, query: Doc) -> np.ndarray:
        return np.unique(self._query_terms(query)[0])

    def self_score(self, query: Doc, terms: tuple[np.ndarray, np.ndarray] | None = None) -> float:
        """BM25 of the query against itself (the lexical scale): ``terms`` from ``_query_terms``."""
        built = self.built()
        cols, tf = terms if terms is not None else self._query_terms(query)
        if not len(cols):
            return 1.0
        length = sum((query.counts or {}).values())
        avg = max(built.avg_len, 1e-9)
        norm = K1 * (1 - B + B * length / avg)
        idf = built.idf
        inside = cols < len(idf)
        if inside.all():
            idf_q = idf[cols].astype(np.float64)
        else:  # terms past the index's statistics (not appended yet): idf_of's default
            idf_q = np.array([built.idf_of(int(c)) for c in cols], dtype=np.float64)
        # Summed left to right in Python floats, term by term as before (same value to the bit).
        score = sum((idf_q * tf * (K1 + 1) / (tf + norm)).tolist())
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
                  weights: dict[str, float] | None = None, batch: int = 256,
                  rows_from: float | None = None) -> Iterable[tuple[Doc, list]]:
        """Rank many queries at once (full recompute), with the same results as ``rank`` for each.

        Queries are taken by kind (offers, then needs, …) and within a kind by language (one
        calibration per batch): results come in that order. Each kind is scored only against the
        candidates of the kinds it wants (``kinds_for``; a need never computes a cosine with
        another need): their vectors, BM25 rows and per-candidate arrays are gathered once per
        kind. Per batch: BM25 is one pass over those CSR rows against a dense 0/1 query matrix,
        the cosines one matrix product, the text + industry score of every (query, candidate) one
        array expression, and the shortlist and top-k one partition / ``nonzero`` / ``lexsort``
        for the whole batch (``_select_batch``); Python only for the results kept.

        With ``rows_from`` (a minimum score: the full recompute), each query's results are not
        ``Scored`` objects but rows ``(counterpart id, score rounded to 4 places, reasons as JSON
        text)`` for the results scoring at least ``rows_from``, in the same order, the reasons'
        text exactly ``json.dumps`` of ``Scored.reasons`` (``_batch_rows``: no parts dicts, no
        reason dicts; shared words by integer rank per index)."""
        built = self.built()
        exclude = exclude or {}
        weights = weights or WEIGHTS
        if not built.live:
            for q in queries:
                yield q, []
            return
        for q in queries:
            if q.counts is None or not q.lang:
                q.prepare()
        by_kind: dict[str, list[Doc]] = {}
        for q in sorted(queries, key=lambda q: (KIND_CODE.get(q.kind, 3), LANG_CODE.get(q.lang, 0))):
            by_kind.setdefault(q.kind, []).append(q)
        n_terms = built.weights.shape[1]
        dim = built.vectors.shape[1]
        ctx = self._static(today)
        w = weights.get
        qm_buf: np.ndarray | None = None
        for kind, group in by_kind.items():
            view = self._kind_view(ctx, kinds_for[kind])
            if not len(view["rows"]):
                for q in group:
                    yield q, []
                continue
            for start in range(0, len(group), batch):
                chunk = group[start:start + batch]
                by_lang: dict[str, list[int]] = {}
                for i, q in enumerate(chunk):
                    by_lang.setdefault(q.lang, []).append(i)
                # The batch's query terms as a dense 0/1 matrix: W (rows × terms, CSR) @ Q.T is one
                # pass over W's non-zeros (a sparse × sparse product with a dense result was slow).
                if qm_buf is None or qm_buf.shape[0] < len(chunk):
                    qm_buf = np.zeros((len(chunk), n_terms), dtype=np.float32)  # reused: set, used, reset
                qm = qm_buf[:len(chunk)]
                terms = [self._query_terms(q) for q in chunk]
                cols = [np.unique(t[0]) for t in terms]
                for i, c in enumerate(cols):
                    qm[i, c[c < n_terms]] = 1.0
                lex_all = np.ascontiguousarray((view["weights"] @ qm.T).T)
                for i, c in enumerate(cols):
                    qm[i, c[c < n_terms]] = 0.0
                qv = np.vstack([q.vector if q.vector is not None else np.zeros(dim, np.float32) for q in chunk])
                dense_all = (qv @ view["vectors"].T).astype(np.float32, copy=False)
                scale = np.array([1.0 / self.self_score(q, t) for q, t in zip(chunk, terms, strict=True)],
                                 dtype=np.float32)[:, None]
                lex_all *= scale
                np.minimum(lex_all, 1.0, out=lex_all)
                if self.calibrated:
                    dense_c = np.empty_like(dense_all)
                    for lang, rows in by_lang.items():
                        sub = slice(rows[0], rows[-1] + 1) if rows == list(range(rows[0], rows[-1] + 1)) else rows
                        d, lx = calibrate_coded(self._view_coef(ctx, view, lang), dense_all[sub], lex_all[sub])
                        dense_c[sub], lex_all[sub] = d, lx
                else:
                    dense_c = np.clip(dense_all, 0.0, 1.0)
                    np.maximum(lex_all, 0.0, out=lex_all)
                del dense_all
                tables = np.vstack([self._ind_table(ctx, q) for q in chunk])
                base = np.float32(w("lexical", 0)) * lex_all
                base += np.float32(w("dense", 0)) * dense_c
                base += (tables * w("industry", 0)).astype(np.float32)[:, view["ind_code"]]
                sel = self._select_batch(chunk, base, lex_all, dense_c, tables, ctx=ctx, view=view, top=top,
                                         exclude=exclude, weights=weights)
                if rows_from is None:
                    out = self._finish_batch(chunk, sel, top=top)
                else:
                    out = self._batch_rows(chunk, sel, ctx=ctx, top=top, min_score=rows_from)
                yield from zip(chunk, out, strict=True)

    def _kind_view(self, ctx: dict, kinds: tuple[str, ...]) -> dict:
        """The candidates of ``kinds`` (live rows only) as their own arrays, once per index and day:
        row numbers, vectors, BM25 rows, industry codes, and each row's column (−1: not one)."""
        view = ctx["views"].get(kinds)
        if view is None:
            b = self.built()
            rows = np.flatnonzero(np.isin(b.kind_code, [KIND_CODE[k] for k in kinds]))
            col_of = np.full(len(b.docs), -1, dtype=np.int64)
            col_of[rows] = np.arange(len(rows))
            view = ctx["views"][kinds] = {
                "rows": rows, "col_of": col_of, "vectors": np.ascontiguousarray(b.vectors[rows]),
                "weights": b.weights[rows], "ind_code": ctx["ind_code"][rows], "coef": {}}
        return view

    def _view_coef(self, ctx: dict, view: dict, lang: str) -> tuple[np.ndarray, ...]:
        coef = view["coef"].get(lang)
        if coef is None:
            coef = view["coef"][lang] = tuple(c[view["rows"]] for c in self._coef(ctx, lang))
        return coef

    def _select_batch(self, chunk: list[Doc], base: np.ndarray, lex_n: np.ndarray, dense_c: np.ndarray,
                      tables: np.ndarray, *, ctx: dict, view: dict, top: int, exclude: dict[int, set[int]],
                      weights: dict[str, float]) -> dict | None:
        """``_finish`` for a batch of queries of one kind at once (columns: the view's candidates):
        the same candidates, scores and order, with the shortlist, the structured features and the
        top-k selection done as array operations over the whole batch (one partition, one
        ``nonzero``, one ``lexsort``) instead of per query. Returns the kept (query, candidate)
        pairs as arrays, ordered by query, then best first (ties by id) before the category bonus;
        None when no query has candidates."""
        b = self.built()
        w = weights.get
        n = base.shape[1]
        col_of = view["col_of"]
        ks = np.zeros(len(chunk), dtype=np.int64)
        mask_q: list[np.ndarray] = []
        mask_c: list[np.ndarray] = []
        for i, q in enumerate(chunk):
            ks[i] = min(max(top * 2, top + 10) if q.category_tokens else top, n)
            skip = [r for x in ((exclude.get(q.id) or set()) | {q.id}) if (r := b.row_of.get(x)) is not None]
            own = ctx["ent_rows"].get(q.enterprise_id)
            rows = own if not skip else np.array(skip, dtype=np.int64) if own is None else np.concatenate([own, skip])
            if rows is not None:
                c = col_of[rows]
                c = c[c >= 0]
                if len(c):
                    mask_c.append(c)
                    mask_q.append(np.full(len(c), i, dtype=np.int64))
        if mask_c:
            base[np.concatenate(mask_q), np.concatenate(mask_c)] = -np.inf  # own enterprise, excluded
        live = np.flatnonzero(ks)
        if not len(live):
            return None
        # k-th best per query (a partition at each distinct k), then the shortlist: everything within
        # the structured features' total weight of it (all finite rows when fewer than k).
        positions = sorted({n - int(k) for k in ks[live]})
        part = np.partition(base[live], positions, axis=1)
        kth = part[np.arange(len(live)), n - ks[live]]
        del part
        bonus = w("complement", 0) + w("market", 0) + w("fresh", 0)
        finite = np.isfinite(kth)
        thr = np.where(finite, kth - np.float32(bonus) - np.float32(1e-6), -np.inf).astype(np.float32)
        mask = base[live] >= thr[:, None]
        if not finite.all():
            mask[~finite] &= np.isfinite(base[live[~finite]])
        li, ci = np.nonzero(mask)
        del mask
        qi = live[li]
        ri = view["rows"][ci]  # index rows of the shortlisted columns
        # Structured features of the shortlist, as in ``_finish``.
        q_sub = np.array([features.SUBTYPE_INDEX.get(q.subtype, 0) for q in chunk], dtype=np.intp)
        comp = ctx["comp_matrix"][q_sub[qi], ctx["subtype"][ri]]
        q_has = np.array([bool(q.markets[0] or q.markets[1]) for q in chunk])
        q_places = np.array([self._place_mask(q.markets[0]) for q in chunk], dtype=np.uint64)
        q_regions = np.array([features.region_mask(q.markets[1]) for q in chunk], dtype=np.uint8)
        has = b.has_market[ri]
        code = ((((b.place_bits[ri] & q_places[qi]) != 0) * 2 + ((b.region_bits[ri] & q_regions[qi]) != 0)) * has
                * q_has[qi])
        market = np.where(q_has[qi], _MARKET_SCORE[code + (~has) * 4], 0.3)
        fresh = ctx["fresh"][ri]
        score = (base[qi, ci].astype(np.float64) + w("complement", 0) * comp + w("market", 0) * market
                 + w("fresh", 0) * fresh)
        # Best first per query (ties by document id), the first k of each.
        ids = ctx.get("ids")
        if ids is None:
            ids = ctx["ids"] = np.fromiter((d.id for d in b.docs), dtype=np.int64, count=len(b.docs))
        order = np.lexsort((ids[ri], -score, qi))
        qi_o = qi[order]
        starts = np.searchsorted(qi_o, np.arange(len(chunk)))
        keep = order[(np.arange(len(order)) - starts[qi_o]) < ks[qi_o]]
        qk, ck, rk = qi[keep], ci[keep], ri[keep]
        return {"live": live, "q": qk, "r": rk, "score": score[keep], "lex": lex_n[qk, ck], "dense": dense_c[qk, ck],
                "ind": tables[qk, ctx["ind_code"][rk]], "comp": comp[keep], "market": market[keep],
                "fresh": fresh[keep], "code": code[keep], "w_cat": w("category", 0)}

    def _finish_batch(self, chunk: list[Doc], sel: dict | None, *, top: int) -> list[list[Scored]]:
        """``Scored`` results (parts, reasons) from ``_select_batch``'s arrays."""
        if sel is None:
            return [[] for _ in chunk]
        out: list[list[tuple[Scored, int]]] = [[] for _ in chunk]
        cols = zip(sel["q"].tolist(), sel["r"].tolist(), sel["score"].tolist(), sel["lex"].tolist(),
                   sel["dense"].tolist(), sel["ind"].tolist(), sel["comp"].tolist(), sel["market"].tolist(),
                   sel["fresh"].tolist(), sel["code"].tolist(), strict=True)
        w_cat = sel["w_cat"]
        docs = self.built().docs
        live = sel["live"]
        for i, r, sc, lx, dn, ind, cm, mk, fr, mcode in cols:
            q, doc = chunk[i], docs[r]
            cat = features.category_overlap(q.category_tokens, doc.category_tokens)
            parts = {"lexical": lx, "dense": dn, "industry": ind, "category": cat, "complement": cm,
                     "market": mk, "fresh": fr}
            out[i].append((Scored(doc, sc + w_cat * cat, parts, []), mcode))
        final: list[list[Scored]] = [[] for _ in chunk]
        for i in live.tolist():
            q, results = chunk[i], out[i]
            if q.category_tokens:
                results.sort(key=lambda r: (-r[0].score, r[0].doc.id))
                del results[top:]
            for s, mcode in results:
                # Market code 0: nothing in common, or no markets on one side (features.market
                # would give no places and no regions).
                places, regions = features.market(q.markets, s.doc.markets)[1:] if mcode else ([], [])
                s.reasons = self.reasons(q, s, places, regions)
                final[i].append(s)
        return final

    def _batch_rows(self, chunk: list[Doc], sel: dict | None, *, ctx: dict, top: int,
                    min_score: float) -> list[list[tuple[int, float, str]]]:
        """What ``_finish_batch`` + ``reasons`` give, as rows for the database: per query
        ``(counterpart id, round(score, 4), json.dumps(reasons))`` for the results scoring at least
        ``min_score``, in the same order. The reasons' conditions are array comparisons on the same
        values (float32 parts compared as float64, as ``reasons`` compares Python floats); their
        JSON pieces are cached per candidate row; shared words are integer ranks per index
        (rarest first, then alphabetical: ``shared_words``' order) intersected as small sets."""
        out: list[list[tuple[int, float, str]]] = [[] for _ in chunk]
        if sel is None:
            return out
        b = self.built()
        qk, rk, score = sel["q"], sel["r"], sel["score"]
        # Category bonus (only queries with categories can have one), then best first per query with
        # ties by id, the first ``top`` (for queries without categories this is the order already).
        cat = np.zeros(len(qk))
        with_cat = np.array([bool(q.category_tokens) for q in chunk])
        pick = np.flatnonzero(with_cat[qk])
        if len(pick):
            docs = b.docs
            cat[pick] = [features.category_overlap(chunk[i].category_tokens, docs[r].category_tokens)
                         for i, r in zip(qk[pick].tolist(), rk[pick].tolist(), strict=True)]
            score = score + sel["w_cat"] * cat
            order = np.lexsort((ctx["ids"][rk], -score, qk))
            q_o = qk[order]
            starts = np.searchsorted(q_o, np.arange(len(chunk)))
            order = order[(np.arange(len(order)) - starts[q_o]) < top]
        else:
            order = np.arange(len(qk))
        order = order[score[order] >= min_score]
        if not len(order):
            return out
        qk, rk, score, cat = qk[order], rk[order], score[order], cat[order]
        rs = self._reason_statics(ctx)
        ind = sel["ind"][order]
        f_ind = (ind >= 1) & rs["has_industry"][rk]
        flags = (f_ind * 1 + (~f_ind & (ind > 0)) * 2
                 + (rs["not_enterprise"][rk] & (sel["comp"][order] >= 0.7)) * 4
                 + (sel["code"][order] != 0) * 8
                 + (sel["lex"][order].astype(np.float64) >= 0.05) * 16
                 + (sel["dense"][order].astype(np.float64) >= 0.45) * 32
                 + ((cat > 0) & rs["has_category"][rk]) * 64
                 + rs["fresh_reason"][rk] * 128)
        word_rank, word_json, row_words, frags, market_json = (
            rs["word_rank"], rs["word_json"], rs["row_words"], rs["frags"], rs["markets"])
        q_words: dict[int, set[int]] = {}
        ids, docs = ctx["ids"], b.docs
        for i, r, fl, sc in zip(qk.tolist(), rk.tolist(), flags.tolist(), score.tolist(), strict=True):
            q = chunk[i]
            f = frags.get(r)
            if f is None:
                f = frags[r] = self._row_fragments(docs[r])
            parts = []
            if fl & 1:
                parts.append(f[0])
            elif fl & 2:
                parts.append(f[1])
            if fl & 4:
                parts.append(f[2])
            if fl & 8:
                doc = docs[r]
                key = (q.markets, doc.markets)
                m = market_json.get(key)
                if m is None:
                    m = market_json[key] = _market_fragment(q.markets, doc.markets)
                if m:
                    parts.append(m)
            words = None
            if fl & 16:
                qw = q_words.get(i)
                if qw is None:
                    qw = q_words[i] = self._query_word_ranks(q, word_rank)
                dw = row_words.get(r)
                if dw is None:
                    dw = row_words[r] = frozenset(x for x in word_rank[docs[r].term_ids].tolist() if x >= 0)
                common = qw & dw
                if common:
                    words = ", ".join(word_json[x] for x in sorted(common)[:3])
                    parts.append(f'{{"code": "words", "words": [{words}]}}')
            if not words and fl & 32:
                parts.append('{"code": "semantic"}')
            if fl & 64:
                parts.append(f[3])
            if fl & 128:
                parts.append('{"code": "fresh"}')
            out[i].append((int(ids[r]), round(sc, 4), f"[{', '.join(parts)}]"))
        return out

    def _query_word_ranks(self, query: Doc, word_rank: np.ndarray) -> set[int]:
        """The word ranks (``_reason_statics``) of a query's shareable words known to this corpus."""
        cols = self._query_terms(query)[0]
        cols = cols[cols < len(word_rank)]
        return {x for x in word_rank[cols].tolist() if x >= 0}

    @staticmethod
    def _row_fragments(doc: Doc) -> tuple[str, str, str, str]:
        """JSON of a candidate's own reasons: industry, related industry, complement, category."""
        return (json.dumps({"code": "industry", "id": doc.industry}),
                json.dumps({"code": "industry_related", "id": doc.industry_parent or doc.industry}),
                json.dumps({"code": "complement", "subtype": doc.subtype,
                            "regions": sorted(doc.markets[1] & {"hk", "macao"})}),
                json.dumps({"code": "category", "text": doc.category[:40]}))

    def _reason_statics(self, ctx: dict) -> dict:
        """Per index (and day): per-row flags for reasons, and every shareable word's rank — the
        vocabulary's words that ``_reason_words`` keeps, ordered as ``shared_words`` orders them
        (rarest first by the index's idf, then alphabetically); −1 for the others."""
        rs = ctx.get("reason_statics")
        if rs is not None:
            return rs
        from shanglian.text.tokenise import word_frequencies

        b = self.built()
        freq = word_frequencies()
        idf = b.idf
        words = list(self.vocab)  # in id order (ids are given in insertion order)
        ok = [i for i, t in enumerate(words)
              if (len(t) >= 2 and not t.isascii() and freq.get(t)) or (t.isascii() and len(t) >= 3 and t.isalpha())]
        ok.sort(key=lambda i: (-float(idf[i]) if i < len(idf) else 0.0, words[i]))
        word_rank = np.full(len(words), -1, dtype=np.int64)
        word_rank[ok] = np.arange(len(ok))
        if "ids" not in ctx:
            ctx["ids"] = np.fromiter((d.id for d in b.docs), dtype=np.int64, count=len(b.docs))
        rs = ctx["reason_statics"] = {
            "word_rank": word_rank, "word_json": [json.dumps(words[i]) for i in ok],
            "has_industry": b.industry >= 0, "not_enterprise": b.kind_code != KIND_CODE["enterprise"],
            "has_category": np.fromiter((bool(d.category) for d in b.docs), dtype=bool, count=len(b.docs)),
            "fresh_reason": (b.published >= 0) & (ctx["fresh"] > _FRESH_REASON),
            "row_words": {}, "frags": {}, "markets": {}}
        return rs

    def _allowed(self, ctx: dict, kinds: tuple[str, ...]) -> tuple[np.ndarray, int]:
        """(0 / −inf per candidate of the wanted kinds, how many are wanted)."""
        allowed = ctx["kinds"].get(kinds)
        if allowed is None:
            b = self.built()
            ok = np.isin(b.kind_code, [KIND_CODE[k] for k in kinds])
            allowed = ctx["kinds"][kinds] = (np.where(ok, 0.0, -np.inf).astype(np.float32), int(ok.sum()))
        return allowed

    def _coef(self, ctx: dict, lang: str) -> tuple[np.ndarray, ...]:
        coef = ctx["coef"].get(lang)
        if coef is None:
            coef = ctx["coef"][lang] = tuple(c.astype(np.float32) for c in coefficients_for(lang, ctx["lang"]))
        return coef

    @staticmethod
    def _ind_table(ctx: dict, query: Doc) -> np.ndarray:
        """Industry score per (industry, parent) code of the candidates: same 1, related 0.5."""
        qi = query.industry if query.industry is not None else -2
        qp = query.industry_parent if query.industry_parent is not None else -2
        ind_i, ind_p = ctx["ind_pairs"][:, 0], ctx["ind_pairs"][:, 1]
        return np.where(ind_i == qi, 1.0,
                        np.where((ind_i == qp) | (ind_p == qi) | ((ind_p == qp) & (qp != -2)), 0.5, 0.0))

    def _static(self, today: datetime.date) -> dict:
        """Per-candidate arrays that do not depend on the query, computed once per index and day."""
        b = self.built()
        ctx = b.cache.get(("static", today))
        if ctx is None:
            pairs = np.stack([b.industry, b.parent], axis=1)
            ind_pairs, ind_code = np.unique(pairs, axis=0, return_inverse=True)
            # Enterprises get a subtype column of zeros: no offer ↔ need complement.
            comp_matrix = np.hstack([features.COMPLEMENT_MATRIX, np.zeros((len(features.SUBTYPES), 1))])
            subtype = np.where(b.kind_code == KIND_CODE["enterprise"], len(features.SUBTYPES), b.subtype)
            fresh = np.where(b.published >= 0, np.exp(-np.maximum(today.toordinal() - b.published, 0) / 90.0), 0.5)
            order = np.argsort(b.enterprise, kind="stable")
            ents, starts = np.unique(b.enterprise[order], return_index=True)
            ctx = {"ind_pairs": ind_pairs, "ind_code": ind_code.ravel(), "comp_matrix": comp_matrix,
                   "subtype": subtype, "fresh": fresh, "lang": b.lang.astype(np.intp), "kinds": {}, "coef": {},
                   "views": {}, "ent_rows": dict(zip(ents.tolist(), np.split(order, starts[1:]), strict=True))}
            b.cache.clear()
            b.cache[("static", today)] = ctx
        return ctx

    def _finish(self, query: Doc, lex: np.ndarray, dense: np.ndarray, *, kinds: tuple[str, ...],
                top: int, today: datetime.date, exclude_ids: set[int], weights: dict[str, float]) -> list[Scored]:
        """One query (``rank``; ``_finish_batch`` is the same for a batch): text and industry
        vectorised over all candidates (float32, table look-ups); the small structured features (complement,
        markets, freshness: at most their weights' sum) only for the candidates that could still
        reach the top; Python only for the few shown."""
        b = self.built()
        ctx = self._static(today)
        bias, n_allowed = self._allowed(ctx, kinds)
        if not n_allowed:
            return []
        w = weights.get
        # Scale by the query's score against itself, so a weak best hit stays weak (scaling by
        # the best candidate made any stray shared word look like a perfect match).
        lex_n = np.minimum(np.asarray(lex, dtype=np.float32) * np.float32(1.0 / self.self_score(query)), 1.0)
        dense = np.asarray(dense, dtype=np.float32)
        if self.calibrated:
            if query.counts is None or not query.lang:
                query.prepare()
            dense_c, lex_n = calibrate_coded(self._coef(ctx, query.lang), dense, lex_n)
        else:
            dense_c = np.clip(dense, 0.0, 1.0)
            lex_n = np.maximum(lex_n, 0.0)
        ind_table = self._ind_table(ctx, query)
        base = np.float32(w("lexical", 0)) * lex_n
        base += np.float32(w("dense", 0)) * dense_c
        base += (ind_table * w("industry", 0)).astype(np.float32)[ctx["ind_code"]]
        base += bias
        own = ctx["ent_rows"].get(query.enterprise_id)
        if own is not None:
            base[own] = -np.inf  # never the query's own enterprise
        rows = [r for x in exclude_ids | {query.id} if (r := b.row_of.get(x)) is not None]
        if rows:
            base[rows] = -np.inf
        # The category bonus is added to a shortlist only: a wider one when the query has categories.
        k = min(max(top * 2, top + 10) if query.category_tokens else top, n_allowed, len(base))
        kth = np.partition(base, len(base) - k)[len(base) - k]
        if not np.isfinite(kth):
            cand = np.flatnonzero(np.isfinite(base))
        else:
            bonus = w("complement", 0) + w("market", 0) + w("fresh", 0)
            cand = np.flatnonzero(base >= kth - np.float32(bonus) - np.float32(1e-6))
        if not len(cand):
            return []
        comp = ctx["comp_matrix"][features.SUBTYPE_INDEX.get(query.subtype, 0)][ctx["subtype"][cand]]
        if query.markets[0] or query.markets[1]:
            q_places = np.uint64(self._place_mask(query.markets[0]))
            q_regions = np.uint8(features.region_mask(query.markets[1]))
            has = b.has_market[cand]
            code = (((b.place_bits[cand] & q_places) != 0) * 2 + ((b.region_bits[cand] & q_regions) != 0)) * has
            market = _MARKET_SCORE[code + (~has) * 4]
        else:
            market = np.full(len(cand), 0.3)  # unknown markets on the query side are neutral
        fresh = ctx["fresh"][cand]
        score = (base[cand].astype(np.float64) + w("complement", 0) * comp + w("market", 0) * market
                 + w("fresh", 0) * fresh)
        pick = np.argpartition(-score, k - 1)[:k] if k < len(score) else np.arange(len(score))
        out: list[Scored] = []
        ind_w = ind_table[ctx["ind_code"][cand[pick]]]
        for j, ind_j in zip(pick, ind_w, strict=True):
            i = cand[j]
            doc = b.docs[i]
            cat = features.category_overlap(query.category_tokens, doc.category_tokens)
            parts = {"lexical": float(lex_n[i]), "dense": float(dense_c[i]), "industry": float(ind_j),
                     "category": cat, "complement": float(comp[j]), "market": float(market[j]),
                     "fresh": float(fresh[j])}
            out.append(Scored(doc, float(score[j]) + w("category", 0) * cat, parts, []))
        out.sort(key=lambda s: (-s.score, s.doc.id))
        out = out[:top]
        for s in out:
            _m, places, regions = features.market(query.markets, s.doc.markets)
            s.reasons = self.reasons(query, s, places, regions)
        return out

    # ---- reasons ---------------------------------------------------------------------------
    def shared_words(self, query: Doc, doc: Doc, limit: int = 3) -> list[str]:
        common = _reason_words(query) & _reason_words(doc)
        if not common:
            return []
        built = self.built()
        keys = built.cache.get("word_keys")
        if keys is None:
            keys = built.cache["word_keys"] = {}
        new = common.difference(keys)
        if new:
            idf = built.idf
            for t in new:  # rarest first, then alphabetical; once per term and index
                col = self.vocab.get(t, len(idf))
                keys[t] = (-float(idf[col]) if col < len(idf) else 0.0, t)
        if len(common) == 1:
            return list(common)
        return sorted(common, key=keys.__getitem__)[:limit]

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
        words = self.shared_words(query, doc) if parts["lexical"] >= 0.05 else None
        if words:
            out.append({"code": "words", "words": words})
        elif parts["dense"] >= 0.45:
            out.append({"code": "semantic"})
        if parts["category"] > 0 and doc.category:
            out.append({"code": "category", "text": doc.category[:40]})
        if doc.published is not None and parts["fresh"] > _FRESH_REASON:
            out.append({"code": "fresh"})
        return out
