"""Regional vocabulary: HK terms folded onto their Mainland equivalents, and expanded both ways.

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
# HK ↔ Mainland word pairs from MediaWiki's conversion tables (scripts/build_zhconv_terms.py).
# Used for query-time expansion only, never to fold stored documents.
ZHCONV_FILE = DATA_DIR / "zhconv_terms.tsv"
# Everyday Cantonese/HK ↔ Mainland words with English glosses (梳化 = 沙发 = sofa), written for the
# project: query-time expansion only, like the MediaWiki pairs. Lines starting with "#" are notes.
CANTONESE_FILE = DATA_DIR / "cantonese_terms.tsv"


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


@lru_cache(maxsize=1)
def zhconv_pairs() -> tuple[TermPair, ...]:
    if not ZHCONV_FILE.exists():
        return ()
    with ZHCONV_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return tuple(TermPair(row["hk"].strip(), row["mainland"].strip(), "", "zhconv")
                     for row in rows if row.get("hk") and row.get("mainland"))


def read_table(path: Path, domain: str = "") -> tuple[TermPair, ...]:
    """A ``hk mainland en domain`` table; lines starting with "#" (notes, pairs left out) skipped."""
    if not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(TermPair(row["hk"].strip(), row["mainland"].strip(), (row.get("en") or "").strip(),
                          (row.get("domain") or domain).strip())
                 for row in rows if row.get("hk") and row.get("mainland"))


@lru_cache(maxsize=1)
def cantonese_pairs() -> tuple[TermPair, ...]:
    return read_table(CANTONESE_FILE)


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


_SPLIT_EN = re.compile(r"\(.*?\)|[^a-z0-9]+")


def en_key(text: str) -> str:
    """An English phrase as looked up: lower-case words, parentheses dropped, plural -s cut."""
    words = [w for w in _SPLIT_EN.split(text.lower()) if w]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


class Expander:
    """Query-time expansion, both ways: any form of a pair (HK, Mainland, English) → the others.

    Keys and values are simplified and lower-cased (the form queries have after normalise);
    English keys go through ``en_key``.
    """

    def __init__(self, pairs: Iterable[TermPair], fold=None):
        groups: dict[str, set[str]] = {}
        english: dict[str, set[str]] = {}
        for pair in pairs:
            hk = to_simplified(pair.hk.lower()).strip()
            cn = pair.mainland.lower().strip()
            if not hk or not cn:
                continue
            members = {hk, cn}
            for word in list(members):
                members |= groups.get(word, set())
            for word in members:
                groups[word] = members
            if pair.en:
                for en in pair.en.split(";"):
                    key = en_key(en)
                    if key:
                        english.setdefault(key, set()).update(members)
        # A query is folded before it is looked up (雪糕筒 → 冰淇淋筒, 代客泊车 → 代客停车): the folded
        # form of a word is a key of its group too.
        if fold is not None:
            for word, members in list(groups.items()):
                folded = fold(word)
                if folded != word and folded not in groups:
                    groups[folded] = members
        self.groups = groups
        self.english = english
        self.max_en_words = max((k.count(" ") + 1 for k in english), default=1)

    def chinese(self, word: str) -> set[str]:
        """Other forms of a (simplified) Chinese word, the word itself excluded."""
        return self.groups.get(word, set()) - {word}

    def from_english(self, phrase: str) -> set[str]:
        return set(self.english.get(en_key(phrase), ()))


_lock = threading.Lock()
_extra: tuple[TermPair, ...] = ()
_held_out: frozenset[str] = frozenset()
_folder: Folder | None = None
_expander: Expander | None = None
_version = 0


def set_extra_pairs(pairs: Iterable[TermPair]) -> None:
    """Add deployment-specific pairs (e.g. from the database); rebuilds the folder."""
    global _extra, _folder, _expander, _version
    with _lock:
        _extra = tuple(pairs)
        _folder = None
        _expander = None
        _version += 1


def set_held_out(words: Iterable[str]) -> None:
    """Leave out every pair with one of these words (either side): the search evaluation
    measures regional pairs that the tables do not hold. Empty: use everything."""
    global _held_out, _folder, _expander, _version
    with _lock:
        _held_out = frozenset(to_simplified(w.lower()) for w in words)
        _folder = None
        _expander = None
        _version += 1


def held_out() -> frozenset[str]:
    """The words the search evaluation holds out of every table (simplified; usually empty)."""
    return _held_out


def version() -> int:
    """Changes whenever the tables change (callers cache derived data by it)."""
    return _version


def _usable(pairs: Iterable[TermPair]) -> list[TermPair]:
    if not _held_out:
        return list(pairs)
    return [p for p in pairs
            if to_simplified(p.hk.lower()) not in _held_out and to_simplified(p.mainland.lower()) not in _held_out]


def folder() -> Folder:
    global _folder
    current = _folder
    if current is None:
        with _lock:
            if _folder is None:
                _folder = Folder(_usable((*shipped_pairs(), *_extra)))
            current = _folder
    return current


def expander() -> Expander:
    global _expander
    current = _expander
    if current is None:
        fold_ = folder().fold  # outside the lock: folder() takes it too
        with _lock:
            if _expander is None:
                _expander = Expander(_usable((*shipped_pairs(), *zhconv_pairs(), *cantonese_pairs(), *_extra)),
                                     fold=fold_)
            current = _expander
    return current


def fold(text: str) -> str:
    return folder().fold(text)
