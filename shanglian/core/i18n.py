"""The one pattern for translated database content.

A translatable field ``title`` is stored as one column per language — ``title_zh_hant``,
``title_zh_hans``, ``title_en`` — and read through ``Translated("title")``, which returns the
text for the active language, falling back to the others, converted to the reader's script
(``core.reading``: s2hk for 繁體 readers, hk2s for 简体 readers; the value is a ``ReaderText``
whose ``.original`` is the text as written). Names that exist as a Chinese and an English
original (enterprise names) use the suffixes ("zh", "en") with the same descriptor.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language

from shanglian.core.reading import for_reader

LANGS = ("zh_hant", "zh_hans", "en")
FALLBACKS: dict[str, tuple[str, ...]] = {
    "zh-hant": ("zh_hant", "zh", "zh_hans", "en"),
    "zh-hans": ("zh_hans", "zh", "zh_hant", "en"),
    "en": ("en", "zh_hant", "zh", "zh_hans"),
}


def language_suffixes(language: str | None = None) -> tuple[str, ...]:
    lang = (language or get_language() or "zh-hant").lower()
    if lang.startswith("en"):
        return FALLBACKS["en"]
    if lang in ("zh-hans", "zh-cn", "zh-sg"):
        return FALLBACKS["zh-hans"]
    return FALLBACKS["zh-hant"]


def pick(obj: Any, base: str, language: str | None = None) -> str:
    for suffix in language_suffixes(language):
        value = getattr(obj, f"{base}_{suffix}", None)
        if value:
            return str(value)
    return ""


class Translated:
    """Descriptor: ``obj.title`` → best ``title_<lang>`` for the active language, in the reader's
    script (``pick()`` gives the column as written)."""

    def __init__(self, base: str):
        self.base = base

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return for_reader(pick(obj, self.base))


def translated_char_fields(verbose: str, max_length: int = 200, required: str = "zh_hant") -> dict[str, models.Field]:
    """Three CharFields for a translatable text; only ``required`` must be filled."""
    from django.utils.translation import gettext_lazy as _

    labels = {"zh_hant": _("繁體"), "zh_hans": _("简体"), "en": _("English")}
    return {
        lang: models.CharField(
            f"{verbose} ({labels[lang]})", max_length=max_length, blank=lang != required
        )
        for lang in LANGS
    }
