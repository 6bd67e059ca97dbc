"""The packaged thesaurus (text/thesaurus.py): its sets reach words no table holds, as guesses only."""

from __future__ import annotations

import gzip

import pytest

from shanglian.text import cedict, thesaurus, vocabulary
from shanglian.text.query import analyse


def test_the_data_ships_with_the_code():
    with gzip.open(thesaurus.DATA, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    assert len(lines) > 20_000
    assert all(2 <= len(line.split()) <= 14 for line in lines)


@pytest.mark.parametrize(("word", "other"), [
    ("晶片", "芯片"), ("外判", "外包"), ("雪櫃", "冰箱"), ("食肆", "餐馆"), ("床褥", "床垫"), ("貨櫃", "集装箱"),
])
def test_regional_words_meet_through_their_set(word, other):
    assert other in thesaurus.synonyms(word)


def test_commonest_few_only_and_never_the_word_itself():
    found = thesaurus.synonyms("餐馆")
    assert 0 < len(found) <= thesaurus.MAX_SYNONYMS
    assert "餐馆" not in found
    assert thesaurus.synonyms("不是一个词语的字串") == set()
    assert thesaurus.synonyms("") == set()


def test_held_out_words_leave_the_thesaurus_too():
    vocabulary.set_held_out(["晶片", "芯片"])
    try:
        assert thesaurus.synonyms("晶片") == set()
        assert "芯片" not in thesaurus.synonyms("微芯片")
    finally:
        vocabulary.set_held_out([])
    assert "芯片" in thesaurus.synonyms("晶片")


def test_a_word_no_table_knows_takes_its_sets_as_guesses():
    vocabulary.set_held_out(["床褥", "床垫"])  # out of the tables, as a pair no table holds
    thesaurus.FILTER_HELD_OUT = False
    try:
        (group,) = analyse("床褥").required
    finally:
        thesaurus.FILTER_HELD_OUT = True
        vocabulary.set_held_out([])
    guesses = {a.tokens: a for a in group.alternatives[1:]}
    assert guesses[("床垫",)].weak
    assert guesses[("床垫",)].confirmable  # a set of two: a pair, may be taken for a synonym
    assert group.alternatives[0].confirmable and not group.alternatives[0].weak  # the word itself


def test_only_a_small_set_makes_a_pair():
    assert thesaurus.tight("床褥", "床垫")
    assert thesaurus.tight("貨櫃", "集装箱")
    assert not thesaurus.tight("美容", "美发")  # a set of six related words
    assert not thesaurus.tight("床褥", "五金")


def test_a_word_the_tables_know_is_left_to_the_tables():
    (group,) = analyse("的士").required
    assert all(a.confirmable for a in group.alternatives)


def test_switched_off():
    thesaurus.set_enabled(False)
    try:
        assert thesaurus.synonyms("晶片") == set()
    finally:
        thesaurus.set_enabled(True)



def test_words_cc_cedict_glosses_apart_are_left_out():
    # The set [活动, 游戏] is in the thesaurus; "activity" and "game; play" share no word.
    assert "活动" not in thesaurus.synonyms("游戏")
    assert cedict.disagree("业务员", "业务")  # "salesperson", "business"
    assert not cedict.disagree("晶片", "芯片")  # "chip"
    assert not cedict.disagree("外判", "外包")  # 外判 is not glossed: nothing to disagree with
