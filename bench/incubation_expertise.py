"""Expertise scoring cost (issue 15): 1,000 applications × 60 reviewers through the matching
engine's sentence model (``incubation.expertise.match`` → ``matching.similarity``), tags drawn
from a 繁/简/EN vocabulary, then CP-SAT on the resulting matrix.

    DJANGO_SETTINGS_MODULE=shanglian.settings .venv/bin/python bench/incubation_expertise.py

Prints wall and CPU seconds for the first call (model load + embedding), a second call (terms
remembered), the reasons of the chosen pairs, and the solver. Needs no database.
"""

from __future__ import annotations

import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")

import django  # noqa: E402

django.setup()

from shanglian.incubation import expertise  # noqa: E402
from shanglian.incubation.assign import solve  # noqa: E402

VOCAB = [
    "人工智能", "人工智慧", "artificial intelligence", "机器学习", "machine learning", "金融科技", "fintech",
    "支付", "payments", "跨境物流", "物流", "logistics", "供應鏈", "supply chain", "生物科技", "biotech",
    "醫療器材", "medical devices", "新能源", "renewable energy", "電子商務", "电子商务", "e-commerce",
    "智慧城市", "smart city", "教育科技", "edtech", "文化創意", "creative industries", "區塊鏈", "blockchain",
]


def main() -> None:
    rng = random.Random(1)
    apps = [expertise.Profile(rng.sample(VOCAB, rng.randint(1, 3))) for _ in range(1000)]
    revs = [expertise.Profile(rng.sample(VOCAB, rng.randint(2, 4))) for _ in range(60)]
    for label in ("first (model load + embedding)", "second (terms remembered)"):
        w, c = time.perf_counter(), time.process_time()
        m = expertise.match(apps, revs)
        print(f"{label}: wall {time.perf_counter() - w:.2f} s, cpu {time.process_time() - c:.2f} s")
    w, c = time.perf_counter(), time.process_time()
    _ = [m.reasons(i, j) for i in range(1000) for j in range(3)]
    print(f"reasons for 3,000 pairs: wall {time.perf_counter() - w:.2f} s, cpu {time.process_time() - c:.2f} s")
    conflicts = {(rng.randrange(1000), rng.randrange(60)) for _ in range(1200)}
    r = solve(n_applications=1000, n_reviewers=60, k=3, match=m.scores.tolist(), conflicts=conflicts, time_limit=9)
    print(f"solver: {r.status} ({r.solver}) objective {r.objective:.0f} bound {r.bound:.0f} gap {r.gap:.4%} "
          f"in {r.seconds:.2f} s; mean match of chosen pairs {r.objective / 3000:.1f}")
    for i, j in r.pairs[:3]:
        print(f"  application {apps[i].terms} ← reviewer {revs[j].terms}: {m.scores[i][j]} {m.reasons(i, j)}")


if __name__ == "__main__":
    main()
