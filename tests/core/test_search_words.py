"""Nearest words (core.search_words): a query word no table knows meets the words records are
written with by meaning — with the real model, on whichever backend the run uses."""

from __future__ import annotations

import datetime
import os

import pytest
from django.test import override_settings

from shanglian.core import search_words
from shanglian.core.models import SearchWord
from shanglian.core.search import search_index_bulk, search_index_delete, search_ranked
from shanglian.directory import services
from shanglian.directory.models import Enterprise
from shanglian.text import analyse, index_words, token_words, vocabulary
from shanglian.text.query import Alternative

KIND = services.SEARCH_KIND
TRADES = [
    ("順發五金", "五金工具批發"), ("金龍酒家", "粵菜酒家及宴會"), ("捷運物流", "跨境物流及倉儲"),
    ("彩虹印刷", "商業印刷及包裝設計"), ("明德會計師行", "會計及審計服務"), ("安心保險", "保險經紀"),
    ("新潮時裝", "女裝及時裝批發"), ("康健藥房", "中西藥房"), ("智能電子", "電子零件及元件"),
    ("宏圖建築", "建築及室內裝修工程"), ("童樂玩具", "玩具設計及出口"), ("茗香茶莊", "中國茶葉零售"),
]


@pytest.fixture
def held_out():
    """The pair out of every table, as a pair no table holds (the evaluation's way)."""
    def hold(*words: str) -> None:
        vocabulary.set_held_out(words)
    yield hold
    vocabulary.set_held_out([])


def make(actor, association, name: str, description: str) -> Enterprise:
    return services.enterprise_create(actor=actor, association=association, start_date=datetime.date(2024, 1, 1),
                                      values={"name_zh": name, "description": description})


def test_index_words_tells_words_from_bigrams():
    words = index_words("專營梳化及床褥", "觀塘電子有限公司")
    assert "电子" in words and "专营" in words
    assert "化及" not in words and "营梳" not in words
    # From a stored token string: jieba's longer words and the bigrams it knows as words.
    assert token_words("电 子 电子 专 营 专营 营电 电子产品") == {"电子", "专营", "电子产品"}


@pytest.mark.django_db
def test_saving_a_record_records_its_words_once(secretariat, kwun_tong):
    make(secretariat, kwun_tong, "恒達塑料袋製品廠", "生產環保塑料袋")
    words = set(SearchWord.objects.filter(kind=KIND).values_list("word", flat=True))
    assert "塑料袋" in words
    assert "有限公司" not in words  # generic words never stand in for a query word
    assert all(len(v) == 512 for v in SearchWord.objects.values_list("vector", flat=True))
    before = set(SearchWord.objects.values_list("id", "word"))
    make(secretariat, kwun_tong, "恒達塑料袋二廠", "塑料袋")
    added = set(SearchWord.objects.values_list("id", "word")) - before
    assert {w for _, w in added} == {"二厂"} - words  # only the words not held yet are embedded


@pytest.mark.django_db
def test_a_word_no_table_knows_finds_the_other_regions_word(secretariat, kwun_tong, held_out):
    held_out("膠袋", "塑料袋")
    bags = make(secretariat, kwun_tong, "恒達塑料袋製品廠", "生產環保塑料袋")
    make(secretariat, kwun_tong, "順發五金", "五金工具批發")
    assert "塑料袋" in search_words.nearest_words(KIND, "胶袋")
    ranked = search_ranked(kind=KIND, query="膠袋")
    assert list(ranked.scores)[:1] == [bags.pk]
    with override_settings(SEARCH_DENSE=False):  # words only: no table links the two
        assert search_ranked(kind=KIND, query="膠袋").scores == {}


@pytest.mark.django_db
def test_a_word_in_enough_records_takes_no_nearest_words(secretariat, kwun_tong, held_out):
    held_out("膠袋", "塑料袋")
    make(secretariat, kwun_tong, "恒達塑料袋製品廠", "生產環保塑料袋")
    q = analyse("膠袋")
    common = search_words.with_nearest_words(KIND, q, rare=lambda g: False)
    # A word in enough records takes at most its one very near word, as a dictionary guess.
    assert [a for a in common.required[0].alternatives if a not in q.required[0].alternatives] \
        in ([], [Alternative(("塑料", "料袋"), weak=True, by_model=True)])
    two = analyse("膠袋 批發")
    assert search_words.with_nearest_words(KIND, two, rare=lambda g: False) == two
    grown = search_words.with_nearest_words(KIND, q)
    added = [a for a in grown.required[0].alternatives if a not in q.required[0].alternatives]
    assert added and all(a.weak and not a.confirmable for a in added)  # guesses, never synonyms


@pytest.mark.django_db
def test_dictionary_disagreement_and_parts_are_left_out(secretariat, kwun_tong):
    make(secretariat, kwun_tong, "永利包裝", "紙盒包裝及包裝材料")
    make(secretariat, kwun_tong, "網絡科技", "網絡科技服務")
    # The model reads 外包 like 包装; CC-CEDICT glosses them apart ("outsource", "pack").
    assert "包装" not in search_words.nearest_words(KIND, "外包")
    # Words containing the query word (or inside it) are found by its bigrams already.
    assert not {"网络科技", "网络"} & set(search_words.nearest_words(KIND, "网络"))


@pytest.mark.django_db
def test_bulk_index_and_new_processes_see_the_words(secretariat, kwun_tong):
    e = make(secretariat, kwun_tong, "順發五金", "五金工具批發")
    SearchWord.objects.all().delete()
    search_words.reset()
    assert search_index_bulk(kind=KIND, rows=[(e.pk, ["家用電器專門店", "電器批發"])]) == 1
    words = set(SearchWord.objects.filter(kind=KIND).values_list("word", flat=True))
    assert words == {"家用电器", "电器", "批发", "专卖店"}
    store = search_words.vocabulary(KIND)
    store.sync()
    assert sorted(store.words) == sorted(["家用电器", "电器", "批发", "专卖店"])
    search_index_delete(kind=KIND, object_id=e.pk)  # a word whose records are gone finds nothing
    assert e.pk not in search_ranked(kind=KIND, query="電器").scores


@pytest.mark.django_db
def test_reindex_records_the_vocabulary_anew(secretariat, kwun_tong):
    from django.core.management import call_command

    e = make(secretariat, kwun_tong, "恒達製品廠", "生產環保塑料袋")
    assert SearchWord.objects.filter(kind=KIND, word="塑料袋").exists()
    Enterprise.objects.filter(pk=e.pk).update(description="五金工具批發")
    call_command("reindex", KIND, stdout=open(os.devnull, "w"))  # noqa: SIM115
    words = set(SearchWord.objects.filter(kind=KIND).values_list("word", flat=True))
    assert "塑料袋" not in words and "批发" in words


@pytest.mark.django_db
def test_an_english_word_the_dictionary_answers_poorly_meets_its_chinese(secretariat, kwun_tong):
    fitting = make(secretariat, kwun_tong, "恒達工程", "室內裝修及裝修設計")
    make(secretariat, kwun_tong, "順發五金", "五金工具批發")
    # CC-CEDICT has 装修 as "to renovate", not "renovation"; the model reads the two alike.
    assert "装修" in search_words.nearest_words(KIND, "renovation")
    assert list(search_ranked(kind=KIND, query="renovation").scores)[:1] == [fitting.pk]
    with override_settings(SEARCH_DENSE=False):
        assert fitting.pk not in search_ranked(kind=KIND, query="renovation").scores


@pytest.mark.django_db
def test_a_word_with_its_own_page_shares_it_with_a_very_near_word(secretariat, kwun_tong, held_out):
    held_out("膠袋", "塑料袋")
    own = [make(secretariat, kwun_tong, f"恒達膠袋廠{i}號", "生產及批發環保膠袋、購物膠袋") for i in range(10)]
    other = [make(secretariat, kwun_tong, f"永發塑料袋廠{i}號", "生產及批發環保塑料袋、購物塑料袋") for i in range(3)]
    # A directory of many trades: the synonym check compares records after the kind's mean.
    for name, about in TRADES:
        make(secretariat, kwun_tong, name, about)
    q = search_words.with_nearest_words(KIND, analyse("膠袋"), rare=lambda g: False)
    added = [a for a in q.required[0].alternatives if a.by_model]
    assert len(added) == 1 and added[0].confirmable  # a guess the synonym check may confirm
    ranked = list(search_ranked(kind=KIND, query="膠袋").scores)
    # The other region's records are found (sharing the first page with the word's own, in turn,
    # when the synonym check finds their records alike), the word's own first.
    assert {e.pk for e in other} <= set(ranked)
    assert ranked[0] in {e.pk for e in own}
    with override_settings(SEARCH_DENSE=False):
        assert not {e.pk for e in other} & set(search_ranked(kind=KIND, query="膠袋").scores)


@pytest.mark.django_db
def test_a_rare_words_very_near_word_comes_right_after_its_own_records(secretariat, kwun_tong, held_out):
    held_out("市場推廣", "市場營銷")
    own = {make(secretariat, kwun_tong, f"宏達{n}號", "市場推廣").pk for n in range(2)}
    theirs = {make(secretariat, kwun_tong, f"恒通{n}號", "市場營銷").pk for n in range(2)}
    for name, text in [("創意廣告", "廣告設計及品牌策劃"), ("公關顧問", "公關活動及傳媒關係"),
                       ("品牌工作室", "品牌形象及推廣活動"), ("順發五金", "五金工具批發")]:
        make(secretariat, kwun_tong, name, text)
    grown = search_words.with_nearest_words(KIND, analyse("市場推廣"))
    assert [a.spelled for a in grown.required[0].alternatives if a.near] == ["市场营销"]
    order = list(search_ranked(kind=KIND, query="市場推廣").scores)
    # The word's own records, then the near word's (in turns with whatever meaning alone brought).
    assert set(order[:2]) == own and set(order[2:4]) == theirs


@pytest.mark.django_db
def test_a_rare_word_meets_records_through_their_english_names(secretariat, kwun_tong, held_out):
    held_out("梳化", "沙發")
    def named(name_zh: str, name_en: str, description: str) -> Enterprise:
        return services.enterprise_create(
            actor=secretariat, association=kwun_tong, start_date=datetime.date(2024, 1, 1),
            values={"name_zh": name_zh, "name_en": name_en, "description": description})

    sofas = named("恒昌梳化", "Hang Cheong Sofa", "訂造梳化")
    business = named("順發商業中心", "Shun Fat Business Centre", "寫字樓出租")
    grown = search_words.with_nearest_words(KIND, analyse("沙發"))
    english = [a for a in grown.required[0].alternatives if a.tokens[0].isascii()]
    assert english and all(a.weak and a.near and not a.confirmable for a in english)
    assert list(search_ranked(kind=KIND, query="沙發").scores)[:1] == [sofas.pk]
    # A short name matches whole (or plural): 巴士 "bus" is not "business".
    buses = search_words._english_forms("巴士")
    assert [(a.tokens, a.prefix) for a in buses][:2] == [(("bus",), False), (("buses",), False)]
    assert business.pk not in search_ranked(kind=KIND, query="沙發").scores


@pytest.mark.django_db
def test_two_words_typed_together_meet_the_other_regions_compound(secretariat, kwun_tong, held_out):
    held_out("網絡保安", "網絡安全")
    make(secretariat, kwun_tong, "恒通系統", "網絡安全方案")
    make(secretariat, kwun_tong, "順發五金", "五金工具批發")
    q = analyse("網絡保安")
    assert [g.text for g in q.required] == ["网络", "保安"]  # jieba splits it
    grown = search_words.with_nearest_words(KIND, q, rare=lambda g: False)
    [whole] = grown.required
    assert whole.text == "网络保安" and [g.text for g in grown.groups] == ["网络保安"]
    assert whole.alternatives[0].tokens == ("网络", "保安")  # both parts still required
    assert [(a.spelled, a.weak, a.by_model) for a in whole.alternatives[1:]] == [("网络安全", True, True)]
    # A neighbour that moved a part is not the compound: 模具五金 is not 五金工具.
    two = analyse("模具五金")
    assert search_words.with_nearest_words(KIND, two, rare=lambda g: False) == two


def test_after_own_places_the_near_records_below_the_last_own_record():
    from shanglian.core.search import _after_own

    fused = {1: 0.9, 7: 0.8, 2: 0.7, 8: 0.6}  # 1, 2 the word's own; 7, 8 found by meaning
    placed = _after_own(fused, [(1, 5.0), (2, 4.0)], [5, 6, 8])
    assert list(placed) == [1, 7, 2, 5, 8, 6]  # after the last own record, in turns with meaning's
    assert all(a > b > 0 for a, b in zip(list(placed.values()), list(placed.values())[1:]))
    assert _after_own(fused, [(1, 5.0)], []) is fused


@pytest.mark.django_db
def test_prune_deletes_the_words_of_records_gone_and_keeps_the_rest(secretariat, kwun_tong):
    from django.core.management import call_command

    gone = make(secretariat, kwun_tong, "恒達製品廠", "生產環保塑料袋")
    before = set(SearchWord.objects.filter(kind=KIND).values_list("word", flat=True))
    make(secretariat, kwun_tong, "順發塑料", "塑料製品及五金工具批發")
    theirs = set(SearchWord.objects.filter(kind=KIND).values_list("word", flat=True)) - before
    assert "塑料袋" in before and theirs
    search_index_delete(kind=KIND, object_id=gone.pk)
    call_command("prune_search_words", stdout=open(os.devnull, "w"))  # noqa: SIM115
    words = set(SearchWord.objects.filter(kind=KIND).values_list("word", flat=True))
    assert "塑料袋" not in words and "环保" not in words
    assert theirs <= words and "塑料" in words  # the remaining record's words, shared ones too
    assert search_words.prune(KIND) == 0  # idempotent
