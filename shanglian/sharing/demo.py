"""Demo data for the sharing platform (``manage.py demo`` calls load_demo): about 60 published
listings of current member enterprises over the eleven GBA cities and four kinds, two pending
review, and bookings around member1's enterprise (received and made: requested, countered,
confirmed, completed with reviews on both sides, one cancelled, one dispute). Idempotent: does
nothing when demo listings exist."""

from __future__ import annotations

import datetime
import random
import zoneinfo
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from shanglian.core.search import search_index_bulk
from shanglian.directory.access import current_memberships
from shanglian.directory.models import Enterprise, EnterpriseRole
from shanglian.sharing import services
from shanglian.sharing.cities import CITY_CURRENCY, CITY_DATA, side_of, time_zone_of
from shanglian.sharing.models import Booking, Listing, Message, Occupancy, Review

MARK = "［示範］"
# kind, 繁體, 简体, English, unit, capacity, price (HKD), instant
ITEMS = [
    ("space", "陳列室", "陈列室", "Showroom", "day", 1, 2800, False),
    ("space", "會議室（12 人）", "会议室（12 人）", "Meeting room (12 people)", "hour", 1, 280, True),
    ("space", "共享辦公桌", "共享办公桌", "Hot desks", "day", 8, 180, True),
    ("space", "倉庫空間（500 平方呎）", "仓库空间（500 平方尺）", "Warehouse space (500 sq ft)", "month", 3, 9000,
     False),
    ("equipment", "3D 打印機", "3D 打印机", "3D printer", "half_day", 2, 600, False),
    ("equipment", "CNC 加工中心", "CNC 加工中心", "CNC machining centre", "day", 1, 3500, False),
    ("equipment", "叉車", "叉车", "Forklift", "day", 2, 900, True),
    ("vehicle", "七人車連司機", "七人车连司机", "7-seater with driver", "half_day", 2, 1200, False),
    ("vehicle", "五噸貨車連司機", "五吨货车连司机", "5-tonne truck with driver", "job", 1, None, False),
    ("service", "會計及報稅服務", "会计及报税服务", "Accounting and tax filing", "job", 5, None, False),
    ("service", "產品測試及認證", "产品测试及认证", "Product testing and certification", "job", 3, 8000, False),
    ("service", "平面設計", "平面设计", "Graphic design", "hour", 2, 450, False),
]
RATE = {"HKD": Decimal("1"), "CNY": Decimal("0.92"), "MOP": Decimal("1.03")}


def load_demo(*, stdout: Any = None) -> None:
    if Listing.objects.filter(rules__startswith=MARK).exists():
        return
    rng = random.Random(14)
    ids = list(current_memberships().values_list("enterprise_id", flat=True).distinct().order_by("enterprise_id"))
    enterprises = list(Enterprise.objects.filter(pk__in=ids[:200]).select_related("place"))
    if len(enterprises) < 4:
        return
    member1 = get_user_model().objects.filter(username="member1").first()
    own = EnterpriseRole.objects.filter(user=member1).select_related("enterprise").first() if member1 else None
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    now = timezone.now()
    with transaction.atomic():
        listings = []
        cities = list(CITY_DATA)
        for i in range(60):
            kind, hant, hans, en, unit, capacity, price, instant = ITEMS[i % len(ITEMS)]
            city = cities[i % len(cities)]
            currency = CITY_CURRENCY.get(city, "CNY")
            lat, lng = CITY_DATA[city][2] + rng.uniform(-0.05, 0.05), CITY_DATA[city][3] + rng.uniform(-0.05, 0.05)
            owner = own.enterprise if own is not None and i in (0, 1, 2) else enterprises[i % len(enterprises)]
            if own is not None and i in (0, 1, 2):
                city, currency, lat, lng = "hong-kong", "HKD", 22.312 + i * 0.001, 114.225
            city_name = _city_name(city)
            listings.append(Listing(
                enterprise=owner, kind=kind, title_zh_hant=f"{city_name}{hant}", title_zh_hans=f"{city_name}{hans}",
                title_en=f"{en}, {city.replace('-', ' ').title()}",
                description_zh_hant=f"{owner.name_zh or owner.name_en}提供的{hant}，歡迎會員企業預約。",
                description_en=f"{en} offered by {owner.name_en or owner.name_zh} to member enterprises.",
                city=city, side=side_of(city), time_zone=time_zone_of(city), address=f"{city_name}示範路 {i + 1} 號",
                lat=round(lat, 5), lng=round(lng, 5), capacity=capacity, unit=unit, currency=currency,
                price=None if price is None else (Decimal(price) * RATE[currency]).quantize(Decimal("1")),
                deposit=Decimal(500) if kind == "equipment" else Decimal(0),
                policy=["flexible", "moderate", "strict"][i % 3], rules=f"{MARK}請保持清潔，準時交還。",
                lead_time_hours=0 if instant else 24, instant_booking=instant, opens_at=datetime.time(8),
                closes_at=datetime.time(22), weekdays=[], status=Listing.Status.PUBLISHED if i < 58 else
                Listing.Status.PENDING, published_at=now - datetime.timedelta(days=60 - i), reviewed_by=staff))
        Listing.objects.bulk_create(listings)
        search_index_bulk(kind=services.SEARCH_KIND, rows=[
            (x.pk, services.listing_search_parts(x)) for x in listings if x.status == Listing.Status.PUBLISHED])
        if own is not None and staff is not None:
            _bookings(own.enterprise, [x for x in listings if x.status == Listing.Status.PUBLISHED], staff, rng, now)
    if stdout is not None:
        stdout.write(f"sharing: {len(listings)} listings")


def _city_name(code: str) -> str:
    from shanglian.sharing.cities import City

    return {"hong-kong": "香港", "macao": "澳門"}.get(code) or str(City(code).label)


def _bookings(own: Enterprise, listings: list[Listing], staff: Any, rng: random.Random, now: datetime.datetime) -> None:
    mine = [x for x in listings if x.enterprise_id == own.pk]
    others = [x for x in listings if x.enterprise_id != own.pk and x.price is not None]
    guests = list(Enterprise.objects.exclude(pk=own.pk).filter(pk__in=[x.enterprise_id for x in others])[:6])
    hk = zoneinfo.ZoneInfo("Asia/Hong_Kong")
    day = timezone.localdate()

    def at(days: int, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time(hour), hk)

    def make(listing: Listing, enterprise: Enterprise, start: datetime.datetime, hours: int, status: str,
             **extra: Any) -> Booking:
        end = start + datetime.timedelta(hours=hours)
        amount = services.booking_amount(listing, start, end, 1)
        b = Booking.objects.create(listing=listing, enterprise=enterprise, requested_by=staff, starts_at=start,
                                   ends_at=end, currency=listing.currency, amount=amount, status=status,
                                   message="請問可否提早半小時進場？", **extra)
        if status in (Booking.Status.CONFIRMED, Booking.Status.COMPLETED):
            Occupancy.objects.create(listing=listing, booking=b, unit_no=1, starts_at=start, ends_at=end)
        return b

    for n, listing in enumerate(mine):
        guest = guests[n % len(guests)] if guests else None
        if guest is None:
            break
        make(listing, guest, at(3 + n, 10), 2, Booking.Status.REQUESTED)
        confirmed = make(listing, guest, at(6 + n, 14), 3, Booking.Status.CONFIRMED, confirmed_at=now)
        Message.objects.create(booking=confirmed, side="requester", body="我們會帶同樣品到場，謝謝。")
        done = make(listing, guest, at(-10 - n, 9), 4, Booking.Status.COMPLETED, confirmed_at=now,
                    completed_at=now - datetime.timedelta(days=9 + n), settled_at=day - datetime.timedelta(days=8),
                    settlement_method="fps", settlement_ref=f"FPS{rng.randint(100000, 999999)}")
        Review.objects.create(booking=done, side="requester", rating=5, text="場地整潔，交通方便。")
        Review.objects.create(booking=done, side="provider", rating=5, text="準時交還，合作愉快。")
    for n, listing in enumerate(others[:3]):
        make(listing, own, at(5 + n, 11), 2, [Booking.Status.REQUESTED, Booking.Status.CONFIRMED,
                                              Booking.Status.CANCELLED][n])
