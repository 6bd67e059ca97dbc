"""Reads of the sharing platform, scoped to a viewer."""

from __future__ import annotations

import datetime
import math
import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, FloatField, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast
from django.utils import timezone

from shanglian.core.params import int_param
from shanglian.core.search import search_filter
from shanglian.directory import access as directory
from shanglian.directory.models import Membership
from shanglian.sharing.cities import CITY_DATA, City, Side
from shanglian.sharing.models import (
    Block,
    Booking,
    Currency,
    Dispute,
    Kind,
    Listing,
    Message,
    Occupancy,
    Review,
    Transfer,
)

SEARCH_KIND = "sharing.listing"
REVIEW_WINDOW = datetime.timedelta(days=14)
SORTS = ("relevance", "newest", "price", "distance")


@dataclass
class ListingFilters:
    q: str = ""
    kind: str = ""
    city: str = ""
    district: str = ""  # a Hong Kong district's Place code (the map's district counts link to it)
    side: str = ""
    currency: str = ""
    max_price: Decimal | None = None
    capacity: int | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    lat: float | None = None
    lng: float | None = None
    sort: str = "relevance"

    @classmethod
    def from_query(cls, data: Any) -> ListingFilters:
        def pick(name: str, allowed: Any) -> str:
            value = str(data.get(name, "") or "")[:40]
            return value if value in allowed else ""

        def number(name: str) -> float | None:
            try:
                value = float(str(data.get(name, "") or "")[:20])
            except ValueError:
                return None
            return value if math.isfinite(value) else None

        f = cls(q=str(data.get("q", "") or "")[:200].strip(), kind=pick("kind", Kind.values),
                city=pick("city", City.values), side=pick("side", Side.values),
                currency=pick("currency", Currency.values), sort=pick("sort", SORTS) or "relevance",
                capacity=int_param(data.get("capacity"), None, minimum=1, maximum=10_000))
        district = str(data.get("district", "") or "")[:40]
        if district and re.fullmatch(r"[a-z0-9-]+", district) and f.city in ("", City.HONG_KONG):
            f.district = district
        price = number("max_price")
        f.max_price = Decimal(str(price)) if price is not None and 0 <= price < 1e10 else None
        lat, lng = number("lat"), number("lng")
        if lat is not None and lng is not None and -90 <= lat <= 90 and -180 <= lng <= 180:
            f.lat, f.lng = lat, lng
        elif f.city and f.sort == "distance":
            f.lat, f.lng = CITY_DATA[f.city][2], CITY_DATA[f.city][3]
        f.starts_at, f.ends_at = _when(data)
        return f


def _when(data: Any) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """``date`` (YYYY-MM-DD) with optional ``start``/``end`` (HH:MM), read as Hong Kong time (all
    GBA zones are UTC+8)."""
    try:
        day = datetime.date.fromisoformat(str(data.get("date", "") or "")[:10])
    except ValueError:
        return None, None
    zone = zoneinfo.ZoneInfo("Asia/Hong_Kong")

    def at(name: str, default: datetime.time) -> datetime.time:
        try:
            return datetime.time.fromisoformat(str(data.get(name, "") or "")[:5])
        except ValueError:
            return default

    start = datetime.datetime.combine(day, at("start", datetime.time(0)), zone)
    end_time = at("end", datetime.time(0))
    end = datetime.datetime.combine(day + datetime.timedelta(days=1) if end_time == datetime.time(0) else day,
                                    end_time, zone)
    return (start, end) if end > start else (None, None)


def public_listings() -> QuerySet[Listing]:
    """Published listings of enterprises that are current members today (the directory's rule:
    status and validity dates), so a lapsed member's listings leave search and the API at once."""
    return (Listing.objects.filter(status=Listing.Status.PUBLISHED,
                                   enterprise_id__in=directory.current_memberships().values("enterprise_id"))
            .select_related("enterprise", "district"))


def available_q(starts_at: datetime.datetime, ends_at: datetime.datetime) -> Q:
    """Listings with at least one unit free for the whole range and no block in it."""
    blocked = Block.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).values("listing_id")
    busy = (Occupancy.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).values("listing_id")
            .annotate(units=Count("unit_no", distinct=True)).filter(listing__capacity__lte=F("units"))
            .values("listing_id"))
    return ~Q(pk__in=blocked) & ~Q(pk__in=busy)


def search_listings(f: ListingFilters) -> QuerySet[Listing]:
    qs = public_listings()
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.city:
        qs = qs.filter(city=f.city)
    if f.district:
        qs = qs.filter(district__code=f.district)
    if f.side:
        qs = qs.filter(side=f.side)
    if f.currency:
        qs = qs.filter(currency=f.currency)
    if f.max_price is not None:
        qs = qs.filter(price__lte=f.max_price)
    if f.capacity:
        qs = qs.filter(capacity__gte=f.capacity)
    if f.starts_at and f.ends_at:
        qs = qs.filter(available_q(f.starts_at, f.ends_at))
    if f.q:
        qs = search_filter(qs, kind=SEARCH_KIND, query=f.q)
    if f.sort == "distance" and f.lat is not None and f.lng is not None:
        # equirectangular distance: exact enough to order places inside the GBA
        k = math.cos(math.radians(f.lat))
        lat = Cast(F("lat"), FloatField()) - Value(f.lat)
        lng = (Cast(F("lng"), FloatField()) - Value(f.lng)) * Value(k)
        qs = qs.filter(lat__isnull=False).annotate(dist2=lat * lat + lng * lng).order_by("dist2", "-id")
    elif f.sort == "price":
        qs = qs.order_by(F("price").asc(nulls_last=True), "-id")
    elif f.sort == "newest" or not f.q:
        qs = qs.order_by("-published_at", "-id")
    else:
        qs = qs.order_by("-search_rank", "-published_at", "-id")
    return qs


def map_counts(f: ListingFilters) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """What the map shows for the current filters, whatever city or district is picked: listings
    per city, and per Hong Kong district (code, name in the reader's language, count)."""
    from dataclasses import replace

    base = search_listings(replace(f, city="", district="", sort="newest")).order_by().values("pk")
    rows = Listing.objects.filter(pk__in=base)
    by_city = dict(rows.order_by().values_list("city").annotate(n=Count("id")).values_list("city", "n"))
    districts = (rows.filter(city=City.HONG_KONG, district__isnull=False).order_by()
                 .values_list("district__code").annotate(n=Count("id")).values_list("district__code", "n"))
    counts = dict(districts)
    from shanglian.core.models import Place

    names = {p.code: p.name for p in Place.objects.filter(code__in=counts)}
    return by_city, sorted(((c, names.get(c, c), n) for c, n in counts.items()), key=lambda r: (-r[2], r[1]))


def distance_km(listing: Listing, lat: float | None, lng: float | None) -> float | None:
    if lat is None or lng is None or listing.lat is None or listing.lng is None:
        return None
    p1, p2 = math.radians(lat), math.radians(listing.lat)
    dp, dl = p2 - p1, math.radians(listing.lng - lng)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(6371 * 2 * math.asin(math.sqrt(a)), 1)


def badges(enterprise_ids: list[int]) -> dict[int, list[str]]:
    """Trust badges from the directory: current member of which associations."""
    rows = (Membership.objects.filter(directory.current_membership_q(), enterprise_id__in=enterprise_ids)
            .select_related("association"))
    out: dict[int, list[str]] = {}
    for m in rows:
        out.setdefault(m.enterprise_id, []).append(m.association.name)
    return out


def listing_page(listing: Listing, user: Any) -> dict[str, Any]:
    return {
        "photos": list(listing.photos.all()),
        "badges": badges([listing.enterprise_id]).get(listing.enterprise_id, []),
        "blocks": list(listing.blocks.filter(ends_at__gte=timezone.now())[:20]),
        "reviews": [r for r in published_reviews(listing=listing) if r.side == "requester"][:10],
        "rating": listing_rating(listing),
        "manages": directory.can_manage_enterprise(user, listing.enterprise),
    }


def availability(listing: Listing, *, start: datetime.date, days: int = 28) -> list[dict[str, Any]]:
    """Per local day: open or not, blocked or not, the most units taken at once (approximated by
    units taken at any time that day) and the capacity."""
    zone = zoneinfo.ZoneInfo(listing.time_zone)
    first = datetime.datetime.combine(start, datetime.time(0), zone)
    last = first + datetime.timedelta(days=days)
    occ = list(Occupancy.objects.filter(listing=listing, starts_at__lt=last, ends_at__gt=first)
               .values_list("unit_no", "starts_at", "ends_at"))
    blocks = list(Block.objects.filter(listing=listing, starts_at__lt=last, ends_at__gt=first)
                  .values_list("starts_at", "ends_at"))
    out = []
    for i in range(days):
        day_start = first + datetime.timedelta(days=i)
        day_end = day_start + datetime.timedelta(days=1)
        units = {u for u, s, e in occ if s < day_end and e > day_start}
        blocked = any(s < day_end and e > day_start for s, e in blocks)
        is_open = not listing.weekdays or day_start.weekday() in listing.weekdays
        out.append({"date": day_start.date(), "open": is_open and not blocked, "blocked": blocked,
                    "taken": len(units), "capacity": listing.capacity,
                    "full": len(units) >= listing.capacity})
    return out


def published_reviews(*, listing: Listing | None = None, now: datetime.datetime | None = None) -> list[Review]:
    """Reviews are shown when both sides have written one, or 14 days after completion."""
    now = now or timezone.now()
    qs = Review.objects.filter(booking__status=Booking.Status.COMPLETED).select_related("booking__enterprise")
    if listing is not None:
        qs = qs.filter(booking__listing=listing)
    both = (Review.objects.values("booking_id").annotate(n=Count("id")).filter(n__gte=2).values("booking_id"))
    return list(qs.filter(Q(booking_id__in=both) | Q(booking__completed_at__lte=now - REVIEW_WINDOW)))


def review_visible(review: Review, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    booking = review.booking
    if booking.completed_at and booking.completed_at <= now - REVIEW_WINDOW:
        return True
    return Review.objects.filter(booking=booking).count() >= 2


def listing_rating(listing: Listing) -> dict[str, Any] | None:
    rows = [r.rating for r in published_reviews(listing=listing) if r.side == "requester"]
    if not rows:
        return None
    return {"average": round(sum(rows) / len(rows), 1), "count": len(rows)}


def my_listings(user: Any) -> QuerySet[Listing]:
    return Listing.objects.filter(enterprise__in=directory.enterprises_managed_by(user)).select_related(
        "enterprise").order_by("-updated_at", "-id") if not directory.is_secretariat(user) else (
        Listing.objects.filter(enterprise_id__in=directory.own_enterprise_ids(user)).order_by("-updated_at", "-id"))


def my_bookings(user: Any) -> dict[str, QuerySet[Booking]]:
    """Bookings the user's enterprises made (``made``) and received as providers (``received``)."""
    own = directory.own_enterprise_ids(user)
    base = Booking.objects.select_related("listing__enterprise", "enterprise").order_by("-created_at", "-id")
    return {"made": base.filter(enterprise_id__in=own), "received": base.filter(listing__enterprise_id__in=own)}


def booking_page(booking: Booking, side: str, user: Any) -> dict[str, Any]:
    reviews = list(booking.reviews.all())
    return {
        "thread": list(Message.objects.filter(booking=booking).select_related("author")),
        "my_review": next((r for r in reviews if r.side == side), None),
        "visible_reviews": [r for r in reviews if review_visible(r)],
        "disputes": list(booking.disputes.all()),
        "transfer": Transfer.objects.filter(booking=booking).first(),
        "side": side,
    }


def review_queue() -> QuerySet[Listing]:
    return Listing.objects.filter(status=Listing.Status.PENDING).select_related("enterprise").order_by("updated_at")


def open_disputes() -> QuerySet[Dispute]:
    return Dispute.objects.select_related("booking__listing", "booking__enterprise").order_by("status", "-created_at")


def provider_dashboard(user: Any, *, today: datetime.date | None = None) -> dict[str, Any]:
    """The provider's next bookings (calendar) and earnings by currency (completed, confirmed)."""
    today = today or timezone.localdate()
    own = directory.own_enterprise_ids(user)
    received = Booking.objects.filter(listing__enterprise_id__in=own)
    upcoming = (received.filter(status=Booking.Status.CONFIRMED, ends_at__gte=timezone.now())
                .select_related("listing", "enterprise").order_by("starts_at")[:30])
    earnings = list(received.filter(status__in=[Booking.Status.CONFIRMED, Booking.Status.COMPLETED],
                                    amount__isnull=False)
                    .values("currency").annotate(total=Sum("amount"), n=Count("id")).order_by("currency"))
    settled = {r["currency"]: r["total"] for r in received.filter(settled_at__isnull=False)
               .values("currency").annotate(total=Sum("amount"))}
    for row in earnings:
        row["settled"] = settled.get(row["currency"]) or Decimal("0")
    fees = list(received.filter(status=Booking.Status.CANCELLED, cancel_fee__gt=0).values("currency")
                .annotate(total=Sum("cancel_fee")))
    return {"upcoming": list(upcoming), "earnings": earnings, "fees": fees,
            "pending": received.filter(status=Booking.Status.REQUESTED).count()}


def federation_usage() -> dict[str, Any]:
    """Bookings by city and kind (confirmed and completed), listings by status."""
    done = Booking.objects.filter(status__in=[Booking.Status.CONFIRMED, Booking.Status.COMPLETED])
    by = list(done.values("listing__city", "listing__kind").annotate(n=Count("id")).order_by("listing__city"))
    cities = {c: {k: 0 for k in Kind.values} for c in City.values}
    for row in by:
        cities[row["listing__city"]][row["listing__kind"]] = row["n"]
    rows = [{"city": City(c).label, "counts": [cities[c][k] for k in Kind.values], "total": sum(cities[c].values())}
            for c in City.values]
    listings = dict(Listing.objects.values_list("status").annotate(n=Count("id")))
    return {"rows": rows, "kinds": [Kind(k).label for k in Kind.values], "listings": listings,
            "transfers": Transfer.objects.count(), "open_disputes": Dispute.objects.filter(status="open").count(),
            "bookings": done.count()}


def needs_for_listing(listing: Listing, *, limit: int = 5) -> list:
    """Published matchmaking needs a listing may answer (matching's public selector + core.search)."""
    from shanglian.matching.selectors import public_opportunities
    from shanglian.matching.services import SEARCH_KIND as NEED_KIND

    qs = public_opportunities().filter(kind="need")
    query = " ".join(filter(None, [listing.title_zh_hant, str(Kind(listing.kind).label)]))[:200]
    return list(search_filter(qs, kind=NEED_KIND, query=query).order_by("-search_rank", "-id")[:limit])


# A need's title usually starts with a verb no listing contains ("尋找倉庫"): the search asks the
# title as written and, when that finds too few, the title without that verb.
NEED_VERBS = re.compile(r"^\s*(尋找|寻找|尋求|寻求|需要|求租|求購|求购|誠徵|诚征|徵求|征求|招募|想找|找|"
                        r"looking\s+for|seeking|wanted:?|need(?:ed)?:?)\s*", re.IGNORECASE)


def listings_for_need(opportunity: Any, *, limit: int = 12) -> list[Listing]:
    """Listings that answer a matchmaking need (尋找倉庫 …), best first."""
    qs = public_listings().exclude(enterprise_id=opportunity.enterprise_id)
    found: list[Listing] = []
    title = opportunity.title or ""
    queries = [" ".join(filter(None, [title, opportunity.category]))[:200]]
    bare = NEED_VERBS.sub("", title, count=1).strip()
    if bare and bare != title.strip():
        queries.append(" ".join(filter(None, [bare, opportunity.category]))[:200])
    for query in queries:
        seen = {x.pk for x in found}
        found += [x for x in search_filter(qs, kind=SEARCH_KIND, query=query).order_by("-search_rank", "-id")[:limit]
                  if x.pk not in seen]
        if len(found) >= limit:
            break
    return found[:limit]


def ics_entries_for_listing(listing: Listing) -> list[dict[str, Any]]:
    since = timezone.now() - datetime.timedelta(days=30)
    rows = []
    for b in listing.bookings.filter(status__in=[Booking.Status.CONFIRMED, Booking.Status.COMPLETED],
                                     ends_at__gte=since).order_by("starts_at")[:500]:
        rows.append({"uid": f"sharing-booking-{b.pk}", "start": b.starts_at, "end": b.ends_at,
                     "summary": f"{listing.title_zh_hant} ×{b.quantity}", "location": listing.address})
    for blk in listing.blocks.filter(ends_at__gte=since)[:200]:
        rows.append({"uid": f"sharing-block-{blk.pk}", "start": blk.starts_at, "end": blk.ends_at,
                     "summary": f"{listing.title_zh_hant} ({blk.reason or 'closed'})", "location": listing.address})
    return rows


def ics_entries_for_enterprise(enterprise_id: int) -> list[dict[str, Any]]:
    since = timezone.now() - datetime.timedelta(days=30)
    qs = (Booking.objects.filter(Q(enterprise_id=enterprise_id) | Q(listing__enterprise_id=enterprise_id),
                                 status__in=[Booking.Status.CONFIRMED, Booking.Status.COMPLETED], ends_at__gte=since)
          .select_related("listing").order_by("starts_at")[:1000])
    return [{"uid": f"sharing-booking-{b.pk}", "start": b.starts_at, "end": b.ends_at,
             "summary": f"{b.listing.title_zh_hant} ×{b.quantity}", "location": b.listing.address} for b in qs]


def home_context(request: Any) -> dict[str, Any]:
    return {"sharing_latest": list(public_listings().order_by("-published_at", "-id")[:4])}


def dashboard_context(request: Any) -> dict[str, Any]:
    user = request.user
    own = directory.own_enterprise_ids(user)
    return {"sharing_pending": Booking.objects.filter(listing__enterprise_id__in=own,
                                                      status=Booking.Status.REQUESTED).count() if own else 0,
            "sharing_review": review_queue().count() if directory.is_secretariat(user) else 0}


def booking_message(booking: Booking, message_id: int | None) -> Message | None:
    if message_id is None:
        return None
    return Message.objects.filter(booking=booking, pk=message_id).first()


# Which matching subtype a listing behaves as when it answers a need (matching's engine scores
# the offer ↔ need fit from it: a room or desk answers 尋找場地 like a service, a machine is capacity).
MATCHING_SUBTYPE = {"space": "service", "equipment": "capacity", "vehicle": "service", "service": "service"}
SIDE_REGIONS = {"hk": ("hk", "gba"), "macao": ("macao", "gba"), "mainland": ("gba", "mainland")}


def need_counterparts(*, opportunity: Any, limit: int = 10) -> list:
    """The counterpart source sharing registers with matching: published listings that may answer a
    published need, in the words matching's engine reads (it scores and explains them itself)."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from shanglian.core.formatting import money
    from shanglian.core.models import Place
    from shanglian.matching.services import Counterpart

    listings = listings_for_need(opportunity, limit=limit)
    codes = {x.city for x in listings} | {x.district.code for x in listings if x.district_id}
    kinds = dict(Place.objects.filter(code__in=codes).values_list("code", "kind"))
    out = []
    for x in listings:
        places = {code: kinds[code] for code in (x.city, x.district.code if x.district_id else "") if code in kinds}
        price = (f"{money(x.price, x.currency)} {x.get_unit_display()}" if x.price is not None
                 else str(gettext("報價另議")))
        text = "\n".join(filter(None, [x.title_zh_hant, x.title_zh_hans, x.title_en, x.description_zh_hant,
                                       x.description_en, str(Kind(x.kind).label), x.district_text]))
        out.append(Counterpart(
            id=x.pk, title=x.title, url=reverse("sharing:listing", args=[x.pk]), text=text[:4000],
            enterprise_id=x.enterprise_id,
            enterprise_name=x.enterprise.name, subtype=MATCHING_SUBTYPE.get(x.kind, "service"),
            industry_id=x.enterprise.industry_id, places=places, regions=SIDE_REGIONS.get(x.side, ()),
            detail=f"{City(x.city).label} · {price}", category=str(Kind(x.kind).label)))
    return out
