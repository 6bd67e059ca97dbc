"""Synthesis of 4,000 free-text answers: embedding (the shipped USE-m3 model) + clustering.

    .venv/bin/python bench/consultations_synthesis.py [--n 4000]

No database: the same ``synthesis.cluster_texts`` the synthesis page calls, on generated answers
in 繁體, 简体 and English built from ten policy themes (so the themes found can be checked).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

THEMES = {
    "rent": ["舖租太貴，希望政府寬減差餉", "租金及差餉負擔沉重，小店難以經營", "商铺租金太高，希望减免差饷",
             "Shop rents and rates are far too high for small firms"],
    "labour": ["人手不足，請放寬輸入外勞", "招聘困難，年輕人不願入行", "请放宽输入外劳，解决人手短缺",
               "We cannot hire enough staff; please expand labour importation"],
    "tax": ["希望降低利得稅", "建議提高研發開支的稅務扣減", "希望降低利得税，吸引投资",
            "Lower profits tax and bigger R&D deductions please"],
    "gba": ["大灣區通關要更便利", "希望內地與香港的跨境數據流通更方便", "大湾区通关应更便利，车辆往来更简单",
            "Make cross-border travel in the Greater Bay Area easier"],
    "finance": ["中小企融資困難，銀行收緊貸款", "希望延長百分百擔保貸款計劃", "中小企融资难，希望政府提供担保",
                "SMEs struggle to get bank loans; extend the loan guarantee scheme"],
    "digital": ["希望資助中小企數碼轉型", "網上銷售平台的支援不足", "希望资助中小企数字化转型",
                "Fund digital transformation and e-commerce for SMEs"],
    "tourism": ["旅客消費減少，零售業困難", "希望多舉辦盛事吸引旅客", "游客消费下降，零售业经营困难",
                "Tourist spending is down; hold more mega events"],
    "environment": ["廢物收費令餐飲業成本上升", "希望延遲實施膠袋及即棄餐具規管", "垃圾收费增加餐饮业成本",
                    "Waste charging raises costs for restaurants"],
    "land": ["工業用地不足，希望活化工廈", "希望放寬工廈改裝用途的限制", "工业用地不足，希望活化工厦",
             "Revitalise industrial buildings; there is not enough industrial land"],
    "talent": ["希望加強職業培訓及年輕人創業支援", "吸引海外人才來港", "加强职业培训，支持青年创业",
               "Attract talent and support young entrepreneurs"],
}
OPENERS = ["", "我認為", "本公司認為", "作為會員，", "坦白說，", "我们认为", "In our view, ", "Frankly, "]
CLOSERS = ["", "。", "，謝謝。", "，否則很多公司會結業。", "，政府應盡快處理。", "，请尽快处理。", ". Thank you.", "."]


DETAILS = ["本公司有 %d 名員工", "我們經營了 %d 年", "我们有 %d 名员工", "We employ %d people", "營業額下跌 %d%%"]


def answers(n: int, seed: int = 1) -> list[tuple[int, str, str]]:
    """n distinct answers (a detail with a number makes each one unique, so nothing is embedded
    only once for several answers)."""
    rng = random.Random(seed)
    out: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    while len(out) < n:
        theme = rng.choice(list(THEMES))
        text = (rng.choice(OPENERS) + rng.choice(THEMES[theme]) + "；" + rng.choice(DETAILS) % rng.randint(2, 900)
                + rng.choice(CLOSERS))
        if text not in seen:
            seen.add(text)
            out.append((len(out), theme, text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=4000)
    args = parser.parse_args()
    from shanglian.consultations.synthesis import cluster_texts, embed_unique
    from shanglian.text.embed import shared_model

    rows = answers(args.n)
    t0 = time.perf_counter()
    shared_model()
    t_load = time.perf_counter() - t0
    t1, c1 = time.perf_counter(), time.process_time()
    vectors = embed_unique([t for _i, _th, t in rows])
    t_embed, c_embed = time.perf_counter() - t1, time.process_time() - c1
    t2, c2 = time.perf_counter(), time.process_time()
    themes = cluster_texts([(i, t) for i, _th, t in rows], vectors=vectors)
    t_cluster, c_cluster = time.perf_counter() - t2, time.process_time() - c2
    truth = {i: th for i, th, _t in rows}
    purity = sum(Counter(truth[m] for m in t.members).most_common(1)[0][1] for t in themes) / len(rows)
    print(f"answers {len(rows)}  themes {len(themes)}  purity {purity:.2f}")
    print(f"model load {t_load:.1f} s  embed {t_embed:.1f} s  cluster {t_cluster:.2f} s  "
          f"total (embed + cluster) {t_embed + t_cluster:.1f} s wall")
    print(f"CPU time of this process: embed {c_embed:.1f} s  cluster {c_cluster:.2f} s "
          f"(2 BLAS threads; on an idle 2-core machine wall ≈ CPU / 2)")
    print("load average", Path("/proc/loadavg").read_text().strip(), "cpus", os.cpu_count())
    for t in themes[:12]:
        print(f"  {t.size:5d}  {t.quotes[0][1][:40]}")


if __name__ == "__main__":
    main()
