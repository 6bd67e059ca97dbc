"""Regional vocabulary folding: HK and Mainland terms meet, and folding stays idempotent even
when terms are written next to each other (a fold must never create a new foldable term)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shanglian.text import index_tokens, normalise, query_terms, vocabulary
from shanglian.text.vocabulary import TermPair, shipped_pairs

SAMPLE = [
    TermPair("的士", "出租车", "taxi"), TermPair("巴士", "公交车", "bus"), TermPair("士多", "便利店", "store"),
    TermPair("資訊科技", "信息技术", "IT"), TermPair("軟件", "软件", "software"), TermPair("單車", "自行车", "bicycle"),
    TermPair("私家車", "私家车", "private car"), TermPair("按揭", "房贷", "mortgage"),
    TermPair("質素", "质量", "quality"),
    TermPair("車", "汽车", "car"),  # short keys overlapping longer ones
    TermPair("車行", "车店", ""),  # synthetic: 的士行 → 出租车行 makes a new term across the fold's edge
]


def matches(document: str, query: str) -> bool:
    tokens = index_tokens(document)
    return all(any(t.startswith(q.token) for t in tokens) if q.prefix else q.token in tokens
               for q in query_terms(query))


@pytest.fixture
def sample_vocabulary():
    previous = vocabulary._extra
    vocabulary.set_extra_pairs([*previous, *SAMPLE])
    yield SAMPLE
    vocabulary.set_extra_pairs(previous)


def concatenations(terms: list[str]):
    filler = st.text(alphabet=st.sampled_from("多車士的軟件資訊科技行公司香港 ab"), max_size=3)
    return st.lists(st.one_of(st.sampled_from(terms), filler), min_size=1, max_size=8).map("".join)


SAMPLE_TEXT = concatenations([w for p in SAMPLE for w in (p.hk, p.mainland)])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=SAMPLE_TEXT)
def test_folding_is_idempotent_with_adjacent_terms(sample_vocabulary, text):
    once = normalise(text)
    assert normalise(once) == once


@pytest.mark.parametrize(("document", "query"), [
    ("東區的士車行", "出租车"), ("出租车公司", "的士"), ("資訊科技顧問", "信息技术"), ("巴士站旁士多", "便利店"),
])
def test_sample_terms_meet(sample_vocabulary, document, query):
    assert matches(document, query)


def test_shipped_table_has_at_least_200_pairs():
    pairs = shipped_pairs()
    assert len(pairs) >= 200
    assert len({p.hk for p in pairs}) == len(pairs), "duplicate HK terms"


def test_every_shipped_pair_meets_both_ways():
    failing = [(p.hk, p.mainland) for p in shipped_pairs()
               if not (matches(p.hk, p.mainland) and matches(p.mainland, p.hk))]
    assert not failing, f"pairs that do not find each other: {failing[:20]}"


SHIPPED_TEXT = concatenations([w for p in shipped_pairs() for w in (p.hk, p.mainland)] or ["的士"])


@settings(max_examples=300, deadline=None)
@given(text=SHIPPED_TEXT)
def test_shipped_folding_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


def test_opencc_taiwan_phrases_both_ways():
    from shanglian.text.script import phrase_variants

    assert "晶片" in phrase_variants("芯片") and "芯片" in phrase_variants("晶片")
    assert "塑胶" in phrase_variants("塑料")
    assert phrase_variants("电子") == set()  # only characters differ: nothing to add
