"""Nearest words: a query word that no table knows, compared by meaning with the words records are written with.

The tables and dictionaries link the regional words they hold; a pair none of them holds (胶袋 and
塑料袋, 网络保安 and 网络安全) was met only through whole records' sentence vectors, which compare
a two-character query with a company's description poorly. The shipped model compares two words
far better (雪柜 ~ 冰箱 0.60, 网络保安 ~ 网络安全 0.78, against 0.1–0.3 for unrelated words), so
each kind keeps the vocabulary of its records (``SearchWord``: a word and its vector, grown as
records are indexed), and a query word no table knows takes its nearest words as dictionary
guesses (``Alternative.weak``): their records rank below the word's own unless the synonym check
(core.search._synonym_guesses) finds that they read alike, and they are all there is when the
word itself is in no record. An English word that neither a table nor a first sense of
CC-CEDICT answers in Chinese does the same ("renovation" → 装修, "beauty" → 美容).

Each process keeps one matrix per kind, grown from new row ids like the records' vectors. A
federation's records are written with tens of thousands of distinct words (the demo's 100,000
enterprises with under 2,000): one product over float32 rows, 2–20 MB a kind.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np
from django.db import DatabaseError

from shanglian.core.models import SearchWord
from shanglian.core.per_kind import PerKind
from shanglian.text import cedict
from shanglian.text import embed as text_embed
from shanglian.text.query import GENERIC, Alternative, Group, Query, places, word_alternative

log = logging.getLogger(__name__)

NEIGHBOURS = 3  # nearest words a query word takes
MIN_SIM = 0.6  # cosine of the two words (unrelated words: 0.1–0.5)
MARGIN = 0.12  # and no further than this below the nearest one
# A sentence has words enough of its own: looking up each (a count and a vector each) cost a
# 40-character query 20 ms at 4,000 enterprises.
MAX_WORDS = 3
# A word in enough records of its own: its one nearest word this close (or closer) may still be
# the other region's word (胶袋 ~ 塑料袋 0.75), offered to the synonym check as a dictionary's guess
# is (core.search._synonym_guesses: its records must read like the word's own). Tuned on the
# evaluation: 0.65 and 0.7 gave the same, at 0.6 same_term fell 0.999 → 0.990.
CANDIDATE_SIM = 0.7
# A rare unknown Chinese word's nearest word this close: its records come right after the word's
# own few records (``Alternative.near``), not after everything the search found (床褥 → 床垫,
# 市场推广 → 市场营销). Eval held_out 0.791 → 0.806 at 0.7 and 0.75, 0.802 at 0.8; no class fell.
NEAR_SIM = 0.75
_ENGLISH_WORD = re.compile(r"^[a-z][a-z\-]{3,}$")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,8}$")


# ---- writing ------------------------------------------------------------------------------

def record_words(kind: str, words: Iterable[str]) -> int:
    """Add the words a kind's records are written with that it does not hold yet (each embedded
    once). Called with the entries' writes, in their transaction."""
    words = {w for w in words if _CJK_WORD.match(w) and w not in GENERIC}
    if not words:
        return 0
    have: set[str] = set()
    ordered = sorted(words)
    for start in range(0, len(ordered), 500):
        have.update(SearchWord.objects.filter(kind=kind, word__in=ordered[start:start + 500])
                    .values_list("word", flat=True))
    new = [w for w in ordered if w not in have]
    if not new:
        return 0
    try:
        blobs = _word_vectors(new)
    except Exception:  # noqa: BLE001 - the model missing must never block a save
        log.exception("search: word vectors failed; the words are not recorded")
        return 0
    SearchWord.objects.bulk_create([SearchWord(kind=kind, word=w, vector=b) for w, b in zip(new, blobs, strict=True)],
                                   batch_size=1000, ignore_conflicts=True)
    return len(new)


_vector_cache: OrderedDict[str, bytes] = OrderedDict()
_VECTOR_CACHE_SIZE = 50_000  # ~30 MB: a word's vector never changes, and kinds share words
_vector_lock = threading.Lock()


def _word_vectors(words: list[str]) -> list[bytes]:
    """Each word's int8 vector, embedded once per process (one lock: saves are rarely concurrent)."""
    with _vector_lock:
        missing = [w for w in dict.fromkeys(words) if w not in _vector_cache]
        if missing:
            _vector_cache.update(zip(missing, text_embed.quantise(text_embed.encode_documents(missing)), strict=True))
        out = [_vector_cache[w] for w in words]
        while len(_vector_cache) > _VECTOR_CACHE_SIZE:
            _vector_cache.popitem(last=False)
    return out


def prune(kind: str) -> int:
    """Delete the kind's words that no entry is written with any more (records deleted or
    rewritten since); returns how many. A word stays while some entry holds it as a token, or
    holds each of its bigrams (jieba's longer words are not always tokens of their own). Run
    weekly (``manage.py prune_search_words``); ``reindex`` does the same for one kind by
    rebuilding it. A record saved while this runs may lose a word it brought until it is saved
    again: the words are listed first, the entries read after."""
    from shanglian.core.models import SearchEntry

    words = list(SearchWord.objects.filter(kind=kind).values_list("id", "word"))
    if not words:
        return 0
    live: set[str] = set()
    for tokens in SearchEntry.objects.filter(kind=kind).values_list("tokens", flat=True).iterator(chunk_size=2000):
        live.update(t for t in (tokens or "").split() if _CJK_CHAR.match(t))
    stale = [pk for pk, w in words
             if w not in live and not all(w[i:i + 2] in live for i in range(len(w) - 1))]
    for start in range(0, len(stale), 500):
        SearchWord.objects.filter(pk__in=stale[start:start + 500]).delete()
    if stale:
        store = vocabulary(kind)  # this process; others see the count change within CHECK_SECONDS
        with store.lock:
            store.reset()
    return len(stale)


# ---- reading ------------------------------------------------------------------------------

class _Vocabulary:
    """One kind's words and their unit vectors (float32), grown from new row ids."""

    CHECK_SECONDS = 30.0

    def __init__(self, kind: str):
        self.kind = kind
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.last_id = 0
        self.words: list[str] = []
        self.matrix = np.zeros((0, text_embed.DIM), dtype=np.float32)
        self.checked = time.monotonic()

    def sync(self) -> None:
        with self.lock:
            rows = SearchWord.objects.filter(kind=self.kind)
            now = time.monotonic()
            if now - self.checked > self.CHECK_SECONDS:
                self.checked = now
                if rows.count() != len(self.words):
                    self.reset()  # rows deleted (a rebuilt table, a test rolled back)
            new = list(rows.filter(id__gt=self.last_id).order_by("id").values_list("id", "word", "vector"))
            if not new:
                return
            q8 = text_embed.dequantise(bytes(r[2]) for r in new).astype(np.float32)
            norms = np.linalg.norm(q8, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            self.matrix = np.concatenate([self.matrix, q8 / norms])
            self.words += [r[1] for r in new]
            self.last_id = new[-1][0]

    def nearest(self, vector: np.ndarray, top: int) -> list[tuple[str, float]]:
        if not self.words:
            return []
        sims = self.matrix @ vector
        k = min(top, len(self.words))
        best = np.argpartition(-sims, k - 1)[:k]
        return [(self.words[i], float(sims[i])) for i in best[np.argsort(-sims[best])]]


_stores: PerKind[_Vocabulary] = PerKind(_Vocabulary)


def vocabulary(kind: str) -> _Vocabulary:
    return _stores.of(kind)


def reset() -> None:
    """Forget every in-memory vocabulary (tests)."""
    _stores.clear()


def nearest_words(kind: str, word: str, exclude: Iterable[str] = (), min_sim: float = 0.0,
                  top: int = 0) -> list[str]:
    return [w for w, _ in scored_nearest_words(kind, word, exclude, min_sim, top)]


def scored_nearest_words(kind: str, word: str, exclude: Iterable[str] = (), min_sim: float = 0.0,
                         top: int = 0) -> list[tuple[str, float]]:
    """The kind's words nearest in meaning to ``word``: at most NEIGHBOURS, each at least MIN_SIM
    and within MARGIN of the nearest one taken. Never a part of the word or of a form in ``exclude``
    or a word containing one (their bigrams find those already, and a record holding both would
    score twice: 计算机硬件 beside 计算机 for 电脑), a place, or a word CC-CEDICT
    glosses apart from it (the model reads shared characters as shared meaning: 外包 "to
    outsource" is not 包装 "packaging")."""
    store = vocabulary(kind)
    store.sync()
    exclude = {word, *exclude}
    found: list[tuple[str, float]] = []
    best = None
    min_sim, top = min_sim or MIN_SIM, top or NEIGHBOURS  # 0: the defaults
    for other, sim in store.nearest(text_embed.encode_query(word), NEIGHBOURS * 5):
        if sim < min_sim or (best is not None and sim < best - MARGIN):
            break
        if any(other in w or w in other for w in exclude) or other in places() or cedict.disagree(word, other):
            continue
        best = sim if best is None else best
        found.append((other, sim))
        if len(found) == top:
            break
    return found


def _unknown(group: Group) -> bool:
    """A Chinese word that no table knows (its other forms, if any, are dictionary guesses)."""
    return group.role == "word" and bool(_CJK_WORD.match(group.text)) and group.unexpanded


def _unanswered(group: Group) -> bool:
    """An English word (four letters or more) that neither a table nor the first sense of a
    CC-CEDICT entry answers in Chinese: "renovation" (装修 is "to renovate"), "beauty" (美容 is
    "beauty treatment")."""
    return (group.role == "word" and bool(_ENGLISH_WORD.match(group.text))
            and not any(not a.weak and _CJK_CHAR.match(a.tokens[0]) for a in group.alternatives))


def _english_forms(word: str) -> list[Alternative]:
    """A rare unknown word's English names (CC-CEDICT: 沙发 "sofa"), as near words: records with an
    English title or name (梳化免費送貨 Free sofa delivery) come right after the word's own. A
    short word matches whole or plural ("bus" must not find "business"), a longer one as a prefix."""
    out = []
    for name in cedict.english_names(word):
        words = tuple(name.split())
        if all(len(w) >= 5 for w in words):
            out.append(Alternative(words, prefix=True, weak=True, confirmable=False, near=True))
        else:
            last = words[-1]
            plural = last + ("es" if last.endswith(("s", "x", "ch", "sh")) else "s")
            out += [Alternative((*words[:-1], w), weak=True, confirmable=False, near=True) for w in (last, plural)]
    return out


def _two_words_as_one(kind: str, required: list[Group]) -> Group | None:
    """Two unknown words typed together that jieba split (网络 + 保安), each in records enough of
    its own, whose whole has a very near word (网络保安 ~ 网络安全 0.78): one word, both parts
    required as before, with that word as the guess the synonym check may confirm."""
    if len(required) != 2 or not all(_unknown(g) for g in required):
        return None
    first, second = required[0].text, required[1].text
    whole = first + second
    # The other region's compound keeps one part where it was and replaces the other (网络安全
    # for 网络保安); one with a part moved is a neighbour, not the word (五金工具 for 模具五金).
    found = [w for w in nearest_words(kind, whole, [whole], min_sim=CANDIDATE_SIM)
             if (w.startswith(first) != w.endswith(second)) or (first not in w and second not in w)][:1]
    if not found:
        return None
    both = tuple(dict.fromkeys(t for g in required for t in g.alternatives[0].tokens))
    return Group(whole, "word", (Alternative(both), Alternative(word_alternative(found[0]).tokens, weak=True,
                                                                by_model=True)))


def with_nearest_words(kind: str, q: Query, rare: Callable[[Group], bool] = lambda g: True) -> Query:
    """The query with each unknown word's nearest words added as looser guesses, for the words
    ``rare`` says few records hold; two words typed together (网络 + 保安) also take the nearest
    words of the two as one (网络安全), as both words' guesses. A one-word query whose word has
    records enough of its own takes its nearest word if it is very near (``CANDIDATE_SIM``) as
    a guess the synonym check may confirm."""
    required = list(q.required)
    if len(required) > MAX_WORDS or not any(_unknown(g) or _unanswered(g) for g in required):
        return q
    extra: dict[int, list[str]] = {}
    english: dict[int, list[Alternative]] = {}
    near: set[str] = set()
    try:
        wanted = [(_unknown(g) or _unanswered(g)) and rare(g) for g in required]
        for i, g in enumerate(required):
            if wanted[i]:
                scored = scored_nearest_words(kind, g.text, (a.spelled for a in g.alternatives))
                extra.setdefault(i, []).extend(w for w, _ in scored)
                if _unknown(g) and scored and scored[0][1] >= NEAR_SIM:
                    near.add(scored[0][0])  # the nearest only: 0.7–0.8 gave the same, its siblings crowd
                if _unknown(g):
                    english.setdefault(i, []).extend(_english_forms(g.text))
        candidates: list[str] = []
        if len(required) == 1 and _unknown(required[0]) and not wanted[0]:
            candidates = nearest_words(kind, required[0].text, (a.spelled for a in required[0].alternatives),
                                       min_sim=CANDIDATE_SIM, top=1)
        pair = _two_words_as_one(kind, required) if not any(wanted) else None
        if pair is not None:
            return replace(q, groups=tuple(g for g in (pair if g is required[0] else g for g in q.groups)
                                           if g is not required[1]), required=(pair,))
        for i in range(len(required) - 1):
            a, b = required[i], required[i + 1]
            if (wanted[i] or wanted[i + 1]) and a.role == b.role == "word" \
                    and all(_CJK_WORD.match(x.text) for x in (a, b)):
                whole = nearest_words(kind, a.text + b.text, [x.spelled for x in (*a.alternatives, *b.alternatives)])
                extra.setdefault(i, []).extend(whole)
                extra.setdefault(i + 1, []).extend(whole)
    except (DatabaseError, ImportError, OSError, ValueError):
        log.exception("search: nearest words failed; the words' own forms only")
        return q
    changed = {}
    for i in english:
        extra.setdefault(i, [])
    for i, words in extra.items():
        g = required[i]
        have = {a.spelled for a in g.alternatives}
        # Looser guesses: their records come after everything else the search found (as ordinary
        # guesses, the English class's MRR fell 0.855 → 0.843: "accounting" took 帐款 and 账款).
        new = tuple(Alternative(word_alternative(w).tokens, weak=True, confirmable=False, near=w in near)
                    for w in dict.fromkeys(words) if w not in have) + tuple(english.pop(i, ()))
        if new:
            changed[g] = Group(g.text, g.role, g.alternatives + new)
    if candidates and candidates[0] not in {a.spelled for a in required[0].alternatives}:
        g = required[0]
        guess = Alternative(word_alternative(candidates[0]).tokens, weak=True, by_model=True)
        changed[g] = Group(g.text, g.role, (*g.alternatives, guess))
    if not changed:
        return q
    return replace(q, groups=tuple(changed.get(g, g) for g in q.groups),
                   required=tuple(changed.get(g, g) for g in q.required))
