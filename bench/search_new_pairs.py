"""Regional pairs no table holds, tried as the owners try them: one record with one word, a query with the other.

    .venv/bin/python bench/search_new_pairs.py            # on the search eval's demo set (built by search_eval.py)

Every pair of ``PAIRS`` is held out of every table and the thesaurus first (as the evaluation
holds out its own), so what is measured is how a pair no table holds is found. For each pair and
each direction, one directory record is written with one word (繁 for a HK word, 简
for a Mainland one: "專營雪櫃批發及零售"), indexed among the demo set's 1,200 enterprises, and
the other word is searched; the check passes when the record is in the first ten. Three runs:
everything, without the nearest words (core.search_words), and words only (no sentence model).
The pairs are written from general knowledge of HK and Mainland usage, not taken from the
evaluation's held-out list (pairs it holds are left out; most of these are in our tables).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

PAIRS = [
    ("的士", "出租车"), ("單車", "自行车"), ("士多", "小卖部"), ("寫字樓", "办公楼"), ("電單車", "摩托车"),
    ("保險箱", "保险柜"), ("屋邨", "小区"), ("影印機", "复印机"), ("雪糕", "冰淇淋"), ("薯仔", "土豆"),
    ("士多啤梨", "草莓"), ("車厘子", "樱桃"), ("提子", "葡萄"), ("牛油", "黄油"), ("芝士", "奶酪"),
    ("多士", "吐司"), ("沙律", "沙拉"), ("忌廉", "奶油"), ("粟米", "玉米"), ("青瓜", "黄瓜"),
    ("恤衫", "衬衫"), ("電芯", "电池"), ("插蘇", "插头"), ("拖板", "插线板"), ("冷氣機", "空调"),
    ("暖爐", "取暖器"), ("熱水爐", "热水器"), ("抽氣扇", "排气扇"), ("匙羹", "勺子"), ("廁紙", "卫生纸"),
    ("錄影機", "录像机"), ("鎖匙", "钥匙"), ("手襪", "手套"), ("褸", "外套"), ("番梘", "肥皂"),
    ("花灑", "淋浴喷头"), ("水喉", "水龙头"), ("窗簾布", "窗帘"), ("地拖", "拖把"), ("垃圾筒", "垃圾桶"),
    ("卡板", "托盘"), ("叉車", "叉车"), ("物業管理", "物业管理"), ("按揭", "抵押贷款"), ("外賣", "外卖"),
    ("揸車", "开车"), ("泊車", "停车"), ("貨車", "货车"), ("巴士", "公交车"), ("隧道", "隧道"),
]


def main() -> None:
    import search_eval as se

    db = se.BENCH_DIR / "search_eval.sqlite3"
    if not db.exists():
        sys.exit("build the eval set first: .venv/bin/python bench/search_eval.py")
    se._setup(f"sqlite:///{db}", ROOT)
    import opencc
    from django.db import transaction

    from shanglian.core import search
    from shanglian.text import vocabulary
    from shanglian.text.script import to_simplified

    s2hk = opencc.OpenCC("s2hk")
    held = {to_simplified(w) for w in se.held_out_words()}
    usable = [(hk, cn) for hk, cn in PAIRS
              if to_simplified(hk) != to_simplified(cn) and not {to_simplified(hk), to_simplified(cn)} & held]
    expand = vocabulary.expander().chinese
    linked = sum(1 for hk, cn in usable if to_simplified(cn) in expand(to_simplified(hk)))
    # As the evaluation does: the pairs out of every table (and the thesaurus), so that what is
    # measured is how a pair no table holds is found.
    vocabulary.set_held_out([w for pair in usable for w in pair])
    print(f"{len(usable)} pairs ({linked} of them in our tables, held out here)", flush=True)

    def run(label: str) -> None:
        found = []
        for n, (hk, cn) in enumerate(usable):
            for written, query in ((hk, cn), (s2hk.convert(cn), hk), (cn, hk), (hk, s2hk.convert(cn))):
                with transaction.atomic():
                    oid = 900_000_000 + n
                    parts = [f"{written}專門店", f"專營{written}批發及零售，{written}款式齊全"]
                    search.search_index_update(kind="enterprise", object_id=oid, parts=parts)
                    ranked = list(search.search_ranked(kind="enterprise", query=query).scores)[:10]
                    found.append((oid in ranked, written, query))
                    transaction.set_rollback(True)
                search.dense_reset()  # the rolled-back entry leaves the in-memory matrices
        ok = sum(1 for f in found if f[0])
        print(f"{label:<28} {ok}/{len(found)} = {ok / len(found):.2f}", flush=True)
        if os.environ.get("SHOW"):
            print("   missed: " + ", ".join(f"{q}→{w}" for hit, w, q in found if not hit))

    run("everything")
    from shanglian.core import search_words

    grow = search_words.with_nearest_words
    search_words.with_nearest_words = lambda kind, q, rare=None: q
    run("without nearest words")
    search_words.with_nearest_words = grow
    from django.test import override_settings

    with override_settings(SEARCH_DENSE=False):
        run("words only")


if __name__ == "__main__":
    main()
