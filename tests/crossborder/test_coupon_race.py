"""A festival coupon spent by concurrent checkouts on a real PostgreSQL: exactly one order gets
it; the others are refused and write nothing (their quota, stock and order roll back)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from shanglian.core.errors import DomainError
from shanglian.crossborder import services
from shanglian.crossborder.models import BuyerYear, Order, Product
from shanglian.festival import claims
from shanglian.festival import services as festival_services
from shanglian.festival.models import Coupon
from tests.crossborder.conftest import BUYER_PHONE, make_product

pytestmark = pytest.mark.django_db(transaction=True)


def _race(n: int, work) -> list[str]:
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(n)

    def worker(i: int) -> None:
        barrier.wait()
        try:
            try:
                work(i)
                code = "ok"
            except DomainError as exc:
                code = exc.code
            with lock:
                outcomes.append(code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_one_coupon_many_concurrent_checkouts(buyer, address, fseller, secretariat, online_campaign):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")
    product = make_product(fseller, secretariat, price="100", stock=1000)
    coupon = claims.coupon_claim(campaign_id=online_campaign.pk, phone=BUYER_PHONE).coupon
    services.cart_set(buyer=buyer, product=product, mode="9610", qty=2)
    groups = services.cart_groups(buyer)
    key = groups[0]["key"]

    outcomes = _race(8, lambda i: services.checkout(buyer=buyer, address=address, notice_accepted=True,
                                                    groups=groups, coupons={key: coupon.code}))
    assert sorted(outcomes) == ["already_redeemed"] * 7 + ["ok"]
    order = Order.objects.get()
    assert order.discount == Decimal("46.29")
    assert Coupon.objects.get(pk=coupon.pk).redeemed_online_ref == order.order_no
    assert BuyerYear.objects.get(buyer=buyer).used == order.quota_amount
    assert Product.objects.get(pk=product.pk).hk_stock == 998


def test_festival_service_spends_a_coupon_once(online_campaign):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")
    coupon = claims.coupon_claim(campaign_id=online_campaign.pk, phone=BUYER_PHONE).coupon
    merchant_id = online_campaign.offer.merchant_id
    outcomes = _race(8, lambda i: festival_services.coupon_redeem_online(
        phone=BUYER_PHONE, code=coupon.code, merchant_id=merchant_id, reference=f"REF{i}"))
    assert sorted(outcomes) == ["already_redeemed"] * 7 + ["ok"]
    assert Coupon.objects.filter(redeemed_at__isnull=False).count() == 1
