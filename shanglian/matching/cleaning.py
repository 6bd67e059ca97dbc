"""Validation and cleaning of what members type: no markup kept, no empty or absurd posts."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from shanglian.text.script import to_simplified

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
# Letters or digits of any script; emoji and symbols are not "words".
_WORDY = re.compile(r"[^\W_]", re.UNICODE)
_SPACES = re.compile(r"[ \t\u3000]+")
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def clean_text(value: str | None) -> str:
    """Strip tags (keeping their text), control characters and runs of spaces."""
    text = strip_tags(value or "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def word_count(text: str) -> int:
    return len(_WORDY.findall(text))


def detect_language(text: str) -> str:
    """zh-hant, zh-hans or en: the script the author wrote in (stored, never converted)."""
    cjk = _CJK.findall(text)
    if len(cjk) < max(2, len(_LATIN.findall(text)) // 6):
        return "en"
    han = "".join(cjk)
    return "zh-hans" if to_simplified(han) == han else "zh-hant"


def validate_post_text(title: str, description: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("請填寫標題。")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("標題最多 %(max)s 字。") % {"max": TITLE_MAX}]
    elif word_count(title) < 2:
        errors["title"] = [_("標題須包含文字（不能只有符號或表情）。")]
    if not description:
        errors["description"] = [_("請填寫內容。")]
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = [_("內容最多 %(max)s 字（現有 %(n)s 字）。") % {"max": DESCRIPTION_MAX,
                                                                         "n": len(description)}]
    elif word_count(description) < 5:
        errors["description"] = [_("請用文字描述你的商機（至少 5 個字）。")]
    return errors
