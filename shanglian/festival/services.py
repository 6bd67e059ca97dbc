"""Writes of the festival other than claims and redemptions (those are in claims.py):
merchant applications and reviews, shops, staff, offers (photos, search tokens), campaigns, views."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record, snapshot
from shanglian.core.errors import Conflict, DomainError
from shanglian.core.mail import send_templated_mail, user_language
from shanglian.core.search import search_index_bulk, search_index_bulk_tokens, search_index_update
from shanglian.core.validation import normalise_phone
from shanglian.festival.claims import FestivalError, _already_redeemed
from shanglian.festival.codes import verify_code
from shanglian.festival.models import (
    Brand,
    Category,
    Coupon,
    CouponCampaign,
    Edition,
    Merchant,
    MerchantStaff,
    Offer,
    OfferView,
    Shop,
)
from shanglian.festival.photos import process_photo
from shanglian.text import index_text

SEARCH_KIND = "festival_offer"
BRAND_KIND = "festival_brand"  # the offer list's "brand" box: words only, through the same pipeline


def current_edition() -> Edition | None:
    return Edition.objects.filter(is_current=True).first()


# ------------------------------------------------------------------------------ merchants
@transaction.atomic
def merchant_apply(*, actor: Any, edition: Edition, values: dict[str, Any], brands: list[tuple[str, str]],
                   shops: list[dict[str, Any]]) -> Merchant:
    """An application: company, brand(s), shop(s). The applicant becomes the merchant's manager."""
    errors: dict[str, list[str]] = {}
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    try:
        values["contact_phone"] = normalise_phone(values.get("contact_phone", ""))
    except ValidationError as exc:
        errors["contact_phone"] = exc.messages
    if not values.get("name_zh"):
        errors["name_zh"] = [_("請填寫公司名稱。")]
    if not [b for b in brands if b[0].strip()]:
        errors["brand_zh"] = [_("請填寫最少一個品牌。")]
    if errors:
        raise DomainError("invalid", _("請修正標示的欄位。"), fields=errors)
    merchant = Merchant(edition=edition, applied_by=actor if getattr(actor, "is_authenticated", False) else None,
                        **values)
    merchant.full_clean(exclude=["applied_by", "reviewed_by"])
    merchant.save()
    brand_rows = [Brand.objects.create(merchant=merchant, name_zh=zh.strip(), name_en=en.strip())
                  for zh, en in brands if zh.strip()]
    brand_reindex(brands=brand_rows)
    for shop in shops:
        shop_create(actor=actor, merchant=merchant, values={**shop, "brand": shop.get("brand") or brand_rows[0]},
                    audit=False)
    if getattr(actor, "is_authenticated", False):
        MerchantStaff.objects.create(user=actor, merchant=merchant, role=MerchantStaff.Role.MANAGER)
    audit_record(actor=actor, action="festival.merchant.apply", target=merchant, changes=snapshot(merchant))
    return merchant


@transaction.atomic
def merchant_review(*, actor: Any, merchant: Merchant, approve: bool, reason: str = "") -> Merchant:
    reason = (reason or "").strip()
    if not approve and not reason:
        raise DomainError.field("reason", _("拒絕申請時請填寫原因。"), code="reason_required")
    status = Merchant.Status.APPROVED if approve else Merchant.Status.REJECTED
    # Only an application still waiting can be decided (a second click changes nothing).
    changed = Merchant.objects.filter(pk=merchant.pk, status=Merchant.Status.APPLIED).update(
        status=status, rejection_reason="" if approve else reason, reviewed_by=actor, reviewed_at=timezone.now())
    if not changed:
        raise Conflict("already_reviewed", _("此申請已審批。"))
    merchant.refresh_from_db()
    audit_record(actor=actor, action="festival.merchant.approve" if approve else "festival.merchant.reject",
                 target=merchant, changes={"status": status, "reason": reason})
    _mail_review(merchant)
    return merchant


def _mail_review(merchant: Merchant) -> None:
    """Tell the applicant the decision, in their language (the contact e-mail of the form when the
    applicant's account has none). Sent by send_templated_mail on commit."""
    applicant = merchant.applied_by
    to = (applicant.email if applicant is not None else "") or merchant.contact_email
    if not to:
        return
    name = (applicant.get_full_name() if applicant is not None else "") or merchant.contact_name
    send_templated_mail(to=[to], template="festival/email/review", language=user_language(applicant),
                        context={"merchant": merchant, "name": name,
                                 "approved": merchant.status == Merchant.Status.APPROVED})


def _clean_shop(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    errors: dict[str, list[str]] = {}
    if cleaned.get("phone"):
        try:
            cleaned["phone"] = normalise_phone(cleaned["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.messages
    district = cleaned.get("district")
    if district is None or getattr(district, "kind", "") != "hk_district":
        errors["district"] = [_("請選擇香港十八區之一。")]
    if (cleaned.get("lat") is None) != (cleaned.get("lng") is None):
        errors["lat"] = [_("請同時填寫緯度和經度，或兩者都留空。")]
    if errors:
        raise DomainError("invalid", _("請修正標示的欄位。"), fields=errors)
    return cleaned


@transaction.atomic
def shop_create(*, actor: Any, merchant: Merchant, values: dict[str, Any], audit: bool = True) -> Shop:
    shop = Shop(merchant=merchant, **_clean_shop(values))
    shop.full_clean()
    shop.save()
    if audit:
        audit_record(actor=actor, action="festival.shop.create", target=shop, changes=snapshot(shop))
    return shop


@transaction.atomic
def staff_add(*, actor: Any, merchant: Merchant, user: Any, shop: Shop | None, role: str) -> MerchantStaff:
    if shop is not None and shop.merchant_id != merchant.pk:
        raise DomainError.field("shop", _("此分店不屬於這個商戶。"), code="other_merchant")
    staff, _created = MerchantStaff.objects.update_or_create(user=user, merchant=merchant,
                                                             defaults={"shop": shop, "role": role})
    audit_record(actor=actor, action="festival.staff.set", target=staff, changes=snapshot(staff))
    return staff


# ------------------------------------------------------------------------------ offers
def offer_search_parts(offer: Offer) -> list[str]:
    parts = [offer.title_zh_hant, offer.title_zh_hans, offer.title_en] * 2
    parts += [offer.terms_zh_hant, offer.terms_zh_hans, offer.terms_en, offer.merchant.name_zh,
              offer.merchant.name_en]
    if offer.brand:
        parts += [offer.brand.name_zh, offer.brand.name_en] * 2
    for cat in (offer.category, offer.category.parent):
        if cat is not None:
            parts += [cat.name_zh_hant, cat.name_zh_hans, cat.name_en]
    return parts


def offer_reindex(*, offer: Offer) -> None:
    search_index_update(kind=SEARCH_KIND, object_id=offer.pk, parts=offer_search_parts(offer))


def brand_reindex(*, brands: list[Brand]) -> int:
    """Words only (no vectors needed: the brand box is a filter, not a search by meaning)."""
    return search_index_bulk_tokens(kind=BRAND_KIND, rows=((b.pk, index_text(b.name_zh, b.name_en)) for b in brands))


def brand_reindex_all(*, batch: int = 1000) -> int:
    return brand_reindex(brands=list(Brand.objects.order_by("pk")))


def offer_reindex_all(*, batch: int = 1000) -> int:
    qs = Offer.objects.select_related("merchant", "brand", "category__parent").order_by("pk")
    return search_index_bulk(kind=SEARCH_KIND, rows=((o.pk, offer_search_parts(o)) for o in qs.iterator(batch)),
                             batch=batch)


OFFER_FIELDS = ("title_zh_hant", "title_zh_hans", "title_en", "terms_zh_hant", "terms_zh_hans", "terms_en",
                "category", "brand", "valid_from", "valid_until")


def _clean_offer(merchant: Merchant, values: dict[str, Any], shops: list[Shop]) -> dict[str, Any]:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in OFFER_FIELDS}
    errors: dict[str, list[str]] = {}
    if not (cleaned.get("title_zh_hant") or cleaned.get("title_zh_hans") or cleaned.get("title_en")):
        errors["title_zh_hant"] = [_("請最少填寫一種語言的標題。")]
    start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
    if start and end and end < start:
        errors["valid_until"] = [_("有效期的結束日期不可早於開始日期。")]
    if not shops:
        errors["shops"] = [_("請選擇最少一間適用分店。")]
    elif any(s.merchant_id != merchant.pk for s in shops):
        errors["shops"] = [_("只可選擇自己商戶的分店。")]
    brand = cleaned.get("brand")
    if brand is not None and brand.merchant_id != merchant.pk:
        errors["brand"] = [_("只可選擇自己商戶的品牌。")]
    if errors:
        raise DomainError("invalid", _("請修正標示的欄位。"), fields=errors)
    return cleaned


def _offer_snapshot(offer: Offer) -> dict[str, Any]:
    data = snapshot(offer, [f.attname for f in Offer._meta.concrete_fields if f.name != "photo"])
    data["photo"] = offer.photo.name or ""
    return data


@transaction.atomic
def offer_create(*, actor: Any, merchant: Merchant, values: dict[str, Any], shops: list[Shop],
                 photo: Any = None) -> Offer:
    if merchant.status != Merchant.Status.APPROVED:
        raise Conflict("merchant_not_approved", _("商戶申請獲批准後才可發佈優惠。"))
    cleaned = _clean_offer(merchant, values, shops)
    offer = Offer(merchant=merchant, **cleaned)
    if photo:
        # Processed before anything is saved: a bad photo leaves nothing half-saved.
        offer.photo.save(f"offer-{secrets.token_hex(6)}.jpg", process_photo(photo), save=False)
    offer.full_clean()
    offer.save()
    offer.shops.set(shops)
    audit_record(actor=actor, action="festival.offer.create", target=offer, changes=_offer_snapshot(offer))
    offer_reindex(offer=offer)
    return offer


@transaction.atomic
def offer_update(*, actor: Any, offer: Offer, values: dict[str, Any], shops: list[Shop], photo: Any = None,
                 remove_photo: bool = False) -> Offer:
    """Edit an offer with the same checks as offer_create; a new photo replaces the old one and
    remove_photo drops it (a new photo is processed before anything is saved; the old file is
    removed only after the commit)."""
    cleaned = _clean_offer(offer.merchant, values, shops)
    before = _offer_snapshot(offer)
    old_shops = sorted(offer.shops.values_list("pk", flat=True))
    for field, value in cleaned.items():
        setattr(offer, field, value)
    old_photo = offer.photo.name or ""
    if photo:
        offer.photo.save(f"offer-{secrets.token_hex(6)}.jpg", process_photo(photo), save=False)
    elif remove_photo:
        offer.photo = ""
    offer.full_clean()
    offer.save()
    offer.shops.set(shops)
    after = _offer_snapshot(offer)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    new_shops = sorted(s.pk for s in shops)
    if new_shops != old_shops:
        changes["shops"] = [old_shops, new_shops]
    audit_record(actor=actor, action="festival.offer.update", target=offer, changes=changes)
    offer_reindex(offer=offer)
    if old_photo and old_photo != offer.photo.name:
        storage = offer.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return offer


@transaction.atomic
def offer_set_published(*, actor: Any, offer: Offer, published: bool) -> Offer:
    """Unpublish hides the offer from consumers (pages, search, API) and stops new claims;
    coupons already claimed stay valid and redeemable."""
    Offer.objects.filter(pk=offer.pk).update(is_published=published)
    offer.is_published = published
    audit_record(actor=actor, action="festival.offer.publish" if published else "festival.offer.unpublish",
                 target=offer, changes={"is_published": published})
    return offer


@transaction.atomic
def offer_set_featured(*, actor: Any, offer: Offer, featured: bool) -> Offer:
    Offer.objects.filter(pk=offer.pk).update(is_featured=featured)
    offer.is_featured = featured
    audit_record(actor=actor, action="festival.offer.feature", target=offer, changes={"is_featured": featured})
    return offer


def offer_view_count(*, offer_id: int, day: datetime.date | None = None) -> None:
    """One more view today: increment in the database (F()), create the day's row if missing."""
    day = day or timezone.localdate()
    if OfferView.objects.filter(offer_id=offer_id, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            OfferView.objects.create(offer_id=offer_id, day=day, count=1)
    except IntegrityError:  # another request created the row first
        OfferView.objects.filter(offer_id=offer_id, day=day).update(count=F("count") + 1)


# ------------------------------------------------------------------------------ campaigns
CAMPAIGN_FIELDS = ("kind", "value", "discount_percent", "quota", "per_person_limit", "claim_starts", "claim_ends",
                   "valid_from", "valid_until", "eligibility", "online")


@transaction.atomic
def campaign_create(*, actor: Any, offer: Offer, values: dict[str, Any], shops: list[Shop] | None = None
                    ) -> CouponCampaign:
    cleaned = {k: v for k, v in values.items() if k in CAMPAIGN_FIELDS}
    errors: dict[str, list[str]] = {}
    if cleaned.get("claim_starts") and cleaned.get("claim_ends") and cleaned["claim_ends"] <= cleaned["claim_starts"]:
        errors["claim_ends"] = [_("領取結束時間必須遲於開始時間。")]
    if cleaned.get("valid_from") and cleaned.get("valid_until") and cleaned["valid_until"] <= cleaned["valid_from"]:
        errors["valid_until"] = [_("使用期的結束時間必須遲於開始時間。")]
    if cleaned.get("kind") == CouponCampaign.Kind.VALUE and not cleaned.get("value"):
        errors["value"] = [_("現金券請填寫面值。")]
    if cleaned.get("kind") == CouponCampaign.Kind.DISCOUNT and not (1 <= (cleaned.get("discount_percent") or 0) <= 99):
        errors["discount_percent"] = [_("折扣請填 1 至 99。")]
    if cleaned.get("kind") == CouponCampaign.Kind.VALUE:
        cleaned["discount_percent"] = None
    else:
        cleaned["value"] = None
    shops = list(shops) if shops is not None else list(offer.shops.all())
    if not shops or any(s.merchant_id != offer.merchant_id for s in shops):
        errors["shops"] = [_("請選擇此優惠商戶的分店。")]
    if errors:
        raise DomainError("invalid", _("請修正標示的欄位。"), fields=errors)
    campaign = CouponCampaign(offer=offer, **cleaned)
    campaign.full_clean()
    campaign.save()
    campaign.shops.set(shops)
    audit_record(actor=actor, action="festival.campaign.create", target=campaign, changes=snapshot(campaign))
    return campaign


EDITION_FIELDS = ("code", "name_zh_hant", "name_zh_hans", "name_en", "theme_zh_hant", "theme_zh_hans", "theme_en",
                  "starts_on", "ends_on", "is_current")


@transaction.atomic
def edition_create(*, actor: Any, values: dict[str, Any]) -> Edition:
    cleaned = {k: v for k, v in values.items() if k in EDITION_FIELDS}
    if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
        raise DomainError.field("ends_on", _("結束日期不可早於開始日期。"), code="bad_dates")
    if cleaned.get("is_current"):
        # One current edition (also a partial unique constraint): the new one takes over.
        Edition.objects.filter(is_current=True).update(is_current=False)
    edition = Edition(**cleaned)
    edition.full_clean()
    edition.save()
    audit_record(actor=actor, action="festival.edition.create", target=edition, changes=snapshot(edition))
    return edition


@transaction.atomic
def category_create(*, actor: Any, code: str, name_zh_hant: str, name_zh_hans: str = "", name_en: str = "",
                    parent: Category | None = None) -> Category:
    cat = Category(code=code, name_zh_hant=name_zh_hant, name_zh_hans=name_zh_hans, name_en=name_en, parent=parent)
    cat.full_clean()
    cat.save()
    audit_record(actor=actor, action="festival.category.create", target=cat, changes=snapshot(cat))
    return cat


# ------------------------------------------------------------------------------ online redemption
# The public service other apps (the cross-border store) use to spend a coupon in an online
# checkout. Same invariants as the counter's ``claims.coupon_redeem``: the coupon belongs to the
# buyer's verified phone, is spent once (a conditional UPDATE), its campaign is in its validity
# period and marked ``online``, the merchant is approved and of the current edition, and the
# merchant is the one selling. Callers run it inside their own transaction (a failed checkout
# rolls the redemption back with it).

def _online_coupons(phone: str, merchant_id: int, now: datetime.datetime):
    return (Coupon.objects.select_related("campaign__offer")
            .filter(phone=phone, redeemed_at__isnull=True, campaign__online=True,
                    campaign__valid_from__lte=now, campaign__valid_until__gte=now,
                    campaign__offer__merchant_id=merchant_id,
                    campaign__offer__merchant__status=Merchant.Status.APPROVED,
                    campaign__offer__merchant__edition__is_current=True)
            .order_by("campaign__valid_until", "pk"))


def online_coupons(*, phone: str, merchant_id: int | None, now: datetime.datetime | None = None) -> list[Any]:
    """The coupons ``phone`` could spend now at ``merchant_id``'s online shop (none without a merchant)."""
    if not phone or not merchant_id:
        return []
    return list(_online_coupons(phone, merchant_id, now or timezone.now())[:50])


def coupon_redeem_online(*, phone: str, code: str, merchant_id: int | None, reference: str,
                         now: datetime.datetime | None = None) -> Any:
    """Spend the coupon ``code`` of the verified ``phone`` on the online order ``reference`` of
    ``merchant_id``. Returns the coupon (with its campaign: ``kind``, ``value`` in HKD or
    ``discount_percent``); refusals are FestivalErrors with a translated message."""
    now = now or timezone.now()
    reference = (reference or "").strip()[:60]
    if not reference:
        raise ValueError("coupon_redeem_online needs the order's reference")
    token = verify_code((code or "").strip())
    if token is None:
        raise FestivalError("forged", _("這不是有效的優惠券編號（可能是偽造或輸入錯誤）。"), 422)
    coupon = (Coupon.objects.select_related("campaign__offer__merchant__edition", "redeemed_shop")
              .filter(token=token).first())
    # Someone else's coupon answers like an unknown one (no hint that the code exists).
    if coupon is None or not phone or coupon.phone != phone:
        raise FestivalError("unknown", _("找不到此優惠券。"), 404)
    campaign = coupon.campaign
    merchant = campaign.offer.merchant
    if coupon.redeemed_at is not None:
        if coupon.redeemed_online_ref:
            raise FestivalError("already_redeemed", _("此優惠券已於網上訂單 %(ref)s 使用。")
                                % {"ref": coupon.redeemed_online_ref}, 409)
        raise _already_redeemed(coupon)
    if not campaign.online:
        raise FestivalError("not_online", _("此優惠券只可在門市使用。"), 409)
    if merchant_id is None or merchant.pk != merchant_id:
        raise FestivalError("other_merchant", _("此優惠券不適用於這間商店。"), 409)
    if merchant.status != Merchant.Status.APPROVED or not merchant.edition.is_current:
        raise FestivalError("edition", _("此優惠券所屬的購物節已結束。"), 409)
    if now < campaign.valid_from:
        when = date_format(timezone.localtime(campaign.valid_from), "DATETIME_FORMAT")
        raise FestivalError("not_yet_valid", _("此優惠券 %(when)s 起才可使用。") % {"when": when}, 409)
    if now > campaign.valid_until:
        when = date_format(timezone.localtime(campaign.valid_until), "DATETIME_FORMAT")
        raise FestivalError("expired", _("此優惠券已於 %(when)s 過期。") % {"when": when}, 409)
    with transaction.atomic():
        done = Coupon.objects.filter(pk=coupon.pk, phone=phone, redeemed_at__isnull=True).update(
            redeemed_at=now, redeemed_online_ref=reference)
        if not done:  # another checkout was a moment faster
            raise FestivalError("already_redeemed", _("此優惠券剛剛已被使用。"), 409)
        coupon.redeemed_at, coupon.redeemed_online_ref = now, reference
        audit_record(actor=None, action="festival.coupon.redeem_online", target=coupon,
                     target_repr=f"{campaign.pk}#{coupon.pk}",
                     changes={"campaign": campaign.pk, "reference": reference})
    return coupon


def coupon_restore_online(*, reference: str, reason: str, now: datetime.datetime | None = None) -> int:
    """The online order ``reference`` was cancelled, expired unpaid, refused by customs or returned:
    its coupon becomes usable again while its campaign is still valid (after that it stays spent,
    as a counter redemption would). Returns the number of coupons restored (0 or 1); idempotent."""
    now = now or timezone.now()
    reference = (reference or "").strip()[:60]
    if not reference:
        return 0
    restored = 0
    with transaction.atomic():
        for coupon in Coupon.objects.select_related("campaign").filter(redeemed_online_ref=reference):
            if coupon.campaign.valid_until < now:
                continue
            if Coupon.objects.filter(pk=coupon.pk, redeemed_online_ref=reference).update(
                    redeemed_at=None, redeemed_online_ref=""):
                restored += 1
                audit_record(actor=None, action="festival.coupon.restore_online", target=coupon,
                             target_repr=f"{coupon.campaign_id}#{coupon.pk}",
                             changes={"reference": reference, "reason": reason[:100]})
    return restored


# ------------------------------------------------------------------------------ public reads for other apps
def selling_merchant_ids() -> Any:
    """A subquery of the merchants in good standing with the festival (approved), for other apps'
    filters (the cross-border store sells a merchant's products only while this holds)."""
    return Merchant.objects.filter(status=Merchant.Status.APPROVED).values("pk")


def merchant_is_selling(merchant_id: int | None) -> bool:
    return bool(merchant_id) and Merchant.objects.filter(pk=merchant_id, status=Merchant.Status.APPROVED).exists()


# The other public reads the cross-border store needs (it imports festival only through this
# module: an import-linter contract). Thin on purpose: the rules stay where they are.
def verified_phone(request: Any) -> str | None:
    """The phone verified on this browser session (the festival's phone page), or None."""
    from shanglian.festival.phone_session import session_phone

    return session_phone(request)


def phone_from_token(token: str) -> str | None:
    """The phone an ``X-Phone-Token`` (issued after an OTP check) stands for, or None."""
    from shanglian.festival import claims

    return claims.phone_from_token(token)


def managed_merchant_ids(user: Any) -> Any:
    """A subquery of the merchants ``user`` manages (festival's ``MerchantStaff`` manager role)."""
    from shanglian.festival.access import merchants_of

    return merchants_of(user, managed=True).values("pk")


def approved_merchants_managed_by(user: Any, *, exclude_ids: Any = ()) -> list[Merchant]:
    """The approved merchants ``user`` manages (by name), leaving out ``exclude_ids``."""
    from shanglian.festival.access import merchants_of

    return list(merchants_of(user, managed=True).filter(status=Merchant.Status.APPROVED)
                .exclude(pk__in=exclude_ids).order_by("name_zh"))


def photo_process(upload: Any) -> Any:
    """The project's one photo pipeline (size and pixel checks, re-encoded JPEG)."""
    return process_photo(upload)
