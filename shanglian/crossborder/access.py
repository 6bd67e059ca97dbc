"""One access helper per entity, used by views and API alike (404 for others' records)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from shanglian.crossborder.models import Address, Buyer, Order, Product, Seller
from shanglian.directory.access import (
    current_member_enterprise_ids,
    current_memberships,
    membership_last_end,
    own_enterprise_ids,
    own_enterprises,
)
from shanglian.festival import services as festival_services


def is_secretariat(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


# ------------------------------------------------------------------------------ sellers
def seller_origins(user: Any) -> dict[str, list[Any]]:
    """What ``user`` may apply for: their current-member enterprises and their approved festival
    merchants (as manager), without a seller yet."""
    taken_e = Seller.objects.filter(enterprise__isnull=False).values("enterprise_id")
    taken_m = Seller.objects.filter(festival_merchant__isnull=False).values("festival_merchant_id")
    enterprises = list(own_enterprises(user).filter(pk__in=current_member_enterprise_ids(user))
                       .exclude(pk__in=taken_e).order_by("name_zh"))
    merchants = festival_services.approved_merchants_managed_by(user, exclude_ids=taken_m)
    return {"enterprises": enterprises, "merchants": merchants}


def managed_sellers(user: Any) -> QuerySet[Seller]:
    if not getattr(user, "is_authenticated", False):
        return Seller.objects.none()
    return Seller.objects.filter(Q(enterprise_id__in=own_enterprise_ids(user))
                                 | Q(festival_merchant_id__in=festival_services.managed_merchant_ids(user)))


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
    if not write and not mine and not selling_sellers().filter(pk=pk).exists():
        raise Http404  # not approved, or its membership lapsed
    return seller


# ------------------------------------------------------------------------------ who may sell today
# A seller sells only while approved by the secretariat AND in good standing where it came from:
# a directory enterprise while it holds a current federation membership (directory's one rule,
# ``current_memberships``: status and dates), a festival merchant while the festival has it approved.
# A lapsed seller's products leave the catalogue, search and product pages, its cart lines cannot
# be checked out, and its desk says why; nothing is deleted (renewal brings them back).
def selling_sellers(*, today: Any = None) -> QuerySet[Seller]:
    return Seller.objects.filter(
        Q(status=Seller.Status.APPROVED)
        & (Q(enterprise_id__in=current_memberships(today=today).values("enterprise_id"))
           | Q(festival_merchant_id__in=festival_services.selling_merchant_ids())))


def seller_standing(seller: Seller, *, today: Any = None) -> dict[str, Any]:
    """Whether ``seller`` may sell today, and if not, why: ``code`` is "" (selling),
    "not_approved", "membership_lapsed" (with ``until``: the last membership's end date, if any) or
    "merchant_inactive"; ``message`` is translated."""
    from django.utils.translation import gettext as _

    if seller.status != Seller.Status.APPROVED:
        return {"ok": False, "code": "not_approved", "until": None,
                "message": _("賣家未獲秘書處批准，商品不會在商店顯示。")}
    if seller.enterprise_id:
        if current_memberships(today=today).filter(enterprise_id=seller.enterprise_id).exists():
            return {"ok": True, "code": "", "until": None, "message": ""}
        until = membership_last_end(seller.enterprise_id)
        message = (_("你的企業的商會會籍已於 %(date)s 失效：商品已暫停在商店顯示，買家亦不能結算；續會後會自動恢復。")
                   % {"date": until.isoformat()} if until else
                   _("你的企業沒有有效的商會會籍：商品已暫停在商店顯示，買家亦不能結算；續會後會自動恢復。"))
        return {"ok": False, "code": "membership_lapsed", "until": until, "message": message}
    if festival_services.merchant_is_selling(seller.festival_merchant_id):
        return {"ok": True, "code": "", "until": None, "message": ""}
    return {"ok": False, "code": "merchant_inactive", "until": None,
            "message": _("你的購物節商戶資格已失效：商品已暫停在商店顯示，買家亦不能結算。")}


def public_products() -> QuerySet[Product]:
    return Product.objects.filter(is_published=True, seller__in=selling_sellers().values("pk"))


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
        return festival_services.phone_from_token(header)
    return festival_services.verified_phone(request)


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
