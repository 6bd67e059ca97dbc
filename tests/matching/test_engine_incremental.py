"""The in-memory index updated in place ranks exactly like one rebuilt from scratch."""

from __future__ import annotations

import datetime

import numpy as np

from shanglian.matching.engine import Corpus, Doc

TODAY = datetime.date(2026, 11, 25)
TEXTS = [
    ("offer", "product", "深圳电子元器件现货供应 IC芯片 电阻 电容"),
    ("offer", "capacity", "东莞针织服装加工厂承接外贸订单"),
    ("offer", "distribution", "香港冷鏈物流 急凍倉儲 送貨"),
    ("offer", "service", "CNC precision machining aluminium stainless steel"),
    ("offer", "product", "LED lighting bulbs factory direct OEM"),
    ("offer", "agency", "保健品品牌招募香港代理"),
    ("need", "sourcing", "尋找晶片及電子零件供應商 香港交貨"),
    ("need", "sourcing", "采购手机配件 手机壳 充电器 耳机"),
    ("need", "distributor", "Looking for a Hong Kong distributor of health supplements"),
    ("need", "partner", "尋找冷鏈倉儲合作夥伴"),
    ("need", "sourcing", "尋找LED燈膽供應商 每月五千件"),
    ("need", "market_entry", "Market entry to the Greater Bay Area for seafood"),
]
EXTRA = [
    (101, "offer", "product", "电子零件 芯片 分销 深圳 现货"),
    (102, "offer", "distribution", "Cold-chain storage and delivery in Hong Kong, frozen seafood"),
    (103, "offer", "product", "LED燈膽 射燈 廠家直銷 可送貨香港"),
]


def _vector(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=16).astype(np.float32)
    return v / np.linalg.norm(v)


def _doc(i: int, kind: str, subtype: str, text: str) -> Doc:
    return Doc(id=i, kind=kind, subtype=subtype, enterprise_id=1000 + i, text=text, industry=i % 3,
               places={"hk": "hk_district"} if i % 2 else {"shenzhen": "gba_city"},
               published=TODAY - datetime.timedelta(days=i), vector=_vector(i))


def _base() -> list[tuple[int, str, str, str]]:
    return [(i + 1, kind, sub, text) for i, (kind, sub, text) in enumerate(TEXTS)]


def _rankings(corpus: Corpus) -> dict[int, list[tuple[int, float]]]:
    out = {}
    for q in list(corpus.docs.values()):
        kinds = ("need",) if q.kind == "offer" else ("offer",)
        out[q.id] = [(s.doc.id, round(s.score, 5)) for s in corpus.rank(q, kinds=kinds, top=5, today=TODAY)]
    return out


def test_incremental_add_edit_remove_equals_rebuild():
    final = {i: (i, k, s, t) for i, k, s, t in _base()}
    edited = (7, "need", "sourcing", "尋找電子元器件及IC晶片供應商 深圳 香港")
    final[7] = edited
    del final[4]
    for row in EXTRA:
        final[row[0]] = row

    incremental = Corpus()
    incremental.add(_doc(*row) for row in _base())
    index = incremental.built()
    incremental.add([_doc(*row) for row in EXTRA])  # new posts appended
    incremental.add([_doc(*edited)])  # an edit replaces its row
    incremental.remove([4])  # a withdrawn post leaves
    assert incremental._built is index  # updated in place, not rebuilt
    assert index.dead == 2 and index.live == len(final)

    rebuilt = Corpus()
    rebuilt.add(_doc(*row) for row in final.values())

    assert rebuilt.built().live == index.live
    assert abs(rebuilt.built().avg_len - index.avg_len) < 1e-9
    assert _rankings(incremental) == _rankings(rebuilt)
    # The batch ranker (full recompute) agrees with the one-query ranker on the updated index.
    queries = list(incremental.docs.values())
    many = {q.id: [(s.doc.id, round(s.score, 5)) for s in res] for q, res in incremental.rank_many(
        queries, kinds_for={"offer": ("need",), "need": ("offer",)}, top=5, today=TODAY)}
    assert many == _rankings(rebuilt)


def test_retired_rows_are_compacted_eventually():
    corpus = Corpus()
    corpus.add(_doc(*row) for row in _base())
    corpus.built()
    for n in range(70):  # the same post edited many times
        corpus.add([_doc(1, "offer", "product", f"电子元器件 版本{n}")])
    assert corpus.built().dead <= 64
    assert corpus.built().live == len(TEXTS)


def test_warm_up_only_in_serving_processes():
    from shanglian.matching.warmup import is_serving

    assert is_serving(["/srv/.venv/bin/gunicorn", "shanglian.wsgi"], {})
    assert is_serving(["manage.py", "runserver", "--noreload"], {})
    assert is_serving(["manage.py", "runserver"], {"RUN_MAIN": "true"})
    assert not is_serving(["manage.py", "runserver"], {})  # the autoreloader's watcher
    assert not is_serving(["manage.py", "migrate"], {})
    assert not is_serving(["/srv/.venv/bin/pytest"], {})
    assert not is_serving(["/srv/.venv/bin/gunicorn"], {"MATCHING_WARM": "0"})
    assert is_serving(["manage.py", "shell"], {"MATCHING_WARM": "1"})
