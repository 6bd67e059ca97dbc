"""Generated covers: labels fit the card, cut with an ellipsis (at a space for Latin text)."""

from __future__ import annotations

from shanglian.core.covers import cover_svg


def test_long_english_title_is_cut_at_a_word_with_an_ellipsis():
    svg = cover_svg(seed="1", code="news", label="Federation delegation visits the Greater Bay Area")
    assert "Federation delegation…" in svg and "visits" not in svg


def test_short_and_chinese_labels():
    assert "美華美容" in cover_svg(seed="2", code="beauty", label="美華美容")
    long_title = "觀塘與KOTRA合作備忘錄簽署儀式暨商貿配對會"
    assert "觀塘與KOTRA合作備忘錄簽署…" in cover_svg(seed="3", code="x", label=long_title)
