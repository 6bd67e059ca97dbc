"""Regional vocabulary: HK terms folded onto their Mainland equivalents.

The shipped table lives in ``data/regional_terms.tsv``; a deployment may add pairs at run
time (the Django side loads the secretariat's additions from the database) through
``set_extra_pairs``. Keys and values are compared after OpenCC hk2s, so both sides are
simplified before folding.
"""

from __future__ import annotations

import csv
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shanglian.text.script import to_simplified

DATA_DIR = Path(__file__).parent / "data"
TERMS_FILE = DATA_DIR / "regional_terms.tsv"


@dataclass(frozen=True)
class TermPair:
    hk: str
    mainland: str
    en: str = ""
    domain: str = ""


@lru_cache(maxsize=1)
def shipped_pairs() -> tuple[TermPair, ...]:
    if not TERMS_FILE.exists():
        return ()
    with TERMS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return tuple(
            TermPair(row["hk"].strip(), row["mainland"].strip(), row.get("en", "").strip(),
                     row.get("domain", "").strip())
            for row in rows
            if row.get("hk") and row.get("mainland")
        )


class Folder:
    """Replaces simplified HK terms by the Mainland term, longest key first, in one pass."""

    def __init__(self, pairs: Iterable[TermPair]):
        mapping: dict[str, str] = {}
        for pair in pairs:
            key = to_simplified(pair.hk.lower())
            value = pair.mainland.lower()
            if key and key != value:
                mapping[key] = value
        # A value that contains another key would make folding non-idempotent: drop that key.
        unsafe = {k for k in mapping for v in mapping.values() if k in v}
        self.mapping = {k: v for k, v in mapping.items() if k not in unsafe}
        keys = sorted(self.mapping, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    def fold(self, text: str, max_passes: int = 4) -> str:
        """Fold until nothing changes: a folded term next to other text can form a new key
        (付运货仓 → 发货仓 → …), so one pass is not always a fixed point."""
        if self.pattern is None:
            return text
        for _ in range(max_passes):
            folded = self.pattern.sub(lambda m: self.mapping[m.group(0)], text)
            if folded == text:
                break
            text = folded
        return text


_lock = threading.Lock()
_extra: tuple[TermPair, ...] = ()
_folder: Folder | None = None


def set_extra_pairs(pairs: Iterable[TermPair]) -> None:
    """Add deployment-specific pairs (e.g. from the database); rebuilds the folder."""
    global _extra, _folder
    with _lock:
        _extra = tuple(pairs)
        _folder = None


def folder() -> Folder:
    global _folder
    current = _folder
    if current is None:
        with _lock:
            if _folder is None:
                _folder = Folder((*shipped_pairs(), *_extra))
            current = _folder
    return current


def fold(text: str) -> str:
    return folder().fold(text)
