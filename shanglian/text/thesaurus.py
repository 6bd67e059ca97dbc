"""Synonym sets of a packaged Chinese thesaurus, for words that no regional table holds.

The sets (``data/thesaurus.txt.gz``, built by ``scripts/build_thesaurus.py`` from the cnsyn
wheel's sim_words.txt, Apache License 2.0) group the words used for one thing, both regions'
among them: 晶片 / 芯片 / 微芯片, 手提电话 / 手机 / 移动电话, 食肆 / 餐馆 / 饭馆. They are weaker
than our tables (a set may also hold a broader or a related word), so their words only ever join a
query as guesses, ranked below the word itself, like CC-CEDICT's (``text.query._forms``), and the
search's synonym check decides whether they share the first page.

Words the search evaluation holds out (``vocabulary.set_held_out``) are left out here too: the
evaluation's held-out class measures pairs that no table of ours holds.
"""

from __future__ import annotations

import gzip
import threading
from collections import defaultdict
from pathlib import Path

from shanglian.text import cedict, vocabulary
from shanglian.text.script import to_simplified

DATA = Path(__file__).resolve().parent / "data" / "thesaurus.txt.gz"
MAX_SYNONYMS = 4  # the commonest: records are written with common words
TIGHT_SET = 3  # tuned on the evaluation: 4 and more let related words in (same_term 0.999 → 0.995)

_lock = threading.Lock()
_sets: dict[str, tuple[frozenset[str], ...]] | None = None
_enabled = True
# The evaluation's "what users get" run keeps held-out words here (bench/search_eval.py --thesaurus-all).
FILTER_HELD_OUT = True


def set_enabled(enabled: bool) -> None:
    """The search evaluation can report its classes with and without the thesaurus."""
    global _enabled
    _enabled = enabled


def load() -> dict[str, tuple[frozenset[str], ...]]:
    global _sets
    if _sets is None:
        with _lock:
            if _sets is None:
                by_word: dict[str, list[frozenset[str]]] = defaultdict(list)
                if DATA.exists():
                    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
                        for line in handle:
                            if line.startswith("#"):
                                continue
                            words = frozenset(line.split())
                            for w in words:
                                by_word[w].append(words)
                _sets = {w: tuple(s) for w, s in by_word.items()}
    return _sets


def synonyms(word: str) -> set[str]:
    """The commonest ``MAX_SYNONYMS`` words sharing a set with ``word`` (simplified), itself and
    held-out words excluded; empty for a word the thesaurus does not hold."""
    if not _enabled:
        return set()
    key = to_simplified(word.lower())
    held = vocabulary.held_out() if FILTER_HELD_OUT else frozenset()
    if key in held:
        return set()
    found = {w for s in load().get(key, ()) for w in s} - {key} - held
    # The sets also join words CC-CEDICT glosses apart (星期日 / 太阳, 业务员 / 业务): left out.
    found = {w for w in found if not cedict.disagree(key, w)}
    return set(sorted(found, key=lambda w: (-cedict.Dictionary.commonness(w), w))[:MAX_SYNONYMS])


def tight(word: str, other: str) -> bool:
    """The two words share a set of at most ``TIGHT_SET`` words (货柜 / 集装箱, 床褥 / 床垫): a
    pair, not a list of related things."""
    key, other = to_simplified(word.lower()), to_simplified(other.lower())
    return any(other in s and len(s) <= TIGHT_SET for s in load().get(key, ()))
