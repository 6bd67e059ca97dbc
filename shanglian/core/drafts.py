"""Machine drafts of translated content: the 简体 draft of a 繁體 master text.

OpenCC ``hk2s`` (characters) followed by our HK → Mainland vocabulary (``shanglian.text``:
資訊科技 → 信息技术, 網上 → 线上 …). The result is a *draft* for an editor to correct, never
published unseen. Markup (Markdown, HTML tags, URLs) is left alone: only CJK text changes.
"""

from __future__ import annotations

import re

from shanglian.text.script import to_simplified
from shanglian.text.vocabulary import fold

# Runs of CJK text (with CJK punctuation); everything else (tags, URLs, Latin words) stays as written.
_CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def simplified_draft(text: str | None) -> str:
    if not text:
        return ""
    return _CJK_RUN.sub(lambda m: fold(to_simplified(m.group(0))), text)
