"""Returns of some lines / some units within 30 days: tax and the year's quota restored in
proportion (cents rounded cumulatively), CEB625 listing only the returned lines, the refund shown to
buyer and seller, and the database refusing to return more than was ordered."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from shanglian.core.errors import DomainError
from shanglian.crossborder import rules, services
from shanglian.crossborder.models import BuyerYear, Order, OrderLine, OrderReturn, Product, Seller
from shanglian.customs import messages as ceb
from shanglian.customs import services as customs
from shanglian.customs.models import Declaration, Message
from shanglian.festival import claims
from tests.crossborder.conftest import make_product
from tests.crossborder.test_coupons_freight_returns import _receipt, _ship
from tests.crossborder.test_pages import phone_client

pytestmark = pytest.mark.django_db


def test_returned_share_rounds_cumulatively():
    parts = [rules.returned_share(amount=Decimal("10.00"), qty=3, before=i, returned=1) for i in range(3)]
    assert parts == [Decimal("3.33"), Decimal("3.34"), Decimal("3.33")] and sum(parts) == Decimal("10.00")
    assert rules.returned_share(amount=Decimal("10.00"), qty=3, before=0, returned=2) == Decimal("6.67")
    with pytest.raises(ValueError):
        rules.returned_share(amount=Decimal("1"), qty=2, before=1, returned=2)


def _two_line_order(buyer, address, seller, secretariat, mode="9610"):
    Seller.objects.filter(pk=seller.pk).update(freight_first_kg=Decimal("12"), freight_per_kg=Decimal("5"))
    a = make_product(seller, secretariat, price="100", title="維他命C軟糖", bonded=10 if mode == "1210" else 0)
    b = make_product(seller, secretariat, price="33.33", title="魚油丸", bonded=10 if mode == "1210" else 0)
    services.cart_set(buyer=buyer, product=a, mode=mode, qty=3)
    services.cart_set(buyer=buyer, product=b, mode=mode, qty=2)
    (order,) = services.checkout(buyer=buyer, address=address, notice_accepted=True)
    return order, a, b


def _shipped(order, secretariat, capture):
    order = _ship(order, secretariat)
    assert order.status == Order.Status.DECLARED, order.customs_note
    d = Declaration.objects.get(source="store", source_ref=order.order_no)
    with capture(execute=True):
        customs.receipt_import(actor=None, data=_receipt("CEB622", d, "800", "放行"))
    return services.order_dispatch(actor=secretariat, order=Order.objects.get(pk=order.pk)), d


def test_partial_returns_restore_in_proportion_and_add_up(buyer, address, seller, secretariat,
                                                          django_capture_on_commit_callbacks):
    order, a, b = _two_line_order(buyer, address, seller, secretariat)
    la, lb = order.lines.order_by("gnum")
    # goods 300 + 66.66 = 366.66; 1.25 kg → freight 17; taxable 383.66; tax at 9.1 %
    assert order.quota_amount == Decimal("383.66") and BuyerYear.objects.get(buyer=buyer).used == Decimal("383.66")
    order, d = _shipped(order, secretariat, django_capture_on_commit_callbacks)
    stock_a = Product.objects.get(pk=a.pk).hk_stock
    # 1 of 3 of line 1: through customs (released) → CEB625 with only that line
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_return(actor=secretariat, order=order, reason="破損", lines={la.pk: 1})
    assert order.status == Order.Status.RETURN_REQUESTED
    m = Message.objects.get(declaration=d, kind="CEB625")
    root = ceb.safe_parse(m.xml.encode())
    assert ceb.validate("CEB625", root) == []
    assert m.xml.count("gnum>") == 2, m.xml  # one line listed (its opening and closing tag)
    assert "魚油" not in m.xml and "鱼油" not in m.xml
    ret = OrderReturn.objects.get()
    base_a = la.total_price + (Decimal("17") * la.total_price / order.goods_value).quantize(Decimal("0.01"))
    assert ret.goods_value == Decimal("100.00")
    assert ret.quota_amount == rules.money(base_a / 3) and ret.tax == rules.money(la.tax / 3)
    assert ret.refund == ret.quota_amount + ret.tax
    assert BuyerYear.objects.get(buyer=buyer).used == Decimal("383.66")  # nothing back before customs accepts
    with django_capture_on_commit_callbacks(execute=True):
        customs.receipt_import(actor=None, data=_receipt("CEB626", d, "800", "退貨成功"))
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    assert BuyerYear.objects.get(buyer=buyer).used == Decimal("383.66") - ret.quota_amount
    assert Product.objects.get(pk=a.pk).hk_stock == stock_a + 1
    assert order.payments.get().status == "succeeded"  # the order is not empty yet
    # the rest, in two more steps (customs allows a further return of what is left)
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_return(actor=secretariat, order=order, reason="不合用", lines={la.pk: 2, lb.pk: 1})
        customs.receipt_import(actor=None, data=_receipt("CEB626", Declaration.objects.get(pk=d.pk), "800", "ok2"))
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_return(actor=secretariat, order=Order.objects.get(pk=order.pk), reason="不合用")
        customs.receipt_import(actor=None, data=_receipt("CEB626", Declaration.objects.get(pk=d.pk), "800", "ok3"))
    order.refresh_from_db()
    returns = list(OrderReturn.objects.order_by("pk"))
    assert [r.status for r in returns] == ["accepted"] * 3 and returns[-1].whole
    assert sum(r.quota_amount for r in returns) == order.quota_amount
    assert sum(r.tax for r in returns) == order.tax_total
    assert sum(r.refund for r in returns) == order.actural_paid
    assert order.status == Order.Status.RETURNED and BuyerYear.objects.get(buyer=buyer).used == 0
    assert order.payments.get().status == "refunded"
    assert [line.returned_qty for line in order.lines.order_by("gnum")] == [3, 2]


def test_over_return_is_refused_and_the_database_enforces_it(buyer, address, seller, secretariat,
                                                            django_capture_on_commit_callbacks):
    order, a, _b = _two_line_order(buyer, address, seller, secretariat)
    la, lb = order.lines.order_by("gnum")
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_dispatch(actor=secretariat, order=_ship(order, secretariat))
    order = services.order_return(actor=secretariat, order=order, reason="x", lines={la.pk: 2})  # immediate
    assert order.status == Order.Status.SHIPPED and OrderLine.objects.get(pk=la.pk).returned_qty == 2
    used = BuyerYear.objects.get(buyer=buyer).used
    for lines, code in (({la.pk: 2}, "over_return"), ({la.pk: -1}, "return_qty"), ({999999: 1}, "return_line"),
                        ({}, "return_qty")):
        with pytest.raises(DomainError) as exc:
            services.order_return(actor=secretariat, order=order, reason="x", lines=lines)
        assert exc.value.code == code
    assert BuyerYear.objects.get(buyer=buyer).used == used and OrderReturn.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderLine.objects.filter(pk=la.pk).update(returned_qty=4)  # more than the 3 ordered


def test_partial_return_before_release_is_refused(buyer, address, seller, secretariat):
    order, _a, _b = _two_line_order(buyer, address, seller, secretariat)
    la = order.lines.order_by("gnum").first()
    order = _ship(order, secretariat)  # declared, with the agent
    with pytest.raises(DomainError) as exc:
        services.order_return(actor=secretariat, order=order, reason="x", lines={la.pk: 1})
    assert exc.value.code == "partial_not_released"
    order = services.order_return(actor=secretariat, order=order, reason="x")  # whole: fine
    assert order.status == Order.Status.RETURNED and BuyerYear.objects.get(buyer=buyer).used == 0


def test_refused_partial_return_releases_the_units(buyer, address, seller, secretariat,
                                                   django_capture_on_commit_callbacks):
    order, _a, _b = _two_line_order(buyer, address, seller, secretariat)
    la = order.lines.order_by("gnum").first()
    order, d = _shipped(order, secretariat, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.order_return(actor=secretariat, order=order, reason="x", lines={la.pk: 3})
        with pytest.raises(DomainError) as exc:
            services.order_return(actor=secretariat, order=Order.objects.get(pk=order.pk), reason="y")
        assert exc.value.code == "return_pending"
        customs.receipt_import(actor=None, data=_receipt("CEB626", d, "100", "超過期限"))
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED and OrderLine.objects.get(pk=la.pk).returned_qty == 0
    assert OrderReturn.objects.get().status == "refused"


def test_bonded_partial_return_writes_a_ledger_line(buyer, address, seller, secretariat):
    order, a, _b = _two_line_order(buyer, address, seller, secretariat, mode="1210")
    la = order.lines.order_by("gnum").first()
    order = services.order_dispatch(actor=secretariat, order=_ship(order, secretariat))
    services.order_return(actor=secretariat, order=order, reason="x", lines={la.pk: 1})
    assert a.movements.order_by("-pk").first().kind == "return" and Product.objects.get(pk=a.pk).bonded_stock == 8


def test_return_window_is_30_days(buyer, address, seller, secretariat):
    order, _a, _b = _two_line_order(buyer, address, seller, secretariat)
    order = services.order_dispatch(actor=secretariat, order=_ship(order, secretariat))
    la = order.lines.order_by("gnum").first()
    with pytest.raises(DomainError) as exc:
        services.order_return(actor=secretariat, order=order, reason="x", lines={la.pk: 1},
                              now=timezone.now() + datetime.timedelta(days=31))
    assert exc.value.code == "return_window"


def test_order_desk_partial_return_and_refund_shown_to_both(client, kt_member, buyer, address, seller, secretariat,
                                                            django_capture_on_commit_callbacks):
    order, _a, _b = _two_line_order(buyer, address, seller, secretariat)
    la, lb = order.lines.order_by("gnum")
    order = services.order_dispatch(actor=secretariat, order=_ship(order, secretariat))
    client.force_login(kt_member)
    url = reverse("crossborder:order_desk", args=[order.pk])
    page = client.get(url).content.decode()
    assert f'name="return-{la.pk}"' in page and f'name="return-{lb.pk}"' in page
    r = client.post(url, {"action": "return", "reason": "破損", f"return-{la.pk}": "abc"})
    assert r.status_code == 200 and not OrderReturn.objects.exists()
    r = client.post(url, {"action": "return", "reason": "破損", f"return-{la.pk}": "9"}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200 and not OrderReturn.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, {"action": "return", "reason": "破損", f"return-{la.pk}": "1", f"return-{lb.pk}": ""})
    assert r.status_code == 302
    ret = OrderReturn.objects.get()
    assert not ret.whole and list(ret.lines.values_list("qty", flat=True)) == [1]
    assert f"¥{ret.refund}" in client.get(url).content.decode()
    buyer_page = phone_client(client.__class__()).get(reverse("crossborder:my_order", args=[order.pk]))
    assert f"¥{ret.refund}" in buyer_page.content.decode()
    from django.core import mail
    assert mail.outbox and str(ret.refund) in mail.outbox[-1].body
    verification, code = claims.otp_request(phone=buyer.phone, requester="r")
    token = claims.phone_token(claims.otp_verify(handle=verification.handle, code=code, requester="r"))
    (item,) = client.get("/api/v1/crossborder/orders", HTTP_X_PHONE_TOKEN=token).json()["items"]
    assert Decimal(item["refunded"]) == ret.refund and Decimal(item["actural_paid"]) == order.actural_paid


@pytest.mark.parametrize("lang,text", [("zh-hant", "退款金額"), ("zh-hans", "退款金额"), ("en", "Refund")])
def test_returns_table_is_translated(client, buyer, address, seller, secretariat, lang, text):
    order, _a, _b = _two_line_order(buyer, address, seller, secretariat)
    la = order.lines.order_by("gnum").first()
    order = services.order_dispatch(actor=secretariat, order=_ship(order, secretariat))
    services.order_return(actor=secretariat, order=order, reason="x", lines={la.pk: 1})
    page = phone_client(client).get(f"/{lang}/crossborder/my/orders/{order.pk}/")
    assert text in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_returns_cannot_over_return(buyer, address, seller, secretariat):
    if connection.vendor != "postgresql":
        pytest.skip("threads need PostgreSQL (SQLite serialises writers)")
    order, _a, _b = _two_line_order(buyer, address, seller, secretariat)
    la = order.lines.order_by("gnum").first()
    order = services.order_dispatch(actor=secretariat, order=_ship(order, secretariat))
    results: list[str] = []

    def attempt():
        try:
            services.order_return(actor=None, order=Order.objects.get(pk=order.pk), reason="race", lines={la.pk: 2})
            results.append("ok")
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1 and OrderLine.objects.get(pk=la.pk).returned_qty == 2
