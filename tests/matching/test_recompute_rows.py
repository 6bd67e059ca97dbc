"""The full recompute's rows straight from the engine's arrays (``rank_many(rows_from=…)``) are
what the ``Scored`` path gives: same counterparts in the same order, the same rounded scores,
and reasons whose JSON text is exactly ``json.dumps`` of ``Scored.reasons``."""

from __future__ import annotations

import datetime
import json
import random

import numpy as np
import pytest

from shanglian.matching.demo_data import CONCEPTS, render
from shanglian.matching.engine import Corpus, Doc
from shanglian.matching.engine.weights import MIN_SCORE

TODAY = datetime.date(2026, 12, 1)
PLACES = {"hk-central": "hk_district", "kowloon-tong": "hk_district", "shenzhen": "gba_city",
          "dongguan": "gba_city", "macao": "macao", "shanghai": "mainland", "london": "overseas"}
INDUSTRIES = {1: None, 2: None, 11: 1, 12: 1, 21: 2, 22: 2}  # id → parent
CATEGORIES = ["", "", "", "電子零件", "电子元件 芯片", "服裝 加工", "Cold chain logistics"]
KINDS = {"offer": ("need",), "need": ("offer",)}


def _docs(n: int, seed: int) -> tuple[list[Doc], list[Doc]]:
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    centres = {c[0]: nrng.normal(size=32) for c in CONCEPTS}
    opps = []
    for i in range(1, n + 1):
        cid, _industry, offer_sub, need_sub, _mk, texts = rng.choice(CONCEPTS)
        kind = rng.choice(["offer", "need"])
        lang = rng.choice(["hant", "hans", "en"])
        title, desc = render(rng, lang, texts[lang][0 if kind == "offer" else 1])
        industry = rng.choice([None, *INDUSTRIES])
        vec = centres[cid] + nrng.normal(scale=0.6, size=32)
        category = rng.choice(CATEGORIES)
        opps.append(Doc(
            id=i, kind=kind, subtype=offer_sub if kind == "offer" else need_sub, enterprise_id=rng.randint(1, 40),
            text=f"{title}\n{desc}\n{category}".strip(), industry=industry,
            industry_parent=INDUSTRIES.get(industry) if industry else None, category=category,
            places={p: PLACES[p] for p in rng.sample(sorted(PLACES), rng.choice([0, 0, 1, 2]))},
            regions=tuple(rng.sample(["hk", "macao", "gba"], rng.choice([0, 1]))),
            published=TODAY - datetime.timedelta(days=rng.randint(0, 60)) if rng.random() < 0.9 else None,
            vector=(vec / np.linalg.norm(vec)).astype(np.float32),
            language={"hant": "zh-hant", "hans": "zh-hans", "en": "en"}[lang]))
    ents = []
    for e in range(1, 41):
        cid, _industry, _o, _n, _mk, texts = CONCEPTS[e % len(CONCEPTS)]
        title, desc = render(rng, "hant", texts["hant"][0])
        industry = rng.choice([None, *INDUSTRIES])
        vec = centres[cid] + nrng.normal(scale=0.6, size=32)
        place = rng.choice([None, *PLACES])
        ents.append(Doc(id=e, kind="enterprise", enterprise_id=e, text=f"{title} {desc}", industry=industry,
                        industry_parent=INDUSTRIES.get(industry) if industry else None,
                        places={place: PLACES[place]} if place else {},
                        vector=(vec / np.linalg.norm(vec)).astype(np.float32)))
    return opps, ents


@pytest.fixture(scope="module")
def corpora() -> tuple[Corpus, Corpus]:
    opps, ents = _docs(160, seed=5)
    a, b = Corpus(), Corpus()
    a.add(opps)
    b.add(ents)
    return a, b


def _both(corpus: Corpus, queries: list[Doc], kinds: dict, top: int, floor: float, exclude: dict):
    scored = {q.id: [(s.doc.id, round(s.score, 4), json.dumps(s.reasons)) for s in res if s.score >= floor]
              for q, res in corpus.rank_many(queries, kinds_for=kinds, top=top, today=TODAY, exclude=exclude,
                                             batch=16)}
    rows = {q.id: res for q, res in corpus.rank_many(queries, kinds_for=kinds, top=top, today=TODAY,
                                                     exclude=exclude, batch=16, rows_from=floor)}
    return scored, rows


@pytest.mark.parametrize("floor", [0.0, MIN_SCORE])
def test_rows_equal_the_scored_results(corpora, floor):
    opps, ents = corpora
    queries = list(opps.docs.values())
    exclude = {3: {4, 9}, 10: {11}}
    codes: set[str] = set()
    for corpus, kinds, top in ((opps, KINDS, 20), (ents, {"offer": ("enterprise",), "need": ("enterprise",)}, 5)):
        scored, rows = _both(corpus, queries, kinds, top, floor, exclude)
        assert scored.keys() == rows.keys() and len(rows) == len(queries)
        for qid, want in scored.items():
            assert rows[qid] == want
        codes.update(r["code"] for res in scored.values() for _i, _s, text in res for r in json.loads(text))
    if floor == 0.0:  # the data exercise every reason the rows build
        assert codes >= {"industry", "industry_related", "complement", "markets", "regions", "words", "semantic",
                         "category", "fresh"}


def test_rows_follow_an_incremental_update(corpora):
    """After posts are added, edited and removed in place, rows still equal the Scored path."""
    opps, _ents = corpora
    more, _ = _docs(200, seed=9)
    corpus = Corpus()
    corpus.add(list(opps.docs.values()))
    corpus.built()
    corpus.add([Doc(**{**d.__dict__, "id": d.id + 1000, "tokens": None}) for d in more[:30]])
    corpus.add([Doc(**{**more[40].__dict__, "id": 5, "tokens": None})])  # post 5 edited
    corpus.remove([7])
    queries = list(corpus.docs.values())
    scored, rows = _both(corpus, queries, KINDS, 20, MIN_SCORE, {})
    assert rows == scored
