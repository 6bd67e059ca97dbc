"""One in-memory store per search kind, made on first use (core.search's vectors, core.search_words's vocabularies)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Store = TypeVar("Store")


class PerKind(Generic[Store]):
    def __init__(self, make: Callable[[str], Store]):
        self._make = make
        self._stores: dict[str, Store] = {}
        self._lock = threading.Lock()

    def of(self, kind: str) -> Store:
        """The kind's store, made if it has none yet."""
        with self._lock:
            store = self._stores.get(kind)
            if store is None:
                store = self._stores[kind] = self._make(kind)
        return store

    def get(self, kind: str) -> Store | None:
        """The kind's store if one was made."""
        return self._stores.get(kind)

    def clear(self) -> None:
        with self._lock:
            self._stores.clear()
