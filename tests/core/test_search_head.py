"""search_filter's results read their first pages from the ranked head and count up to COUNT_CAP:
the same rows, in the same order, as the full query (issue 11, speed)."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from shanglian.core import search
from shanglian.core.models import Place
from shanglian.directory import services
from shanglian.directory.selectors import DirectoryFilters, enterprise_directory


def make(actor, association, **values):
    return services.enterprise_create(actor=actor, association=association, values=values,
                                      start_date=datetime.date(2024, 1, 1))


def full(qs, k: slice) -> list[int]:
    """The slice as the full query reads it (no head)."""
    plain = qs._chain()
    plain._search_head = ()
    return [e.pk for e in plain[k]]


@pytest.fixture
def many(secretariat, kwun_tong):
    place = Place.objects.get(code="kwun-tong")
    rows = []
    for i in range(30):
        # Some names say 電子 twice (rank higher), every tenth is in another district.
        name = f"電子{'電子' if i % 3 == 0 else ''}行{i:02d}"
        rows.append(make(secretariat, kwun_tong, name_zh=name, name_en="",
                         place=place if i % 10 else Place.objects.get(code="eastern")))
    return rows


@pytest.mark.django_db
@override_settings(SEARCH_DENSE=False)
def test_head_pages_equal_the_full_ordering(many, monkeypatch):
    monkeypatch.setattr(search, "LEXICAL_TOP", 12)
    qs = enterprise_directory(DirectoryFilters(q="電子"))
    assert len(qs._search_head) == 12
    for k in (slice(0, 10), slice(5, 12), slice(0, 12)):
        page = qs[k]
        assert page.query.where.children and [e.pk for e in page] == full(qs, k)
    # Beyond the head (rank 0, the caller's order): the full query.
    assert [e.pk for e in qs[0:20]] == full(qs, slice(0, 20))
    assert [e.pk for e in qs[20:40]] == full(qs, slice(20, 40))
    # A filter that leaves the head too few rows falls back to the full query, same answer.
    eastern = enterprise_directory(DirectoryFilters(q="電子", place="eastern"))
    assert [e.pk for e in eastern[0:10]] == full(eastern, slice(0, 10)) and len(eastern[0:10]) == 3
    # Another order (not by rank first) never uses the head.
    by_id = qs.order_by("id")
    assert [e.pk for e in by_id[0:5]] == sorted(e.pk for e in many)[:5]


@pytest.mark.django_db
@override_settings(SEARCH_DENSE=False)
def test_count_is_exact_up_to_the_cap(many, monkeypatch):
    qs = enterprise_directory(DirectoryFilters(q="電子"))
    assert qs.count() == 30 and not search.search_count_capped(qs)
    eastern = enterprise_directory(DirectoryFilters(q="電子", place="eastern"))
    assert eastern.count() == 3
    other = enterprise_directory(DirectoryFilters(q="電子 行01"))
    assert other.count() == len(list(other._chain()))
    monkeypatch.setattr(search, "COUNT_CAP", 25)
    qs = enterprise_directory(DirectoryFilters(q="電子"))
    assert qs.count() == 25 and search.search_count_capped(qs)
    assert enterprise_directory(DirectoryFilters(q="電子", place="eastern")).count() == 3
    # An evaluated queryset counts its rows.
    assert len(list(qs)) == 30 and qs.count() == 30


@pytest.mark.django_db
def test_count_includes_records_found_by_meaning(many):
    qs = enterprise_directory(DirectoryFilters(q="electronic components shop"))
    assert qs.count() == len(list(qs))


@pytest.mark.django_db
def test_count_of_word_matches_and_meaning_extras_beyond_the_head(many, secretariat, kwun_tong, monkeypatch):
    # A head smaller than the matches keeps the full-text condition: the count walks the index
    # (SQLite: from the MATCH itself), then adds the records found by meaning alone, once each.
    make(secretariat, kwun_tong, name_zh="半導體元件貿易", name_en="", description="晶體管及集成電路")
    make(secretariat, kwun_tong, name_zh="停用電子行", name_en="").__class__.objects.filter(
        name_zh="停用電子行").update(is_active=False)
    monkeypatch.setattr(search, "LEXICAL_TOP", 12)
    assert not search.search_ranked(kind="enterprise", query="電子").complete
    for q in ("電子", "電子元件", "electronics"):
        qs = enterprise_directory(DirectoryFilters(q=q))
        expected = len(list(qs._chain()))
        assert qs.count() == expected and not search.search_count_capped(qs)
        assert "停用電子行" not in [e.name_zh for e in qs._chain()]
    monkeypatch.setattr(search, "COUNT_CAP", 20)
    qs = enterprise_directory(DirectoryFilters(q="電子"))
    assert qs.count() == 20 and search.search_count_capped(qs)
    assert enterprise_directory(DirectoryFilters(q="電子", place="eastern")).count() == 3


@pytest.mark.django_db
@override_settings(SEARCH_DENSE=False)
def test_a_narrow_query_is_read_from_its_ids_alone(many, monkeypatch):
    # 30 matches < LEXICAL_TOP: the ranked ids are every match, so no full-text condition is needed.
    assert search.search_ranked(kind="enterprise", query="電子").complete
    qs = enterprise_directory(DirectoryFilters(q="電子"))
    assert "tsv" not in str(qs.query) and "MATCH" not in str(qs.query)
    assert sorted(e.pk for e in qs) == sorted(e.pk for e in many) and qs.count() == 30
    assert enterprise_directory(DirectoryFilters(q="電子", place="eastern")).count() == 3
    # The same rows, and the same best twelve in order, as with the full-text condition.
    monkeypatch.setattr(search, "LEXICAL_TOP", 12)
    wide = enterprise_directory(DirectoryFilters(q="電子"))
    assert not search.search_ranked(kind="enterprise", query="電子").complete
    assert sorted(e.pk for e in wide[0:30]) == sorted(e.pk for e in qs[0:30])
    assert [e.pk for e in wide[0:12]] == [e.pk for e in qs[0:12]]
    # A word nothing holds: no rows, and no query over the table.
    none = enterprise_directory(DirectoryFilters(q="皮革鞋履"))
    assert none.count() == 0 and list(none) == []


def test_a_full_postgresql_head_still_proves_the_count_capped():
    # within_exact: a head that scored more than COUNT_CAP matches proves the count capped; the
    # PostgreSQL head's cap must leave room for that.
    assert search.PG_LEXICAL_RANK_CAP > search.COUNT_CAP
    assert search.LEXICAL_RANK_CAP > search.COUNT_CAP
