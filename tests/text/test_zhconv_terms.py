"""The HK ↔ Mainland pairs taken from packaged conversion tables (scripts/build_zhconv_terms.py):
the file parses, every pair is a real word difference (not one OpenCC already unifies), and every
pair meets the other side through the real query pipeline, both ways; the search evaluation's
held-out filter removes these pairs too."""

from __future__ import annotations

import re

from shanglian.text import vocabulary
from shanglian.text.query import analyse, word_alternative
from shanglian.text.script import to_simplified

PAIRS = vocabulary.zhconv_pairs()
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,8}")


def reaches(text: str, word: str) -> bool:
    tokens = word_alternative(to_simplified(word)).tokens
    return any(alt.tokens == tokens for group in analyse(text).groups for alt in group.alternatives)


def test_table_parses_and_every_pair_is_a_word_difference():
    assert len(PAIRS) >= 350
    assert len({(p.hk, p.mainland) for p in PAIRS}) == len(PAIRS)
    for pair in PAIRS:
        assert _CJK.fullmatch(pair.hk) and _CJK.fullmatch(pair.mainland), pair
        assert to_simplified(pair.hk) != to_simplified(pair.mainland), pair  # OpenCC would unify it
        assert to_simplified(pair.mainland) == pair.mainland, pair  # the Mainland side is simplified


def test_every_pair_expands_both_ways():
    failures = [(p.hk, p.mainland) for p in PAIRS
                if not (reaches(p.hk, p.mainland) and reaches(p.mainland, p.hk))]
    assert failures == []


def test_reviewed_pairs_stay_out():
    hk_words = {p.hk for p in PAIRS}
    assert not hk_words & {"富豪", "安全形", "液晶片"}  # Volvo's HK name is also "tycoon"; fragments
    assert {"晶片", "伺服器", "流動支付", "肯雅", "滑鼠"} <= hk_words


def test_held_out_pairs_leave_this_table_too():
    vocabulary.set_held_out(["伺服器"])
    try:
        assert "服务器" not in vocabulary.expander().chinese("伺服器")
    finally:
        vocabulary.set_held_out([])
    assert "服务器" in vocabulary.expander().chinese("伺服器")
