"""Build shanglian/text/data/zhconv_terms.tsv: HK ↔ Mainland word pairs from MediaWiki's
conversion tables (as shipped in the zhconv-rs package), for query-time expansion.

Run by hand when zhconv-rs is upgraded (the result is committed; nothing runs at start-up):

    .venv/bin/pip install zhconv-rs==0.4.2
    .venv/bin/python scripts/build_zhconv_terms.py

Method: every word of jieba's dictionary (Simplified) is converted to zh-hk by MediaWiki's
tables, and its character-level HK form (OpenCC s2hk) to zh-cn. Where the result differs from
plain character conversion (compared after OpenCC hk2s), the two forms are a regional word pair
(冰淇淋 ↔ 雪糕, 应用程序 ↔ 應用程式). Pairs that differ only by variant characters (锺/鍾,
着/著, 姐/姊) or by proper names the tables respell are dropped by the filters below.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "shanglian" / "text" / "data" / "zhconv_terms.tsv"


def main() -> int:
    import jieba
    import opencc
    import zhconv_rs as z

    hk2s = opencc.OpenCC("hk2s")
    s2hk = opencc.OpenCC("s2hk")
    dict_file = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    words = []
    for line in dict_file.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        # Proper names (nr, ns, nt, nz) are respelled by the tables, not regional words.
        if len(parts) >= 3 and parts[2] in {"nr", "nrt", "nrfg", "ns", "nz", "nt"}:
            continue
        if parts and 2 <= len(parts[0]) <= 6:
            words.append(parts[0])

    def variant(a: str, b: str) -> bool:
        return a == b or z.zhconv(a, "zh-cn") == b or z.zhconv(b, "zh-hk") == a or \
            z.zhconv(b, "zh-tw") == a or hk2s.convert(a) == hk2s.convert(b) or \
            z.zhconv(a, "zh-cn") == z.zhconv(b, "zh-cn")

    def regional(hk: str, cn: str) -> bool:
        hs, cs = hk2s.convert(hk), hk2s.convert(cn)
        if hs == cs:
            return False
        # Not a regional pair when only variant characters differ.
        return not (len(hs) == len(cs) and all(variant(a, b) for a, b in zip(hk, cn, strict=True)))

    pairs: dict[tuple[str, str], None] = {}
    for word in words:
        hk = z.zhconv(word, "zh-hk")
        if regional(hk, word):
            pairs[(hk, word)] = None
        trad = s2hk.convert(word)
        cn = z.zhconv(trad, "zh-cn")
        # The zh-cn table also holds Taiwan → Mainland rules: only keep pairs whose HK side
        # MediaWiki itself writes that way in zh-hk.
        if regional(trad, cn) and z.zhconv(cn, "zh-hk") == trad:
            pairs[(trad, cn)] = None
    rows = sorted(pairs)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["hk", "mainland"])
        writer.writerows(rows)
    print(f"{len(rows)} pairs → {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
