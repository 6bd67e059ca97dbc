"""Event fees and membership dues through the web pages, and the providers' notification
endpoints (signed with the sandbox keys as the providers sign; no network)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from shanglian.directory.models import Membership
from shanglian.events.models import Registration
from shanglian.payments import services
from shanglian.payments.models import Payment
from tests.events.conftest import login
from tests.events.test_pages import formset_data

pytestmark = pytest.mark.django_db


def _wsgi_headers(headers: dict[str, str]) -> dict[str, str]:
    return {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items() if k.lower() != "content-type"}


def test_event_fee_paid_with_wechat_in_the_sandbox(client, paid_forum, outsider):
    login(client, outsider)
    r = client.post(reverse("events:register", args=[paid_forum.slug]),
                    formset_data({"name_zh": "陳大文", "email": "chan@example.invalid", "phone": "9123 4567"}))
    reg = Registration.objects.get(event=paid_forum)
    assert r.status_code == 302 and r.url == reverse("payments:pay", args=["event-fee", reg.pk])  # "pay now"
    html = client.get(r.url).content.decode()
    assert "HK$300" in html and "微信支付香港" in html and "支付寶香港" in html and "銀行轉賬" in html
    assert "測試環境" in html  # the sandbox is said
    r = client.post(r.url, {"provider": "wechat"})
    payment = Payment.objects.get()
    assert r.url == reverse("payments:detail", args=[payment.reference])
    assert "模擬付款成功" in client.get(r.url).content.decode()
    client.post(reverse("payments:simulate", args=[payment.reference]))
    assert Payment.objects.get().status == "paid" and Registration.objects.get(pk=reg.pk).paid
    html = client.get(reverse("events:ticket", args=[reg.pk])).content.decode()
    assert 'data-paid="1"' in html and reverse("payments:pay", args=["event-fee", reg.pk]) not in html


def test_free_event_has_no_payment_step(client, paid_forum, outsider):
    paid_forum.fee = Decimal("0")
    paid_forum.save()
    login(client, outsider)
    r = client.post(reverse("events:register", args=[paid_forum.slug]),
                    formset_data({"name_zh": "陳大文", "email": "chan@example.invalid"}))
    reg = Registration.objects.get(event=paid_forum)
    assert r.url == reverse("events:ticket", args=[reg.pk]) and reg.paid
    r = client.post(reverse("payments:pay", args=["event-fee", reg.pk]), {"provider": "bank"})
    assert "此項目已付款或毋須付款" in r.content.decode() and not Payment.objects.exists()  # nothing to pay


def test_event_fee_by_bank_transfer_confirmed_by_organiser(client, paid_forum, registration, outsider, kt_admin):
    login(client, outsider)
    r = client.post(reverse("payments:pay", args=["event-fee", registration.pk]), {"provider": "bank"})
    payment = Payment.objects.get()
    html = client.get(r.url).content.decode()
    assert payment.reference in html and "戶口號碼" in html and "確認已收款" not in html
    # the payer cannot confirm their own transfer
    assert client.post(reverse("payments:confirm", args=[payment.reference])).status_code == 403
    assert Payment.objects.get().status == "pending"
    client.logout()
    login(client, kt_admin)
    listing = reverse("events:registrations", args=[paid_forum.slug])
    html = client.get(listing).content.decode()
    assert 'data-payment="pending"' in html and reverse("payments:confirm", args=[payment.reference]) in html
    r = client.post(reverse("payments:confirm", args=[payment.reference]), {"next": listing})
    assert r.url == listing
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.confirmed_by == kt_admin
    assert Registration.objects.get(pk=registration.pk).paid
    assert 'data-payment="paid"' in client.get(listing).content.decode()


def test_someone_else_cannot_pay_or_see(client, registration, make_user):
    login(client, make_user("stranger"))
    assert client.get(reverse("payments:pay", args=["event-fee", registration.pk])).status_code == 403
    assert client.get(reverse("payments:pay", args=["nothing", registration.pk])).status_code == 404
    assert client.get(reverse("payments:pay", args=["event-fee", "x"])).status_code == 404
    payment = services.payment_start(actor=registration.user, purpose="event-fee", obj=registration,
                                     provider="bank")
    assert client.get(reverse("payments:detail", args=[payment.reference])).status_code == 404
    assert client.post(reverse("payments:simulate", args=[payment.reference])).status_code == 404


@pytest.fixture
def dues(kt_enterprise) -> Membership:
    m = kt_enterprise.memberships.get()
    Membership.objects.filter(pk=m.pk).update(dues_amount=Decimal("1200.00"), end_date=datetime.date(2026, 12, 31))
    m.refresh_from_db()
    return m


def test_dues_paid_by_the_member_with_alipay(client, dues, kt_member, kt_enterprise):
    login(client, kt_member)
    html = client.get(reverse("directory:enterprise", args=[kt_enterprise.pk])).content.decode()
    pay_url = reverse("payments:pay", args=["dues", dues.pk])
    assert "1,200" in html and 'data-dues="unpaid"' in html and pay_url in html
    client.post(pay_url, {"provider": "alipay"})
    payment = Payment.objects.get()
    assert payment.amount == Decimal("1200.00") and payment.currency == "HKD"
    client.post(reverse("payments:simulate", args=[payment.reference]))
    dues.refresh_from_db()
    assert dues.dues_status == "paid" and dues.dues_paid_on is not None
    html = client.get(reverse("directory:enterprise", args=[kt_enterprise.pk])).content.decode()
    assert 'data-dues="paid"' in html and pay_url not in html


def test_dues_bank_transfer_confirmed_by_association_admin(client, dues, kt_member, kt_admin, make_user):
    login(client, kt_member)
    client.post(reverse("payments:pay", args=["dues", dues.pk]), {"provider": "bank"})
    payment = Payment.objects.get()
    assert client.post(reverse("payments:confirm", args=[payment.reference])).status_code == 403
    assert payment.reference not in client.get(reverse("payments:transfers")).content.decode()
    client.logout()
    login(client, make_user("other-admin"))
    assert client.post(reverse("payments:confirm", args=[payment.reference])).status_code == 403
    client.logout()
    login(client, kt_admin)
    assert payment.reference in client.get(reverse("payments:transfers")).content.decode()
    client.post(reverse("payments:confirm", args=[payment.reference]), {"bank_reference": "FPS 998"})
    dues.refresh_from_db()
    assert dues.dues_status == "paid" and Payment.objects.get().confirmed_by == kt_admin


def test_staff_of_the_enterprise_cannot_pay_dues(client, dues, kt_enterprise, make_user):
    from shanglian.directory.models import EnterpriseRole

    staff = make_user("kt-staff")
    EnterpriseRole.objects.create(user=staff, enterprise=kt_enterprise, role=EnterpriseRole.Role.STAFF)
    login(client, staff)
    assert client.get(reverse("payments:pay", args=["dues", dues.pk])).status_code == 403


@pytest.mark.parametrize("provider", ["wechat", "alipay"])
def test_notification_endpoint(client, registration, outsider, provider):
    payment = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider=provider)
    headers, body = services.sandbox_notification(payment)
    url = reverse(f"payments:notify_{provider}")
    content_type = "application/json" if provider == "wechat" else "application/x-www-form-urlencoded"
    bad = body[:-3] + ("x" + body[-2:])
    r = client.post(url, bad, content_type=content_type, **_wsgi_headers(headers))
    assert r.status_code == 400 and Payment.objects.get().status == "pending"
    for _ in range(2):  # the provider retries: one paid payment, the same answer
        r = client.post(url, body, content_type=content_type, **_wsgi_headers(headers))
        if provider == "alipay":
            assert r.status_code == 200 and r.content == b"success"
        else:
            assert r.status_code == 204
    assert Payment.objects.get().status == "paid" and Registration.objects.get(pk=registration.pk).paid


@pytest.mark.parametrize("provider", ["wechat", "alipay"])
@pytest.mark.parametrize("body", [b"", b"\xff\xfe", b"a=b&sign=xx", b'{"resource": {"nonce": 1}}'])
def test_notification_endpoint_garbage_is_400(client, provider, body):
    r = client.post(reverse(f"payments:notify_{provider}"), body, content_type="application/json",
                    HTTP_WECHATPAY_TIMESTAMP="1", HTTP_WECHATPAY_NONCE="n", HTTP_WECHATPAY_SIGNATURE="s")
    assert r.status_code == 400
    assert r.content == b"fail" if provider == "alipay" else r.json()["code"] == "FAIL"
    assert client.get(reverse(f"payments:notify_{provider}")).status_code == 405
