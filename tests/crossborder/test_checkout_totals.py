"""The checkout page prices the orders with the coupon the buyer picks: goods, freight, discount,
tax per line on the taxable value and the total, swapped by htmx (a fragment) or re-rendered by the
"re-calculate" button without JavaScript — and the figures shown are the figures charged."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from shanglian.crossborder import selectors, services
from shanglian.crossborder.models import Order, Seller
from shanglian.festival import claims
from shanglian.festival.models import Coupon
from tests.crossborder.conftest import BUYER_PHONE, make_product
from tests.crossborder.test_pages import phone_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart(buyer, address, fseller, secretariat, online_campaign):
    Seller.objects.filter(pk=fseller.pk).update(freight_first_kg=Decimal("12"), freight_per_kg=Decimal("5"))
    a = make_product(fseller, secretariat, price="100", title="維他命C軟糖")
    b = make_product(fseller, secretariat, price="50.5", title="魚油丸", ct_rate=Decimal("0"))
    services.cart_set(buyer=buyer, product=a, mode="9610", qty=2)  # 200, 0.5 kg
    services.cart_set(buyer=buyer, product=b, mode="9610", qty=1)  # 50.50, 0.25 kg → 0.75 kg: freight 12
    coupon = claims.coupon_claim(campaign_id=online_campaign.pk, phone=BUYER_PHONE).coupon
    return {"key": f"{fseller.pk}-9610", "coupon": coupon, "address": address}


def _money(content: bytes) -> list[str]:
    return re.findall(r"¥([0-9,]+\.[0-9]{2})", content.decode())


def test_preview_follows_the_tax_base_rule(buyer, cart):
    plain = selectors.checkout_preview(buyer)
    (g,) = plain["groups"]
    assert g["goods_value"] == Decimal("250.50") and g["freight"] == Decimal("12.00") and g["discount"] == 0
    assert g["coupons"] and g["coupon"] == "" and plain["has_coupons"]
    priced = selectors.checkout_preview(buyer, {cart["key"]: cart["coupon"].code})
    (g,) = priced["groups"]
    # HK$50 at 1.08 → ¥46.29; taxable = 250.50 + 12 − 46.29 = 216.21, shared by value over the lines
    assert g["discount"] == Decimal("46.29") and g["taxable"] == Decimal("216.21")
    shares = [line["value"] for line in g["lines"]]
    assert shares == [Decimal("200.00"), Decimal("50.50")]
    # (12 − 46.29) = −34.29 shared 200 : 50.50 → −27.38 / −6.91; each line taxed at 9.1 % on value + share
    assert [line["tax"] for line in g["lines"]] == [Decimal("15.71"), Decimal("3.97")]
    assert g["tax"] == Decimal("19.68") and priced["total"] == Decimal("235.89") == g["taxable"] + g["tax"]
    assert priced["total"] < plain["total"]
    # nothing spent by looking
    assert Coupon.objects.get(pk=cart["coupon"].pk).redeemed_at is None


def test_a_code_that_is_not_the_buyers_is_ignored_in_the_preview(buyer, cart):
    (g,) = selectors.checkout_preview(buyer, {cart["key"]: "FORGED-CODE"})["groups"]
    assert g["coupon_refused"] and g["discount"] == 0


def test_htmx_swaps_the_totals_fragment(client, buyer, cart):
    c = phone_client(client, BUYER_PHONE)
    page = c.get(reverse("crossborder:checkout"))
    body = page.content.decode()
    assert page.status_code == 200 and 'id="checkout-totals"' in body and "hx-post" in body
    assert "<script>" not in body and " onchange=" not in body  # CSP: no inline script or handler
    assert "¥262.50" not in body  # 250.50 + 12 before tax
    r = c.post(reverse("crossborder:checkout"), {"action": "recalculate", f"coupon-{cart['key']}": cart["coupon"].code,
                                                 "address": cart["address"].pk}, HTTP_HX_REQUEST="true")
    fragment = r.content.decode()
    assert r.status_code == 200 and fragment.lstrip().startswith('<div id="checkout-totals"')
    assert "<html" not in fragment
    for figure in ("250.50", "12.00", "46.29", "15.71", "3.97", "19.68", "235.89"):
        assert f"¥{figure}" in fragment, figure
    assert not Order.objects.exists()


def test_recalculate_without_javascript_keeps_the_choices_then_orders_at_that_price(client, buyer, cart):
    c = phone_client(client, BUYER_PHONE)
    data = {"action": "recalculate", f"coupon-{cart['key']}": cart["coupon"].code, "address": cart["address"].pk}
    r = c.post(reverse("crossborder:checkout"), data)
    body = r.content.decode()
    assert r.status_code == 200 and "<html" in body and "¥235.89" in body and "−¥46.29" in body
    assert f'value="{cart["coupon"].code}" selected' in body  # the select keeps the choice
    assert not Order.objects.exists()
    r = c.post(reverse("crossborder:checkout"), {**data, "action": "order", "notice": "1"})
    order = Order.objects.get()
    assert r.status_code == 302
    assert order.discount == Decimal("46.29") and order.tax_total == Decimal("19.68")
    assert order.actural_paid == Decimal("235.89")
    assert [line.tax for line in order.lines.order_by("gnum")] == [Decimal("15.71"), Decimal("3.97")]


@pytest.mark.parametrize("lang,label", [("zh-hant", "重新計算"), ("zh-hans", "重新计算"), ("en", "Recalculate")])
def test_recalculate_button_is_translated(client, buyer, cart, lang, label):
    c = phone_client(client, BUYER_PHONE)
    r = c.get(f"/{lang}/crossborder/checkout/")
    assert label in r.content.decode()
    r = c.post(f"/{lang}/crossborder/checkout/", {"action": "recalculate", f"coupon-{cart['key']}": "nope"})
    assert r.status_code == 200 and {"zh-hant": "所選優惠券不能用於", "zh-hans": "所选优惠券不能用于",
                                     "en": "cannot be used"}[lang] in r.content.decode()
