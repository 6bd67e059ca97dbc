"""Provider notifications through the endpoint: a signed WeChat Pay / Alipay notification marks the
order paid; a tampered one is refused and changes nothing. Also privacy export / erasure."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from shanglian.core.privacy import personal_data_erase, personal_data_export, subject_for
from shanglian.crossborder import services
from shanglian.crossborder.models import Buyer, Order
from shanglian.payments import keys
from shanglian.payments.alipay import Alipay
from shanglian.payments.wechat import WeChatPay
from tests.crossborder.conftest import BUYER_PHONE, order_of

pytestmark = pytest.mark.django_db
MERCHANT, PLATFORM, ALIPAY_APP, ALIPAY_PLATFORM = (keys.new_test_key() for _ in range(4))
APIV3 = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def providers(settings):
    settings.CROSSBORDER_WECHATPAY = {"mchid": "1900000109", "appid": "wx1", "serial_no": "M1",
                                      "private_key_pem": MERCHANT[0], "platform_serial": "P1",
                                      "platform_public_pem": PLATFORM[1], "apiv3_key": APIV3}
    settings.CROSSBORDER_ALIPAY = {"app_id": "2021", "private_key_pem": ALIPAY_APP[0],
                                   "alipay_public_pem": ALIPAY_PLATFORM[1]}


def _wechat(payment, *, amount=None):
    import time

    plain = {"out_trade_no": payment.out_trade_no, "transaction_id": "4200009", "trade_state": "SUCCESS",
             "amount": {"total": int((amount or payment.amount) * 100), "currency": "CNY"}}
    body = json.dumps({"id": "EV1", "event_type": "TRANSACTION.SUCCESS", "resource_type": "encrypt-resource",
                       "resource": WeChatPay.encrypt_resource(APIV3, plain, nonce="n0nce1234567",
                                                              associated_data="transaction")})
    ts, nonce = str(int(time.time())), "abc"
    sig = keys.sha256_rsa_sign(keys.load_private(PLATFORM[0]), f"{ts}\n{nonce}\n{body}\n")
    return body, {"HTTP_WECHATPAY_TIMESTAMP": ts, "HTTP_WECHATPAY_NONCE": nonce, "HTTP_WECHATPAY_SIGNATURE": sig,
                  "HTTP_WECHATPAY_SERIAL": "P1"}


def test_wechat_notification_marks_the_order_paid(client, providers, buyer, address, product):
    (order,) = order_of(buyer, address, product)
    payment = services.payment_checkout(order=order, provider="wechat")
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING_PAYMENT  # waits for the notification
    body, headers = _wechat(payment)
    tampered = body.replace("TRANSACTION.SUCCESS", "TRANSACTION.SUCCESS ")
    r = client.post(reverse("crossborder:notify", args=["wechat"]), tampered, content_type="application/json",
                    **headers)
    assert r.status_code == 400 and Order.objects.get(pk=order.pk).status == Order.Status.PENDING_PAYMENT
    r = client.post(reverse("crossborder:notify", args=["wechat"]), body, content_type="application/json", **headers)
    assert r.status_code == 204
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_transaction == "4200009"


def test_alipay_notification_with_wrong_amount_is_refused(client, providers, buyer, address, product):
    (order,) = order_of(buyer, address, product)
    payment = services.payment_checkout(order=order, provider="alipay")
    params = {"app_id": "2021", "out_trade_no": payment.out_trade_no, "trade_no": "2026A", "trade_status":
              "TRADE_SUCCESS", "total_amount": "1.00"}
    r = client.post(reverse("crossborder:notify", args=["alipay"]),
                    urlencode(Alipay.sign_as_alipay(ALIPAY_PLATFORM[0], params)),
                    content_type="application/x-www-form-urlencoded")
    assert r.status_code == 409 and Order.objects.get(pk=order.pk).status == Order.Status.PENDING_PAYMENT
    params["total_amount"] = f"{payment.amount:.2f}"
    r = client.post(reverse("crossborder:notify", args=["alipay"]),
                    urlencode(Alipay.sign_as_alipay(ALIPAY_PLATFORM[0], params)),
                    content_type="application/x-www-form-urlencoded")
    assert r.status_code == 200 and r.content == b"success"
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_unconfigured_provider_is_404(client):
    assert client.post(reverse("crossborder:notify", args=["wechat"]), "{}",
                       content_type="application/json").status_code == 404


def test_api_orders_needs_a_phone(client):
    assert client.get("/api/v1/crossborder/orders").status_code == 401


def test_privacy_export_and_erase(buyer, address, product):
    (order,) = order_of(buyer, address, product)
    subject = subject_for(phones=[BUYER_PHONE])
    kinds = [r["kind"] for r in personal_data_export(subject)["crossborder"]]
    assert kinds == ["buyer", "address", "order"]
    personal_data_erase(subject=subject)
    buyer = Buyer.objects.get(pk=buyer.pk)
    assert buyer.id_number == "" and not buyer.addresses.exists()
    assert Order.objects.get(pk=order.pk).buyer_id_number  # customs records kept for their period
    import datetime

    from django.utils import timezone

    from shanglian.crossborder.privacy import purge_orders

    assert purge_orders(timezone.now() + datetime.timedelta(days=3 * 365 + 2)) == 1
    assert Order.objects.get(pk=order.pk).buyer_id_number == ""
    assert Decimal(order.goods_value) > 0
