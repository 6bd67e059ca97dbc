"""normalise(): the canonical form used for search and matching, never for display."""

from __future__ import annotations

import re
import unicodedata

from shanglian.text.script import to_simplified
from shanglian.text.vocabulary import fold

_SPACE = re.compile(r"\s+")


def normalise(text: str | None, *, vocabulary: bool = True) -> str:
    """NFKC → lower-case → OpenCC hk2s → regional vocabulary → collapsed spaces.

    Idempotent: normalise(normalise(x)) == normalise(x). ``vocabulary=False`` skips the
    regional vocabulary (the text as written, only script-folded).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    # Drop control and unassigned characters; keep letters, marks, numbers, punctuation, symbols.
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = text.lower()
    # OpenCC is not idempotent on a few chains (薴 → 苧 → 苎): convert until stable.
    for _ in range(3):
        simplified = to_simplified(text)
        if simplified == text:
            break
        text = simplified
    text = unicodedata.normalize("NFKC", text).lower()
    # A fold can make a new term across its edge (的士行 → 出租车行, where 车行 is a term too):
    # fold until stable so normalising twice changes nothing.
    for _ in range(3 if vocabulary else 0):
        folded = fold(text)
        if folded == text:
            break
        text = folded
    return _SPACE.sub(" ", text).strip()
