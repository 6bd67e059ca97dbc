"""Generate the matching evaluation set (tests/matching/data/matching_eval.json).

    .venv/bin/python bench/_matching_evalgen.py

Hand-written templates for real trade sectors between Hong Kong and the Mainland. Each concept
has an offer and a need side, each written three ways: Traditional Chinese with Hong Kong
vocabulary (晶片, 外判, 網上推廣 …), Simplified Chinese with Mainland vocabulary (芯片, 外包,
网络营销 …) and English — not converted from each other. Sibling concepts in the same industry
(LED lighting vs. PCB assembly vs. phone accessories) are the hard negatives. Every need's
relevant counterparts are the offers of the same concept and vice versa. Seeded: the same file
every run (the generated file is committed).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

OUT = Path(__file__).resolve().parent.parent / "tests" / "matching" / "data" / "matching_eval.json"

from shanglian.matching.demo_data import (  # noqa: E402
    COMMON_MARKETS,
    CONCEPTS,
    LANG_CODE,
    NEED_LANGS,
    OFFER_LANGS,
    PARENTS,
    render,
)


def generate(seed: int = 20261125) -> dict:
    rng = random.Random(seed)
    items, judgements = [], []
    next_id = 1
    for cid, industry, offer_sub, need_sub, markets, texts in CONCEPTS:
        sides: dict[str, list[int]] = {"offer": [], "need": []}
        for kind, langs, sub, which in (("offer", OFFER_LANGS, offer_sub, 0), ("need", NEED_LANGS, need_sub, 1)):
            for lang in langs:
                title, desc = render(rng, lang, texts[lang][which])
                # Real posters are loose with the structured fields: a quarter give only the
                # parent industry, a quarter none, and many pick markets from the usual few.
                pool = markets if rng.random() < 0.6 else COMMON_MARKETS
                chosen = rng.sample(pool, k=max(1, len(pool) - rng.randint(1, 3)) if len(pool) > 2 else 1)
                roll = rng.random()
                ind = industry if roll < 0.5 else (PARENTS.get(industry, industry) if roll < 0.75 else None)
                items.append({
                    "id": next_id, "concept": cid, "kind": kind, "subtype": sub, "language": LANG_CODE[lang],
                    "industry": ind, "title": title, "description": desc,
                    "places": [m for m in chosen if m != "hk"], "regions": ["hk"] if "hk" in chosen else [],
                    "enterprise": next_id, "age_days": rng.randint(0, 120),
                })
                sides[kind].append(next_id)
                next_id += 1
        for kind, other in (("need", "offer"), ("offer", "need")):
            for qid in sides[kind]:
                judgements.append({"query": qid, "relevant": sides[other]})
    return {"about": __doc__.split("\n\n")[0], "items": items, "judgements": judgements}


def main() -> None:
    data = generate()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(data['items'])} opportunities, {len(data['judgements'])} judgements → {OUT}")


if __name__ == "__main__":
    main()
