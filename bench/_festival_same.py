"""Festival offer search results to compare before/after a speed change: per case, the count, the
capped flag and the first 40 ids (two pages of 20, as the list reads them), written as JSON.

    .venv/bin/python bench/_festival_same.py postgres://…/h_x_search --out /tmp/before.json
    .venv/bin/python bench/_festival_same.py postgres://…/h_x_search --out /tmp/after.json --compare /tmp/before.json

Uses a database ``bench/festival_search.py`` built (its URL). The cases are that bench's 19 plus
10 queries × 7 filter sets (none, a district, a category, both, nearest first alone and with a
district or a category). ``--compare``: prints each case whose results differ, exits 1 if any."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["奶茶", "奶茶买一送一", "手机", "hotel", "茶", "折", "買一送一", "coffee", "手袋", "9 折"]
NEAR = {"sort": "distance", "lat": "22.3", "lng": "114.2"}
FILTER_SETS = {
    "": {},
    "district": {"district": "sha-tin"},
    "category": {"category": "food"},
    "category + district": {"category": "food", "district": "kwun-tong"},
    "distance": NEAR,
    "distance + district": {**NEAR, "district": "sha-tin"},
    "distance + category": {**NEAR, "category": "food"},
}


def cases() -> dict[str, dict]:
    from bench.festival_search import CASES

    out = dict(CASES)
    for q in QUERIES:
        for name, extra in FILTER_SETS.items():
            out[f"q={q} {name}".strip()] = {"q": q, **extra}
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--out", required=True)
    parser.add_argument("--compare", default="")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench._setup import django_for

    django_for(args.url)
    from shanglian.festival.selectors import OfferFilters, offer_search, sort_by_distance

    results = {}
    for label, params in cases().items():
        filters = OfferFilters.from_mapping(params)
        qs = offer_search(filters)
        if filters.by_distance:
            qs = sort_by_distance(qs, filters.lat, filters.lng)
        start = (int(params.get("page", 1)) - 1) * 20
        total = qs.count()
        ids = [o.pk for o in qs[start:start + 20]] + [o.pk for o in qs[start + 20:start + 40]]
        results[label] = {"count": total, "capped": bool(getattr(qs, "count_capped", False)), "ids": ids}
    Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=0))
    if not args.compare:
        print(f"{len(results)} cases written to {args.out}")
        return 0
    before = json.loads(Path(args.compare).read_text())
    differ = [label for label in results if before.get(label) != results[label]]
    for label in differ:
        print(f"DIFFERS {label}: before {before.get(label)}\n        after  {results[label]}")
    print(f"{len(results)} cases, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
