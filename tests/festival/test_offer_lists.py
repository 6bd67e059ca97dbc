"""The offer list's bounded reads (offer_lists.OfferResults): counts, pages read ids-first, nearest
first from a growing box, text + filter ranked among the filtered matches — each checked against
the plain answer computed in Python from the same rows."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.paginator import Paginator
from django.test import override_settings
from django.utils import timezone

from shanglian.core.models import Place
from shanglian.core.search import search_index_bulk
from shanglian.festival import offer_lists, services
from shanglian.festival.models import Category, CouponCampaign, Merchant, Offer, Shop
from shanglian.festival.selectors import OfferFilters, offer_search, sort_by_distance

pytestmark = pytest.mark.django_db

HERE = (22.3130, 114.2250)  # Kwun Tong


@pytest.fixture
def many(merchant, other_merchant, edition):
    """40 offers of two merchants on 12 shops scattered over Hong Kong (two shops without
    coordinates), in two categories; some unpublished, expired or of an unapproved merchant."""
    rng = random.Random(11)
    today = timezone.localdate()
    kt, wc = Place.objects.get(code="kwun-tong"), Place.objects.get(code="wan-chai")
    shops = []
    for i in range(12):
        m = merchant if i % 2 else other_merchant
        lat, lng = (None, None) if i in (3, 8) else (22.25 + rng.random() * 0.2, 114.10 + rng.random() * 0.2)
        shops.append(Shop.objects.create(merchant=m, name_zh=f"店{i}", address="x", district=kt if i % 3 else wc,
                                         lat=lat, lng=lng))
    food, fashion = Category.objects.get(code="restaurants"), Category.objects.get(code="fashion")
    offers = []
    for n in range(40):
        o = Offer.objects.create(merchant=merchant if n % 2 else other_merchant, category=food if n % 3 else fashion,
                                 title_zh_hant=("港式奶茶" if n % 4 == 0 else "全場九折") + f" {n}",
                                 valid_from=today - datetime.timedelta(days=10),
                                 valid_until=today + datetime.timedelta(days=-1 if n == 5 else 30),
                                 is_published=n != 7, is_featured=n % 9 == 0)
        mine = [s for s in shops if s.merchant_id == o.merchant_id]
        o.shops.set(rng.sample(mine, 1 + n % 3))
        offers.append(o)
    search_index_bulk(kind=services.SEARCH_KIND, rows=((o.pk, services.offer_search_parts(o)) for o in offers))
    hidden = Merchant.objects.create(edition=edition, name_zh="未批", contact_name="x", contact_phone="+85221234567")
    Offer.objects.create(merchant=hidden, category=food, title_zh_hant="港式奶茶 未批", valid_from=today,
                         valid_until=today + datetime.timedelta(days=30))
    return offers


def _listed(offers):
    today = timezone.localdate()
    return [o for o in offers if o.is_published and o.valid_until >= today
            and o.merchant.status == Merchant.Status.APPROVED]


def _plain_order(rows):
    return [o.pk for o in sorted(rows, key=lambda o: (not o.is_featured, -o.created_at.timestamp(), -o.pk))]


def _d2(shop, lat, lng):
    import math

    return (shop.lat - lat) ** 2 + (shop.lng - lng) ** 2 * math.cos(math.radians(lat)) ** 2


def _nearest_order(rows, lat, lng):
    def key(o):
        located = [_d2(s, lat, lng) for s in o.shops.all() if s.lat is not None]
        return (0, min(located), -o.pk) if located else (1, 0, -o.pk)
    return [o.pk for o in sorted(rows, key=key)]


@pytest.mark.parametrize("params", [{}, {"category": "food"}, {"category": "fashion"}, {"district": "wan-chai"},
                                    {"district": "kwun-tong", "category": "food"}, {"coupon": "1"}])
def test_filters_count_and_pages_match_the_plain_answer(many, params, secretariat):
    from tests.festival.conftest import make_campaign

    make_campaign(many[2], secretariat)
    make_campaign(many[4], secretariat, quota=1)
    CouponCampaign.objects.filter(offer=many[4]).update(claimed=1)  # sold out
    rows = _listed(many)
    if params.get("category"):
        rows = [o for o in rows if params["category"] in (o.category.code, o.category.parent.code)]
    if params.get("district"):
        rows = [o for o in rows if any(s.district.code == params["district"] for s in o.shops.all())]
    if params.get("coupon"):
        rows = [o for o in rows if o.pk == many[2].pk]  # many[4]'s campaign is sold out
    expected = _plain_order(rows)
    qs = offer_search(OfferFilters.from_mapping(params))
    assert qs.count() == len(expected) and not qs.count_capped
    for start, stop in ((0, 7), (7, 14), (3, 40)):
        assert [o.pk for o in qs[start:stop]] == expected[start:stop]
    paginator = Paginator(offer_search(OfferFilters.from_mapping(params)), 5)
    assert paginator.count == len(expected)
    assert [o.pk for o in paginator.get_page(2)] == (expected[5:10] if len(expected) > 5 else expected[:5])


@pytest.mark.parametrize("params", [{"district": "nowhere"}, {"district": "nowhere", "q": "奶茶"},
                                    {"district": "nowhere", "category": "food"},
                                    {"district": "nowhere", "sort": "distance", "lat": "22.3", "lng": "114.2"}])
def test_an_unknown_district_keeps_no_offer(many, params):
    """The district's id is read first (``offer_search``): a code no place has keeps nothing,
    alone, with a text query, a category or nearest first."""
    filters = OfferFilters.from_mapping(params)
    qs = offer_search(filters)
    if filters.by_distance:
        qs = sort_by_distance(qs, filters.lat, filters.lng)
    assert qs.count() == 0 and not qs.count_capped
    assert list(qs[0:20]) == []


def test_count_is_capped_like_a_text_search(many, monkeypatch):
    monkeypatch.setattr(offer_lists, "COUNT_CAP", 10)
    qs = offer_search(OfferFilters())
    assert qs.count() == 10 and qs.count_capped
    small = offer_search(OfferFilters.from_mapping({"category": "fashion", "district": "wan-chai"}))
    assert small.count() < 10 and not small.count_capped


@pytest.mark.parametrize("params", [{}, {"category": "food"}, {"district": "wan-chai"}, {"q": "奶茶"},
                                    {"q": "奶茶", "category": "food"}, {"q": "奶茶", "head": 2}])
@pytest.mark.parametrize("capped", [False, True])
def test_nearest_first_is_the_exact_order(many, params, capped, monkeypatch, settings):
    """Through the growing box (count capped) and through the full ordering: the same pages, the
    nearest offers first, offers whose shops have no coordinates last. A text query: every match
    ordered (on PostgreSQL by one narrow statement that counts them too); words only (see below),
    its matches either the ranked ids themselves or, with a head shorter than the matches
    ("head"), the full-text condition."""
    from shanglian.core import search as core_search

    params = dict(params)
    if params.get("q"):
        settings.SEARCH_DENSE = False
        monkeypatch.setattr(core_search, "LEXICAL_TOP", params.pop("head", core_search.LEXICAL_TOP))
        hidden = Offer.objects.get(title_zh_hant="港式奶茶 未批")  # a match the list does not show
        search_index_bulk(kind=services.SEARCH_KIND, rows=[(hidden.pk, services.offer_search_parts(hidden))])
        hidden.shops.set(Shop.objects.filter(lat__isnull=False)[:1])
    if capped:
        monkeypatch.setattr(offer_lists, "COUNT_CAP", 3)
        monkeypatch.setattr(core_search, "COUNT_CAP", 3)
        monkeypatch.setattr(offer_lists, "NEAR_START_DEG", 0.001)  # the box grows several times
    rows = _listed(many)
    if params.get("q"):
        rows = [o for o in rows if "奶茶" in o.title_zh_hant]
    if params.get("category"):
        rows = [o for o in rows if params["category"] in (o.category.code, o.category.parent.code)]
    if params.get("district"):
        rows = [o for o in rows if any(s.district.code == params["district"] for s in o.shops.all())]
    expected = _nearest_order(rows, *HERE)
    for start, stop in ((0, 5), (5, 10), (0, 40), (12, 17)):
        qs = sort_by_distance(offer_search(OfferFilters.from_mapping(params)), *HERE)
        if capped:
            assert qs.count() == min(3, len(expected)) and qs.count_capped == (len(expected) > 3)
        else:
            assert qs.count() == len(expected) and not qs.count_capped
        page = list(qs[start:stop])
        assert [o.pk for o in page] == expected[start:stop]
        for o in page:  # the distance shown is the nearest shop's
            located = [_d2(s, *HERE) for s in o.shops.all() if s.lat is not None]
            assert (o.nearest_d2 is None) == (not located)
            if located:
                assert o.nearest_d2 == pytest.approx(min(located))


def test_a_district_orders_its_own_offers_without_the_box(many, monkeypatch):
    """A district keeps a few thousand offers at most: no box around a visitor who may be outside
    it (the order itself is checked by test_nearest_first_is_the_exact_order)."""
    monkeypatch.setattr(offer_lists, "COUNT_CAP", 3)
    grown = []
    original = offer_lists.OfferResults._near_slice
    monkeypatch.setattr(offer_lists.OfferResults, "_near_slice",
                        lambda self, k: grown.append(self._near_box) or original(self, k))
    in_district = sort_by_distance(offer_search(OfferFilters.from_mapping({"district": "wan-chai"})), *HERE)
    everywhere = sort_by_distance(offer_search(OfferFilters()), *HERE)
    list(in_district[0:5]), list(everywhere[0:5])
    assert grown == [False, True]


@pytest.mark.parametrize("max_rows", [1000, 10])
def test_a_district_nearest_first_reads_past_offers_the_list_hides(many, max_rows, monkeypatch):
    """A district nearest first is ordered from its offers' links, the list's conditions checked
    afterwards for the first ids: when hidden offers (unpublished) are the nearest, more ids are
    read; past PAGE_IDS_MAX_ROWS every offer is ordered the usual way. The same pages each time."""
    monkeypatch.setattr(offer_lists, "AMONG_FIRST_IDS", 0)
    monkeypatch.setattr(offer_lists, "PAGE_IDS_MAX_ROWS", max_rows)
    answered = []
    original = offer_lists.OfferResults._among_slice
    monkeypatch.setattr(offer_lists.OfferResults, "_among_slice",
                        lambda self, *a: answered.append(original(self, *a)) or answered[-1])
    in_district = [o.pk for o in many if any(s.district.code == "kwun-tong" for s in o.shops.all())]
    nearest = _nearest_order(Offer.objects.filter(pk__in=in_district), *HERE)
    Offer.objects.filter(pk__in=nearest[:12]).update(is_published=False)
    expected = _nearest_order(_listed(Offer.objects.filter(pk__in=in_district)), *HERE)
    assert len(expected) >= 8
    for start, stop in ((0, 4), (4, 8)):
        qs = sort_by_distance(offer_search(OfferFilters.from_mapping({"district": "kwun-tong"})), *HERE)
        assert [o.pk for o in qs[start:stop]] == expected[start:stop]
    assert len(answered) == 2 and all((rows is None) == (max_rows == 10) for rows in answered)


@override_settings(SEARCH_DENSE=False)
@pytest.mark.parametrize("head", [2, 100])  # the full-text match, or the ranked ids themselves
def test_matches_written_as_one_join_keep_the_same_rows(many, head, monkeypatch):
    """``core.search.search_matches_joinable``: PostgreSQL only; the same rows as the search."""
    from django.db import connection

    from shanglian.core import search as core_search

    monkeypatch.setattr(core_search, "LEXICAL_TOP", head)
    qs = offer_search(OfferFilters.from_mapping({"q": "奶茶"}))
    joinable = core_search.search_matches_joinable(qs)
    if connection.vendor != "postgresql":
        assert joinable is None
        return
    assert type(joinable) is offer_lists.OfferResults
    expected = sorted(o.pk for o in _listed(many) if "奶茶" in o.title_zh_hant)
    assert sorted(joinable.values_list("pk", flat=True)) == sorted(qs.values_list("pk", flat=True)) == expected
    assert core_search.search_matches_joinable(offer_search(OfferFilters())) is None  # not a search


@override_settings(SEARCH_DENSE=False)
def test_a_text_query_nearest_first_orders_its_matches_in_one_statement(many, monkeypatch):
    """Both backends: a text query's matches are ordered by one narrow statement over their ids
    and shops (``OfferResults._match_order``), not by a subquery per match over the full rows
    (SQLite, 奶茶 at 50,000 offers: 38 → 22 ms)."""
    calls = []
    original = offer_lists.OfferResults._match_order
    monkeypatch.setattr(offer_lists.OfferResults, "_match_order", lambda self: calls.append(1) or original(self))
    qs = sort_by_distance(offer_search(OfferFilters.from_mapping({"q": "奶茶"})), *HERE)
    expected = _nearest_order([o for o in _listed(many) if "奶茶" in o.title_zh_hant], *HERE)
    assert qs.count() == len(expected)
    assert [o.pk for o in qs[0:5]] == expected[:5] and calls


def test_nearest_first_far_from_every_shop(many, monkeypatch):
    """A visitor far away: the box grows past its limit and the full ordering answers."""
    monkeypatch.setattr(offer_lists, "COUNT_CAP", 3)
    qs = sort_by_distance(offer_search(OfferFilters()), 35.0, 139.0)
    assert [o.pk for o in qs[0:6]] == _nearest_order(_listed(many), 35.0, 139.0)[:6]


# Words only: the 40 generated offers share one template, so on meaning every offer is a
# neighbour of every other (the dense path's share is tested in tests/core/test_search_hybrid.py).
@override_settings(SEARCH_DENSE=False)
def test_text_with_a_filter_ranks_among_the_filtered_matches(many):
    rows = [o for o in _listed(many) if "奶茶" in o.title_zh_hant
            and any(s.district.code == "wan-chai" for s in o.shops.all())]
    qs = offer_search(OfferFilters.from_mapping({"q": "奶茶", "district": "wan-chai"}))
    assert qs.count() == len(rows) > 0
    assert sorted(o.pk for o in qs[0:20]) == sorted(o.pk for o in rows)
    everything = offer_search(OfferFilters.from_mapping({"q": "奶茶"}))
    assert {o.pk for o in everything[0:40]} >= {o.pk for o in rows}


def test_text_with_a_filter_that_keeps_nothing(many):
    """A brand no offer has, with words and an absurd point (found by schemathesis): no rows, no error."""
    qs = offer_search(OfferFilters.from_mapping({"q": "\u00aa\x15", "brand": "沒有這個品牌xyz", "lat": "600",
                                                 "lng": "1.1755907752170248e+213"}))
    assert qs.count() == 0 and list(qs[0:20]) == []
    assert offer_search(OfferFilters.from_mapping({"q": "奶茶", "brand": "沒有這個品牌xyz"})).count() == 0


@override_settings(SEARCH_DENSE=False)
def test_text_with_a_filter_count_from_the_head(many, monkeypatch):
    """``within_exact``: a head that finds more than COUNT_CAP listed matches is the count (no
    statement); the unlisted matches (another merchant's unapproved offer) are not among them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shanglian.core import search as core_search

    hidden = Offer.objects.get(title_zh_hant="港式奶茶 未批")
    search_index_bulk(kind=services.SEARCH_KIND, rows=[(hidden.pk, services.offer_search_parts(hidden))])
    hidden.shops.set(Shop.objects.filter(district__code="kwun-tong")[:1])
    listed = [o for o in _listed(many) if "奶茶" in o.title_zh_hant
              and any(s.district.code == "kwun-tong" for s in o.shops.all())]
    params = {"q": "奶茶", "district": "kwun-tong"}
    cap = len(listed)  # the hidden offer makes one more match in the district
    assert cap >= 3

    monkeypatch.setattr(core_search, "COUNT_CAP", cap - 1)
    qs = offer_search(OfferFilters.from_mapping(params))
    with CaptureQueriesContext(connection) as ctx:
        assert qs.count() == cap - 1 and qs.count_capped
    assert len(ctx.captured_queries) == 0
    narrower = qs.filter(is_featured=False)  # a filter added afterwards: counted again
    featured = [o for o in listed if o.is_featured]
    with CaptureQueriesContext(connection) as ctx:
        assert narrower.count() == min(cap - 1, len(listed) - len(featured))
    # One count (on PostgreSQL between the SET and RESET of core.search._index_scans).
    assert len([q for q in ctx.captured_queries if "enable_seqscan" not in q["sql"]]) == 1

    monkeypatch.setattr(core_search, "COUNT_CAP", cap)  # cap listed, cap + 1 matches: counted, not capped
    qs = offer_search(OfferFilters.from_mapping(params))
    assert qs.count() == cap and not qs.count_capped
    assert sorted(o.pk for o in qs[0:20]) == sorted(o.pk for o in listed)


@override_settings(SEARCH_DENSE=False)
def test_a_full_postgresql_head_proves_the_count_capped_through_the_offer_list(many, monkeypatch):
    """PostgreSQL: a head whose candidates fill its cap and pass the list's filters proves the count
    capped with one statement. ``OfferResults.count`` stops at COUNT_CAP, so the candidates are
    counted exactly (``core.search._count_among``); counted through it, COUNT_CAP + 1 candidates
    read as COUNT_CAP and every such search counted its matches a second time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shanglian.core import search as core_search

    if connection.vendor != "postgresql":
        pytest.skip("the head's candidates are read on PostgreSQL only")
    listed = [o for o in _listed(many) if "奶茶" in o.title_zh_hant]
    assert len(listed) >= 6
    monkeypatch.setattr(core_search, "LEXICAL_TOP", 3)  # as at full size: head < count cap < rank cap
    monkeypatch.setattr(core_search, "PG_LEXICAL_RANK_CAP", 6)
    for module in (core_search, offer_lists):
        monkeypatch.setattr(module, "COUNT_CAP", 5)
    qs = offer_search(OfferFilters.from_mapping({"q": "奶茶"}))
    with CaptureQueriesContext(connection) as ctx:
        assert qs.count() == 5 and qs.count_capped
    assert len([q for q in ctx.captured_queries if "enable_seqscan" not in q["sql"]]) == 1
    # Six candidates of ten matches cannot prove a cap of nine: counted the usual way; then exact.
    for module in (core_search, offer_lists):
        monkeypatch.setattr(module, "COUNT_CAP", 9)
    qs = offer_search(OfferFilters.from_mapping({"q": "奶茶"}))
    assert qs.count() == 9 and qs.count_capped
    for module in (core_search, offer_lists):
        monkeypatch.setattr(module, "COUNT_CAP", 1000)
    qs = offer_search(OfferFilters.from_mapping({"q": "奶茶"}))
    assert qs.count() == len(listed) and not qs.count_capped
