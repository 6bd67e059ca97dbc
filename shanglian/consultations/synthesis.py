"""The synthesis of a consultation: tallies by association and industry, and free-text answers
grouped by theme (the shipped multilingual sentence vectors, k-means on unit vectors) with the
answers nearest each theme's centre as representative quotes. No Django queries here: callers
pass plain rows, so the benchmark and the page share one code path."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Theme:
    size: int
    quotes: list[tuple[int, str]]  # (response id, text), nearest the centre first
    members: list[int] = field(default_factory=list)  # response ids


def theme_count(n: int) -> int:
    """About √(n/2) themes, between 1 and 12: a reader can hold a dozen themes, not more."""
    if n <= 2:
        return 1
    return max(2, min(12, round(math.sqrt(n / 2))))


def stored_vectors(items: Sequence[tuple[str, bytes | memoryview | None]]) -> np.ndarray | None:
    """Unit float rows from the int8 vectors stored with the answers; texts without one (written
    before vectors were kept) are embedded now. None when there is nothing to cluster."""
    from shanglian.text.embed import DIM, dequantise

    items = [(t.strip(), v) for t, v in items if t and t.strip()]
    if not items:
        return None
    out = np.zeros((len(items), DIM), dtype=np.float32)
    missing = [i for i, (_t, v) in enumerate(items) if not v]
    have = [i for i, (_t, v) in enumerate(items) if v]
    if have:
        rows = dequantise([bytes(items[i][1]) for i in have]).astype(np.float32)
        rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
        out[have] = rows
    if missing:
        out[missing] = embed_unique([items[i][0] for i in missing])
    return out


def embed_unique(texts: Sequence[str]) -> np.ndarray:
    """Sentence vectors, each distinct text embedded once (answers such as 同意 repeat), in
    batches of 128 (a third less CPU than 32 for short answers)."""
    from shanglian.text.embed import encode_documents

    unique = list(dict.fromkeys(texts))
    vectors = encode_documents(unique, batch=128)
    index = {t: i for i, t in enumerate(unique)}
    return vectors[[index[t] for t in texts]]


def cluster_texts(rows: Sequence[tuple[int, str]], *, k: int | None = None, quotes: int = 3,
                  vectors: np.ndarray | None = None, seed: int = 7) -> list[Theme]:
    """Group (response id, text) rows by meaning; biggest theme first."""
    rows = [(rid, t.strip()) for rid, t in rows if t and t.strip()]
    if not rows:
        return []
    if vectors is None:
        vectors = embed_unique([t for _rid, t in rows])
    k = min(k or theme_count(len(rows)), len(rows))
    labels, centres = _best_of(vectors, k, seed=seed)
    themes = []
    for c in range(k):
        idx = np.flatnonzero(labels == c)
        if not len(idx):
            continue
        sims = vectors[idx] @ centres[c]
        order = idx[np.argsort(-sims)]
        seen: set[str] = set()
        picked: list[tuple[int, str]] = []
        for i in order:
            text = rows[i][1]
            if text not in seen:
                seen.add(text)
                picked.append(rows[i])
            if len(picked) >= quotes:
                break
        themes.append(Theme(size=len(idx), quotes=picked, members=[rows[i][0] for i in idx]))
    themes.sort(key=lambda t: -t.size)
    return themes


def _best_of(x: np.ndarray, k: int, *, seed: int, restarts: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """k-means from a few seedings; the one whose rows sit closest to their centres wins."""
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for r in range(restarts):
        labels, centres = _kmeans(x, k, seed=seed + r)
        score = float((x @ centres.T)[np.arange(len(x)), labels].sum())
        if best is None or score > best[0]:
            best = (score, labels, centres)
    assert best is not None
    return best[1], best[2]


def _kmeans(x: np.ndarray, k: int, *, seed: int, iterations: int = 25) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means with k-means++ seeding (cosine on unit rows)."""
    rng = np.random.default_rng(seed)
    n = len(x)
    centres = np.empty((k, x.shape[1]), dtype=np.float32)
    centres[0] = x[rng.integers(n)]
    best = 1.0 - x @ centres[0]
    for c in range(1, k):
        weights = np.clip(best, 0, None) ** 2
        total = weights.sum()
        pick = rng.choice(n, p=weights / total) if total > 0 else rng.integers(n)
        centres[c] = x[pick]
        best = np.minimum(best, 1.0 - x @ centres[c])
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iterations):
        new = np.argmax(x @ centres.T, axis=1)
        if _ and np.array_equal(new, labels):
            break
        labels = new
        for c in range(k):
            members = x[labels == c]
            if len(members):
                centre = members.sum(axis=0)
                norm = np.linalg.norm(centre)
                centres[c] = centre / norm if norm else centres[c]
    return labels, centres


def tally(rows: Sequence[tuple[str, str, str]]) -> dict[str, dict[str, Counter]]:
    """(group, value, by) rows → {by_label: {group: Counter(value)}}; ``by`` is an association
    or industry name, ``group`` a question, ``value`` an answer."""
    out: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for group, value, by in rows:
        out[group][by or "—"][value] += 1
    return out
