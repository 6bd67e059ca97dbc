"""The ranker's arrays, grown in place: a new or edited post is appended, not rebuilt.

Rows are append-only with amortised (doubling) buffers; an edited or removed document leaves a
dead row (kind code −1, never a candidate) until the corpus compacts. BM25 is computed at query
time from the raw term frequencies and the live statistics (document count, document
frequencies, total length), so an incremental index ranks exactly like a rebuilt one.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

K1, B = 1.2, 0.75
DEAD = -1  # kind code of a row whose document left or was replaced


class _Buf:
    """A numpy array that grows by doubling; ``view`` is the used part."""

    def __init__(self, tail: tuple[int, ...], dtype, cap: int = 64):
        self.buf = np.zeros((max(cap, 1), *tail), dtype=dtype)
        self.n = 0

    def extend(self, values: np.ndarray) -> None:
        need = self.n + len(values)
        if need > len(self.buf):
            cap = max(need, 2 * len(self.buf))
            new = np.zeros((cap, *self.buf.shape[1:]), dtype=self.buf.dtype)
            new[:self.n] = self.buf[:self.n]
            self.buf = new
        self.buf[self.n:need] = values
        self.n = need

    def grow_to(self, size: int) -> None:
        """Zero-filled up to ``size`` rows (document frequencies of new vocabulary)."""
        if size > self.n:
            self.extend(np.zeros((size - self.n, *self.buf.shape[1:]), dtype=self.buf.dtype))

    @property
    def view(self) -> np.ndarray:
        return self.buf[:self.n]


class Index:
    """Per-row arrays for the vectorised first pass (see ``Corpus._finish``)."""

    def __init__(self, dim: int):
        self.dim = dim
        self.docs: list = []
        self.row_of: dict[int, int] = {}
        self.dead = 0
        self._vectors = _Buf((dim,), np.float32)
        self._scalars = {name: _Buf((), dtype) for name, dtype in _COLUMNS}
        self._len = _Buf((), np.float64)  # tokens per row
        self._row_start = _Buf((), np.int64)
        # Raw term frequencies, row-major (CSR without the indptr).
        self._tf = _Buf((), np.float32)
        self._term = _Buf((), np.int64)
        self._row = _Buf((), np.int32)
        self._df = _Buf((), np.float64)  # live documents per term
        self.total_len = 0.0
        self.live = 0
        self._idf: np.ndarray | None = None
        self._weights: sparse.csr_matrix | None = None
        self.cache: dict = {}  # per-candidate arrays derived by the ranker (Corpus._static)

    # ---- writing ---------------------------------------------------------------------------
    def append(self, docs: list) -> None:
        """Add documents as new rows (one vectorised step for a batch)."""
        if not docs:
            return
        first = len(self.docs)
        lens = np.fromiter((len(d.term_ids) for d in docs), dtype=np.int64, count=len(docs))
        terms = np.concatenate([d.term_ids for d in docs]).astype(np.int64, copy=False)
        tfs = np.concatenate([d.term_tfs for d in docs]).astype(np.float32, copy=False)
        doc_len = np.fromiter((float(d.term_tfs.sum()) for d in docs), dtype=np.float64, count=len(docs))
        self._row_start.extend(self._tf.n + np.concatenate([[0], np.cumsum(lens)[:-1]]))
        self._tf.extend(tfs)
        self._term.extend(terms)
        self._row.extend(np.repeat(np.arange(first, first + len(docs), dtype=np.int32), lens))
        self._len.extend(doc_len)
        zero = np.zeros(self.dim, dtype=np.float32)
        self._vectors.extend(np.vstack([d.vector if d.vector is not None else zero for d in docs]))
        sc = np.array([d.scalars for d in docs], dtype=np.int64).reshape(len(docs), len(_COLUMNS))
        for j, (name, _dtype) in enumerate(_COLUMNS):
            self._scalars[name].extend(sc[:, j])
        if len(terms):
            self._df.grow_to(int(terms.max()) + 1)
            self._df.buf[:self._df.n] += np.bincount(terms, minlength=self._df.n)
        for i, d in enumerate(docs, start=first):
            self.row_of[d.id] = i
            self.docs.append(d)
        self.total_len += float(doc_len.sum())
        self.live += len(docs)
        self._changed()

    def kill(self, doc_id: int) -> None:
        """Take a document out of the candidates and the statistics (its row stays, unused)."""
        row = self.row_of.pop(doc_id, None)
        if row is None:
            return
        doc = self.docs[row]
        self._scalars["kind_code"].buf[row] = DEAD
        self._df.buf[doc.term_ids] -= 1  # a document's term ids are distinct
        self.total_len -= float(self._len.buf[row])
        self.live -= 1
        self.dead += 1
        self._changed()

    def _changed(self) -> None:
        self._idf = None
        self._weights = None
        self.cache = {}

    # ---- reading ---------------------------------------------------------------------------
    def __getattr__(self, name: str) -> np.ndarray:
        # kind_code, enterprise, industry, … : the used part of each scalar column.
        scalars = self.__dict__.get("_scalars")
        if scalars is not None and name in scalars:
            return scalars[name].view
        raise AttributeError(name)

    @property
    def vectors(self) -> np.ndarray:
        return self._vectors.view

    @property
    def avg_len(self) -> float:
        return self.total_len / self.live if self.live else 1.0

    @property
    def idf(self) -> np.ndarray:
        if self._idf is None:
            df = self._df.view
            self._idf = np.log1p((self.live - df + 0.5) / (df + 0.5)).astype(np.float32)
        return self._idf

    def idf_of(self, term: int) -> float:
        idf = self.idf
        return float(idf[term]) if term < len(idf) else float(np.log1p((self.live + 0.5) / 0.5))

    def lexical(self, columns: np.ndarray) -> np.ndarray:
        """BM25 of every row for a query given as its distinct term ids (exact live statistics)."""
        n = len(self.docs)
        hit = np.zeros(max(self._df.n, 1), dtype=bool)
        hit[columns[columns < len(hit)]] = True
        sel = hit[self._term.view]
        rows, terms, tf = self._row.view[sel], self._term.view[sel], self._tf.view[sel]
        norm = (K1 * (1 - B + B * self._len.view[rows] / max(self.avg_len, 1e-9))).astype(np.float32)
        contrib = self.idf[terms] * tf * (K1 + 1) / (tf + norm)
        return np.bincount(rows, weights=contrib, minlength=n).astype(np.float32)

    @property
    def weights(self) -> sparse.csr_matrix:
        """Rows × vocabulary BM25 weights, for batch ranking (full recompute)."""
        if self._weights is None:
            n, v = len(self.docs), max(self._df.n, 1)
            indptr = np.concatenate([self._row_start.view, [self._tf.n]]).astype(np.int64)
            tf, terms = self._tf.view, self._term.view
            norm = (K1 * (1 - B + B * self._len.view / max(self.avg_len, 1e-9))).astype(np.float32)
            data = self.idf[terms] * tf * (K1 + 1) / (tf + norm[self._row.view])
            self._weights = sparse.csr_matrix((data, terms, indptr), shape=(n, v))
        return self._weights


# Scalar columns, in the order of ``Doc.scalars``.
_COLUMNS = (("kind_code", np.int8), ("enterprise", np.int64), ("industry", np.int64), ("parent", np.int64),
            ("subtype", np.int64), ("place_bits", np.uint64), ("region_bits", np.uint8), ("has_market", bool),
            ("published", np.int64), ("lang", np.int8))
