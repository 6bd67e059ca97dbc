"""The generic payment record and its services: constraints, verified notifications (idempotent,
tampered, wrong amount), bank-transfer confirmation rights, refunds. Notifications are signed
with the sandbox keys exactly as the provider signs them (no network)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from shanglian.core.audit import AuditEntry
from shanglian.core.errors import DomainError
from shanglian.events.models import Registration
from shanglian.payments import services
from shanglian.payments.models import Payment

pytestmark = pytest.mark.django_db


def _payment(**kw) -> Payment:
    values = {"purpose": "event-fee", "object_type": "events.registration", "object_id": "1", "provider": "bank",
              "reference": services.new_reference(), "amount": Decimal("10"), "currency": "HKD"}
    values.update(kw)
    return Payment.objects.create(**values)


def test_amount_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        _payment(amount=Decimal("0"))


def test_reference_unique():
    p = _payment()
    with pytest.raises(IntegrityError), transaction.atomic():
        _payment(reference=p.reference)


def test_one_paid_payment_per_payable():
    from django.utils import timezone

    _payment(status="paid", paid_at=timezone.now())
    _payment(status="pending")  # another attempt may wait
    with pytest.raises(IntegrityError), transaction.atomic():
        _payment(status="paid", paid_at=timezone.now())


def test_references_are_unguessable():
    refs = {services.new_reference() for _ in range(200)}
    assert len(refs) == 200 and all(len(r) == 26 and r.isalnum() for r in refs)


@pytest.mark.parametrize("provider", ["wechat", "alipay"])
def test_same_notification_twice_marks_paid_once(registration, outsider, provider):
    payment = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider=provider)
    assert payment.amount == Decimal("300.00") and payment.currency == "HKD"
    headers, body = services.sandbox_notification(payment)
    mail.outbox.clear()
    first = services.payment_notification_handle(provider=provider, headers=headers, body=body)
    second = services.payment_notification_handle(provider=provider, headers=headers, body=body)
    assert first.status == second.status == "paid" and first.pk == second.pk
    assert Payment.objects.filter(status="paid").count() == 1
    assert Registration.objects.get(pk=registration.pk).paid
    assert AuditEntry.objects.filter(action="payment.paid").count() == 1
    assert AuditEntry.objects.filter(action="event.paid").count() == 1


def test_confirmation_mail_in_recipient_language(registration, outsider, django_capture_on_commit_callbacks):
    payment = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="wechat")
    headers, body = services.sandbox_notification(payment)
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_notification_handle(provider="wechat", headers=headers, body=body)
    (message,) = mail.outbox
    assert message.to == ["chan@example.invalid"]
    assert "Payment confirmation" in message.subject and "GBA Forum" in message.subject  # registered in English
    assert payment.reference in message.body and "WeChat Pay HK" in message.body


@pytest.mark.parametrize("provider", ["wechat", "alipay"])
def test_tampered_notification_refused_and_nothing_changes(registration, outsider, provider):
    payment = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider=provider)
    headers, body = services.sandbox_notification(payment)
    tampered = body.replace("SANDBOX", "SANDBOY", 1) if provider == "alipay" else body.replace('"id": "', '"id": "X', 1)
    assert tampered != body
    with pytest.raises(DomainError) as exc:
        services.payment_notification_handle(provider=provider, headers=headers, body=tampered)
    assert exc.value.status == 400
    assert Payment.objects.get(pk=payment.pk).status == "pending"
    assert not Registration.objects.get(pk=registration.pk).paid


@pytest.mark.parametrize("provider", ["wechat", "alipay"])
def test_wrong_amount_refused(registration, outsider, provider):
    payment = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider=provider)
    headers, body = services.sandbox_notification(payment, amount=Decimal("3.00"))  # validly signed, wrong sum
    with pytest.raises(DomainError) as exc:
        services.payment_notification_handle(provider=provider, headers=headers, body=body)
    assert exc.value.code == "amount" and exc.value.status == 400
    assert Payment.objects.get(pk=payment.pk).status == "pending"
    assert not Registration.objects.get(pk=registration.pk).paid


def test_failed_trade_state_records_nothing(registration, outsider):
    payment = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="wechat")
    headers, body = services.sandbox_notification(payment, status_ok=False)
    assert services.payment_notification_handle(provider="wechat", headers=headers, body=body) is None
    assert Payment.objects.get(pk=payment.pk).status == "pending"


@pytest.mark.parametrize("body", [b"", b"garbage", b"\xff\xfe\x00", b'{"resource": 1}'])
def test_garbage_is_a_400(body):
    for provider in ("wechat", "alipay"):
        with pytest.raises(DomainError) as exc:
            services.payment_notification_handle(provider=provider, headers={"Wechatpay-Timestamp": "1",
                                                                            "Wechatpay-Nonce": "x",
                                                                            "Wechatpay-Signature": "x"}, body=body)
        assert exc.value.status == 400


def test_bank_transfer_confirmation_rights(registration, outsider, kt_admin, make_user, secretariat):
    payment = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="bank")
    again = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="bank")
    assert again.pk == payment.pk  # the quoted reference stays the same
    for who in (outsider, make_user("someone-else")):  # the payer cannot confirm their own; strangers neither
        with pytest.raises(DomainError) as exc:
            services.payment_bank_confirm(actor=who, payment=payment)
        assert exc.value.status == 403
    assert Payment.objects.get(pk=payment.pk).status == "pending"
    done = services.payment_bank_confirm(actor=kt_admin, payment=payment, bank_reference="HSBC-123")
    assert done.status == "paid" and done.confirmed_by == kt_admin and done.paid_at
    assert done.transaction_id == "HSBC-123"
    assert Registration.objects.get(pk=registration.pk).paid
    entry = AuditEntry.objects.get(action="payment.paid")
    assert entry.actor == kt_admin
    assert AuditEntry.objects.get(action="event.paid").actor == kt_admin
    # confirming again changes nothing
    assert services.payment_bank_confirm(actor=secretariat, payment=payment).confirmed_by == kt_admin


def test_paid_payable_cannot_be_paid_again(registration, outsider, kt_admin):
    payment = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="bank")
    services.payment_bank_confirm(actor=kt_admin, payment=payment)
    registration.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="wechat")
    assert exc.value.status == 409


def test_second_provider_paying_late_is_kept_for_refund(registration, outsider, kt_admin):
    wechat = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="wechat")
    bank = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="bank")
    services.payment_bank_confirm(actor=kt_admin, payment=bank)
    headers, body = services.sandbox_notification(wechat)
    late = services.payment_notification_handle(provider="wechat", headers=headers, body=body)
    assert late.status == "failed" and late.note.startswith("duplicate")
    assert Payment.objects.filter(status="paid").count() == 1


def test_only_the_registrant_may_pay(registration, make_user):
    with pytest.raises(DomainError) as exc:
        services.payment_start(actor=make_user("stranger"), purpose="event-fee", obj=registration, provider="bank")
    assert exc.value.status == 403


def test_refund_builds_signed_request_and_unmarks(registration, outsider, kt_admin):
    payment = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="wechat")
    headers, body = services.sandbox_notification(payment)
    services.payment_notification_handle(provider="wechat", headers=headers, body=body)
    with pytest.raises(DomainError):
        services.payment_refund(actor=outsider, payment=Payment.objects.get(pk=payment.pk))
    refunded, request = services.payment_refund(actor=kt_admin, payment=Payment.objects.get(pk=payment.pk),
                                                reason="活動取消")
    assert refunded.status == "refunded" and refunded.refunded_by == kt_admin
    assert request.url.endswith("/v3/global/refunds") and '"refund":30000' in request.body
    assert request.headers["Authorization"].startswith("WECHATPAY2-SHA256-RSA2048 ")
    assert not Registration.objects.get(pk=registration.pk).paid


def test_expired_attempt_still_accepts_a_late_notification(registration, outsider):
    import datetime

    from django.utils import timezone

    wechat = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="wechat")
    bank = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="bank")
    later = timezone.now() + datetime.timedelta(hours=49)
    assert services.payments_expire_pending(now=later) == 1
    assert services.payments_expire_pending(now=later) == 0
    assert Payment.objects.get(pk=wechat.pk).status == "expired" and Payment.objects.get(pk=bank.pk).status == "pending"
    headers, body = services.sandbox_notification(wechat)
    assert services.payment_notification_handle(provider="wechat", headers=headers, body=body).status == "paid"
    assert Registration.objects.get(pk=registration.pk).paid


def test_expire_command_leaves_fresh_attempts_and_refuses_a_bad_age(registration, outsider):
    from io import StringIO

    from django.core.management import call_command

    fresh = services.payment_start(actor=outsider, purpose="event-fee", obj=registration, provider="alipay")
    out, err = StringIO(), StringIO()
    call_command("payments_expire_pending", stdout=out)
    assert out.getvalue().strip() == "expired: 0"
    assert Payment.objects.get(pk=fresh.pk).status == "pending"
    call_command("payments_expire_pending", "--hours", "0", stdout=out, stderr=err)
    assert "at least 1" in err.getvalue()
