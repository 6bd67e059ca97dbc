"""The journeys through the pages: a Mainland buyer from phone to paid order, a seller from
application to approval, search in three languages, e-mails in the recipient's language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from shanglian.crossborder import services
from shanglian.crossborder.models import Buyer, Order, Seller
from shanglian.festival import claims
from tests.crossborder.conftest import READY, make_product, valid_id

pytestmark = pytest.mark.django_db


def phone_client(client, phone="+8613800138000"):
    verification, code = claims.otp_request(phone=phone, requester="t")
    row = claims.otp_verify(handle=verification.handle, code=code, requester="t")
    session = client.session
    session["festival_phone_token"] = claims.phone_token(row)
    session.save()
    return client


def test_consumer_pages_send_to_the_phone_page(client):
    response = client.get(reverse("crossborder:cart"))
    assert response.status_code == 302 and reverse("festival:phone") in response["Location"]


def test_buyer_journey(client, product, settings, django_capture_on_commit_callbacks):
    settings.CROSSBORDER_PAYMENT_SANDBOX = True
    c = phone_client(client)
    r = c.post(reverse("crossborder:profile"), {"real_name": "张三", "id_number": valid_id()[:17] + "0",
                                                 "id_consent": "on", "transfer_consent": "on"})
    assert r.status_code == 200 and "校驗碼".encode() in r.content or "校验码".encode() in r.content
    r = c.post(reverse("crossborder:profile"), {"real_name": "张三", "id_number": valid_id(), "id_consent": "on"})
    assert r.status_code == 200 and not Buyer.objects.get().id_number
    r = c.post("/zh-hans/crossborder/profile/", {"real_name": "张三", "id_number": valid_id(), "id_consent": "on",
                                                 "transfer_consent": "on", "email": "b@example.invalid"})
    assert r.status_code == 302 and Buyer.objects.get().profile_complete
    c.post(reverse("crossborder:address_add"), {"consignee": "张三", "phone": "138", "province": "福建省",
                                                "city": "厦门市", "district": "思明区", "street": "1 号"})
    address = Buyer.objects.get().addresses.get()
    c.post(reverse("crossborder:cart"), {"product": product.pk, "mode": "9610", "qty": "2"})
    r = c.get(reverse("crossborder:checkout"))
    assert "¥218.20".encode() in r.content  # 200 + 9.1 % tax
    r = c.post(reverse("crossborder:checkout"), {"address": address.pk})
    assert r.status_code == 200 and not Order.objects.exists()  # notice not accepted
    r = c.post(reverse("crossborder:checkout"), {"address": address.pk, "notice": "1"})
    order = Order.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(reverse("crossborder:my_order", args=[order.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(reverse("crossborder:my_order", args=[order.pk]), {"action": "pay", "provider": "alipay"})
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_provider == "alipay"
    assert [m.subject for m in mail.outbox] == [f"[全港生活圈] 订单已付款 {order.order_no}"]  # the buyer's 简体
    assert c.get(reverse("crossborder:my_orders")).status_code == 200
    # another phone cannot see the order
    other = phone_client(client.__class__(), "+8613900139000")
    assert other.get(reverse("crossborder:my_order", args=[order.pk])).status_code == 404


def test_seller_apply_review_and_mail_language(client, kt_member, kt_enterprise, secretariat,
                                               django_capture_on_commit_callbacks):
    from shanglian.core.models import UserPreference

    UserPreference.objects.update_or_create(user=kt_member, defaults={"language": "en"})
    client.force_login(kt_member)
    data = {"origin": f"e{kt_enterprise.pk}", **{k: v for k, v in READY.items() if not isinstance(v, bool)},
            "mode_9610": "on", "mode_1210": "on"}
    r = client.post(reverse("crossborder:seller_apply"), data)
    seller = Seller.objects.get()
    assert r.status_code == 302 and seller.status == Seller.Status.APPLIED
    assert client.get(reverse("crossborder:review")).status_code == 403
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("crossborder:review"), {"seller": seller.pk, "decision": "approve"})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.APPROVED
    assert mail.outbox[-1].subject.endswith("Cross-border seller application approved")
    assert client.get(reverse("crossborder:dashboard")).status_code == 200


def test_catalogue_search_in_three_languages(client, seller, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_product(seller, secretariat, title="保濕面霜", title_zh_hans="保湿面霜", title_en="Moisturising cream",
                     price="150")
        make_product(seller, secretariat, title="維他命軟糖", title_en="Vitamin gummies")
    for q in ("保濕", "保湿", "moisturising"):
        r = client.get("/api/v1/crossborder/products", {"q": q})
        titles = [p["title_zh_hant"] for p in r.json()["items"]]
        assert titles and titles[0] == "保濕面霜", (q, titles)
    r = client.get(reverse("crossborder:home"), {"q": "面霜"})
    assert "保濕面霜".encode() in r.content


def test_pages_render_in_english_and_simplified(client, product):
    from django.utils import translation

    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            url = reverse("crossborder:product", args=[product.pk])
        r = client.get(url)
        assert r.status_code == 200
    assert b"Add to cart" in client.get(f"/en/crossborder/products/{product.pk}/").content


def test_unpublished_product_is_hidden(client, product, secretariat):
    services.product_update(actor=secretariat, product=product, values={"is_published": False})
    assert client.get(reverse("crossborder:product", args=[product.pk])).status_code == 404
