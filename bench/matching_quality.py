"""Match quality on the evaluation set: recall@10 and MRR, lexical vs dense vs hybrid.

    .venv/bin/python bench/matching_quality.py                 # the configured model (use-m3)
    .venv/bin/python bench/matching_quality.py --model minilm-l6 --model use-m3
    .venv/bin/python bench/matching_quality.py --tune          # grid search for engine/weights.py

Set: tests/matching/data/matching_eval.json (bench/_matching_evalgen.py makes it). Every
(query, relevant) pair is counted as same-script (both sides written in the same script),
cross-script (繁 ↔ 简) or cross-language (Chinese ↔ English). No database needed.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "matching" / "data" / "matching_eval.json"
QUICK_ARGS: list[str] = []
TODAY = datetime.date(2026, 11, 25)


def pair_class(a: str, b: str) -> str:
    if a == b:
        return "same-script"
    if "en" in (a, b):
        return "cross-language"
    return "cross-script"


def load(model: str):
    from shanglian.core.reference_data import INDUSTRIES, PLACES
    from shanglian.matching.engine import Corpus, Doc
    from shanglian.matching.engine.corpus import text_parts
    from shanglian.matching.engine.embed import get_embedder

    data = json.loads(DATA.read_text(encoding="utf-8"))
    ids: dict[str, int] = {}
    parent: dict[int, int | None] = {}
    for code, _h, _s, _e, children in INDUSTRIES:
        ids[code] = len(ids) + 1
        parent[ids[code]] = None
        for ccode, *_rest in children:
            ids[ccode] = len(ids) + 1
            parent[ids[ccode]] = ids[code]
    place_kind = {row[0]: kind for kind, row in PLACES}
    embedder = get_embedder(model)
    items = data["items"]
    started = time.perf_counter()
    vectors = embedder.encode([f"{it['title']}\n{it['description']}" for it in items])
    embed_s = time.perf_counter() - started
    docs = {}
    for it, vec in zip(items, vectors, strict=True):
        from shanglian.text import index_text

        tokens = [t for t in index_text(*text_parts(it["title"], it["description"], "")).split()
                  if len(t) > 1 or t.isascii()]
        ind = ids[it["industry"]] if it["industry"] else None
        docs[it["id"]] = Doc(
            id=it["id"], kind=it["kind"], subtype=it["subtype"], enterprise_id=it["enterprise"],
            text=f"{it['title']}\n{it['description']}", industry=ind, industry_parent=parent.get(ind),
            places={p: place_kind.get(p, "") for p in it["places"]}, regions=tuple(it["regions"]),
            published=TODAY - datetime.timedelta(days=it["age_days"]), tokens=tokens, vector=vec,
            language=it["language"])
    corpus = Corpus()
    corpus.add(docs.values())
    return data, docs, corpus, embed_s


def evaluate(data, docs, corpus, weights: dict[str, float], queries: set[int] | None = None) -> dict:
    lang = {i["id"]: i["language"] for i in data["items"]}
    sums: dict[str, list[float]] = {}
    opposite = {"offer": ("need",), "need": ("offer",)}
    for j in data["judgements"]:
        q = j["query"]
        if queries is not None and q not in queries:
            continue
        ranked = [s.doc.id for s in corpus.rank(docs[q], kinds=opposite[docs[q].kind], top=100, today=TODAY,
                                                 weights=weights)]
        by_class: dict[str, list[int]] = {}
        for r in j["relevant"]:
            by_class.setdefault(pair_class(lang[q], lang[r]), []).append(r)
        by_class["overall"] = list(j["relevant"])
        for cls, rel in by_class.items():
            # Per class, the relevant items of the other classes are taken out of the ranking, so
            # each class is judged on its own (not penalised for the others ranking first).
            others = set(j["relevant"]) - set(rel)
            ranked_c = [d for d in ranked if d not in others]
            top10 = set(ranked_c[:10])
            recall = sum(1 for r in rel if r in top10) / len(rel)
            first = next((i for i, d in enumerate(ranked_c) if d in set(rel)), None)
            mrr = 1.0 / (first + 1) if first is not None else 0.0
            sums.setdefault(cls, [0.0, 0.0, 0])
            sums[cls][0] += recall
            sums[cls][1] += mrr
            sums[cls][2] += 1
    return {cls: (v[0] / v[2], v[1] / v[2], v[2]) for cls, v in sums.items()}


CLASSES = ["overall", "same-script", "cross-script", "cross-language"]


def table(rows: list[tuple[str, dict]]) -> None:
    print(f"{'ranker':34s}" + "".join(f"{c:>22s}" for c in CLASSES))
    print(f"{'':34s}" + "".join(f"{'R@10':>11s}{'MRR':>11s}" for _ in CLASSES))
    for name, res in rows:
        print(f"{name:34s}" + "".join(f"{res[c][0]:11.3f}{res[c][1]:11.3f}" if c in res else " " * 22
                                      for c in CLASSES))


def proposed_table(data, docs, corpus) -> None:
    """What a user is actually shown: per query language, the share of relevant pairs that are
    proposed (in the top TOP_OPPORTUNITIES and at or above MIN_SCORE), and the share of queries
    with at least one relevant counterpart in the OTHER language proposed."""
    from shanglian.matching.engine.weights import MIN_SCORE, TOP_OPPORTUNITIES

    lang = {i["id"]: ("en" if i["language"] == "en" else "zh") for i in data["items"]}
    opposite = {"offer": ("need",), "need": ("offer",)}
    from shanglian.matching.engine import Corpus

    print(f"\nproposed to the user (top {TOP_OPPORTUNITIES}, score >= {MIN_SCORE}):")
    for calibrated in (False, True):
        Corpus.calibrated = calibrated
        pairs: dict[str, list[int]] = {}
        queries: dict[str, list[int]] = {}
        for j in data["judgements"]:
            q = docs[j["query"]]
            shown = {s.doc.id for s in corpus.rank(q, kinds=opposite[q.kind], top=TOP_OPPORTUNITIES, today=TODAY)
                     if s.score >= MIN_SCORE}
            other = [r for r in j["relevant"] if lang[r] != lang[q.id]]
            for r in j["relevant"]:
                pairs.setdefault(f"{lang[q.id]}->{lang[r]}", []).append(int(r in shown))
            if other:
                queries.setdefault(lang[q.id], []).append(int(any(r in shown for r in other)))
        cells = "  ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(pairs.items()))
        qcells = "  ".join(f"{k} queries with an other-language match {sum(v)}/{len(v)}"
                           for k, v in sorted(queries.items()))
        print(f"  {'calibrated' if calibrated else 'raw':11s} relevant pairs proposed: {cells}; {qcells}")
    Corpus.calibrated = True


def tune(data, docs, corpus) -> dict[str, float]:
    """Grid search on the odd-numbered queries; the even ones are held out."""
    dev = {j["query"] for j in data["judgements"] if j["query"] % 2}
    test = {j["query"] for j in data["judgements"] if not j["query"] % 2}
    best, best_w = -1.0, {}
    for lex, dense, ind, comp, mkt in itertools.product(
            (0.05, 0.1, 0.15, 0.2, 0.3), (0.5, 0.65, 0.8), (0.0, 0.04, 0.08, 0.15), (0.0, 0.04), (0.0, 0.03)):
        w = {"lexical": lex, "dense": dense, "industry": ind, "category": 0.04, "complement": comp,
             "market": mkt, "fresh": 0.01}
        res = evaluate(data, docs, corpus, w, dev)
        score = res["overall"][1] + res["overall"][0]
        if score > best:
            best, best_w = score, w
    held = evaluate(data, docs, corpus, best_w, test)
    print("best on dev half:", best_w, f"(dev R@10+MRR {best:.3f})")
    print(f"held-out half: R@10 {held['overall'][0]:.3f}  MRR {held['overall'][1]:.3f}")
    return best_w


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", default=[])
    parser.add_argument("--tune", action="store_true")
    args = parser.parse_args(argv)
    from shanglian.matching.engine import Corpus
    from shanglian.matching.engine.weights import WEIGHTS

    for model in args.model or ["use-m3"]:
        data, docs, corpus, embed_s = load(model)
        n_pairs = {}
        lang = {i["id"]: i["language"] for i in data["items"]}
        for j in data["judgements"]:
            for r in j["relevant"]:
                c = pair_class(lang[j["query"]], lang[r])
                n_pairs[c] = n_pairs.get(c, 0) + 1
        print(f"\nmodel {model}: {len(data['items'])} opportunities, {len(data['judgements'])} queries, "
              f"pairs {n_pairs}; embedding took {embed_s:.1f}s")
        structure = {k: v for k, v in WEIGHTS.items() if k not in ("lexical", "dense")}
        # The single components raw (calibration would impute the lexical part across languages).
        Corpus.calibrated = False
        rows = [
            ("lexical (BM25)", evaluate(data, docs, corpus, {"lexical": 1.0})),
            (f"dense ({model})", evaluate(data, docs, corpus, {"dense": 1.0})),
            ("hybrid, not calibrated", evaluate(data, docs, corpus, WEIGHTS)),
        ]
        Corpus.calibrated = True
        rows += [
            ("lexical + dense (calibrated)", evaluate(data, docs, corpus, {"lexical": WEIGHTS["lexical"],
                                                                           "dense": WEIGHTS["dense"]})),
            ("hybrid (engine/weights.py)", evaluate(data, docs, corpus, WEIGHTS)),
            ("structure only (no text)", evaluate(data, docs, corpus, structure)),
        ]
        proposed_table(data, docs, corpus)
        table(rows)
        if args.tune:
            tune(data, docs, corpus)


if __name__ == "__main__":
    main(sys.argv[1:])
