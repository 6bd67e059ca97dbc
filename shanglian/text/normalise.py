"""normalise(): the canonical form used for search and matching, never for display."""

from __future__ import annotations

import re
import unicodedata

from shanglian.text.script import to_simplified
from shanglian.text.vocabulary import fold

_SPACE = re.compile(r"\s+")


def normalise_script(text: str | None) -> str:
    """NFKC → lower-case → OpenCC hk2s → collapsed spaces (no vocabulary folding)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    # Control, format and unassigned characters become spaces; everything else is kept.
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = to_simplified(text.lower())
    text = unicodedata.normalize("NFKC", text).lower()
    return _SPACE.sub(" ", text).strip()


def normalise(text: str | None) -> str:
    """normalise_script, then the regional vocabulary folded onto Mainland terms.

    Idempotent: normalise(normalise(x)) == normalise(x).
    """
    return _SPACE.sub(" ", fold(normalise_script(text))).strip()
