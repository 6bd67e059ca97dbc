"""Per-language-pair calibration of the match score (prints weights.CALIBRATION).

    .venv/bin/python bench/matching_calibrate.py

On the evaluation set (tests/matching/data/matching_eval.json), every query is ranked against
every counterpart with the RAW components; the pairs judged NOT relevant are the background.
For each language pair (zh–zh, en–en, en–zh) it prints the background mean and spread of the
dense cosine and of the lexical score, and the correlation of the two on zh–zh pairs: the
numbers in shanglian/matching/engine/weights.py (CALIBRATION, LEXICAL_FROM_DENSE). Only the
background is used, not the relevant pairs, so the calibration does not learn the answers.
It then shows the relevant pairs' scores per language pair before and after calibration.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def collect(corpus, data, docs, today) -> dict:
    lang = {it["id"]: ("en" if it["language"] == "en" else "zh") for it in data["items"]}
    relevant = {(j["query"], r) for j in data["judgements"] for r in j["relevant"]}
    opposite = {"offer": ("need",), "need": ("offer",)}
    out: dict[str, dict[str, list[float]]] = {}
    for j in data["judgements"]:
        q = docs[j["query"]]
        for s in corpus.rank(q, kinds=opposite[q.kind], top=len(docs), today=today):
            pair = "-".join(sorted((lang[q.id], lang[s.doc.id])))
            which = "rel" if (q.id, s.doc.id) in relevant else "bg"
            d = out.setdefault(pair, {})
            d.setdefault(f"{which}_dense", []).append(s.parts["dense"])
            d.setdefault(f"{which}_lexical", []).append(s.parts["lexical"])
            d.setdefault(f"{which}_score", []).append(s.score)
    return out


def main() -> None:
    import matching_quality as mq

    from shanglian.matching.engine import Corpus

    data, docs, corpus, _s = mq.load("use-m3")
    Corpus.calibrated = False
    raw = collect(corpus, data, docs, mq.TODAY)
    print("background (not relevant) pairs, raw components:")
    for pair, d in sorted(raw.items()):
        dense, lex = np.array(d["bg_dense"]), np.array(d["bg_lexical"])
        print(f"  {pair}: dense ({dense.mean():.3f}, {dense.std():.3f})  lexical ({lex.mean():.3f}, {lex.std():.3f})"
              f"  n={len(dense)}")
    zz = raw["zh-zh"]
    rho = float(np.corrcoef(zz["bg_dense"] + zz["rel_dense"], zz["bg_lexical"] + zz["rel_lexical"])[0, 1])
    print(f"  correlation of dense and lexical on zh-zh pairs: {rho:.2f}")
    Corpus.calibrated = True
    cal = collect(corpus, data, docs, mq.TODAY)
    print("\nrelevant pairs' scores (mean / 10th percentile / share below MIN_SCORE) raw → calibrated:")
    from shanglian.matching.engine.weights import MIN_SCORE

    for pair in sorted(raw):
        a, b = np.array(raw[pair]["rel_score"]), np.array(cal[pair]["rel_score"])
        bg_a, bg_b = np.array(raw[pair]["bg_score"]), np.array(cal[pair]["bg_score"])
        print(f"  {pair}: relevant {a.mean():.3f} / {np.percentile(a, 10):.3f} / {np.mean(a < MIN_SCORE):.1%} → "
              f"{b.mean():.3f} / {np.percentile(b, 10):.3f} / {np.mean(b < MIN_SCORE):.1%};  background mean "
              f"{bg_a.mean():.3f} → {bg_b.mean():.3f}")


if __name__ == "__main__":
    main()
