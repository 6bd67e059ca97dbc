"""Sharing search latency (p50/p95) at 20,000 listings, and one month of availability for 500.

    DATABASE_URL=sqlite:///var/bench/sharing_search.sqlite3 .venv/bin/python bench/sharing_search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_sharing_search .venv/bin/python bench/sharing_search.py
    … --listings 2000 --repeat 3       (quick)

Builds ``--listings`` published listings (bulk_create + search_index_bulk, real vectors) over the
eleven cities, four kinds and three currencies, with 5,000 confirmed occupancies, unless the
database already holds them. A measurement is what the list page does: ``search_listings(...)``,
``count()`` and the first page of 20 with the trust badges. Then ``availability()`` for 28 days of
500 listings (the listing page's calendar).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")

QUERIES = [
    {"q": "倉庫"}, {"q": "仓库", "side": "mainland"}, {"q": "meeting room"}, {"q": "會議室", "city": "shenzhen"},
    {"q": "叉車"}, {"q": "會計"}, {"kind": "vehicle", "city": "guangzhou"}, {"side": "hk", "sort": "price"},
    {"sort": "distance", "lat": "22.54", "lng": "114.06"}, {"capacity": "3", "max_price": "1000"},
    {"date": "", "start": "10:00", "end": "12:00", "kind": "space"},
    {"q": "辦公桌", "sort": "distance", "city": "macao"},
]


def build(n: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from shanglian.core.models import Industry, Place
    from shanglian.core.reference_data import load_reference_data
    from shanglian.core.search import search_index_bulk
    from shanglian.directory import services as directory
    from shanglian.directory.models import Association
    from shanglian.sharing.cities import CITY_CURRENCY, CITY_DATA, side_of, time_zone_of
    from shanglian.sharing.demo import ITEMS
    from shanglian.sharing.models import Booking, Listing, Occupancy
    from shanglian.sharing.services import SEARCH_KIND, listing_search_parts

    call_command("migrate", verbosity=0)
    if Listing.objects.count() >= n:
        return
    if not Place.objects.exists():
        load_reference_data(Place, Industry)
    staff, _ = get_user_model().objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    assoc, _ = Association.objects.get_or_create(slug="bench", defaults={"name_zh": "測試商會"})
    ents = [directory.enterprise_create(actor=staff, association=assoc, start_date=datetime.date(2024, 1, 1),
                                        values={"name_zh": f"測試企業{i}號有限公司", "name_en": f"Bench Co {i}"})
            for i in range(200)]
    rng = random.Random(20)
    cities = list(CITY_DATA)
    rows = []
    for i in range(n):
        kind, hant, hans, en, unit, capacity, price, instant = ITEMS[i % len(ITEMS)]
        city = cities[rng.randrange(len(cities))]
        currency = CITY_CURRENCY.get(city, "CNY")
        lat, lng = CITY_DATA[city][2] + rng.uniform(-0.1, 0.1), CITY_DATA[city][3] + rng.uniform(-0.1, 0.1)
        rows.append(Listing(
            enterprise=ents[i % len(ents)], kind=kind, title_zh_hant=f"{hant}{i}", title_zh_hans=hans, title_en=en,
            description_zh_hant=f"{hant}，第{i}號，設備齊全，交通方便。", city=city, side=side_of(city),
            time_zone=time_zone_of(city), address=f"示範路 {i} 號", lat=lat, lng=lng, capacity=capacity, unit=unit,
            currency=currency, price=None if price is None else Decimal(price), lead_time_hours=0,
            instant_booking=instant, status=Listing.Status.PUBLISHED))
    Listing.objects.bulk_create(rows, batch_size=1000)
    search_index_bulk(kind=SEARCH_KIND, rows=((x.pk, listing_search_parts(x)) for x in
                                              Listing.objects.select_related("enterprise").iterator()))
    start = datetime.datetime.now(datetime.UTC).replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    bookings, occ = [], []
    for i in range(5000):
        x = rows[rng.randrange(len(rows))]
        s = start + datetime.timedelta(hours=rng.randrange(24 * 28))
        bookings.append(Booking(listing=x, enterprise=ents[0], starts_at=s, ends_at=s + datetime.timedelta(hours=2),
                                currency=x.currency, status="confirmed"))
    Booking.objects.bulk_create(bookings, batch_size=1000)
    seen = set()
    for b in bookings:
        key = (b.listing_id, b.starts_at)
        if key not in seen:
            seen.add(key)
            occ.append(Occupancy(listing_id=b.listing_id, booking=b, unit_no=1, starts_at=b.starts_at,
                                 ends_at=b.ends_at))
    Occupancy.objects.bulk_create(occ, batch_size=1000, ignore_conflicts=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=10)
    opts = parser.parse_args()
    from bench.sharing_booking_race import _ensure_pg_database

    _ensure_pg_database()
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from shanglian.sharing import selectors
    from shanglian.sharing.models import Listing

    t0 = time.time()
    build(opts.listings)
    built = time.time() - t0
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    times: list[float] = []
    cpu: list[float] = []
    per_query: dict[str, list[float]] = {}
    for _ in range(opts.repeat):
        for q in QUERIES:
            q = {**q, "date": day} if "date" in q else q
            s, c = time.perf_counter(), time.process_time()
            f = selectors.ListingFilters.from_query(q)
            qs = selectors.search_listings(f)
            qs.count()
            rows = list(qs[:20])
            selectors.badges([x.enterprise_id for x in rows])
            times.append(time.perf_counter() - s)
            cpu.append(time.process_time() - c)
            per_query.setdefault(repr(q), []).append(time.process_time() - c)
    times.sort()
    cpu.sort()
    p50, p95 = statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000
    sample = list(Listing.objects.order_by("?")[:500])
    s = time.perf_counter()
    for x in sample:
        selectors.availability(x, start=timezone.localdate(), days=28)
    month = time.perf_counter() - s
    print(f"database: {connection.vendor}; listings: {Listing.objects.count()}; build/reuse: {built:.0f} s")
    print(f"search (count + first page + badges), {len(times)} runs of {len(QUERIES)} queries: "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1] * 1000:.1f} ms")
    print(f"CPU of this process per search: p50 {statistics.median(cpu) * 1000:.1f} ms, "
          f"p95 {cpu[int(len(cpu) * 0.95) - 1] * 1000:.1f} ms (the database is in-process on SQLite only)")
    for key, values in per_query.items():
        print(f"  {key}: CPU median {statistics.median(values) * 1000:.1f} ms")
    print(f"availability, 28 days x 500 listings: {month:.2f} s ({month / 500 * 1000:.1f} ms a listing)")
    print(f"load average: {Path('/proc/loadavg').read_text().strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
