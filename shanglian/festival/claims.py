"""The heart of the festival: phone verification, claiming a limited coupon, redeeming it.

Claim rule (see docs/festival.md): in one transaction, a conditional UPDATE raises the campaign's
``claimed`` counter only while ``claimed < quota`` and the claim window is open, then the coupon
row is inserted under two unique constraints — (campaign, phone, seq) for the per-person limit and
(phone, idempotency_key) for retries. If the insert violates either, the whole transaction (the
counter included) rolls back and the caller hears "already claimed" or gets the coupon of the
first attempt. The counter can therefore never pass the quota (also a CheckConstraint), and each
"claimed" answer is a committed row. It holds with many server processes on PostgreSQL (the
UPDATE takes the campaign's row lock) and on SQLite (IMMEDIATE transactions serialise writers).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.errors import DomainError
from shanglian.core.validation import normalise_phone
from shanglian.festival.access import claimable_campaigns
from shanglian.festival.codes import new_token, verify_code
from shanglian.festival.models import Coupon, CouponCampaign, MerchantStaff, PhoneVerification, Shop
from shanglian.festival.sms import send_sms

OTP_TTL = datetime.timedelta(minutes=5)
OTP_MAX_ATTEMPTS = 5
PHONE_SESSION_TTL = datetime.timedelta(hours=12)
PHONE_TOKEN_SALT = "festival.phone"


class FestivalError(DomainError):
    """A refusal with a machine code, an HTTP status for the API (409 unless said) and a translated
    message: the project's DomainError, so the API and pages map it like every other refusal."""

    default_status = 409


# ------------------------------------------------------------------------------------ phones
def clean_mobile(raw: str) -> str:
    """E.164 of a HK / Macao / Mainland *mobile* number (an SMS must reach it), or ValidationError."""
    if not (raw or "").strip():
        raise ValidationError(_("請輸入手機號碼。"), code="required")
    phone = normalise_phone(raw)
    kind = phonenumbers.number_type(phonenumbers.parse(phone))
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise ValidationError(_("「%(value)s」不是手機號碼，收不到短訊驗證碼。"), params={"value": raw.strip()},
                              code="not_mobile")
    return phone


def _otp_hash(phone: str, code: str) -> str:
    key = hashlib.sha256(("festival.otp:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def otp_request(*, phone: str, now: datetime.datetime | None = None) -> tuple[PhoneVerification, str]:
    """Create a verification and send its code by SMS (after commit). ``phone`` is E.164
    (``clean_mobile``); rate limits are the caller's job. Returns the row and the code (the code
    is only for development hints and tests; it is stored hashed)."""
    now = now or timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        verification = PhoneVerification.objects.create(phone=phone, code_hash=_otp_hash(phone, code),
                                                        expires_at=now + OTP_TTL)
        text = _("【全港購物節】你的驗證碼是 %(code)s，5 分鐘內有效。切勿告訴他人。") % {"code": code}
        transaction.on_commit(lambda: send_sms(phone, text))
    return verification, code


def otp_verify(*, verification_id: int, code: str, now: datetime.datetime | None = None) -> PhoneVerification:
    """Check a code. Each try counts (a conditional UPDATE, committed even when the code is wrong);
    expired, used (replayed) or over-tried verifications are refused."""
    now = now or timezone.now()
    code = (code or "").strip()
    live = PhoneVerification.objects.filter(pk=verification_id, verified_at__isnull=True, expires_at__gt=now,
                                            attempts__lt=OTP_MAX_ATTEMPTS)
    if not live.update(attempts=F("attempts") + 1):
        row = PhoneVerification.objects.filter(pk=verification_id).first()
        if row is None:
            raise FestivalError("otp_unknown", _("驗證已失效，請重新索取驗證碼。"), 422)
        if row.verified_at is not None:
            raise FestivalError("otp_used", _("此驗證碼已使用過，請重新索取驗證碼。"), 422)
        if row.expires_at <= now:
            raise FestivalError("otp_expired", _("驗證碼已過期，請重新索取。"), 422)
        raise FestivalError("otp_attempts", _("嘗試次數過多，請重新索取驗證碼。"), 422)
    row = PhoneVerification.objects.get(pk=verification_id)
    if not (code.isdigit() and hmac.compare_digest(row.code_hash, _otp_hash(row.phone, code))):
        left = max(0, OTP_MAX_ATTEMPTS - row.attempts)
        raise FestivalError("otp_wrong", _("驗證碼不正確（尚餘 %(n)s 次機會）。") % {"n": left}, 422)
    # Mark it used exactly once: a replay of the same code finds verified_at already set.
    if not PhoneVerification.objects.filter(pk=row.pk, verified_at__isnull=True).update(verified_at=now):
        raise FestivalError("otp_used", _("此驗證碼已使用過，請重新索取驗證碼。"), 422)
    row.verified_at = now
    return row


def phone_token(verification: PhoneVerification) -> str:
    """A signed bearer token standing for a verified phone (kept in the session, or sent to the API
    as the ``X-Phone-Token`` header)."""
    return signing.dumps(verification.pk, salt=PHONE_TOKEN_SALT)


def phone_from_token(token: str | None, *, now: datetime.datetime | None = None) -> str | None:
    if not token:
        return None
    try:
        pk = signing.loads(token, salt=PHONE_TOKEN_SALT, max_age=PHONE_SESSION_TTL)
    except signing.BadSignature:
        return None
    now = now or timezone.now()
    row = (PhoneVerification.objects.filter(pk=pk, verified_at__gt=now - PHONE_SESSION_TTL)
           .values_list("phone", flat=True).first())
    return row


# ------------------------------------------------------------------------------------ claims
@dataclass
class ClaimResult:
    coupon: Coupon
    created: bool


def _why_not(campaign_id: int, now: datetime.datetime) -> FestivalError:
    campaign = CouponCampaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return FestivalError("not_found", _("找不到此優惠券活動。"), 404)
    if now < campaign.claim_starts:
        when = date_format(timezone.localtime(campaign.claim_starts), "DATETIME_FORMAT")
        return FestivalError("not_started", _("尚未開始領取（%(when)s 開始）。") % {"when": when}, 409)
    if now >= campaign.claim_ends:
        return FestivalError("closed", _("領取時間已過。"), 409)
    return FestivalError("sold_out", _("優惠券已派完。"), 409)


def _already(campaign: CouponCampaign) -> FestivalError:
    if campaign.per_person_limit == 1:
        return FestivalError("already_claimed", _("此手機號碼已領取過這張優惠券。"), 409)
    message = _("此手機號碼已領取 %(n)s 張，已達上限。") % {"n": campaign.per_person_limit}
    return FestivalError("already_claimed", message, 409)


def _eligible(campaign: CouponCampaign, user: Any) -> bool:
    if campaign.eligibility == CouponCampaign.Eligibility.PHONE:
        return True
    from shanglian.directory.access import is_current_member

    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or is_current_member(user)))


def coupon_claim(*, campaign_id: int, phone: str, user: Any = None, idempotency_key: str | None = None,
                 now: datetime.datetime | None = None) -> ClaimResult:
    """Claim one coupon for a verified ``phone`` (E.164). Raises FestivalError (sold out, already
    claimed, window closed …). A retry with the same idempotency key returns the first coupon."""
    now = now or timezone.now()
    key = (idempotency_key or "").strip()[:80] or None
    if key:
        existing = Coupon.objects.filter(phone=phone, idempotency_key=key).first()
        if existing is not None:
            if existing.campaign_id != campaign_id:
                raise FestivalError("idempotency_conflict", _("此 Idempotency-Key 已用於另一個活動。"), 422)
            return ClaimResult(existing, False)
    # Only a public offer (published, approved merchant, current edition) takes new claims, from
    # the page and the API alike; coupons already claimed stay valid.
    campaign = claimable_campaigns().filter(pk=campaign_id).first()
    if campaign is None:
        raise FestivalError("not_found", _("找不到此優惠券活動。"), 404)
    if not _eligible(campaign, user):
        raise FestivalError("members_only", _("此優惠券只限商會會員領取，請先登入。"), 403)
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    for _attempt in range(3):
        # Cheap early answer for repeat claimants; the unique constraint has the last word.
        held = Coupon.objects.filter(campaign_id=campaign_id, phone=phone).count()
        if held >= campaign.per_person_limit:
            raise _already(campaign)
        # Answer sold out / closed without taking a write lock: ``claimed`` only ever grows once
        # committed, so a read showing the quota reached is final. Positive answers are still
        # decided by the conditional UPDATE below.
        if campaign.claimed >= campaign.quota or not (campaign.claim_starts <= now < campaign.claim_ends):
            raise _why_not(campaign_id, now)
        try:
            with transaction.atomic():
                raised = CouponCampaign.objects.filter(
                    pk=campaign_id, claimed__lt=F("quota"), claim_starts__lte=now, claim_ends__gt=now,
                ).update(claimed=F("claimed") + 1)
                if not raised:
                    raise _why_not(campaign_id, now)
                coupon = Coupon.objects.create(campaign_id=campaign_id, phone=phone, seq=held + 1, user_id=user_id,
                                               token=new_token(), idempotency_key=key)
        except IntegrityError:
            # A concurrent claim by this phone took seq (or this key): our counter increment was
            # rolled back with the insert. A retried key gets its coupon; otherwise look again.
            if key:
                existing = Coupon.objects.filter(phone=phone, idempotency_key=key).first()
                if existing is not None:
                    return ClaimResult(existing, False)
            continue
        coupon.campaign = campaign
        return ClaimResult(coupon, True)
    raise _already(campaign)


# ------------------------------------------------------------------------------------ redeem
def staff_can_redeem_at(user: Any, shop: Shop) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return MerchantStaff.objects.filter(user=user, merchant_id=shop.merchant_id, merchant__status="approved").filter(
        Q(shop__isnull=True) | Q(shop=shop)).exists()


def coupon_redeem(*, actor: Any, code: str, shop: Shop, campaign_id: int | None = None,
                  now: datetime.datetime | None = None) -> Coupon:
    """Redeem a scanned or typed code at ``shop``, once. Refusals are FestivalErrors with a message
    the counter can read out (forged, other campaign / shop, already used when and where, expired)."""
    now = now or timezone.now()
    token = verify_code(code)
    if token is None:  # no database query for a forged or mistyped code
        raise FestivalError("forged", _("這不是有效的優惠券編號（可能是偽造或輸入錯誤）。"), 422)
    if not staff_can_redeem_at(actor, shop):
        raise FestivalError("forbidden", _("你不是此分店的職員。"), 403)
    coupon = Coupon.objects.select_related("campaign__offer", "redeemed_shop").filter(token=token).first()
    if coupon is None:
        raise FestivalError("unknown", _("找不到此優惠券。"), 404)
    campaign = coupon.campaign
    if campaign_id is not None and campaign.pk != campaign_id:
        message = _("此優惠券屬於另一個活動（%(label)s）。") % {"label": str(campaign)}
        raise FestivalError("other_campaign", message, 409)
    if not campaign.shops.filter(pk=shop.pk).exists():
        raise FestivalError("other_shop", _("此優惠券不適用於本分店。"), 409)
    if coupon.redeemed_at is not None:
        raise _already_redeemed(coupon)
    if now < campaign.valid_from:
        when = date_format(timezone.localtime(campaign.valid_from), "DATETIME_FORMAT")
        raise FestivalError("not_yet_valid", _("此優惠券 %(when)s 起才可使用。") % {"when": when}, 409)
    if now > campaign.valid_until:
        when = date_format(timezone.localtime(campaign.valid_until), "DATETIME_FORMAT")
        raise FestivalError("expired", _("此優惠券已於 %(when)s 過期。") % {"when": when}, 409)
    with transaction.atomic():
        done = Coupon.objects.filter(pk=coupon.pk, redeemed_at__isnull=True).update(
            redeemed_at=now, redeemed_shop=shop, redeemed_by=actor)
        if not done:  # another counter was a moment faster
            coupon.refresh_from_db()
            raise _already_redeemed(Coupon.objects.select_related("redeemed_shop").get(pk=coupon.pk))
        coupon.redeemed_at, coupon.redeemed_shop, coupon.redeemed_by = now, shop, actor
        audit_record(actor=actor, action="festival.coupon.redeem", target=coupon,
                     changes={"shop": shop.pk, "campaign": campaign.pk})
    return coupon


def _already_redeemed(coupon: Coupon) -> FestivalError:
    when = date_format(timezone.localtime(coupon.redeemed_at), "DATETIME_FORMAT")
    where = str(coupon.redeemed_shop) if coupon.redeemed_shop else ""
    message = _("此優惠券已於 %(when)s 在「%(shop)s」使用。") % {"when": when, "shop": where}
    return FestivalError("already_redeemed", message, 409, redeemed_at=coupon.redeemed_at.isoformat(), shop=where)
