"""What the festival holds about a phone (verifications, coupons, a merchant application's contact
number), registered with ``core.privacy`` for export, erasure and the daily retention purge.

Retention (settings, from the environment):
- ``PHONE_VERIFICATION_RETENTION_DAYS``: verification rows are deleted that many days after they
  were asked for (a verified phone's session lasts 12 hours, so at least a day).
- ``COUPON_PHONE_RETENTION_DAYS``: a coupon's phone (and its idempotency key and account link)
  is anonymised that many days after its campaign ended — the later of the end of the claim
  window and of the validity. The coupon row stays for the merchants' figures.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat

from shanglian.core.privacy import Subject, register_personal_data, register_retention
from shanglian.festival.models import Coupon, Merchant, PhoneVerification

ERASED_PREFIX = "erased:"


def _coupons(subject: Subject):
    if not subject.phones and not subject.user_ids:
        return Coupon.objects.none()
    return Coupon.objects.filter(Q(phone__in=subject.phones) | Q(user_id__in=subject.user_ids))


def _anonymise(coupons) -> int:
    # "erased:<id>" keeps (campaign, phone, seq) and (phone, idempotency_key) unique.
    return coupons.exclude(phone__startswith=ERASED_PREFIX).update(
        phone=Concat(Value(ERASED_PREFIX), Cast("pk", CharField())), idempotency_key=None, user=None)


def export(subject: Subject) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for v in PhoneVerification.objects.filter(phone__in=subject.phones).order_by("created_at"):
        rows.append({"kind": "phone_verification", "phone": v.phone, "asked_at": v.created_at.isoformat(),
                     "verified_at": v.verified_at.isoformat() if v.verified_at else None, "attempts": v.attempts})
    for c in _coupons(subject).select_related("campaign__offer", "redeemed_shop").order_by("claimed_at"):
        rows.append({"kind": "coupon", "phone": c.phone, "campaign": str(c.campaign), "code": c.code,
                     "claimed_at": c.claimed_at.isoformat(),
                     "redeemed_at": c.redeemed_at.isoformat() if c.redeemed_at else None,
                     "redeemed_shop": str(c.redeemed_shop) if c.redeemed_shop else None})
    for m in Merchant.objects.filter(contact_phone__in=subject.phones):
        rows.append({"kind": "merchant_contact", "merchant": m.name_zh, "contact_name": m.contact_name,
                     "contact_phone": m.contact_phone, "contact_email": m.contact_email})
    return rows


def erase(subject: Subject) -> int:
    changed = PhoneVerification.objects.filter(phone__in=subject.phones).delete()[0]
    changed += _anonymise(_coupons(subject))
    changed += Merchant.objects.filter(contact_phone__in=subject.phones).update(contact_phone="")
    return changed


def purge_verifications(now: datetime.datetime) -> int:
    cutoff = now - datetime.timedelta(days=settings.PHONE_VERIFICATION_RETENTION_DAYS)
    return PhoneVerification.objects.filter(created_at__lt=cutoff).delete()[0]


def purge_coupon_phones(now: datetime.datetime) -> int:
    cutoff = now - datetime.timedelta(days=settings.COUPON_PHONE_RETENTION_DAYS)
    return _anonymise(Coupon.objects.filter(campaign__claim_ends__lt=cutoff, campaign__valid_until__lt=cutoff))


def register() -> None:
    register_personal_data("festival", export=export, erase=erase)
    register_retention("festival.phone_verifications", purge_verifications)
    register_retention("festival.coupon_phones", purge_coupon_phones)
