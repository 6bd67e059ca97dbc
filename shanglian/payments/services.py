"""Every write to payments: start a payment, take a provider's notification, confirm a bank
transfer, refund, simulate (sandbox). The payable object's own state is changed by its purpose's
``on_paid`` callback, in the same transaction that marks the payment paid."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError, Forbidden, NotFound
from shanglian.core.formatting import site_url
from shanglian.core.mail import send_templated_mail
from shanglian.payments import providers
from shanglian.payments.base import Payable, SignatureInvalid, SignedRequest
from shanglian.payments.models import Payment
from shanglian.payments.purposes import Purpose, get_purpose

S = Payment.Status


def new_reference() -> str:
    """Our out_trade_no: 26 characters, 96 random bits (unguessable; WeChat Pay allows 6–32 of
    [A-Za-z0-9_-*|], Alipay 64)."""
    return "SL" + secrets.token_hex(12).upper()


def object_type(obj: Any) -> str:
    return obj._meta.label_lower


def purpose_or_404(code: str) -> Purpose:
    purpose = get_purpose(code)
    if purpose is None:
        raise NotFound("purpose", _("找不到此付款項目。"))
    return purpose


def _check_type(purpose: Purpose, obj: Any) -> None:
    if object_type(obj) != purpose.model.lower():
        raise DomainError("purpose", _("付款項目與對象不符。"))


@transaction.atomic
def payment_start(*, actor: Any, purpose: str, obj: Any, provider: str) -> Payment:
    """Start paying ``obj`` for ``purpose`` with ``provider`` (wechat, alipay, bank). A bank
    transfer already pending for the object keeps its reference (the payer may have quoted it)."""
    p = purpose_or_404(purpose)
    _check_type(p, obj)
    if not p.can_pay(actor, obj):
        raise Forbidden("forbidden", _("你不能為此項目付款。"))
    available = providers.available()
    if provider not in available:
        raise DomainError.field("provider", _("請選擇付款方式。"))
    due = p.describe(obj)
    if not due.outstanding or due.amount <= 0:
        raise Conflict("paid", _("此項目已付款或毋須付款。"))
    kind, pk = object_type(obj), str(obj.pk)
    if Payment.objects.filter(purpose=purpose, object_type=kind, object_id=pk, status=S.PAID).exists():
        raise Conflict("paid", _("此項目已付款或毋須付款。"))
    if provider == Payment.Provider.BANK:
        existing = Payment.objects.filter(purpose=purpose, object_type=kind, object_id=pk, provider=provider,
                                          status=S.PENDING, amount=due.amount, currency=due.currency).first()
        if existing:
            return existing
    payment = Payment.objects.create(
        purpose=purpose, object_type=kind, object_id=pk, provider=provider, reference=new_reference(),
        amount=due.amount, currency=due.currency, description=str(due.description)[:200],
        payer=actor if getattr(actor, "is_authenticated", False) else None)
    notify = site_url(reverse(f"payments:notify_{provider}")) if provider != Payment.Provider.BANK else ""
    # The signed request a transport would send to the provider (docs/payments.md: no network here).
    available[provider]().create(Payable(reference=payment.reference, amount=payment.amount,
                                         currency=payment.currency, description=payment.description,
                                         notify_url=notify))
    audit_record(actor=actor, action="payment.start", target=payment,
                 changes={"purpose": purpose, "object": f"{kind}:{pk}", "provider": provider,
                          "amount": str(payment.amount), "currency": payment.currency})
    return payment


def payment_notification_handle(*, provider: str, headers: dict[str, str], body: bytes | str) -> Payment | None:
    """A provider's asynchronous notification: verify the signature, then mark paid (idempotent).
    Returns None for a verified notification that is not a success (nothing to record)."""
    if provider == Payment.Provider.BANK:
        raise NotFound("provider", _("未設定此付款方式。"))
    factory = providers.available().get(provider)
    if factory is None:
        raise NotFound("provider", _("未設定此付款方式。"))
    try:
        note = factory().verify_notification(headers, body)
    except (SignatureInvalid, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DomainError("signature", _("簽名無效。"), status=400) from exc
    if not note.paid:
        return None
    return _mark_paid(reference=note.reference, provider=provider, transaction_id=note.transaction_id,
                      amount=note.amount, currency=note.currency, actor=None)


@transaction.atomic
def _mark_paid(*, reference: str, provider: str, transaction_id: str, amount: Any, currency: str,
               actor: Any) -> Payment:
    payment = Payment.objects.select_for_update().filter(reference=reference, provider=provider).first()
    if payment is None:
        raise DomainError("reference", _("找不到此付款。"), status=400)
    if payment.status == S.PAID:
        return payment  # the same notification again: nothing to do
    if payment.status == S.REFUNDED:
        raise Conflict("refunded", _("此付款已退款。"))
    if amount != payment.amount or (currency and currency != payment.currency):
        raise DomainError("amount", _("付款金額與應付金額不符。"), status=400)
    purpose = purpose_or_404(payment.purpose)
    obj = purpose.get(payment.object_id)
    now = timezone.now()
    try:
        with transaction.atomic():
            Payment.objects.filter(pk=payment.pk).update(
                status=S.PAID, transaction_id=transaction_id[:64], paid_at=now,
                confirmed_by=actor if getattr(actor, "is_authenticated", False) else None)
    except IntegrityError:
        # Another payment of this object was paid first: keep the money on record for a refund.
        Payment.objects.filter(pk=payment.pk).update(status=S.FAILED, transaction_id=transaction_id[:64],
                                                     note="duplicate: refund")
        payment.refresh_from_db()
        audit_record(actor=actor, action="payment.duplicate", target=payment, changes={"amount": str(amount)})
        return payment
    payment.refresh_from_db()
    if obj is not None:
        purpose.on_paid(obj, payment)
    audit_record(actor=actor, action="payment.paid", target=payment,
                 changes={"provider": provider, "transaction_id": transaction_id, "amount": str(amount)})
    if obj is not None and purpose.recipients:
        for email, language in purpose.recipients(obj, payment):
            with translation.override(language):  # the object's description in the recipient's language
                what = str(purpose.describe(obj).description)
            send_templated_mail(to=[email], template="payments/mail/paid", language=language,
                                context={"payment": payment, "what": what, "purpose": purpose.label})
    return payment


def _object(payment: Payment) -> tuple[Purpose, Any]:
    purpose = purpose_or_404(payment.purpose)
    obj = purpose.get(payment.object_id)
    if obj is None:
        raise NotFound("object", _("找不到付款對象。"))
    return purpose, obj


def can_confirm(user: Any, payment: Payment) -> bool:
    if not getattr(user, "is_authenticated", False) or payment.payer_id == user.pk:
        return False  # nobody confirms their own payment
    purpose = get_purpose(payment.purpose)
    obj = purpose.get(payment.object_id) if purpose else None
    return obj is not None and bool(purpose.can_confirm(user, obj))


def payment_bank_confirm(*, actor: Any, payment: Payment, bank_reference: str = "") -> Payment:
    """Staff saw the transfer on the bank statement: record it (who and when) as paid."""
    if payment.provider != Payment.Provider.BANK:
        raise Conflict("provider", _("只有銀行轉賬需要人手確認。"))
    if not can_confirm(actor, payment):
        raise Forbidden("forbidden", _("你不能確認此付款。"))
    return _mark_paid(reference=payment.reference, provider=payment.provider,
                      transaction_id=bank_reference.strip() or payment.reference, amount=payment.amount,
                      currency=payment.currency, actor=actor)


@transaction.atomic
def payment_refund(*, actor: Any, payment: Payment, reason: str = "") -> tuple[Payment, SignedRequest | None]:
    """Refund a paid payment: marks it refunded, builds the provider's signed refund request
    (None for a bank transfer, paid back by hand) and calls the purpose's ``on_refunded``."""
    purpose, obj = _object(payment)
    if not (getattr(actor, "is_authenticated", False) and purpose.can_confirm(actor, obj)):
        raise Forbidden("forbidden", _("你不能為此付款退款。"))
    if Payment.objects.filter(pk=payment.pk, status=S.PAID).update(
            status=S.REFUNDED, refunded_at=timezone.now(), refunded_by=actor, note=reason[:200]) != 1:
        raise Conflict("status", _("只有已付款的付款可以退款。"))
    payment.refresh_from_db()
    request = providers.available()[payment.provider]().refund(
        reference=payment.reference, refund_no="R" + payment.reference[1:], amount=payment.amount,
        total=payment.amount, currency=payment.currency, reason=reason)
    if purpose.on_refunded:
        purpose.on_refunded(obj, payment)
    audit_record(actor=actor, action="payment.refund", target=payment, changes={"reason": reason})
    return payment, request


def payments_expire_pending(*, now: Any = None, hours: int = 48) -> int:
    """Mark WeChat Pay / Alipay attempts still pending after ``hours`` as expired (a bank transfer
    waits for staff; a late notification for an expired attempt is still accepted). Idempotent."""
    import datetime

    now = now or timezone.now()
    count = Payment.objects.filter(status=S.PENDING, created_at__lt=now - datetime.timedelta(hours=hours)).exclude(
        provider=Payment.Provider.BANK).update(status=S.EXPIRED)
    if count:
        audit_record(actor=None, action="payment.expire", target_type="payments.payment", target_repr=str(count),
                     changes={"count": count})
    return count


def payment_sandbox_simulate(*, actor: Any, payment: Payment) -> Payment | None:
    """Sandbox only: sign a success notification the way the provider would (with the sandbox
    keys) and feed it through ``payment_notification_handle`` — the same verification path."""
    if not providers.is_sandbox(payment.provider):
        raise NotFound("provider", _("只有測試環境可以模擬付款。"))
    if payment.payer_id != getattr(actor, "pk", None):
        raise Forbidden("forbidden", _("你不能為此項目付款。"))
    headers, body = sandbox_notification(payment)
    return payment_notification_handle(provider=payment.provider, headers=headers, body=body)


def sandbox_notification(payment: Payment, *, amount: Any = None, status_ok: bool = True) -> tuple[dict, str]:
    """A success notification for ``payment`` signed with the sandbox keys (also used by tests)."""
    from urllib.parse import urlencode

    from shanglian.payments.alipay import Alipay
    from shanglian.payments.wechat import WeChatPay

    amount = payment.amount if amount is None else amount
    k = providers.sandbox_keys()
    txn = "SANDBOX" + secrets.token_hex(8).upper()
    if payment.provider == Payment.Provider.WECHAT:
        cfg = providers.sandbox_config("wechat")
        plain = {"mchid": cfg["mchid"], "appid": cfg["appid"], "out_trade_no": payment.reference,
                 "transaction_id": txn, "trade_type": "NATIVE", "trade_state": "SUCCESS" if status_ok else "PAYERROR",
                 "amount": {"total": int(amount * 100), "currency": payment.currency}}
        return WeChatPay.sign_as_wechatpay(platform_private_pem=k["wechat_platform"][0],
                                           apiv3_key=cfg["apiv3_key"], platform_serial=cfg["platform_serial"],
                                           plain=plain, timestamp=int(time.time()))
    params = {"app_id": "SANDBOX", "out_trade_no": payment.reference, "trade_no": txn,
              "trade_status": "TRADE_SUCCESS" if status_ok else "WAIT_BUYER_PAY", "total_amount": f"{amount:.2f}",
              "trans_currency": payment.currency, "notify_time": timezone.now().strftime("%Y-%m-%d %H:%M:%S")}
    signed = Alipay.sign_as_alipay(k["alipay_platform"][0], params)
    return {"Content-Type": "application/x-www-form-urlencoded"}, urlencode(signed)
