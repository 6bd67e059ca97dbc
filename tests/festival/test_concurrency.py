"""A rush against a real PostgreSQL: many threads (each with its own connection) claim at once.

Runs only when the test database is PostgreSQL (DATABASE_URL=postgres://…); on SQLite the test
database is in memory and shared by one connection, so the threads would not race for real
(bench/festival_claim_rush.py runs the same rush on a SQLite file with several server processes).
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from shanglian.festival import claims
from shanglian.festival.models import Coupon, CouponCampaign
from tests.festival.conftest import make_campaign

pytestmark = pytest.mark.django_db(transaction=True)


def test_rush_never_oversells(offer, secretariat):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")
    campaign = make_campaign(offer, secretariat, quota=25, per_person_limit=1)
    phones = [f"+8529{2000000 + i:07d}" for i in range(40)]
    answers: list[tuple[str, str, int | None]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        barrier.wait()
        try:
            # Every thread tries every phone: duplicates across threads, and retries with one key.
            for i, phone in enumerate(phones[n::2] + phones[n::3]):
                key = f"{phone}-k" if i % 2 else None
                try:
                    result = claims.coupon_claim(campaign_id=campaign.pk, phone=phone, idempotency_key=key)
                    with lock:
                        answers.append(("claimed" if result.created else "replayed", phone, result.coupon.pk))
                except claims.FestivalError as exc:
                    with lock:
                        answers.append((exc.code, phone, None))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    campaign = CouponCampaign.objects.get(pk=campaign.pk)
    coupons = list(Coupon.objects.filter(campaign=campaign).values_list("pk", "phone"))
    told_claimed = {pk for code, _phone, pk in answers if code == "claimed"}
    assert campaign.claimed == len(coupons) == 25                      # not oversold, no lost increment
    assert max(Counter(phone for _pk, phone in coupons).values()) == 1  # per-person limit
    assert told_claimed == {pk for pk, _phone in coupons}               # every "claimed" answer is stored
    assert {code for code, *_ in answers} <= {"claimed", "replayed", "sold_out", "already_claimed"}
