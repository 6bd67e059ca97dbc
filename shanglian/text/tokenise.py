"""Tokens for the search index: jieba words, CJK bigrams and unigrams, Latin words.

Documents are indexed with words (for ranking), bigrams and unigrams (so that any 1- or
2-character query and unknown words still match). Queries use only context-free pieces —
bigrams of each CJK run (or the single character) and Latin words as prefixes — so the same
text always yields the same query, whatever jieba would have cut around it.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from shanglian.text.normalise import normalise

PLACES_FILE = Path(__file__).parent / "data" / "hk_places.txt"
MAX_INDEX_CHARS = 20_000

# CJK ideographs (incl. extensions and compatibility), kana and hangul count as "CJK runs".
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_PIECE = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")

_lock = threading.Lock()
_tokenizer = None


def _jieba():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                if PLACES_FILE.exists():
                    tok.load_userdict(str(PLACES_FILE))
                _tokenizer = tok
    return _tokenizer


def word_frequencies() -> dict[str, int]:
    """The word dictionary's frequencies (jieba's, with our places): non-zero for a known word."""
    return _jieba().FREQ


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str | None) -> list[str]:
    """All tokens of a document, in order, duplicates kept (they weigh in ranking).

    When the regional vocabulary changed the text (資訊科技 → 信息技术), the tokens of the text
    as written (script-folded only) that the folded text lacks are added once, so a part of a
    regional term still finds it (科技 finds 資訊科技 although the term folds to 信息技术).
    """
    norm = normalise(text)[:MAX_INDEX_CHARS]
    out = _tokens(norm)
    plain = normalise(text, vocabulary=False)[:MAX_INDEX_CHARS]
    if plain != norm:
        have = set(out)
        # Queries use only unigrams, bigrams and Latin words: no jieba words needed here.
        out.extend(dict.fromkeys(tok for tok in _tokens(plain, words=False) if tok not in have))
    return out


def _tokens(norm: str, *, words: bool = True) -> list[str]:
    out: list[str] = []
    for match in _PIECE.finditer(norm):
        piece = match.group(0)
        if _IS_CJK.match(piece):
            out.extend(piece)  # unigrams
            out.extend(_bigrams(piece))
            if words and len(piece) > 2:
                out.extend(w for w in _jieba().cut_for_search(piece) if len(w) > 2)
        else:
            out.append(piece)
    return out


MIN_WORD_CHARS, MAX_WORD_CHARS = 2, 8


def index_words(*parts: str | None) -> set[str]:
    """The Chinese words a document is written with (jieba, new words included), folded as the
    index is: the vocabulary a query word no table knows is compared with by meaning
    (core.search_words). Unlike the index's tokens, two-character words are told apart from
    mere bigrams here (梳化 is a word of "梳化及床褥", 化及 is not)."""
    words: set[str] = set()
    for part in parts:
        for match in _PIECE.finditer(normalise(part)[:MAX_INDEX_CHARS]):
            piece = match.group(0)
            if _IS_CJK.match(piece) and len(piece) >= MIN_WORD_CHARS:
                words.update(w for w in _jieba().cut(piece) if MIN_WORD_CHARS <= len(w) <= MAX_WORD_CHARS)
    return words


def token_words(tokens: str) -> set[str]:
    """``index_words`` from a stored token string, when the text is not at hand (entries written
    before the vocabulary existed): jieba's longer words, and the bigrams jieba knows as words."""
    freq = _jieba().FREQ
    return {t for t in tokens.split()
            if _IS_CJK.match(t) and MIN_WORD_CHARS <= len(t) <= MAX_WORD_CHARS and (len(t) > 2 or freq.get(t))}


def index_text(*parts: str | None) -> str:
    """The space-separated token string stored in the index column."""
    return " ".join(tok for part in parts for tok in index_tokens(part))


@dataclass(frozen=True)
class QueryTerm:
    token: str
    prefix: bool  # Latin words match as prefixes ("electr" finds "electronics")


def query_terms(text: str | None, *, max_terms: int = 32) -> list[QueryTerm]:
    """Terms that must all be present (AND) for a document to match the query."""
    terms: list[QueryTerm] = []
    seen: set[str] = set()
    for match in _PIECE.finditer(normalise(text)):
        piece = match.group(0)
        if _IS_CJK.match(piece):
            parts = [piece] if len(piece) == 1 else _bigrams(piece)
            new = [QueryTerm(p, False) for p in parts]
        else:
            new = [QueryTerm(piece, True)]
        for term in new:
            if term.token not in seen:
                seen.add(term.token)
                terms.append(term)
    return terms[:max_terms]
