"""Consumer pages (mobile first): festival home, offer search and detail, phone verification,
claiming, my coupons and the per-coupon page with its QR code."""

from __future__ import annotations

import uuid

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from shanglian.core.http import safe_next
from shanglian.core.validation import format_phone
from shanglian.festival import access, claims, ratelimit, selectors, services, sms
from shanglian.festival.codes import verify_code

PAGE_SIZE = 20
SESSION_PHONE = "festival_phone_token"
SESSION_OTP = "festival_otp_id"


def session_phone(request: HttpRequest) -> str | None:
    return claims.phone_from_token(request.session.get(SESSION_PHONE))


def _districts():
    return selectors.hk_districts()


def home(request: HttpRequest) -> HttpResponse:
    edition = services.current_edition()
    return render(request, "festival/home.html", {
        "edition": edition, **selectors.festival_home(),
        "categories": selectors.top_categories(), "districts": _districts(),
    })


def offer_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.OfferFilters.from_mapping(request.GET)
    qs = selectors.offer_search(filters)
    results = selectors.sort_by_distance(qs, filters.lat, filters.lng) if filters.by_distance else qs
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "query_string": query.urlencode(),
               "categories": selectors.top_categories(), "districts": _districts()}
    template = "festival/_offers.html" if request.htmx else "festival/offer_list.html"
    return render(request, template, context)


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = access.offer_for_user(request.user, pk)
    services.offer_view_count(offer_id=offer.pk)
    phone = session_phone(request)
    campaigns = selectors.open_campaigns(offer) if offer.is_published else []  # no new claims when unpublished
    held = selectors.held_campaign_ids(phone, campaigns)
    return render(request, "festival/offer_detail.html", {
        "offer": offer, "campaigns": campaigns, "phone": phone, "phone_display": format_phone(phone or ""),
        "held": held, "share_url": request.build_absolute_uri(offer.get_absolute_url()),
        "can_edit": access.manages_merchant(request.user, offer.merchant_id),
        "shops": selectors.offer_shops(offer), "idempotency_key": uuid.uuid4().hex,
    })


def phone_verify(request: HttpRequest) -> HttpResponse:
    """Two steps on one page: send a code to a phone, then type the code."""
    next_url = safe_next(request, reverse("festival:my_coupons"))
    context: dict = {"next": next_url, "phone_value": "", "step": "phone", "dev_code": None}
    if request.method == "POST" and request.POST.get("step") == "phone":
        raw = request.POST.get("phone", "")[:40]
        context["phone_value"] = raw
        try:
            phone = claims.clean_mobile(raw)
        except ValidationError as exc:
            context["error"] = exc.messages[0]
        else:
            if not (ratelimit.hit("otp_phone", phone) and ratelimit.hit("otp_ip", ratelimit.client_ip(request))):
                context["error"] = _("請求太頻繁，請稍後再試。")
            else:
                verification, code = claims.otp_request(phone=phone)
                request.session[SESSION_OTP] = verification.pk
                context.update(step="code", phone_display=format_phone(phone))
                if getattr(sms.sender(), "shows_code_in_development", False) and _debug():
                    context["dev_code"] = code
    elif request.method == "POST" and request.POST.get("step") == "code":
        context["step"] = "code"
        verification_id = request.session.get(SESSION_OTP)
        if not ratelimit.hit("verify_ip", ratelimit.client_ip(request)):
            context["error"] = _("請求太頻繁，請稍後再試。")
        elif not verification_id:
            context.update(step="phone", error=_("驗證已失效，請重新索取驗證碼。"))
        else:
            try:
                row = claims.otp_verify(verification_id=verification_id, code=request.POST.get("code", "")[:12])
            except claims.FestivalError as exc:
                context["error"] = exc.message
                if exc.code != "otp_wrong":
                    context["step"] = "phone"
            else:
                request.session[SESSION_PHONE] = claims.phone_token(row)
                request.session.pop(SESSION_OTP, None)
                messages.success(request, _("已驗證手機號碼 %(phone)s。") % {"phone": format_phone(row.phone)})
                return redirect(next_url)
    return render(request, "festival/phone.html", context)


def _debug() -> bool:
    from django.conf import settings

    return settings.DEBUG


@require_POST
def phone_forget(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_PHONE, None)
    return redirect("festival:home")


@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.campaign_for_user(request.user, pk)
    offer_url = campaign.offer.get_absolute_url()
    phone = session_phone(request)
    if phone is None:
        target = f"{reverse('festival:phone')}?next={offer_url}"
        # From htmx: a full-page redirect, not the phone page swapped into the result box.
        return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    outcome: dict = {"campaign": campaign}
    if not (ratelimit.hit("claim_ip", ratelimit.client_ip(request)) and ratelimit.hit("claim_phone", phone)):
        outcome.update(ok=False, code="slow_down", message=_("請求太頻繁，請稍後再試。"))
    else:
        try:
            result = claims.coupon_claim(campaign_id=campaign.pk, phone=phone, user=request.user,
                                         idempotency_key=request.POST.get("idempotency_key", "")[:80])
        except claims.FestivalError as exc:
            outcome.update(ok=False, code=exc.code, message=exc.message)
        else:
            outcome.update(ok=True, coupon=result.coupon, message=_("領取成功！優惠券已放入「我的優惠券」。"))
    if request.htmx:
        return render(request, "festival/_claim_result.html", outcome)
    if outcome["ok"]:
        messages.success(request, outcome["message"])
        return redirect("festival:coupon", code=outcome["coupon"].code)
    messages.error(request, outcome["message"])
    return redirect(offer_url)


def my_coupons(request: HttpRequest) -> HttpResponse:
    phone = session_phone(request)
    if phone is None:
        return redirect(f"{reverse('festival:phone')}?next={reverse('festival:my_coupons')}")
    coupons = list(selectors.coupons_for_phone(phone)[:100])
    for c in coupons:
        c.qr_svg = segno.make(c.code, error="m").svg_inline(scale=4, border=2)
    return render(request, "festival/my_coupons.html", {"coupons": coupons, "phone_display": format_phone(phone)})


def coupon_page(request: HttpRequest, code: str) -> HttpResponse:
    """The coupon by link: the signed code is the key (whoever holds it holds the coupon)."""
    token = verify_code(code)
    coupon = selectors.coupon_by_token(token)
    if coupon is None:
        raise Http404
    qr = segno.make(coupon.code, error="m").svg_inline(scale=7, border=2)
    return render(request, "festival/coupon.html", {
        "coupon": coupon, "qr_svg": qr, "shops": selectors.campaign_shops(coupon.campaign),
        "link": request.build_absolute_uri(coupon.get_absolute_url()),
    })
