"""One access helper per entity, used by views and API alike (404 for others' records)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from shanglian.crossborder.models import Address, Buyer, Order, Product, Seller
from shanglian.directory.access import current_member_enterprise_ids, own_enterprise_ids
from shanglian.festival import claims
from shanglian.festival.access import merchants_of
from shanglian.festival.models import Merchant
from shanglian.festival.phone_session import session_phone


def is_secretariat(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


# ------------------------------------------------------------------------------ sellers
def seller_origins(user: Any) -> dict[str, list[Any]]:
    """What ``user`` may apply for: their current-member enterprises and their approved festival
    merchants (as manager), without a seller yet."""
    from shanglian.directory.models import Enterprise

    taken_e = Seller.objects.filter(enterprise__isnull=False).values("enterprise_id")
    taken_m = Seller.objects.filter(festival_merchant__isnull=False).values("festival_merchant_id")
    enterprises = list(Enterprise.objects.filter(pk__in=current_member_enterprise_ids(user))
                       .exclude(pk__in=taken_e).order_by("name_zh"))
    merchants = list(merchants_of(user, managed=True).filter(status=Merchant.Status.APPROVED)
                     .exclude(pk__in=taken_m).order_by("name_zh"))
    return {"enterprises": enterprises, "merchants": merchants}


def managed_sellers(user: Any) -> QuerySet[Seller]:
    if not getattr(user, "is_authenticated", False):
        return Seller.objects.none()
    return Seller.objects.filter(Q(enterprise_id__in=own_enterprise_ids(user))
                                 | Q(festival_merchant_id__in=merchants_of(user, managed=True).values("pk")))


def can_manage_seller(user: Any, seller_id: int) -> bool:
    return is_secretariat(user) or managed_sellers(user).filter(pk=seller_id).exists()


def seller_for_user(user: Any, pk: int, *, write: bool = False) -> Seller:
    seller = Seller.objects.filter(pk=pk).first()
    if seller is None:
        raise Http404
    if is_secretariat(user):
        return seller
    mine = managed_sellers(user).filter(pk=pk).exists()
    if write and not mine:
        raise Http404
    if not write and not mine and seller.status != Seller.Status.APPROVED:
        raise Http404
    return seller


def public_products() -> QuerySet[Product]:
    return Product.objects.filter(is_published=True, seller__status=Seller.Status.APPROVED)


def product_for_user(user: Any, pk: int, *, write: bool = False) -> Product:
    product = Product.objects.select_related("seller").filter(pk=pk).first()
    if product is None:
        raise Http404
    if is_secretariat(user):
        return product
    mine = managed_sellers(user).filter(pk=product.seller_id).exists()
    if write and not mine:
        raise Http404
    if not write and not mine and not public_products().filter(pk=pk).exists():
        raise Http404
    return product


def seller_order_for_user(user: Any, pk: int) -> Order:
    order = Order.objects.select_related("seller", "buyer").filter(pk=pk).first()
    if order is None:
        raise Http404
    if is_secretariat(user) or managed_sellers(user).filter(pk=order.seller_id).exists():
        return order
    raise Http404


def require_secretariat(user: Any) -> None:
    if not is_secretariat(user):
        raise PermissionDenied


# ------------------------------------------------------------------------------ buyers
def phone_of(request: HttpRequest) -> str | None:
    """The verified phone of this session (the festival's phone page), or of the API's
    ``X-Phone-Token`` header."""
    header = request.headers.get("X-Phone-Token")
    if header:
        return claims.phone_from_token(header)
    return session_phone(request)


def buyer_of(request: HttpRequest, *, create: bool = False) -> Buyer | None:
    phone = phone_of(request)
    if not phone:
        return None
    if create:
        from shanglian.crossborder.services import buyer_for_phone

        return buyer_for_phone(phone)
    return Buyer.objects.filter(phone=phone).first()


def order_for_buyer(buyer: Buyer | None, pk: int) -> Order:
    order = Order.objects.select_related("seller").filter(pk=pk, buyer=buyer).first() if buyer else None
    if order is None:
        raise Http404
    return order


def address_for_buyer(buyer: Buyer | None, pk: int) -> Address:
    address = Address.objects.filter(pk=pk, buyer=buyer).first() if buyer else None
    if address is None:
        raise Http404
    return address
