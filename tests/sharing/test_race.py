"""No double booking under a real race.

PostgreSQL: threads (each with its own connection) book overlapping ranges of a one-room listing
and of an 8-desk listing at once; the exclusion constraint is also tested on its own (a row
inserted without the service's lock is refused). SQLite: the test database is in memory and
shared by one connection, so the race runs in separate processes on a SQLite file through
bench/sharing_booking_race.py (the same code as the benchmark, with fewer requests)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, connections, transaction

from shanglian.core.errors import Conflict
from shanglian.sharing import services
from shanglian.sharing.models import Booking, Occupancy
from tests.sharing.conftest import next_day_at

ROOT = Path(__file__).resolve().parents[2]


def overlaps(listing_id: int) -> int:
    rows = list(Occupancy.objects.filter(listing_id=listing_id).values_list("unit_no", "starts_at", "ends_at"))
    bad = 0
    for i, (u1, s1, e1) in enumerate(rows):
        for u2, s2, e2 in rows[i + 1:]:
            if u1 == u2 and s1 < e2 and s2 < e1:
                bad += 1
    return bad


@pytest.mark.django_db(transaction=True)
def test_threads_never_double_book_on_postgresql(room, desks, provider, requester, east_enterprise):
    if connection.vendor != "postgresql":
        pytest.skip("threads race only on PostgreSQL; SQLite races in processes (test below)")
    from shanglian.sharing.models import Listing

    Listing.objects.filter(pk=room.pk).update(instant_booking=True)
    room.refresh_from_db()
    ranges = [(next_day_at(8 + i % 6), next_day_at(10 + i % 6)) for i in range(12)]
    results: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        barrier.wait()
        try:
            for i, (s, e) in enumerate(ranges):
                for listing, qty in ((room, 1), (desks, 1 + (n + i) % 4)):
                    try:
                        services.booking_request(actor=requester, listing=listing, enterprise=east_enterprise,
                                                 starts_at=s, ends_at=e, quantity=qty)
                        outcome = "ok"
                    except Conflict:
                        outcome = "conflict"
                    with lock:
                        results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "ok" in results and "conflict" in results
    assert overlaps(room.pk) == 0 and overlaps(desks.pk) == 0
    confirmed = Booking.objects.filter(listing=desks, status="confirmed")
    assert Occupancy.objects.filter(booking__in=confirmed).count() == sum(b.quantity for b in confirmed)


@pytest.mark.django_db
def test_exclusion_constraint_refuses_an_overlap_without_the_lock(room, requester, east_enterprise):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint is PostgreSQL's")
    b = Booking.objects.create(listing=room, enterprise=east_enterprise, starts_at=next_day_at(10),
                               ends_at=next_day_at(12), currency="HKD")
    Occupancy.objects.create(listing=room, booking=b, unit_no=1, starts_at=b.starts_at, ends_at=b.ends_at)
    b2 = Booking.objects.create(listing=room, enterprise=east_enterprise, starts_at=next_day_at(11),
                                ends_at=next_day_at(13), currency="HKD")
    with pytest.raises(IntegrityError), transaction.atomic():
        Occupancy.objects.create(listing=room, booking=b2, unit_no=1, starts_at=b2.starts_at, ends_at=b2.ends_at)
    # touching ranges ([10,12) and [12,13)) are not an overlap
    Occupancy.objects.create(listing=room, booking=b2, unit_no=1, starts_at=next_day_at(12), ends_at=next_day_at(13))


def test_processes_never_double_book_on_sqlite(tmp_path):
    """The benchmark's race on a SQLite file: 4 processes, 120 requests over 10 overlapping ranges."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}", "SEARCH_DENSE": "0"}
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "sharing_booking_race.py"), "--requests", "120",
                          "--ranges", "10", "--workers", "4", "--check"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "double bookings: 0" in out.stdout
