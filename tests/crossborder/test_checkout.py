import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from shanglian.core.errors import DomainError
from shanglian.core.models import Consent
from shanglian.crossborder import services
from shanglian.crossborder.models import BondedMovement, Buyer, BuyerYear, CartItem, Order, Product
from tests.crossborder.conftest import make_buyer, make_product, order_of, valid_id

pytestmark = pytest.mark.django_db


def test_order_tax_and_totals(buyer, address, product):
    (order,) = order_of(buyer, address, product, qty=3)
    assert order.goods_value == Decimal("300.00")
    assert order.tax_total == Decimal("27.30")  # 9.1 %
    assert order.actural_paid == Decimal("327.30")
    assert order.notice_version and order.notice_accepted_at
    assert list(order.lines.values_list("gnum", "qty", "tax")) == [(1, 3, Decimal("9.10") * 3)]
    assert BuyerYear.objects.get(buyer=buyer).used == Decimal("300.00")
    product.refresh_from_db()
    assert product.hk_stock == 97
    assert not CartItem.objects.filter(buyer=buyer).exists()


def test_notice_must_be_accepted(buyer, address, product):
    services.cart_set(buyer=buyer, product=product, mode="9610", qty=1)
    with pytest.raises(DomainError) as exc:
        services.checkout(buyer=buyer, address=address, notice_accepted=False)
    assert exc.value.code == "notice"
    assert not Order.objects.exists() and not BuyerYear.objects.filter(used__gt=0).exists()


def test_order_limit_refused_and_nothing_written(buyer, address, seller, secretariat):
    p = make_product(seller, secretariat, price="2500.01")
    services.cart_set(buyer=buyer, product=p, mode="9610", qty=2)
    with pytest.raises(DomainError) as exc:
        services.checkout(buyer=buyer, address=address, notice_accepted=True)
    assert exc.value.code == "order_limit"
    assert not Order.objects.exists()
    assert Product.objects.get(pk=p.pk).hk_stock == 100
    assert CartItem.objects.filter(buyer=buyer).count() == 1


def test_order_of_exactly_5000_passes(buyer, address, seller, secretariat):
    p = make_product(seller, secretariat, price="2500")
    (order,) = order_of(buyer, address, p, qty=2)
    assert order.goods_value == Decimal("5000.00") and not order.single_item_exception


def test_single_indivisible_item_over_5000_pays_full_tax(buyer, address, seller, secretariat):
    p = make_product(seller, secretariat, price="8000", indivisible=True, tariff_rate=Decimal("0.1"))
    (order,) = order_of(buyer, address, p)
    assert order.single_item_exception
    assert order.tax_total == Decimal("8000") * (Decimal("0.1") + Decimal("1.1") * Decimal("0.13"))
    assert BuyerYear.objects.get(buyer=buyer).used == Decimal("8000.00")


def test_annual_limit_at_the_edge(buyer, address, seller, secretariat):
    p = make_product(seller, secretariat, price="5000", stock=10)
    for _ in range(5):
        order_of(buyer, address, p)
    small = make_product(seller, secretariat, price="1000", title="小件")
    order_of(buyer, address, small)  # 26,000 exactly
    assert BuyerYear.objects.get(buyer=buyer).used == Decimal("26000.00")
    cheap = make_product(seller, secretariat, price="0.01", title="一分錢")
    services.cart_set(buyer=buyer, product=cheap, mode="9610", qty=1)
    with pytest.raises(DomainError) as exc:
        services.checkout(buyer=buyer, address=address, notice_accepted=True)
    assert exc.value.code == "annual_limit"
    assert Order.objects.count() == 6
    assert Product.objects.get(pk=cheap.pk).hk_stock == 100


def test_database_refuses_a_year_past_the_limit(buyer):
    row = BuyerYear.objects.create(buyer=buyer, year=2001, used=Decimal("25000"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BuyerYear.objects.filter(pk=row.pk).update(used=Decimal("26000.01"))


def test_stock_never_negative_in_the_database(product):
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(hk_stock=-1)


def test_serialised_race_on_one_connection(buyer, address, seller, secretariat):
    """The same rule as the threaded PostgreSQL test, one checkout after another: 200 attempts of
    ¥500 never take the year past ¥26,000 (52 pass)."""
    p = make_product(seller, secretariat, price="500", stock=1000)
    passed = refused = 0
    for _ in range(200):
        try:
            order_of(buyer, address, p)
            passed += 1
        except DomainError as exc:
            assert exc.code == "annual_limit"
            CartItem.objects.filter(buyer=buyer).delete()
            refused += 1
    assert passed == 52 and refused == 148
    assert BuyerYear.objects.get(buyer=buyer).used == Decimal("26000.00")
    assert sum(Order.objects.values_list("quota_amount", flat=True)) == Decimal("26000.00")


def test_cancel_and_return_restore_quota_and_stock(buyer, address, seller, secretariat):
    p = make_product(seller, secretariat, price="1000", bonded=10)
    (order,) = order_of(buyer, address, p, qty=2, mode="1210")
    assert Product.objects.get(pk=p.pk).bonded_stock == 8
    assert BondedMovement.objects.filter(product=p, kind="out", qty=-2, balance=8).exists()
    services.order_cancel(buyer=buyer, order=order)
    assert BuyerYear.objects.get(buyer=buyer).used == 0
    assert Product.objects.get(pk=p.pk).bonded_stock == 10

    (order,) = order_of(buyer, address, p, qty=1, mode="1210")
    payment = services.payment_start(order=order, provider="bank")
    services.payment_succeeded(out_trade_no=payment.out_trade_no, transaction_id="T1", amount=order.actural_paid,
                               actor=secretariat)
    order = services.order_ship(actor=secretariat, order=Order.objects.get(pk=order.pk), waybill_no="SF123",
                                logistics_name="順豐")
    assert order.status == Order.Status.DECLARED, order.customs_note
    order = services.order_dispatch(actor=secretariat, order=order)
    late = order.shipped_at + datetime.timedelta(days=31)
    with pytest.raises(DomainError):
        services.order_return(actor=secretariat, order=order, now=late)
    services.order_return(actor=secretariat, order=order)
    assert Order.objects.get(pk=order.pk).status == Order.Status.RETURNED
    assert BuyerYear.objects.get(buyer=buyer).used == 0
    assert Product.objects.get(pk=p.pk).bonded_stock == 10


def test_payer_must_be_the_buyer(buyer, address, product):
    (order,) = order_of(buyer, address, product)
    payment = services.payment_start(order=order, provider="alipay")
    with pytest.raises(DomainError) as exc:
        services.payment_succeeded(out_trade_no=payment.out_trade_no, transaction_id="T", amount=order.actural_paid,
                                   payer_name="李四", payer_id_number=valid_id("44030119900101123"))
    assert exc.value.code == "payer"
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING_PAYMENT
    with pytest.raises(DomainError):
        services.payment_succeeded(out_trade_no=payment.out_trade_no, transaction_id="T", amount=Decimal("1"))
    services.payment_succeeded(out_trade_no=payment.out_trade_no, transaction_id="T", amount=order.actural_paid,
                               payer_name="张三", payer_id_number=valid_id())
    # a replayed notification changes nothing
    services.payment_succeeded(out_trade_no=payment.out_trade_no, transaction_id="T", amount=order.actural_paid)
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_profile_needs_both_consents_and_a_valid_id(db):
    buyer = services.buyer_for_phone("+8613900139000")
    for kwargs, field in [({"id_consent": False, "transfer_consent": True}, "id_consent"),
                          ({"id_consent": True, "transfer_consent": False}, "transfer_consent")]:
        with pytest.raises(DomainError) as exc:
            services.buyer_profile_save(buyer=buyer, real_name="王五", id_number=valid_id(), **kwargs)
        assert field in exc.value.fields
    bad = valid_id()[:17] + ("1" if valid_id()[17] != "1" else "2")
    with pytest.raises(DomainError) as exc:
        services.buyer_profile_save(buyer=buyer, real_name="王五", id_number=bad, id_consent=True,
                                    transfer_consent=True)
    assert "校驗碼" in str(exc.value.fields["id_number"][0])
    assert Buyer.objects.get(pk=buyer.pk).id_number == ""
    assert not Consent.objects.filter(phone=buyer.phone).exists()
    buyer = services.buyer_profile_save(buyer=buyer, real_name="王五", id_number=valid_id(), id_consent=True,
                                        transfer_consent=True)
    assert buyer.masked_id.startswith("110") and "*" in buyer.masked_id
    assert set(Consent.objects.filter(phone=buyer.phone).values_list("purpose", "cross_border")) == {
        (services.CONSENT_ID, False), (services.CONSENT_TRANSFER, True)}


def test_checkout_needs_a_profile(db, seller, secretariat):
    p = make_product(seller, secretariat)
    buyer = services.buyer_for_phone("+8613700137000")
    address = services.address_add(buyer=buyer, values={"consignee": "赵六", "phone": "1", "province": "广东省",
                                                        "city": "深圳市", "district": "福田区", "street": "1 号"})
    services.cart_set(buyer=buyer, product=p, mode="9610", qty=1)
    with pytest.raises(DomainError) as exc:
        services.checkout(buyer=buyer, address=address, notice_accepted=True)
    assert exc.value.code == "profile"


def test_bonded_ledger_never_negative(seller, secretariat):
    p = make_product(seller, secretariat, bonded=5)
    with pytest.raises(DomainError):
        services.bonded_record(actor=secretariat, product=p, kind="adjust", qty=-6)
    services.bonded_record(actor=secretariat, product=p, kind="adjust", qty=-5, reference="盤點")
    assert Product.objects.get(pk=p.pk).bonded_stock == 0
    assert list(BondedMovement.objects.filter(product=p).order_by("pk").values_list("kind", "qty", "balance")) == [
        ("in", 5, 5), ("adjust", -5, 0)]


def test_customs_receipt_moves_the_order(buyer, address, product):
    (order,) = order_of(buyer, address, product)
    services.order_customs_status(order_no=order.order_no, status="rejected", note="100 退单")
    order.refresh_from_db()
    assert order.status == Order.Status.REJECTED
    assert BuyerYear.objects.get(buyer=buyer, year=timezone.localdate().year).used == 0


def test_second_buyer_has_own_quota(buyer, address, seller, secretariat):
    other = make_buyer("+8613600136000")
    assert other.pk != buyer.pk


def test_positive_list_and_its_mode_remark(seller, secretariat, buyer):
    with pytest.raises(DomainError) as exc:
        make_product(seller, secretariat, hs_code="9999999999")
    assert "hs_code" in exc.value.fields
    bonded_only = make_product(seller, secretariat, hs_code="2106909090", bonded=5, title="保健品")
    with pytest.raises(DomainError) as exc:
        services.cart_set(buyer=buyer, product=bonded_only, mode="9610", qty=1)
    assert exc.value.code == "positive_list"
    assert services.cart_set(buyer=buyer, product=bonded_only, mode="1210", qty=1) is not None


def test_waybill_declares_and_receipts_move_the_order(buyer, address, product, secretariat):
    from shanglian.crossborder import compliance
    from shanglian.customs.models import Declaration
    from shanglian.customs.services import StatusChange

    (order,) = order_of(buyer, address, product, qty=2)
    payment = services.payment_start(order=order, provider="wechat")
    services.payment_succeeded(out_trade_no=payment.out_trade_no, transaction_id="4200001", amount=order.actural_paid,
                               payer_name="张三", payer_id_number=valid_id())
    order = services.order_ship(actor=secretariat, order=Order.objects.get(pk=order.pk), waybill_no="SF1",
                                logistics_name="順豐速運")
    assert order.status == Order.Status.DECLARED, order.customs_note
    declaration = Declaration.objects.get(order_no=order.order_no)
    assert declaration.status == "ready" and not declaration.problems
    assert set(declaration.messages.values_list("kind", flat=True)) >= {"CEB311"}
    compliance.on_customs_status(StatusChange(declaration_id=declaration.pk, guid=str(declaration.guid),
                                              source="store", source_ref=order.order_no, order_no=order.order_no,
                                              old="exported", new="released", return_status="800",
                                              return_info="放行"))
    order.refresh_from_db()
    assert order.status == Order.Status.RELEASED and "800" in order.customs_note


def test_unpaid_orders_expire_and_give_the_quota_back(buyer, address, product):
    (order,) = order_of(buyer, address, product, qty=5)
    assert services.orders_expire_unpaid(minutes=30) == 0  # too fresh
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=31))
    assert services.orders_expire_unpaid() == 1  # what expire_unpaid_orders_task runs
    assert services.orders_expire_unpaid() == 0
    assert Order.objects.get(pk=order.pk).status == Order.Status.CANCELLED
    assert BuyerYear.objects.get(buyer=buyer).used == 0
    assert Product.objects.get(pk=product.pk).hk_stock == 100
