"""The everyday Cantonese/HK ↔ Mainland ↔ English table (issue 11): every row parses and passes
the checks, and every row expands both ways, and from its English gloss, through the real query
pipeline (normalise → fold → jieba → expansion)."""

from __future__ import annotations

import pytest

from shanglian.text import vocabulary
from shanglian.text.data.check_terms import (
    CANTONESE_PATH,
    HEADER,
    TERMS_PATH,
    check_expansion,
    missing_parts,
    read_rows,
)
from shanglian.text.query import MAX_GROUPS, analyse, word_alternative
from shanglian.text.script import to_simplified

PAIRS = vocabulary.cantonese_pairs()


def reaches(text: str, word: str) -> bool:
    """The query ``text`` has ``word`` (simplified) among its groups' alternatives."""
    tokens = word_alternative(to_simplified(word)).tokens
    return any(alt.tokens == tokens for group in analyse(text).groups for alt in group.alternatives)


def test_table_parses_and_passes_its_checks():
    header, rows = read_rows(CANTONESE_PATH)
    assert header == HEADER
    assert len(rows) == len(PAIRS) >= 600
    assert check_expansion() == []


def test_no_duplicates_or_conflicts():
    keys = [to_simplified(p.hk) for p in PAIRS]
    assert len(keys) == len(set(keys))
    assert len({(p.hk, p.mainland) for p in PAIRS}) == len(PAIRS)
    assert not set(keys) & {p.mainland for p in PAIRS}  # no word on both sides


def test_compounds_have_their_parts_across_both_tables():
    assert missing_parts(TERMS_PATH, CANTONESE_PATH) == []


def test_the_checks_catch_bad_rows(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# a note\nhk\tmainland\ten\tdomain\n梳化\t沙发\tsofa\thousehold\n梳化\t沙發\tsofa\thousehold\n"
                   "巴士\t巴士\tbus\ttransport\n沙发\t长椅\tbench\tsports\n", encoding="utf-8")
    problems = "\n".join(check_expansion(bad, min_rows=1))
    assert "repeats line 3" in problems
    assert "OpenCC already unifies" in problems
    assert "unknown domain" in problems
    assert "HK word here and a Mainland word" in problems


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.hk)
def test_every_row_expands_both_ways_and_from_english(pair):
    assert reaches(pair.hk, pair.mainland), f"{pair.hk} does not reach {pair.mainland}"
    assert reaches(pair.mainland, pair.hk), f"{pair.mainland} does not reach {pair.hk}"
    for english in pair.en.split(";"):
        assert reaches(english.strip(), pair.mainland) and reaches(english.strip(), pair.hk), english


@pytest.mark.parametrize(("query", "other"), [
    ("梳化", "沙发"), ("沙發", "梳化"), ("冷衫", "毛衣"), ("运动鞋", "波鞋"), ("士多啤梨", "草莓"),
    ("猕猴桃", "奇異果"), ("電單車", "摩托车"), ("sofa", "梳化"), ("strawberry", "士多啤梨"),
    ("雪糕筒", "甜筒"),  # the query is folded first (雪糕 → 冰淇淋): the folded form is a key too
])
def test_everyday_words_meet(query, other):
    assert reaches(query, other)


def test_expansion_stays_bounded():
    for pair in PAIRS:
        for text in (pair.hk, pair.mainland):
            q = analyse(text)
            assert len(q.groups) <= MAX_GROUPS
            assert sum(len(g.alternatives) for g in q.groups) <= 40, text


def test_held_out_pairs_leave_this_table_too():
    vocabulary.set_held_out(["梳化", "沙发"])
    try:
        assert "沙发" not in vocabulary.expander().chinese("梳化")
        assert "梳化" not in vocabulary.expander().from_english("sofa")
    finally:
        vocabulary.set_held_out([])
    assert "沙发" in vocabulary.expander().chinese("梳化")
