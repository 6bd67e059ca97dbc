"""Freight in the tax base, festival coupons spent online into ``discount``, returns through
customs (CEB625/626), unpaid-order expiry."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from shanglian.core.errors import DomainError
from shanglian.core.models import AuditEntry
from shanglian.crossborder import rules, services
from shanglian.crossborder.models import BuyerYear, CartItem, Order, Product, Seller
from shanglian.customs import messages as ceb
from shanglian.customs import services as customs
from shanglian.customs.models import Declaration, Message
from shanglian.festival import claims
from shanglian.festival import services as festival_services
from shanglian.festival.models import Coupon, Edition
from tests.crossborder.conftest import BUYER_PHONE, make_product, order_of
from tests.festival.conftest import make_campaign

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------ pure rules
@pytest.mark.parametrize(("weight", "expected"), [
    ("0", "0.00"), ("0.25", "12.00"), ("1", "12.00"), ("1.001", "17.00"), ("2.5", "22.00"), ("10", "57.00")])
def test_freight_first_kg_then_each_started_kg(weight, expected):
    assert rules.freight(weight_kg=Decimal(weight), first_kg=Decimal("12"), per_kg=Decimal("5")) == Decimal(expected)
    assert rules.freight(weight_kg=Decimal(weight), first_kg=0, per_kg=0) == Decimal("0.00")


def test_coupon_discount_cash_percent_and_cap():
    # HK$50 at 1.08 HKD per CNY = ¥46.296… → ¥46.29 (never more than the coupon is worth)
    assert rules.coupon_discount(kind="value", goods_value=Decimal("300"), value_hkd=Decimal("50"), percent=None,
                                 hkd_per_cny=Decimal("1.08")) == Decimal("46.29")
    assert rules.coupon_discount(kind="discount", goods_value=Decimal("333.33"), value_hkd=None, percent=15,
                                 hkd_per_cny=Decimal("1.08")) == Decimal("50.00")
    assert rules.coupon_discount(kind="value", goods_value=Decimal("20"), value_hkd=Decimal("500"), percent=None,
                                 hkd_per_cny=Decimal("1.08")) == Decimal("20.00")


# ------------------------------------------------------------------------------ freight
def _ship(order, actor):
    payment = services.payment_start(order=order, provider="bank")
    services.payment_succeeded(out_trade_no=payment.out_trade_no, transaction_id="T-" + order.order_no,
                               amount=order.actural_paid, actor=actor)
    return services.order_ship(actor=actor, order=Order.objects.get(pk=order.pk), waybill_no="SF" + order.order_no[-6:],
                               logistics_name="順豐")


def test_freight_is_charged_taxed_counted_and_passes_the_customs_check(buyer, address, seller, secretariat):
    Seller.objects.filter(pk=seller.pk).update(freight_first_kg=Decimal("12"), freight_per_kg=Decimal("5"))
    p = make_product(seller, secretariat, price="100")  # 0.25 kg each
    services.cart_set(buyer=buyer, product=p, mode="9610", qty=6)  # 1.5 kg → 12 + 5
    (group,) = services.cart_groups(buyer)
    assert group["freight"] == Decimal("17.00") and group["weight"] == Decimal("1.50")
    (order,) = services.checkout(buyer=buyer, address=address, notice_accepted=True)
    assert order.freight == Decimal("17.00") and order.goods_value == Decimal("600.00")
    assert order.tax_total == Decimal("56.15")  # (600 + 17) × 9.1 %
    assert order.actural_paid == Decimal("673.15")  # goods + freight − discount + tax
    assert order.quota_amount == Decimal("617.00") == BuyerYear.objects.get(buyer=buyer).used
    order = _ship(order, secretariat)
    assert order.status == Order.Status.DECLARED, order.customs_note  # customs' own tax check agrees


def test_freight_counts_toward_the_order_limit(buyer, address, seller, secretariat):
    Seller.objects.filter(pk=seller.pk).update(freight_first_kg=Decimal("30"))
    p = make_product(seller, secretariat, price="2490")
    services.cart_set(buyer=buyer, product=p, mode="9610", qty=2)  # 4,980 + 30 > 5,000
    with pytest.raises(DomainError) as exc:
        services.checkout(buyer=buyer, address=address, notice_accepted=True)
    assert exc.value.code == "order_limit"
    assert not Order.objects.exists() and Product.objects.get(pk=p.pk).hk_stock == 100


def test_seller_freight_bad_input_is_a_translated_error(seller, kt_member):
    with pytest.raises(DomainError) as exc:
        services.seller_update(actor=kt_member, seller=seller, values={"freight_first_kg": "-1",
                                                                       "freight_per_kg": "abc"})
    assert set(exc.value.fields) == {"freight_first_kg", "freight_per_kg"}
    services.seller_update(actor=kt_member, seller=seller, values={"freight_first_kg": "8.50", "freight_per_kg": ""})
    seller.refresh_from_db()
    assert seller.freight_first_kg == Decimal("8.50") and seller.freight_per_kg == 0


# ------------------------------------------------------------------------------ coupons
def _claim(campaign, phone=BUYER_PHONE) -> Coupon:
    return claims.coupon_claim(campaign_id=campaign.pk, phone=phone).coupon


def _checkout_with(buyer, address, product, code, qty=3):
    services.cart_set(buyer=buyer, product=product, mode="9610", qty=qty)
    key = f"{product.seller_id}-9610"
    return services.checkout(buyer=buyer, address=address, notice_accepted=True, coupons={key: code})


def test_coupon_goes_into_discount_once_and_is_audited(buyer, address, fseller, secretariat, online_campaign):
    p = make_product(fseller, secretariat, price="100")
    coupon = _claim(online_campaign)
    assert [c.pk for c in festival_services.online_coupons(phone=buyer.phone,
                                                           merchant_id=fseller.festival_merchant_id)] == [coupon.pk]
    (order,) = _checkout_with(buyer, address, p, coupon.code)
    assert order.discount == Decimal("46.29")  # HK$50
    assert order.tax_total == Decimal("23.09")  # (300 − 46.29) × 9.1 %
    assert order.actural_paid == Decimal("300.00") - Decimal("46.29") + Decimal("23.09")
    assert order.quota_amount == Decimal("253.71") and order.coupon_label
    coupon.refresh_from_db()
    assert coupon.redeemed_at and coupon.redeemed_online_ref == order.order_no and coupon.redeemed_shop is None
    assert AuditEntry.objects.filter(action="festival.coupon.redeem_online").count() == 1
    assert festival_services.online_coupons(phone=buyer.phone, merchant_id=fseller.festival_merchant_id) == []
    # spent: a second order with the same code is refused and writes nothing
    stock, used = Product.objects.get(pk=p.pk).hk_stock, BuyerYear.objects.get(buyer=buyer).used
    with pytest.raises(DomainError) as exc:
        _checkout_with(buyer, address, p, coupon.code)
    assert exc.value.code == "already_redeemed" and order.order_no in exc.value.message
    assert Order.objects.count() == 1 and CartItem.objects.filter(buyer=buyer).exists()
    assert Product.objects.get(pk=p.pk).hk_stock == stock and BuyerYear.objects.get(buyer=buyer).used == used
    assert _ship(order, secretariat).status == Order.Status.DECLARED  # discount agrees with customs' check


@pytest.mark.parametrize("case", ["other_phone", "store_only", "other_merchant", "old_edition", "forged", "expired",
                                  "directory_seller"])
def test_coupon_refusals_write_nothing(case, buyer, address, fseller, seller, secretariat, offer, online_campaign,
                                       other_merchant, other_merchant_user):
    p = make_product(seller if case == "directory_seller" else fseller, secretariat, price="100")
    code = _claim(online_campaign).code
    expected = {"other_phone": "unknown", "store_only": "not_online", "other_merchant": "other_merchant",
                "old_edition": "edition", "forged": "forged", "expired": "expired",
                "directory_seller": "other_merchant"}[case]
    if case == "other_phone":
        code = _claim(online_campaign, phone="+8613900139000").code
    elif case == "store_only":
        code = _claim(make_campaign(offer, secretariat, online=False)).code
    elif case == "other_merchant":
        other_offer = festival_services.offer_create(
            actor=other_merchant_user, merchant=other_merchant, shops=list(other_merchant.shops.all()),
            values={"title_zh_hant": "灣仔優惠", "category": offer.category, "valid_from": offer.valid_from,
                    "valid_until": offer.valid_until})
        code = _claim(make_campaign(other_offer, secretariat, online=True)).code
    elif case == "old_edition":
        Edition.objects.update(is_current=False)
    elif case == "forged":
        code = code[:-2] + ("AA" if not code.endswith("AA") else "BB")
    elif case == "expired":
        from shanglian.festival.models import CouponCampaign
        now = timezone.now()
        CouponCampaign.objects.filter(pk=online_campaign.pk).update(valid_from=now - datetime.timedelta(days=9),
                                                                    valid_until=now - datetime.timedelta(days=1))
    with pytest.raises(DomainError) as exc:
        _checkout_with(buyer, address, p, code)
    assert exc.value.code == expected and str(exc.value.message)
    assert not Order.objects.exists() and not Coupon.objects.filter(redeemed_at__isnull=False).exists()
    assert not BuyerYear.objects.filter(used__gt=0).exists() and Product.objects.get(pk=p.pk).hk_stock == 100


def test_coupon_refusal_is_translated(buyer, address, fseller, secretariat, online_campaign):
    from django.utils import translation

    p = make_product(fseller, secretariat, price="100")
    with translation.override("en"), pytest.raises(DomainError) as exc:
        _checkout_with(buyer, address, p, "NOT-A-CODE")
    assert exc.value.code == "forged" and "coupon" in str(exc.value.message).lower()


def test_cancel_and_expiry_restore_coupon_quota_and_stock(buyer, address, fseller, secretariat, online_campaign):
    p = make_product(fseller, secretariat, price="100")
    coupon = _claim(online_campaign)
    (order,) = _checkout_with(buyer, address, p, coupon.code)
    services.order_cancel(buyer=buyer, order=order)
    coupon.refresh_from_db()
    assert coupon.redeemed_at is None and coupon.redeemed_online_ref == ""
    assert AuditEntry.objects.filter(action="festival.coupon.restore_online").count() == 1
    # spent again, then left unpaid: the scheduled command gives everything back
    (order,) = _checkout_with(buyer, address, p, coupon.code)
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=31))
    call_command("crossborder_expire_unpaid", stdout=open("/dev/null", "w"))  # noqa: SIM115
    order.refresh_from_db()
    coupon.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and coupon.redeemed_at is None
    assert BuyerYear.objects.get(buyer=buyer).used == 0 and Product.objects.get(pk=p.pk).hk_stock == 100
    # a restored coupon whose campaign has ended stays spent (festival's rule)
    (order,) = _checkout_with(buyer, address, p, coupon.code)
    now = timezone.now()
    type(online_campaign).objects.filter(pk=online_campaign.pk).update(
        valid_from=now - datetime.timedelta(days=9), valid_until=now - datetime.timedelta(seconds=1))
    services.order_cancel(buyer=buyer, order=order)
    coupon.refresh_from_db()
    assert coupon.redeemed_online_ref == order.order_no


def test_expiry_waits_for_a_payment_in_progress(buyer, address, product):
    (order,) = order_of(buyer, address, product)
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=40))
    services.payment_start(order=order, provider="wechat")
    assert services.orders_expire_unpaid() == 0
    assert services.orders_expire_unpaid(now=timezone.now() + datetime.timedelta(minutes=31)) == 1


# ------------------------------------------------------------------------------ returns through customs
def _receipt(kind, declaration, status, info):
    return ceb.receipt_message(kind, [{"customsCode": "3701", "copNo": declaration.cop_no,
                                       "invtNo": declaration.invt_no or "37012026I000001", "returnStatus": status,
                                       "returnInfo": info}])


def _released_order(buyer, address, seller, secretariat, capture, coupon_code=None, campaign_seller=None):
    p = make_product(campaign_seller or seller, secretariat, price="200")
    if coupon_code:
        (order,) = _checkout_with(buyer, address, p, coupon_code, qty=2)
    else:
        (order,) = order_of(buyer, address, p, qty=2)
    order = _ship(order, secretariat)
    assert order.status == Order.Status.DECLARED, order.customs_note
    d = Declaration.objects.get(source="store", source_ref=order.order_no)
    with capture(execute=True):
        customs.receipt_import(actor=None, data=_receipt("CEB622", d, "800", "放行"))
    order.refresh_from_db()
    assert order.status == Order.Status.RELEASED
    return services.order_dispatch(actor=secretariat, order=order), p


def test_return_of_released_goods_sends_ceb625_and_follows_626(buyer, address, fseller, secretariat, online_campaign,
                                                               django_capture_on_commit_callbacks):
    coupon = _claim(online_campaign)
    order, p = _released_order(buyer, address, None, secretariat, django_capture_on_commit_callbacks,
                               coupon_code=coupon.code, campaign_seller=fseller)
    used = BuyerYear.objects.get(buyer=buyer).used
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_return(actor=secretariat, order=order, reason="尺寸不合")
    assert order.status == Order.Status.RETURN_REQUESTED
    d = Declaration.objects.get(source="store", source_ref=order.order_no)
    m = Message.objects.get(declaration=d, kind="CEB625")
    assert ceb.validate("CEB625", ceb.safe_parse(m.xml.encode())) == [] and "尺寸不合" in m.xml
    assert BuyerYear.objects.get(buyer=buyer).used == used  # nothing back until customs accepts
    with django_capture_on_commit_callbacks(execute=True):
        customs.receipt_import(actor=None, data=_receipt("CEB626", d, "800", "退貨成功"))
    order.refresh_from_db()
    coupon.refresh_from_db()
    assert order.status == Order.Status.RETURNED and order.returned_at
    assert BuyerYear.objects.get(buyer=buyer).used == 0 and Product.objects.get(pk=p.pk).hk_stock == 100
    assert coupon.redeemed_at is None
    assert order.payments.get().status == "refunded"


def test_refused_return_goes_back_to_shipped(buyer, address, seller, secretariat, django_capture_on_commit_callbacks):
    order, p = _released_order(buyer, address, seller, secretariat, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_return(actor=secretariat, order=order, reason="買家退貨")
    d = Declaration.objects.get(source="store", source_ref=order.order_no)
    with django_capture_on_commit_callbacks(execute=True):
        customs.receipt_import(actor=None, data=_receipt("CEB626", d, "100", "超過退貨期限"))
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED and "超過退貨期限" in order.customs_note
    assert BuyerYear.objects.get(buyer=buyer).used == order.quota_amount
    assert Product.objects.get(pk=p.pk).hk_stock == 98


def test_return_before_customs_holds_it_is_immediate(buyer, address, seller, secretariat):
    (order,) = order_of(buyer, address, make_product(seller, secretariat))
    order = _ship(order, secretariat)  # declared, still with the agent (no inventory number)
    order = services.order_return(actor=secretariat, order=order)
    assert order.status == Order.Status.RETURNED and not Message.objects.filter(kind="CEB625").exists()


def test_order_desk_return_with_reason(client, kt_member, buyer, address, seller, secretariat,
                                       django_capture_on_commit_callbacks):
    order, _p = _released_order(buyer, address, seller, secretariat, django_capture_on_commit_callbacks)
    client.force_login(kt_member)
    response = client.post(reverse("crossborder:order_desk", args=[order.pk]), {"action": "return", "reason": "破損"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (200, 302)
    order.refresh_from_db()
    assert order.status == Order.Status.RETURN_REQUESTED


def test_api_orders_show_freight_and_discount(client, buyer, address, fseller, secretariat, online_campaign):
    Seller.objects.filter(pk=fseller.pk).update(freight_first_kg=Decimal("10"))
    coupon = _claim(online_campaign)
    _checkout_with(buyer, address, make_product(fseller, secretariat, price="100"), coupon.code)
    verification, code = claims.otp_request(phone=BUYER_PHONE, requester="r")
    token = claims.phone_token(claims.otp_verify(handle=verification.handle, code=code, requester="r"))
    (item,) = client.get("/api/v1/crossborder/orders", HTTP_X_PHONE_TOKEN=token).json()["items"]
    assert Decimal(item["freight"]) == Decimal("10.00") and Decimal(item["discount"]) == Decimal("46.29")
