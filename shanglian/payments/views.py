"""Payment pages (pay now, a payment's page, bank transfers to confirm) and the providers'
notification endpoints. Thin: access → selector/service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shanglian.core.errors import DomainError, messages_add_domain_error
from shanglian.core.http import safe_next
from shanglian.payments import access, providers, selectors, services

MAX_BODY = 65536


@login_required
def pay(request: HttpRequest, purpose: str, object_id: str) -> HttpResponse:
    """The "pay now" step: choose WeChat Pay HK, Alipay HK or a bank transfer."""
    p, obj = access.payable_for_user(request.user, purpose, object_id)
    due = p.describe(obj)
    current = selectors.payments_by_object(purpose, [obj.pk]).get(str(obj.pk))
    if request.method == "POST":
        try:
            payment = services.payment_start(actor=request.user, purpose=purpose, obj=obj,
                                             provider=request.POST.get("provider", ""))
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
        else:
            return redirect("payments:detail", reference=payment.reference)
    return render(request, "payments/pay.html", {
        "purpose": p, "obj": obj, "due": due, "current": current, "choices": selectors.provider_choices(),
        "sandbox": providers.sandbox_enabled(), "next": p.next_url(obj) if p.next_url else ""})


@login_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    payment = access.payment_for_user(request.user, reference)
    return render(request, "payments/detail.html", {
        "payment": payment, "bank": selectors.bank_account(), "sandbox": providers.is_sandbox(payment.provider),
        "can_confirm": services.can_confirm(request.user, payment), "is_payer": payment.payer_id == request.user.pk,
        "next": selectors.next_url(payment)})


@login_required
@require_POST
def simulate(request: HttpRequest, reference: str) -> HttpResponse:
    """Sandbox only: the provider's signed notification, simulated."""
    payment = access.payment_for_user(request.user, reference, payer=True)
    try:
        services.payment_sandbox_simulate(actor=request.user, payment=payment)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("（測試環境）已模擬付款成功。"))
    return redirect("payments:detail", reference=payment.reference)


@login_required
@require_POST
def confirm(request: HttpRequest, reference: str) -> HttpResponse:
    """A bank transfer seen on the statement: recorded as paid by this user, now."""
    payment = access.payment_for_user(request.user, reference, confirm=True)
    try:
        services.payment_bank_confirm(actor=request.user, payment=payment,
                                      bank_reference=request.POST.get("bank_reference", "")[:64])
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已確認收到銀行轉賬。"))
    return redirect(safe_next(request, reverse("payments:transfers")))


@login_required
def transfers(request: HttpRequest) -> HttpResponse:
    """Bank transfers awaiting this user's confirmation."""
    return render(request, "payments/transfers.html", {"payments": selectors.transfers_to_confirm(request.user)})


def _notify(request: HttpRequest, provider: str) -> HttpResponse:
    body = request.body[:MAX_BODY]
    try:
        services.payment_notification_handle(provider=provider, headers=dict(request.headers), body=body)
    except DomainError as exc:
        status = 400 if exc.status >= 500 or exc.status == 409 else exc.status
        if provider == "alipay":  # Alipay reads the text: anything but "success" is retried
            return HttpResponse("fail", content_type="text/plain", status=status)
        return JsonResponse({"code": "FAIL", "message": str(exc.code)}, status=status)
    if provider == "alipay":
        return HttpResponse("success", content_type="text/plain")
    return HttpResponse(status=204)  # WeChat Pay v3: 200 or 204 without a body means received


@csrf_exempt
@require_POST
def notify_wechat(request: HttpRequest) -> HttpResponse:
    return _notify(request, "wechat")


@csrf_exempt
@require_POST
def notify_alipay(request: HttpRequest) -> HttpResponse:
    return _notify(request, "alipay")
