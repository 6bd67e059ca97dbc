"""Long queries (a sentence): which words decide membership (``core.search._long_query_plan``).

Words no entry holds are left out, words in many entries only rank, the rarest decide — on
whichever backend the run uses."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from shanglian.core import search
from shanglian.core.models import Place
from shanglian.directory import services
from shanglian.directory.selectors import DirectoryFilters, enterprise_directory
from shanglian.text.query import analyse

SENTENCE = "觀塘 資訊 科技 顧問 航空 石油 農業 漁業"  # four words no entry below holds


def names(q: str) -> list[str]:
    return [e.name_zh or e.name_en for e in enterprise_directory(DirectoryFilters(q=q))]


def texts(groups) -> set[str]:
    return {g.text for g in groups}


@pytest.mark.django_db
def test_words_in_no_entry_do_not_make_a_long_query_stricter(kt_enterprise, east_enterprise):
    q = analyse(SENTENCE)
    assert len(q.required) == 8 and q.min_match == 4  # 70 combinations: planned
    plan = search._long_query_plan(services.SEARCH_KIND, q)
    assert texts(plan.decide) | texts(plan.rank_only) == texts(q.required[:4])  # 观塘 信息 科技 顾问
    assert plan.k == 3  # three of the four words the index holds (min_match of four)
    with override_settings(SEARCH_DENSE=False):
        assert names(SENTENCE) == ["觀塘資訊科技有限公司"]


@pytest.mark.django_db
def test_common_words_of_a_long_query_only_rank(monkeypatch, secretariat, eastern, kt_enterprise,
                                                east_enterprise):
    services.enterprise_create(
        actor=secretariat, association=eastern, start_date=datetime.date(2024, 1, 1),
        values={"name_zh": "東區資訊顧問行", "description": "資訊顧問", "place": Place.objects.get(code="eastern")})
    # Common from two entries on (the real thresholds need hundreds of entries).
    monkeypatch.setattr(search, "COMMON_MIN_DOCS", 1)
    monkeypatch.setattr(search, "COMMON_SHARE", 0.0)
    q = analyse(SENTENCE)
    plan = search._long_query_plan(services.SEARCH_KIND, q)
    info, tech, consulting = (q.required[i].text for i in (1, 2, 3))  # 信息 (資訊 folded), 科技, 顾问
    assert {info, consulting} <= texts(plan.rank_only)
    assert tech in texts(plan.decide) and not {info, consulting} & texts(plan.decide)
    with override_settings(SEARCH_DENSE=False):
        assert names(SENTENCE) == ["觀塘資訊科技有限公司"]  # the other holds only the common words


@pytest.mark.django_db
def test_short_queries_are_not_planned(kt_enterprise):
    q = analyse("觀塘 資訊 科技 顧問")
    plan = search._long_query_plan(services.SEARCH_KIND, q)
    assert plan.decide == q.required and plan.k == q.min_match and plan.rank_only == ()


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    "我們是一家位於香港觀塘的電子零件貿易公司，正在尋找深圳的電子元件供應商長期合作" * 3,
    "電子 OR 貿易 NOT 公司 \"供應商\" * ( ) : ^ - NEAR(觀塘 深圳) 零件 元件 合作 長期 尋找",
    "😀 電子零件 \x00\x07 ＡＢＣ 貿易 ｅｌｅｃｔｒｏｎｉｃｓ 供應商 長期 合作 深圳 觀塘 " * 50,
])
def test_long_hostile_queries_never_error(kt_enterprise, east_enterprise, query):
    qs = enterprise_directory(DirectoryFilters(q=query))
    assert qs.count() >= 0
    list(qs[:20])
