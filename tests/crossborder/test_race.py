"""200 concurrent checkouts by one buyer against a real PostgreSQL: the year's total never passes
¥26,000. On SQLite the test database is one in-memory connection, so test_checkout.py runs the same
rule serialised and bench/crossborder_limit_race.py races processes on a SQLite file."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from shanglian.core.errors import DomainError
from shanglian.crossborder import services
from shanglian.crossborder.models import BuyerYear, Order
from tests.crossborder.conftest import make_product

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_hundred_concurrent_orders_never_pass_the_year(buyer, address, seller, secretariat):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")
    product = make_product(seller, secretariat, price="700", stock=1000)
    item = services.cart_set(buyer=buyer, product=product, mode="9610", qty=1)
    groups = services.cart_groups(buyer)
    assert item is not None
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        barrier.wait()
        try:
            for _ in range(25):
                try:
                    services.checkout(buyer=buyer, address=address, notice_accepted=True, groups=groups)
                    code = "ok"
                except DomainError as exc:
                    code = exc.code
                with lock:
                    outcomes.append(code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    used = BuyerYear.objects.get(buyer=buyer).used
    assert len(outcomes) == 200
    assert outcomes.count("ok") == 37 == Order.objects.filter(buyer=buyer).count()  # 37 × 700 = 25,900
    assert set(outcomes) == {"ok", "annual_limit"}
    assert used == Decimal("25900.00") <= Decimal("26000")
