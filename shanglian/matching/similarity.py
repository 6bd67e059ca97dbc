"""Matching's text-similarity service for other apps.

The same sentence model as the match engine and core.search (``engine.embed.get_embedder()``:
USE-m3 unless MATCHING_EMBEDDER names another), so Traditional, Simplified and English texts meet
(金融科技 ↔ 金融科技 ↔ fintech). Other apps call these two functions instead of loading a model of
their own; nothing here touches the database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from shanglian.matching.engine.embed import get_embedder

_CACHE_SIZE = 8192
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_lock = threading.Lock()


def text_vectors(texts: Sequence[str]) -> np.ndarray:
    """(len(texts), dim) float32 unit rows; empty texts give zero rows. Short texts (terms, tags)
    are remembered per process, so a page that scores the same expertise again embeds nothing."""
    embedder = get_embedder()
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    todo: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        key = (text or "").strip()
        if not key:
            continue
        with _lock:
            hit = _cache.get((embedder.name, key))
        if hit is not None:
            out[i] = hit
        else:
            todo.setdefault(key, []).append(i)
    if todo:
        keys = list(todo)
        vectors = embedder.encode(keys)
        with _lock:
            for key, vector in zip(keys, vectors, strict=True):
                out[todo[key]] = vector
                if len(key) <= 200:
                    _cache[(embedder.name, key)] = vector
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return out


def text_similarity(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine similarity (len(left), len(right)) in −1…1; 0 wherever a text is empty."""
    if not left or not right:
        return np.zeros((len(left), len(right)), dtype=np.float32)
    vectors = text_vectors([*left, *right])
    return vectors[: len(left)] @ vectors[len(left) :].T
