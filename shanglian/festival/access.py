"""One access helper per entity. The secretariat (is_staff) sees and changes everything; a
merchant's managers change their merchant's records; counter staff redeem at their shop(s).
A merchant never sees another merchant's shops, offers or redemption data. Missing → 404,
not allowed → 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from shanglian.festival.models import CouponCampaign, Merchant, MerchantStaff, Offer, Shop


def is_organiser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


def merchants_of(user: Any, *, managed: bool = False) -> QuerySet[Merchant]:
    if not getattr(user, "is_authenticated", False):
        return Merchant.objects.none()
    roles = MerchantStaff.objects.filter(user=user)
    if managed:
        roles = roles.filter(role=MerchantStaff.Role.MANAGER)
    return Merchant.objects.filter(pk__in=roles.values("merchant_id"))


def merchant_for_user(user: Any, pk: int, *, write: bool = False) -> Merchant:
    merchant = Merchant.objects.select_related("edition").filter(pk=pk).first()
    if merchant is None:
        raise Http404
    if is_organiser(user):
        return merchant
    if not merchants_of(user, managed=write).filter(pk=pk).exists():
        # Another merchant's record does not exist for this user.
        if not merchants_of(user).filter(pk=pk).exists():
            raise Http404
        raise PermissionDenied
    return merchant


def redeem_shops(user: Any) -> QuerySet[Shop]:
    """Shops where ``user`` may redeem: their own shop, or every shop of a merchant where they have
    no shop set (managers), approved merchants only."""
    if not getattr(user, "is_authenticated", False):
        return Shop.objects.none()
    roles = MerchantStaff.objects.filter(user=user, merchant__status=Merchant.Status.APPROVED)
    whole = roles.filter(shop__isnull=True).values("merchant_id")
    single = roles.filter(shop__isnull=False).values("shop_id")
    return Shop.objects.filter(Q(merchant_id__in=whole) | Q(pk__in=single)).select_related("district", "merchant")


def shop_for_staff(user: Any, pk: int) -> Shop:
    shop = Shop.objects.select_related("merchant", "district").filter(pk=pk).first()
    if shop is None:
        raise Http404
    if not redeem_shops(user).filter(pk=pk).exists():
        raise PermissionDenied
    return shop


def public_merchant_q(prefix: str = "") -> Q:
    """A merchant whose offers the public sees: approved, in the current edition."""
    return Q(**{f"{prefix}status": Merchant.Status.APPROVED, f"{prefix}edition__is_current": True})


def public_offer_q(prefix: str = "") -> Q:
    """An offer the public sees: published, of an approved merchant, in the current edition."""
    return Q(**{f"{prefix}is_published": True}) & public_merchant_q(f"{prefix}merchant__")


def public_offers() -> QuerySet[Offer]:
    """``public_offer_q`` with the merchant's part as a correlated EXISTS rather than two joins:
    the same rows, but SQLite then walks the offers in the list's order (index
    ``festival_offer_list_order``) and stops at the page, where the joins made it start from the
    current edition's merchants and sort every offer (28 ms → 0.1 ms for a page at 50,000)."""
    listed = Merchant.objects.filter(public_merchant_q(), pk=OuterRef("merchant_id"))
    return Offer.objects.filter(Exists(listed), is_published=True)


def claimable_campaigns() -> QuerySet[CouponCampaign]:
    """Campaigns that take new claims: those of a public offer. The claim page and the claim API
    both reach it through ``claims.coupon_claim`` (the window and quota are checked there)."""
    return CouponCampaign.objects.filter(public_offer_q("offer__"))


def offer_for_user(user: Any, pk: int, *, write: bool = False) -> Offer:
    offer = (Offer.objects.select_related("merchant", "brand", "category__parent").filter(pk=pk).first())
    if offer is None:
        raise Http404
    if write or not public_offers().filter(pk=pk).exists():
        merchant_for_user(user, offer.merchant_id, write=write)  # 404 / 403 for others
    return offer


def campaign_for_user(user: Any, pk: int, *, write: bool = False) -> CouponCampaign:
    campaign = CouponCampaign.objects.select_related("offer__merchant").filter(pk=pk).first()
    if campaign is None:
        raise Http404
    if write:
        merchant_for_user(user, campaign.offer.merchant_id, write=True)
    elif not public_offers().filter(pk=campaign.offer_id).exists():
        merchant_for_user(user, campaign.offer.merchant_id)
    return campaign


def manages_merchant(user: Any, merchant_id: int) -> bool:
    """Organisers and the merchant's managers (edit buttons on its pages)."""
    return is_organiser(user) or merchants_of(user, managed=True).filter(pk=merchant_id).exists()


def redeem_shop(user: Any, shop_id: int) -> Shop | None:
    """One of ``redeem_shops(user)``, or None."""
    return redeem_shops(user).filter(pk=shop_id).first()
