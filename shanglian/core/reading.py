"""Read in your own script: user content shown converted to the reader's script.

繁體 readers see OpenCC ``s2hk``, 简体 readers ``hk2s`` — character conversion only, no vocabulary
change — and English readers the text as written (``core.i18n.Translated`` has already picked
the English column where one exists). The text as written stays a click away: values converted
here are ``ReaderText`` (a ``str`` that remembers ``.original``), and the template tag
``{% original value %}`` renders a small "原文 / original" toggle when the two differ.

Used by the ``Translated`` descriptor (every translated name, title …), by the ``|reader``
template filter (plain columns: descriptions, post titles), and by ``highlight()`` for search
results, which marks a query typed in either script (電子 marks 电子 and vice versa).

Where text must stay as written (the API, the admin, exports) wrap the work in ``as_written()``;
``ReadingMiddleware`` does that for /api/ and the admin.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import opencc
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_local = threading.local()
_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("shanglian_reading", default=True)
CACHE_MAX_CHARS = 2000  # longer texts are converted each time (rare on one page) so the cache stays small


def _converter(config: str) -> opencc.OpenCC:
    # OpenCC converters are not documented as thread-safe: one per thread and configuration.
    convs = getattr(_local, "convs", None)
    if convs is None:
        convs = _local.convs = {}
    conv = convs.get(config)
    if conv is None:
        conv = convs[config] = opencc.OpenCC(config)
    return conv


def _run(config: str, text: str) -> str:
    return _converter(config).convert(text)


@lru_cache(maxsize=8192)
def _cached(config: str, text: str) -> str:
    return _run(config, text)


def opencc_convert(config: str, text: str) -> str:
    if not text:
        return text
    return _cached(config, text) if len(text) <= CACHE_MAX_CHARS else _run(config, text)


def script_of(language: str | None) -> str:
    """'hant', 'hans' or '' (English: no conversion) for a language code."""
    lang = (language or get_language() or "zh-hant").lower()
    if lang.startswith("en"):
        return ""
    if lang in ("zh-hans", "zh-cn", "zh-sg") or lang.startswith("zh-hans"):
        return "hans"
    return "hant"


def to_script(text: str, script: str) -> str:
    """``text`` in ``script`` ('hant' → s2hk, 'hans' → hk2s, '' → unchanged).

    Text that already holds Traditional characters is left as written for 繁體 readers: s2hk
    would otherwise "convert" characters that are valid in Traditional text too (范 → 範).
    """
    if not text or not script:
        return text
    if script == "hans":
        return opencc_convert("hk2s", text)
    if opencc_convert("hk2s", text) != text:
        return text  # already Traditional (or mixed with Traditional): as written
    return opencc_convert("s2hk", text)


def lang_of(text: str) -> str:
    """The HTML ``lang`` of Chinese text as written: Traditional characters → zh-Hant."""
    return "zh-Hant" if opencc_convert("hk2s", text) != text else "zh-Hans"


class ReaderText(str):
    """A ``str`` shown in the reader's script that remembers the text as written."""

    original: str

    def __new__(cls, shown: str, original: str) -> ReaderText:
        obj = super().__new__(cls, shown)
        obj.original = original
        return obj

    @property
    def converted(self) -> bool:
        return str(self) != self.original

    def __reduce__(self):  # pickles (cache) as the pair
        return (ReaderText, (str(self), self.original))


def for_reader(value: Any, language: str | None = None) -> Any:
    """``value`` in the reader's script (a ``ReaderText``); non-text values unchanged."""
    if isinstance(value, ReaderText):
        value = value.original
    if not isinstance(value, str) or not value or not _enabled.get():
        return value
    if isinstance(value, SafeString):
        return value  # HTML made by code: converting could touch markup; leave it
    return ReaderText(to_script(value, script_of(language)), value)


def shown(value: Any, language: str | None = None) -> str:
    """``value`` as a reader of ``language`` (default: the active one) should see it, even where
    text is otherwise kept as written (the API's display fields)."""
    text = str(original_of(value) or "")
    return to_script(text, script_of(language))


def original_of(value: Any) -> Any:
    """The text as written (for a ``ReaderText``), else the value itself."""
    return value.original if isinstance(value, ReaderText) else value


def reading_enabled() -> bool:
    return _enabled.get()


@contextlib.contextmanager
def as_written() -> Iterator[None]:
    """Inside: ``Translated`` fields and ``|reader`` return the text as written."""
    token = _enabled.set(False)
    try:
        yield
    finally:
        _enabled.reset(token)


class ReadingMiddleware:
    """The API and the admin work with the text as written (clients and staff edit the data)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        parts = request.path_info.split("/", 3)
        if (len(parts) > 1 and parts[1] == "api") or (len(parts) > 2 and parts[2] == "admin"):
            with as_written():
                return self.get_response(request)
        return self.get_response(request)


# ---- search-result highlighting across scripts ------------------------------------------------
_TERM = re.compile(r"\S+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _fold_char(ch: str) -> str:
    """One character's search key: NFKC, lower case, Simplified (length 1 where possible)."""
    folded = unicodedata.normalize("NFKC", ch).lower()
    if len(folded) != 1:
        return ch.lower()
    simple = opencc_convert("hk2s", folded)
    return simple if len(simple) == 1 else folded


def fold_positions(text: str) -> str:
    """A key string of the same length as ``text`` (position i ↔ text[i]) for matching.

    Whole-text hk2s when it keeps the length (phrase conversions are right more often);
    otherwise character by character, so positions always map back to the text as shown."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if len(folded) == len(text):
        simple = opencc_convert("hk2s", folded)
        if len(simple) == len(text):
            return simple
    return "".join(_fold_char(ch) for ch in text)


def _query_needles(query: str) -> list[str]:
    needles: list[str] = []
    for term in _TERM.findall(query or "")[:20]:
        key = fold_positions(term[:60]).strip()
        if not key or (len(key) == 1 and not _CJK.match(key)):
            continue  # one Latin letter would mark half the page
        needles.append(key)
    return needles


def _spans(key: str, needles: list[str]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for needle in needles:
        hits = [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), key)]
        if not hits and len(needle) > 2 and _CJK.search(needle):
            # Words typed together (觀塘電子): mark the pieces the text has.
            for i in range(len(needle) - 1):
                piece = needle[i:i + 2]
                if _CJK.match(piece[0]) and _CJK.match(piece[1]):
                    hits += [(m.start(), m.start() + 2) for m in re.finditer(re.escape(piece), key)]
        found += hits
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: Any, query: str | None) -> SafeString:
    """``text`` escaped, with the query's terms in ``<mark>`` whatever script either is written in."""
    shown = "" if text is None else str(text)
    needles = _query_needles(query or "")
    if not shown or not needles:
        return mark_safe(escape(shown))  # noqa: S308 - escaped
    spans = _spans(fold_positions(shown), needles)
    out, pos = [], 0
    for start, end in spans:
        out.append(escape(shown[pos:start]))
        out.append(f"<mark>{escape(shown[start:end])}</mark>")
        pos = end
    out.append(escape(shown[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped
