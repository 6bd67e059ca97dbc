"""Festival API: /api/v1/festival/…

- ``GET  offers?q=&district=&category=&brand=`` → {count, items}
- ``POST phone/codes`` {phone} → 202 {verification_id}; ``POST phone/verify`` {verification_id, code}
  → {phone_token}. Send the token as the ``X-Phone-Token`` header when claiming.
- ``POST campaigns/{id}/claims`` (X-Phone-Token, optional Idempotency-Key) → 201 coupon;
  409 sold out / already claimed / window closed; 422 bad input; 429 slow down; 401 no phone.
- ``POST redeem`` {code, shop_id, campaign_id?} for logged-in shop staff (session + CSRF).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from shanglian.core.api_errors import ErrorOut as Error
from shanglian.core.params import page_window
from shanglian.festival import access, claims, ratelimit, selectors
from shanglian.festival.models import Coupon, Offer

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
    phone: str


class VerifyIn(Schema):
    verification_id: int
    code: str


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
                   "lng": s.lng} for s in o.shops.all()],
        "distance_km": round(o.distance_km, 2) if o.distance_km is not None else None,
    }


def _coupon_out(c: Coupon, replayed: bool = False) -> dict:
    return {"code": c.code, "campaign_id": c.campaign_id, "phone": c.phone, "claimed_at": c.claimed_at,
            "valid_from": c.campaign.valid_from, "valid_until": c.campaign.valid_until, "redeemed_at": c.redeemed_at,
            "url": c.get_absolute_url(), "replayed": replayed}


def _err(code: str, message: str) -> dict:
    return {"code": code, "message": str(message), "fields": None}


@router.get("/offers", response=OfferPage, summary="Search offers (繁/简/English as one)")
def list_offers(request: HttpRequest, q: str = "", district: str = "", category: str = "", brand: str = "",
                lat: float | None = None, lng: float | None = None, page: int = 1, page_size: int = 20):
    filters = selectors.OfferFilters.from_mapping({"q": q, "district": district, "category": category,
                                                   "brand": brand, "lat": lat, "lng": lng,
                                                   "sort": "distance" if lat is not None else ""})
    page, page_size = page_window(page, page_size, max_size=MAX_PAGE_SIZE)
    qs = selectors.offer_search(filters)
    start = (page - 1) * page_size
    if filters.by_distance:
        qs = selectors.sort_by_distance(qs, filters.lat, filters.lng)
    return {"count": qs.count(), "items": [_offer_out(o) for o in qs[start:start + page_size]]}


@router.post("/phone/codes", response={202: dict, 422: Error, 429: Error}, summary="Send a one-time code by SMS")
def send_code(request: HttpRequest, data: PhoneIn):
    try:
        phone = claims.clean_mobile(data.phone[:40])
    except ValidationError as exc:
        return Status(422, _err("bad_phone", exc.messages[0]))
    if not (ratelimit.hit("otp_phone", phone) and ratelimit.hit("otp_ip", ratelimit.client_ip(request))):
        return Status(429, _err("slow_down", _("請求太頻繁，請稍後再試。")))
    verification, _code = claims.otp_request(phone=phone)
    return Status(202, {"verification_id": verification.pk, "expires_in": int(claims.OTP_TTL.total_seconds())})


@router.post("/phone/verify", response={200: dict, 422: Error, 429: Error}, summary="Check a one-time code")
def verify_code(request: HttpRequest, data: VerifyIn):
    if not ratelimit.hit("verify_ip", ratelimit.client_ip(request)):
        return Status(429, _err("slow_down", _("請求太頻繁，請稍後再試。")))
    try:
        row = claims.otp_verify(verification_id=data.verification_id, code=data.code[:12])
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
    phone = claims.phone_from_token(request.headers.get("X-Phone-Token"))
    if phone is None:
        return Status(401, _err("phone_unverified", _("請先驗證手機號碼。")))
    if not (ratelimit.hit("claim_ip", ratelimit.client_ip(request)) and ratelimit.hit("claim_phone", phone)):
        return Status(429, _err("slow_down", _("請求太頻繁，請稍後再試。")))
    try:
        result = claims.coupon_claim(campaign_id=campaign_id, phone=phone, user=request.user, idempotency_key=key)
    except claims.FestivalError as exc:
        return Status(exc.status, _err(exc.code, exc.message))
    coupon = result.coupon
    if not result.created:
        coupon = Coupon.objects.select_related("campaign").get(pk=coupon.pk)
    return Status(201, _coupon_out(coupon, replayed=not result.created))


@router.post("/redeem", auth=django_auth, response={200: CouponOut, 403: Error, 404: Error, 409: Error,
                                                    422: Error, 429: Error},
             summary="Redeem a coupon at a shop (shop staff)")
def redeem(request: HttpRequest, data: RedeemIn):
    if not ratelimit.hit("redeem_user", str(request.user.pk)):
        return Status(429, _err("slow_down", _("請求太頻繁，請稍後再試。")))
    shop = access.redeem_shops(request.user).filter(pk=data.shop_id).first()
    if shop is None:
        return Status(403, _err("forbidden", _("你不是此分店的職員。")))
    try:
        coupon = claims.coupon_redeem(actor=request.user, code=data.code[:200], shop=shop,
                                      campaign_id=data.campaign_id)
    except claims.FestivalError as exc:
        return Status(exc.status, _err(exc.code, exc.message))
    return Status(200, _coupon_out(coupon))
