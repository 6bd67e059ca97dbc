"""Booking race: N concurrent booking requests for overlapping time ranges → 0 double bookings.

    DATABASE_URL=sqlite:///var/bench/sharing_race.sqlite3 .venv/bin/python bench/sharing_booking_race.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_sharing_bench .venv/bin/python bench/sharing_booking_race.py
    … --requests 1000 --ranges 50 --workers 8            (defaults)

``--workers`` separate processes (each its own database connection, like gunicorn workers) send
``--requests`` booking requests through the service (``services.booking_request``, instant
booking) for ``--ranges`` two-hour ranges starting every 15 minutes (each overlaps its seven
neighbours on either side), half on a one-room listing, half on an 8-desk listing asking 1–4
desks. Afterwards the database is checked with one SQL self-join: two occupancies of the same
listing and unit whose ranges overlap = a double booking. ``--check`` exits 1 if there is one.
The schema is migrated first; a PostgreSQL database named in DATABASE_URL is created if missing.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")


def _django() -> None:
    import django

    django.setup()


def _ensure_pg_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup() -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from shanglian.core.models import Industry, Place
    from shanglian.core.reference_data import load_reference_data
    from shanglian.directory import services as directory
    from shanglian.directory.models import Association, Enterprise, EnterpriseRole
    from shanglian.sharing import services
    from shanglian.sharing.models import Booking, Listing, Occupancy

    call_command("migrate", verbosity=0)
    if not Place.objects.exists():
        load_reference_data(Place, Industry)
    User = get_user_model()  # noqa: N806
    staff, _ = User.objects.get_or_create(username="race-staff", defaults={"is_staff": True, "is_superuser": True})
    assoc, _ = Association.objects.get_or_create(slug="race", defaults={"name_zh": "測試商會"})

    def enterprise(name: str, place: str) -> Enterprise:
        found = Enterprise.objects.filter(name_zh=name).first()
        return found or directory.enterprise_create(
            actor=staff, association=assoc, start_date=datetime.date(2024, 1, 1),
            values={"name_zh": name, "place": Place.objects.get(code=place)})

    provider_ent, requester_ent = enterprise("供應企業", "kwun-tong"), enterprise("預約企業", "eastern")
    provider, _ = User.objects.get_or_create(username="race-provider")
    requester, _ = User.objects.get_or_create(username="race-requester")
    EnterpriseRole.objects.get_or_create(user=provider, enterprise=provider_ent)
    EnterpriseRole.objects.get_or_create(user=requester, enterprise=requester_ent)
    ids = {}
    for key, capacity in (("room", 1), ("desks", 8)):
        listing = Listing.objects.filter(title_zh_hant=f"race-{key}").first()
        if listing is None:
            listing = services.listing_save(actor=provider, enterprise=provider_ent, values={
                "kind": "space", "title_zh_hant": f"race-{key}", "description_zh_hant": "競賽測試", "city": "hong-kong",
                "address": "觀塘", "capacity": capacity, "unit": "hour", "currency": "HKD", "price": "10",
                "lead_time_hours": 0, "instant_booking": True, "opens_at": datetime.time(0),
                "closes_at": datetime.time(23, 59), "weekdays": []})
            Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.PUBLISHED)
        Occupancy.objects.filter(listing=listing).delete()
        Booking.objects.filter(listing=listing).delete()
        ids[key] = listing.pk
    return {**ids, "requester": requester.pk, "enterprise": requester_ent.pk}


def worker(args: tuple) -> list[tuple[str, float]]:
    world, jobs, start_at = args
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections

    from shanglian.core.errors import Conflict
    from shanglian.directory.models import Enterprise
    from shanglian.sharing import services
    from shanglian.sharing.models import Listing

    user = get_user_model().objects.get(pk=world["requester"])
    ent = Enterprise.objects.get(pk=world["enterprise"])
    listings = {pk: Listing.objects.get(pk=pk) for pk in (world["room"], world["desks"])}
    while time.time() < start_at:  # every process starts together
        time.sleep(0.001)
    out = []
    for listing_id, s, e, qty in jobs:
        t0 = time.perf_counter()
        try:
            services.booking_request(actor=user, listing=listings[listing_id], enterprise=ent, starts_at=s, ends_at=e,
                                     quantity=qty)
            outcome = "confirmed"
        except Conflict:
            outcome = "conflict"
        except Exception as exc:  # noqa: BLE001 - counted and shown
            outcome = f"error:{type(exc).__name__}:{exc}"[:120]
        out.append((outcome, time.perf_counter() - t0, time.time()))
    connections.close_all()
    return out


DOUBLE_SQL = """
SELECT COUNT(*) FROM sharing_occupancy a JOIN sharing_occupancy b
  ON a.listing_id = b.listing_id AND a.unit_no = b.unit_no AND a.id < b.id
 AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--ranges", type=int, default=50)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--check", action="store_true", help="exit 1 on any double booking")
    opts = parser.parse_args()
    _ensure_pg_database()
    _django()
    from django.db import connection
    from django.db import connections as conns

    world = setup()
    base = datetime.datetime.combine(datetime.date.today() + datetime.timedelta(days=30), datetime.time(0),
                                     datetime.timezone(datetime.timedelta(hours=8)))
    ranges = [(base + datetime.timedelta(minutes=15 * i), base + datetime.timedelta(minutes=15 * i + 120))
              for i in range(opts.ranges)]
    rng = random.Random(opts.seed)
    jobs = []
    for i in range(opts.requests):
        s, e = rng.choice(ranges)
        if i % 2:
            jobs.append((world["desks"], s, e, rng.randint(1, 4)))
        else:
            jobs.append((world["room"], s, e, 1))
    chunks = [jobs[n::opts.workers] for n in range(opts.workers)]
    vendor = connection.vendor
    conns.close_all()
    ctx = multiprocessing.get_context("fork")  # Django is set up: workers start at once
    start_at = time.time() + 1.0
    with ctx.Pool(opts.workers) as pool:
        results = pool.map(worker, [(world, chunk, start_at) for chunk in chunks])
    flat = [r for chunk in results for r in chunk]
    wall = max(r[2] for r in flat) - start_at if flat else 0.0
    with connection.cursor() as cur:
        cur.execute(DOUBLE_SQL)
        double = cur.fetchone()[0]
    from shanglian.sharing.models import Booking, Occupancy

    desks_held = sum(b.quantity for b in Booking.objects.filter(listing_id=world["desks"], status="confirmed"))
    desks_rows = Occupancy.objects.filter(listing_id=world["desks"]).count()
    outcomes: dict[str, int] = {}
    for outcome, *_ in flat:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    lat = sorted(r[1] for r in flat)
    p95 = lat[int(len(lat) * 0.95) - 1] * 1000 if lat else 0
    print(f"database: {vendor}; requests: {len(flat)}; workers: {opts.workers}; ranges: {opts.ranges}")
    print(f"outcomes: {outcomes}")
    print(f"double bookings: {double}")
    print(f"desk units held by confirmed bookings: {desks_held}; occupancy rows: {desks_rows}")
    print(f"wall: {wall:.2f} s; {len(flat) / wall:.0f} requests/s; latency median "
          f"{statistics.median(lat) * 1000:.1f} ms, p95 {p95:.1f} ms")
    print(f"load average: {Path('/proc/loadavg').read_text().strip()}")
    errors = sum(n for k, n in outcomes.items() if k.startswith("error"))
    if opts.check and (double or errors or desks_held != desks_rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
