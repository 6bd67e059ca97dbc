"""Search on both backends (SQLite FTS5, PostgreSQL tsvector): cross-script, ranking, short and
prefix queries, index kept in sync, and hostile query syntax."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shanglian.core.models import Industry, Place, SearchEntry
from shanglian.core.search import search_filter, search_index_delete, search_index_update
from shanglian.directory import services
from shanglian.directory.models import Enterprise
from shanglian.directory.selectors import DirectoryFilters, enterprise_directory

# Issue #2 asks that 出租车 finds 的士. The shipped table has 的士司機 and 的士站 but no bare
# 的士 → 出租车 row (perhaps left out for 的士兵-style false positives): strict, so this turns
# red the day the row is added and the mark can go.


def names(q: str, **filters) -> list[str]:
    return [e.name_zh or e.name_en for e in enterprise_directory(DirectoryFilters(q=q, **filters))]


def make(actor, association, **values) -> Enterprise:
    return services.enterprise_create(actor=actor, association=association, values=values,
                                      start_date=datetime.date(2024, 1, 1))


@pytest.mark.django_db
def test_cross_script(kt_enterprise, east_enterprise):
    assert names("观塘") == ["觀塘資訊科技有限公司"]
    assert names("觀塘") == ["觀塘資訊科技有限公司"]
    assert names("东区的士") == ["東區的士車行"]
    assert names("taxi") == ["東區的士車行"]
    assert names("Kwun") == ["觀塘資訊科技有限公司"]
    assert names("不存在的詞語xyz") == []


@pytest.mark.django_db
def test_regional_vocabulary(kt_enterprise, east_enterprise):
    assert names("信息技术") == ["觀塘資訊科技有限公司"]
    assert names("信息") == ["觀塘資訊科技有限公司"]
    assert names("科技") == ["觀塘資訊科技有限公司"]  # a part of a folded term, as written


@pytest.mark.django_db
def test_regional_vocabulary_taxi(kt_enterprise, east_enterprise):
    assert names("出租车") == ["東區的士車行"]


@pytest.mark.django_db
def test_one_and_two_character_queries(kt_enterprise, east_enterprise):
    assert names("塘") == ["觀塘資訊科技有限公司"]
    assert names("車") == ["東區的士車行"]
    assert names("车") == ["東區的士車行"]
    assert names("車行") == ["東區的士車行"]
    assert names("维修") == ["東區的士車行"]
    assert sorted(names("區")) == ["東區的士車行"]  # 觀塘 is not written with 區 anywhere
    assert names("鯨") == []


@pytest.mark.django_db
def test_english_prefix_queries(secretariat, kwun_tong):
    make(secretariat, kwun_tong, name_zh="", name_en="Harbour Electronics Trading Ltd")
    make(secretariat, kwun_tong, name_zh="", name_en="Electric Kettle Works")
    assert names("electronics") == ["Harbour Electronics Trading Ltd"]
    assert sorted(names("electr")) == ["Electric Kettle Works", "Harbour Electronics Trading Ltd"]
    assert names("ELECTR TRAD") == ["Harbour Electronics Trading Ltd"]
    assert names("ectronics") == []  # prefixes, not infixes
    assert names("Electronicsx") == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["物流", "物流公司", "logistics"])
def test_name_match_ranks_above_description_match(secretariat, kwun_tong, query):
    industry = Industry.objects.get(code="it")
    place = Place.objects.get(code="kwun-tong")
    in_description = make(
        secretariat, kwun_tong, name_zh="觀塘電子貿易有限公司", name_en="Kwun Tong Electronic Trading Ltd",
        description="我們亦為客戶安排物流公司送貨。 We also arrange logistics partners for delivery.",
        industry=industry, place=place)
    in_name = make(
        secretariat, kwun_tong, name_zh="觀塘物流公司", name_en="Kwun Tong Logistics Company",
        description="提供倉儲及貨運服務，覆蓋全港。 Warehousing and freight across Hong Kong.",
        industry=industry, place=place)
    results = list(enterprise_directory(DirectoryFilters(q=query)))
    assert [e.pk for e in results] == [in_name.pk, in_description.pk]
    assert results[0].search_rank > results[1].search_rank


@pytest.mark.django_db
def test_index_follows_updates_and_deletes(secretariat, kt_enterprise):
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise,
                               values={"name_zh": "觀塘海鮮酒家", "description": "粵菜"})
    assert names("網上商店") == []
    assert names("海鮮") == ["觀塘海鮮酒家"]
    assert SearchEntry.objects.filter(kind=services.SEARCH_KIND, object_id=kt_enterprise.pk).count() == 1

    # Low level: the index (FTS5 external content via triggers / GIN expression) follows the table.
    qs = Enterprise.objects.all()
    search_index_update(kind=services.SEARCH_KIND, object_id=kt_enterprise.pk, parts=["鯨魚"])
    assert list(search_filter(qs, kind=services.SEARCH_KIND, query="鯨魚")) == [kt_enterprise]
    with override_settings(SEARCH_DENSE=False):  # by meaning, a whale is near seafood (海鮮: no table word)
        assert list(search_filter(qs, kind=services.SEARCH_KIND, query="海鮮")) == []
    search_index_delete(kind=services.SEARCH_KIND, object_id=kt_enterprise.pk)
    assert list(search_filter(qs, kind=services.SEARCH_KIND, query="鯨魚")) == []
    # Another kind with the same id never leaks into this kind's results.
    search_index_update(kind="other", object_id=kt_enterprise.pk, parts=["鯨魚"])
    assert list(search_filter(qs, kind=services.SEARCH_KIND, query="鯨魚")) == []
    assert list(search_filter(qs, kind="other", query="鯨魚")) == [kt_enterprise]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # raises if the FTS index and the table disagree
            cursor.execute("INSERT INTO core_search_fts(core_search_fts, rank) VALUES ('integrity-check', 1)")


@pytest.mark.django_db
def test_inactive_and_deleted_enterprises_are_not_found(secretariat, kt_enterprise, east_enterprise):
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise, values={"is_active": False})
    assert names("觀塘") == []
    east_pk = east_enterprise.pk
    east_enterprise.delete()
    assert names("的士") == []
    assert not Enterprise.objects.filter(pk=east_pk).exists()


@pytest.mark.django_db
def test_filters_combine_with_query(kt_enterprise, east_enterprise):
    assert names("科技", association="eastern") == []
    assert names("科技", association="kwun-tong") == ["觀塘資訊科技有限公司"]
    assert names("", place="eastern") == ["東區的士車行"]
    assert names("的士", industry="logistics") == ["東區的士車行"]
    assert sorted(names("")) == sorted(["觀塘資訊科技有限公司", "東區的士車行"])
    with override_settings(SEARCH_DENSE=False):  # (when words find nothing, the nearest by meaning come)
        assert names("科技 車行") == []  # two words: both required
    assert names("有限公司 車行") == ["東區的士車行"]  # a generic word is never required


HOSTILE = [
    '"', '""', "'", "''", "*", "**", "-", "--", "+", "^", ":", "(", ")", "()", "(觀塘", "觀塘)",
    'AND', "OR", "NOT", "NEAR", "NEAR(", "NEAR(a b, 2)", "a AND", "OR b", "a OR OR b", "觀塘 NOT 東區",
    "kwun*", "*kwun", "-kwun", "kwun -tong", '"kwun tong"', "kwun:tong", "tokens:kwun", "{tokens}: x",
    "\\", "\\'", "%", "_", "&", "|", "!", "<->", "a & b", "a | !b", "a:*", "'a':*", ";DROP TABLE x;--",
    "\x00", "\u3000", "觀塘'", "观塘\"东区", "ＡＮＤ", "and or not near", "e-mail", "c++", "1/2", "2024-01-01",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE)
def test_query_syntax_characters_never_error(kt_enterprise, query):
    results = list(enterprise_directory(DirectoryFilters(q=query)))
    assert all(isinstance(e, Enterprise) for e in results)


@pytest.mark.django_db
def test_operators_are_plain_words(secretariat, kwun_tong):
    make(secretariat, kwun_tong, name_zh="", name_en="Near and Far Trading")
    assert names("near") == ["Near and Far Trading"]
    assert names("NEAR AND") == ["Near and Far Trading"]
    assert names("near or") == []


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.sampled_from('"\'*-+()^:{}[]\\&|!<>~ ANDORNEARNOT觀塘kwun'), max_size=25))
def test_any_mix_of_syntax_characters_never_errors(kt_enterprise, query):
    list(enterprise_directory(DirectoryFilters(q=query)))


# Letters the database tokenisers (FTS5 unicode61, PostgreSQL's parser) must treat exactly like
# shanglian.text does: accented Latin, ß, Greek, Cyrillic, digits, CJK of both scripts.
DB_WORD = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzéüßøçñ0123456789αβγдж"), min_size=1, max_size=8)
DB_CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.one_of(DB_WORD, DB_CJK), min_size=1, max_size=6), data=st.data())
def test_database_finds_any_piece_of_a_document(kt_enterprise, pieces, data):
    """The property of tests/text at the database level: index a document, query a piece of one
    of its (normalised) words or CJK runs, and the database returns the document."""
    from shanglian.text import normalise
    from shanglian.text.tokenise import _IS_CJK, _PIECE

    document = " ".join(pieces)
    search_index_update(kind="prop", object_id=kt_enterprise.pk, parts=[document])
    words = [m.group(0) for m in _PIECE.finditer(normalise(document))]
    if not words:
        return
    word = data.draw(st.sampled_from(words))
    if _IS_CJK.match(word):
        start = data.draw(st.integers(0, len(word) - 1))
        query = word[start:data.draw(st.integers(start + 1, len(word)))]
    else:
        query = word[:data.draw(st.integers(1, len(word)))]
    if normalise(query) != query:  # see tests/text/test_properties.py: phrase-level conversion
        return
    found = search_filter(Enterprise.objects.all(), kind="prop", query=query)
    assert list(found) == [kt_enterprise], (document, query)
