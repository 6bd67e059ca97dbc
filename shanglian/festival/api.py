"""Festival API: /api/v1/festival/…

- ``GET  offers?q=&district=&category=&brand=`` → {count, items}
- ``POST phone/codes`` {phone} → 202 {verification_id}; ``POST phone/verify`` {verification_id, code}
  → {phone_token}. Send the token as the ``X-Phone-Token`` header when claiming. Both are browser
  endpoints: JSON only (415 otherwise), same-origin ``Origin`` and the CSRF token (403 otherwise),
  and the code is bound to the session that asked for it (the ``verification_id`` is a random
  handle that only that session can spend attempts on).
- ``POST campaigns/{id}/claims`` (X-Phone-Token, optional Idempotency-Key) → 201 coupon;
  409 sold out / already claimed / window closed; 422 bad input; 429 slow down; 401 no phone.
- ``POST redeem`` {code, shop_id, campaign_id?} for logged-in shop staff (session + CSRF).
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.security import django_auth

from shanglian.core import privacy
from shanglian.core.api_errors import ErrorOut as Error
from shanglian.core.errors import DomainError
from shanglian.core.privacy import mask_phone
from shanglian.core.selectors import paginate
from shanglian.festival import access, claims, ratelimit, selectors
from shanglian.festival.models import Coupon, Offer, coupon_url
from shanglian.festival.phone_session import otp_requester

router = Router()
MAX_PAGE_SIZE = 100


class ShopOut(Schema):
    id: int
    name: str
    district: str
    address: str
    lat: float | None = None
    lng: float | None = None


class OfferOut(Schema):
    id: int
    title: str
    merchant: str
    brand: str | None = None
    category: str
    valid_from: datetime.date
    valid_until: datetime.date
    featured: bool
    url: str
    shops: list[ShopOut]
    distance_km: float | None = None


class OfferPage(Schema):
    count: int
    count_capped: bool = False  # count stopped at the search's cap (core.search.COUNT_CAP): "more than"
    items: list[OfferOut]


class CouponOut(Schema):
    code: str
    campaign_id: int
    phone: str
    claimed_at: datetime.datetime
    valid_from: datetime.datetime
    valid_until: datetime.datetime
    redeemed_at: datetime.datetime | None = None
    url: str
    replayed: bool = False


class PhoneIn(Schema):
    phone: str = Field(max_length=40)
    privacy_consent: bool = Field(False, description="agreed to the collection notice (core.privacy.NOTICE_VERSION)")
    cross_border_consent: bool = Field(False, description="+86 numbers: separate consent to the cross-border transfer")


class VerifyIn(Schema):
    verification_id: str = Field(max_length=64, description="the random handle answered by phone/codes")
    code: str = Field(max_length=12)


class RedeemIn(Schema):
    code: str
    shop_id: int
    campaign_id: int | None = None


def _offer_out(o: Offer) -> dict:
    return {
        "id": o.pk, "title": o.title, "merchant": o.merchant.name, "brand": o.brand.name if o.brand else None,
        "category": o.category.code, "valid_from": o.valid_from, "valid_until": o.valid_until,
        "featured": o.is_featured, "url": o.get_absolute_url(),
        "shops": [{"id": s.pk, "name": s.name, "district": s.district.code, "address": s.address, "lat": s.lat,
                   "lng": s.lng} for s in selectors.prefetched_shops(o)],
        "distance_km": round(o.distance_km, 2) if o.distance_km is not None else None,
    }


def _coupon_out(c: Coupon, replayed: bool = False, *, owner: bool = True) -> dict:
    """``owner``: the phone's owner sees it whole; counter staff see it masked."""
    phone = c.phone if owner else mask_phone(c.phone)
    code = c.code  # an HMAC: made once, for the code and its URL
    return {"code": code, "campaign_id": c.campaign_id, "phone": phone, "claimed_at": c.claimed_at,
            "valid_from": c.campaign.valid_from, "valid_until": c.campaign.valid_until, "redeemed_at": c.redeemed_at,
            "url": coupon_url(code), "replayed": replayed}


def _err(code: str, message: str) -> dict:
    return {"code": code, "message": str(message), "fields": None}


@router.get("/offers", response=OfferPage, summary="Search offers (繁/简/English as one)")
def list_offers(request: HttpRequest, q: str = "", district: str = "", category: str = "", brand: str = "",
                lat: float | None = None, lng: float | None = None, page: int = 1, page_size: int = 20):
    filters = selectors.OfferFilters.from_mapping({"q": q, "district": district, "category": category,
                                                   "brand": brand, "lat": lat, "lng": lng,
                                                   "sort": "distance" if lat is not None else ""})
    qs = selectors.offer_search(filters)
    if filters.by_distance:
        qs = selectors.sort_by_distance(qs, filters.lat, filters.lng)
    rows = paginate(qs, page, page_size, max_size=MAX_PAGE_SIZE)
    return {"count": rows.count, "count_capped": rows.count_capped, "items": [_offer_out(o) for o in rows.items]}


def _same_origin(request: HttpRequest, origin: str) -> bool:
    scheme = "https" if request.is_secure() else "http"
    return origin == f"{scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS


def _csrf_checked(request: HttpRequest) -> None:  # stands for a view that is not csrf_exempt
    return None


def browser_json_only(view: Any) -> Any:
    """For endpoints a browser page calls with its session: JSON bodies only (a cross-site form or
    ``text/plain`` post cannot send ``application/json`` without a CORS preflight, which we never
    allow), a foreign ``Origin`` or ``Sec-Fetch-Site: cross-site`` is refused, and the CSRF token
    must match the cookie (header ``X-CSRFToken``), as for any form of the site."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.content_type != "application/json":
            return JsonResponse(_err("json_only", _("只接受 JSON（Content-Type: application/json）。")), status=415)
        origin = request.headers.get("Origin")
        cross = request.headers.get("Sec-Fetch-Site") == "cross-site"
        if cross or (origin is not None and not _same_origin(request, origin)):
            return JsonResponse(_err("cross_origin", _("不接受來自其他網站的請求。")), status=403)
        if CsrfViewMiddleware(lambda r: None).process_view(request, _csrf_checked, (), {}) is not None:
            return JsonResponse(_err("csrf", _("安全驗證失敗，請重新載入頁面再試。")), status=403)
        return view(request, *args, **kwargs)

    return wrapper


@router.post("/phone/codes", response={202: dict, 403: Error, 415: Error, 422: Error, 429: Error},
             summary="Send a one-time code by SMS (browser session, JSON, CSRF)")
@decorate_view(browser_json_only)
def send_code(request: HttpRequest, data: PhoneIn):
    try:
        phone = claims.clean_mobile(data.phone[:40])
    except DomainError as exc:  # code "bad_phone", the reason on the ``phone`` field
        return Status(exc.status, exc.as_dict())
    refused = privacy.consent_errors(data.dict(), phone=phone)
    if refused:
        field, message = next(iter(refused.items()))
        return Status(422, _err(f"{field}_required", message))
    if not (ratelimit.hit("otp_phone", phone) and ratelimit.hit("otp_ip", ratelimit.client_ip(request))):
        return Status(429, _err("slow_down", _("請求太頻繁，請稍後再試。")))
    verification, _code = claims.otp_request(phone=phone, requester=otp_requester(request, create=True))
    privacy.consent_record(purpose="festival_phone", phone=phone, user=request.user,
                           cross_border=privacy.needs_cross_border(phone))
    return Status(202, {"verification_id": verification.handle, "expires_in": int(claims.OTP_TTL.total_seconds())})


@router.post("/phone/verify", response={200: dict, 403: Error, 415: Error, 422: Error, 429: Error},
             summary="Check a one-time code (the session that asked for it; JSON, CSRF)")
@decorate_view(browser_json_only)
def verify_code(request: HttpRequest, data: VerifyIn):
    if not ratelimit.hit("verify_ip", ratelimit.client_ip(request)):
        return Status(429, _err("slow_down", _("請求太頻繁，請稍後再試。")))
    try:
        row = claims.otp_verify(handle=data.verification_id, code=data.code, requester=otp_requester(request))
    except claims.FestivalError as exc:
        return Status(422, _err(exc.code, exc.message))
    return Status(200, {"phone": row.phone, "phone_token": claims.phone_token(row)})


@router.post("/campaigns/{campaign_id}/claims", response={201: CouponOut, 401: Error, 403: Error, 404: Error,
                                                           409: Error, 422: Error, 429: Error},
             summary="Claim a coupon (X-Phone-Token; Idempotency-Key makes retries safe)")
def claim(request: HttpRequest, campaign_id: int):
    key = request.headers.get("Idempotency-Key", "")
    if len(key) > 80:
        return Status(422, _err("bad_key", _("Idempotency-Key 太長（上限 80 字元）。")))
    token = claims.read_phone_token(request.headers.get("X-Phone-Token"))  # the claim's read checks it
    if token is None:
        return Status(401, _err("phone_unverified", _("請先驗證手機號碼。")))
    verification_id, phone = token
    if not ratelimit.hit_all([("claim_ip", ratelimit.client_ip(request)), ("claim_phone", phone)]):
        return Status(429, _err("slow_down", _("請求太頻繁，請稍後再試。")))
    try:
        result = claims.coupon_claim(campaign_id=campaign_id, phone=phone, user=request.user, idempotency_key=key,
                                     verification_id=verification_id)
    except claims.FestivalError as exc:
        return _refusal(exc)
    # The CouponOut shape (the declared schema above, as OpenAPI shows it), written directly: the
    # dict is built here from typed values, so ninja's validation of it through pydantic would only
    # cost time on the answer that takes the longest in a rush. tests/festival/test_api.py checks the
    # body against CouponOut.
    return JsonResponse(_coupon_out(result.coupon, replayed=not result.created), status=201,
                        json_dumps_params={"ensure_ascii": False})


def _refusal(exc: claims.FestivalError) -> JsonResponse:
    """A claim's expected refusal (sold out, already claimed, window closed: most answers of a
    rush) as the Error shape, without the django.request WARNING line Django writes for every
    4xx — thousands of log lines a minute on a festival day that say nothing is wrong."""
    response = JsonResponse(_err(exc.code, exc.message), status=exc.status, json_dumps_params={"ensure_ascii": False})
    if exc.status == 409:
        response._has_been_logged = True  # read by django.utils.log.log_response
    return response


@router.post("/redeem", auth=django_auth, response={200: CouponOut, 403: Error, 404: Error, 409: Error,
                                                    422: Error, 429: Error},
             summary="Redeem a coupon at a shop (shop staff)")
def redeem(request: HttpRequest, data: RedeemIn):
    if not ratelimit.hit("redeem_user", str(request.user.pk)):
        return Status(429, _err("slow_down", _("請求太頻繁，請稍後再試。")))
    shop = access.redeem_shop(request.user, data.shop_id)
    if shop is None:
        return Status(403, _err("forbidden", _("你不是此分店的職員。")))
    try:
        coupon = claims.coupon_redeem(actor=request.user, code=data.code[:200], shop=shop,
                                      campaign_id=data.campaign_id)
    except claims.FestivalError as exc:
        return Status(exc.status, _err(exc.code, exc.message))
    return Status(200, _coupon_out(coupon, owner=False))
