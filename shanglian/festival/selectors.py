"""Reads: offer search (text, district, category, brand; by distance), 'my coupons', statistics."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from shanglian.core.models import Place
from shanglian.core.params import id_param
from shanglian.core.search import search_filter, search_matches_joinable
from shanglian.festival.access import public_offers
from shanglian.festival.models import Brand, Category, Coupon, CouponCampaign, Edition, Merchant, Offer, OfferView, Shop
from shanglian.festival.offer_lists import OfferResults, squared_distance
from shanglian.festival.services import BRAND_KIND, SEARCH_KIND

EARTH_KM = 6371.0


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@dataclass
class OfferFilters:
    q: str = ""
    district: str = ""
    category: str = ""
    brand: str = ""
    lat: float | None = None
    lng: float | None = None
    sort: str = ""
    coupon: bool = False  # only offers with a coupon to claim now

    @classmethod
    def from_mapping(cls, data: Any) -> OfferFilters:
        lat, lng = _float(data.get("lat")), _float(data.get("lng"))
        if lat is None or lng is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
            lat = lng = None
        return cls(q=(data.get("q") or "").strip()[:200], district=(data.get("district") or "")[:40],
                   category=(data.get("category") or "")[:40], brand=(data.get("brand") or "").strip()[:120],
                   lat=lat, lng=lng, sort=(data.get("sort") or "")[:20], coupon=data.get("coupon") == "1")

    @property
    def active(self) -> bool:
        """A filter beyond the keyword is set (the phone layout then shows the filters open)."""
        return bool(self.district or self.category or self.brand or self.sort or self.coupon)

    @property
    def by_distance(self) -> bool:
        return self.sort == "distance" and self.lat is not None


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def open_campaign_exists() -> Exists:
    """Whether an offer has a coupon campaign one can still claim from (window open, not sold out)."""
    now = timezone.now()
    return Exists(CouponCampaign.objects.filter(offer=OuterRef("pk"), claim_starts__lte=now, claim_ends__gt=now,
                                                valid_until__gt=now, claimed__lt=F("quota")))


MAX_BRANDS = 1000  # a brand box matching more than this is not narrowing anything


def _listed_offers() -> OfferResults:
    """What the public list shows: ``access.public_offers()`` (published, of an approved merchant
    of the current edition) still valid today, as an ``OfferResults`` queryset."""
    qs = public_offers().filter(valid_until__gte=timezone.localdate())
    qs.__class__ = OfferResults
    return qs


def offer_search(filters: OfferFilters) -> QuerySet[Offer]:
    """The offer list: filters, then a text query if any, ordered (featured, newest) or by rank.
    Pages and counts read a bounded number of rows (``offer_lists.OfferResults``)."""
    narrowing: list[Q | Exists] = []
    if filters.coupon:
        narrowing.append(Q(open_campaign_exists()))
    if filters.district:
        # A semi-join (IN) rather than a correlated EXISTS: the district's shop links are read once.
        # The district's id read first (one 0.2 ms statement), as the category's below: joined
        # through its code, PostgreSQL took the district for a 58th of the shops (every place,
        # not its districts), expected a third of its ~5,500 offers and, with a category too,
        # hashed them all to sort a page instead of walking the list's order (9 → 1 ms at 50,000).
        district = list(Place.objects.filter(code=filters.district).order_by().values_list("pk", flat=True))
        district_offers = Offer.shops.through.objects.filter(shop__district_id__in=district).values("offer_id")
        narrowing.append(Q(pk__in=district_offers))
    head_narrowing = narrowing  # what a text search's head ranks within (see below)
    if filters.category:
        # The category and its sub-categories as ids (a handful), so the offers' category index
        # serves the filter; an OR over two joins could not use it. The list's own filter takes
        # them read first, not as a subquery: PostgreSQL then knows how many offers it keeps (a
        # fifth for food) and checks a search's 1,001 candidates (and the page's) by id instead
        # of walking the category's 10,000 offers to find them (奶茶 + food at 50,000 offers:
        # count 10 → 4 ms, page 8 → 4 ms). The head's ``within`` keeps the subquery: its plan
        # decides which 1,001 of a broad word's matches are ranked, and with the list PostgreSQL
        # picked others (折 + food: another first page).
        categories = Category.objects.filter(Q(code=filters.category) | Q(parent__code=filters.category))
        head_narrowing = [*narrowing, Q(category_id__in=categories.values("pk"))]
        narrowing.append(Q(category_id__in=list(categories.values_list("pk", flat=True))))
    if filters.brand:
        if id_param(filters.brand):
            brand = Q(brand_id=id_param(filters.brand))
        else:
            # The same pipeline as every search box (繁/简, regional words, no spaces needed).
            brands = search_filter(Brand.objects.all(), kind=BRAND_KIND, query=filters.brand, dense=False)
            # Materialised: search_filter's raw SQL names the table, which a subquery would alias.
            brand = Q(brand_id__in=list(brands.values_list("pk", flat=True)[:MAX_BRANDS]))
        narrowing.append(brand)
        if head_narrowing is not narrowing:
            head_narrowing.append(brand)
    qs = _listed_offers().filter(*narrowing)
    qs = qs.annotate(has_coupon=open_campaign_exists()).select_related("merchant", "brand", "category")
    qs = qs.prefetch_related(Prefetch("shops", queryset=Shop.objects.select_related("district")))
    if filters.q:
        # With a district, category, brand or coupon filter the ranked head is made of matches
        # that pass it (``within``): the page is then read from the head, not from every match.
        # With a district, ``within`` is the list's own rows (the listing conditions too,
        # ``within_exact``): a head that finds more than 1,000 of them is the count ("1,000+"), no
        # second walk of the matches (折 + a district: 50 → 28 ms of SQLite CPU). Not for a
        # category alone: checking the listing conditions of its 10,000 offers costs more than
        # the count it saves (奶茶 + food: 24 → 45 ms, measured), so the filters alone, a superset.
        exact = bool(filters.district)
        within = ((_listed_offers() if exact else Offer.objects).filter(*head_narrowing)) if narrowing else None
        return (search_filter(qs, kind=SEARCH_KIND, query=filters.q, within=within, within_exact=exact)
                .order_by("-search_rank", "-is_featured", "-id"))
    qs = qs.order_by("-is_featured", "-created_at", "-id")
    # A district's offers are a few thousand at most: sorted nearest first, they are ordered
    # directly. A box around a visitor outside the district grew five times before giving up
    # (PostgreSQL, 50,000 offers: 62 → 35 ms p95, bench/festival.md).
    qs._near_box = not filters.district
    if filters.district:
        qs._near_among = district_offers
    return qs


def sort_by_distance(qs: QuerySet[Offer], lat: float, lng: float) -> QuerySet[Offer]:
    """Order offers by their nearest shop, in SQL on both backends (still a lazy, pageable queryset).

    The distance is the equirectangular approximation — (Δlat, Δlng·cos lat) in degrees — which
    within Hong Kong differs from haversine by well under 1 % (a test checks it) and needs only
    arithmetic (no database extension). ``offer.distance_km`` reads the annotation; offers whose
    shops have no coordinates go last. On an ``offer_search`` result the first pages are read from
    the offers with a shop in a box around (lat, lng) (``OfferResults._near_slice``) and the
    count is the list's own (the distance orders, it does not filter). A text query on PostgreSQL
    orders its matches alone instead, written as one semi-join (``core.search.search_matches_joinable``):
    ids and count from one narrow statement, then the page's rows; on SQLite the same statement
    over the search's own condition gives the ids."""
    order = (F("nearest_d2").asc(nulls_last=True), "-id")
    joinable = search_matches_joinable(qs) if "search_rank" in qs.query.extra else None
    if isinstance(joinable, OfferResults):
        # PostgreSQL, a text query: its matches (bounded by the index) are ordered by one narrow
        # statement that also counts them (``OfferResults._match_order``; 72 → 38 ms p50 for
        # 奶茶 at 50,000 offers, bench/festival.md).
        result = joinable.annotate(nearest_d2=_nearest_subquery(lat, lng)).order_by(*order)
        result._near, result._order_matches = (lat, lng), True
        return result
    if connection.vendor == "postgresql" and "search_rank" not in qs.query.extra:
        # PostgreSQL: one join + hash aggregate beats a subquery per offer (1.5 s vs 4 s for 50,000
        # offers on the bench); SQLite is the other way round, and cannot group bm25-ranked rows.
        result = qs.annotate(nearest_d2=Min(squared_distance("shops__", lat, lng))).order_by(*order)
    else:
        result = qs.annotate(nearest_d2=_nearest_subquery(lat, lng)).order_by(*order)
    if isinstance(result, OfferResults):
        result._near, result._count_from = (lat, lng), qs
        # A text query on SQLite (or one search_matches_joinable refused): its matches' ids and
        # shops ordered by one narrow statement too (``_match_order``), not a subquery per match
        # over the full rows (SQLite, 奶茶 at 50,000 offers: 38 → 22 ms); the count stays the search's.
        result._order_matches = "search_rank" in qs.query.extra
    return result


def _nearest_subquery(lat: float, lng: float) -> Subquery:
    nearest = (Offer.shops.through.objects.filter(offer_id=OuterRef("pk"), shop__lat__isnull=False)
               .annotate(d2=squared_distance("shop__", lat, lng)).order_by("d2").values("d2")[:1])
    return Subquery(nearest, output_field=FloatField())


def open_campaigns(offer: Offer) -> list[CouponCampaign]:
    now = timezone.now()
    return list(offer.campaigns.filter(claim_ends__gt=now, valid_until__gt=now).order_by("claim_starts"))


def coupons_for_phone(phone: str) -> QuerySet[Coupon]:
    return (Coupon.objects.filter(phone=phone).select_related("campaign__offer__merchant", "redeemed_shop")
            .order_by("-claimed_at"))


def top_categories() -> QuerySet[Category]:
    return Category.objects.filter(parent__isnull=True).prefetch_related("children")


# ------------------------------------------------------------------------------ statistics
def merchant_stats(merchant_id: int) -> dict[str, Any]:
    """Views, claims and redemptions of one merchant, by day and by shop."""
    coupons = Coupon.objects.filter(campaign__offer__merchant_id=merchant_id)
    views = (OfferView.objects.filter(offer__merchant_id=merchant_id).values("day").annotate(n=Sum("count"))
             .order_by("day"))
    claims = coupons.annotate(day=TruncDate("claimed_at")).values("day").annotate(n=Count("id")).order_by("day")
    redeemed = (coupons.filter(redeemed_at__isnull=False).annotate(day=TruncDate("redeemed_at")).values("day")
                .annotate(n=Count("id")).order_by("day"))
    by_day: dict[Any, dict[str, int]] = {}
    for key, rows in (("views", views), ("claims", claims), ("redemptions", redeemed)):
        for row in rows:
            by_day.setdefault(row["day"], {"views": 0, "claims": 0, "redemptions": 0})[key] = row["n"]
    by_shop = (Shop.objects.filter(merchant_id=merchant_id)
               .annotate(redemptions=Count("coupon_redemptions", distinct=True))
               .order_by("name_zh"))
    return {
        "totals": {
            "views": sum(r["n"] for r in views), "claims": coupons.count(),
            "redemptions": coupons.filter(redeemed_at__isnull=False).count(),
        },
        "by_day": sorted(by_day.items()),
        "by_shop": by_shop,
    }


def edition_stats(edition_id: int) -> dict[str, Any]:
    """The organiser's totals for an edition, by district, category and day."""
    from shanglian.festival.models import Merchant

    merchants = Merchant.objects.filter(edition_id=edition_id)
    approved = merchants.filter(status=Merchant.Status.APPROVED)
    shops = Shop.objects.filter(merchant__in=approved)
    offers = Offer.objects.filter(merchant__in=approved)
    coupons = Coupon.objects.filter(campaign__offer__merchant__edition_id=edition_id)
    claims_n = coupons.count()
    redeemed_n = coupons.filter(redeemed_at__isnull=False).count()
    by_district = list(
        shops.values("district__code", "district__name_zh_hant", "district__name_zh_hans", "district__name_en")
        .annotate(shops=Count("id", distinct=True), redemptions=Count("coupon_redemptions", distinct=True))
        .order_by("district__sort"))
    by_category = list(
        offers.values("category__parent__code", "category__parent__name_zh_hant", "category__parent__name_zh_hans",
                      "category__parent__name_en")
        .annotate(offers=Count("id", distinct=True), claims=Count("campaigns__coupons", distinct=True))
        .order_by("category__parent__sort"))
    claims_by_day = dict(coupons.annotate(day=TruncDate("claimed_at")).values("day").annotate(n=Count("id"))
                         .values_list("day", "n"))
    redeemed_by_day = dict(coupons.filter(redeemed_at__isnull=False).annotate(day=TruncDate("redeemed_at"))
                           .values("day").annotate(n=Count("id")).values_list("day", "n"))
    days = sorted(set(claims_by_day) | set(redeemed_by_day))
    return {
        "totals": {
            "merchants": approved.count(), "applications": merchants.filter(status=Merchant.Status.APPLIED).count(),
            "shops": shops.count(), "offers": offers.count(), "claims": claims_n, "redemptions": redeemed_n,
            "redemption_rate": round(100.0 * redeemed_n / claims_n, 1) if claims_n else 0.0,
        },
        "by_district": by_district,
        "by_category": by_category,
        "by_day": [(d, claims_by_day.get(d, 0), redeemed_by_day.get(d, 0)) for d in days],
    }


# ------------------------------------------------------------------------------ pages
def hk_districts():
    from shanglian.core.selectors import places

    return places(kinds=["hk_district"])


def festival_home() -> dict[str, Any]:
    return {"featured": offer_search(OfferFilters()).filter(is_featured=True)[:8],
            "latest": offer_search(OfferFilters()).filter(is_featured=False)[:8]}


def held_campaign_ids(phone: str | None, campaigns: list[CouponCampaign]) -> set[int]:
    if not phone:
        return set()
    return set(Coupon.objects.filter(phone=phone, campaign__in=campaigns).values_list("campaign_id", flat=True))


def held_coupons(phone: str | None, campaigns: list[CouponCampaign]) -> dict[int, list[Coupon]]:
    """The coupons a phone holds per campaign, newest first."""
    held: dict[int, list[Coupon]] = {}
    if phone and campaigns:
        for coupon in Coupon.objects.filter(phone=phone, campaign__in=campaigns).order_by("-claimed_at", "-pk"):
            held.setdefault(coupon.campaign_id, []).append(coupon)
    return held


def offer_shops(offer: Offer):
    return offer.shops.select_related("district")


def coupon_by_token(token: str | None) -> Coupon | None:
    """The coupon a signed code stands for (the code is the key: whoever holds it holds the coupon)."""
    if not token:
        return None
    return (Coupon.objects.select_related("campaign__offer__merchant", "redeemed_shop")
            .filter(token=token).first())


def campaign_shops(campaign: CouponCampaign):
    return campaign.shops.select_related("district")


def merchants_page(user: Any) -> dict[str, Any]:
    from shanglian.festival import access

    return {"merchants": access.merchants_of(user).select_related("edition").order_by("-created_at"),
            "can_redeem": access.redeem_shops(user).exists()}


def merchant_page(merchant: Merchant) -> dict[str, Any]:
    return {"offers": merchant.offers.select_related("category").prefetch_related("campaigns").order_by("-created_at"),
            "shops": merchant.shops.select_related("district", "brand"),
            "staff": merchant.staff.select_related("user", "shop")}


def offer_shop_list(offer: Offer) -> list[Shop]:
    return list(offer.shops.all())


def redeem_shop_list(user: Any) -> list[Shop]:
    from shanglian.festival import access

    return list(access.redeem_shops(user).order_by("merchant__name_zh", "name_zh"))


def editions() -> QuerySet[Edition]:
    return Edition.objects.all()


def edition_by_code(code: str) -> Edition | None:
    return Edition.objects.filter(code=code[:40]).first()


def default_edition() -> Edition | None:
    from shanglian.festival.services import current_edition

    return current_edition() or Edition.objects.first()


def featured_offers(edition: Edition | None):
    from shanglian.festival import access

    if edition is None:
        return Offer.objects.none()
    return access.public_offers().filter(is_featured=True).select_related("merchant")[:20]


def applications(edition: Edition | None, status: str):
    if edition is None:
        return []
    return (Merchant.objects.filter(edition=edition, status=status).prefetch_related("brands", "shops__district")
            .order_by("created_at")[:200])


def merchant_contacts(edition_id: int | None = None) -> list[tuple[str, str, str]]:
    """Approved merchants (of one edition, or of the current one) as mailing contacts:
    (e-mail, company name, language of the applicant's account, else 繁體). A public selector for
    the mailings app's "festival merchants" segment."""
    qs = Merchant.objects.filter(status=Merchant.Status.APPROVED).exclude(contact_email="")
    qs = qs.filter(edition_id=edition_id) if edition_id else qs.filter(edition__is_current=True)
    rows = qs.values_list("contact_email", "name_zh", "applied_by__preference__language").order_by("pk")
    return [(email, name, pref or "zh-hant") for email, name, pref in rows]


def editions_for_mailing() -> list[Edition]:
    return list(Edition.objects.order_by("-starts_on")[:20])


def prefetched_shops(offer: Offer) -> list[Shop]:
    """The offer's shops as prefetched by the search (no query when they were)."""
    return list(offer.shops.all())
