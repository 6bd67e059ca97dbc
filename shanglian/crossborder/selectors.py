"""Reads of the cross-border store, scoped to a viewer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from shanglian.core.search import search_filter
from shanglian.crossborder.access import public_products, seller_standing, selling_sellers
from shanglian.crossborder.models import BondedMovement, Buyer, BuyerYear, Order, OrderReturn, Product, Seller
from shanglian.crossborder.services import SEARCH_KIND
from shanglian.festival import services as festival_services


def catalogue(query: str = "", seller_id: int | None = None) -> QuerySet[Product]:
    qs = public_products().select_related("seller")
    if seller_id:
        qs = qs.filter(seller_id=seller_id)
    if (query or "").strip():
        return search_filter(qs, kind=SEARCH_KIND, query=query).order_by("-search_rank", "-pk")
    return qs.order_by("-created_at", "-pk")


def approved_sellers() -> QuerySet[Seller]:
    """The sellers selling today (approved, membership current), for the store's list."""
    return selling_sellers().annotate(
        n_products=Count("products", filter=Q(products__is_published=True))).order_by("name_zh")


def seller_products(seller: Seller) -> QuerySet[Product]:
    return seller.products.order_by("-created_at", "-pk")


def seller_orders(seller: Seller, status: str = "") -> QuerySet[Order]:
    qs = seller.orders.select_related("buyer").prefetch_related("lines")
    return qs.filter(status=status) if status else qs


def bonded_ledger(product: Product) -> QuerySet[BondedMovement]:
    return product.movements.select_related("order")[:200]


def buyer_orders(buyer: Buyer | None) -> QuerySet[Order]:
    if buyer is None:
        return Order.objects.none()
    return buyer.orders.select_related("seller").prefetch_related("lines").annotate(refunded=Coalesce(
        Sum("returns__refund", filter=Q(returns__status=OrderReturn.Status.ACCEPTED)), Value(Decimal("0")),
        output_field=DecimalField(max_digits=12, decimal_places=2))).order_by("-created_at", "-pk")


def order_returns(order: Order) -> list[OrderReturn]:
    """An order's returns with their lines (the buyer's and the seller's pages)."""
    return list(order.returns.prefetch_related("lines__line"))


def buyer_addresses(buyer: Buyer | None):
    return buyer.addresses.all() if buyer else []


def year_summary(buyer: Buyer | None) -> dict[str, Any]:
    from shanglian.crossborder.rules import ANNUAL_LIMIT

    year = timezone.localdate().year
    used = (BuyerYear.objects.filter(buyer=buyer, year=year).values_list("used", flat=True).first()
            if buyer else None) or Decimal("0")
    return {"year": year, "used": used, "left": ANNUAL_LIMIT - used, "limit": ANNUAL_LIMIT,
            "percent": int(used * 100 / ANNUAL_LIMIT)}


def applications(status: str = Seller.Status.APPLIED) -> QuerySet[Seller]:
    return Seller.objects.filter(status=status).select_related("enterprise", "festival_merchant").order_by("created_at")


def federation_dashboard() -> dict[str, Any]:
    live = ~Q(status__in=[Order.Status.CANCELLED, Order.Status.PENDING_PAYMENT])
    orders = Order.objects.filter(live)
    totals = orders.aggregate(goods=Sum("goods_value"), tax=Sum("tax_total"), n=Count("pk"))
    by_status = dict(Order.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {
        "sellers": Seller.objects.filter(status=Seller.Status.APPROVED).count(),
        "applications": Seller.objects.filter(status=Seller.Status.APPLIED).count(),
        "products": public_products().count(),
        "orders": totals["n"] or 0, "goods": totals["goods"] or Decimal("0"), "tax": totals["tax"] or Decimal("0"),
        "by_status": [(label, by_status.get(value, 0)) for value, label in Order.Status.choices],
        "top_sellers": Seller.objects.filter(status=Seller.Status.APPROVED).annotate(
            goods=Sum("orders__goods_value", filter=Q(orders__status__in=[
                Order.Status.PAID, Order.Status.DECLARED, Order.Status.RELEASED, Order.Status.SHIPPED])),
            n=Count("orders", filter=live)).order_by("-goods", "name_zh")[:10],
        "buyers": Buyer.objects.count(),
    }


def home_products(limit: int = 4) -> list[Product]:
    return list(public_products().select_related("seller").order_by("-created_at", "-pk")[:limit])


def checkout_preview(buyer: Buyer, chosen: dict[str, str] | None = None) -> dict[str, Any]:
    """The checkout page's figures: the cart split into orders, each priced with the coupon the
    buyer picked for it (group key → code) — goods, freight, discount, tax per line on the
    taxable value (goods + freight − discount, ``services.price_group``) and the total. Nothing is
    spent here; ``services.checkout`` prices again with the same functions when the coupon is
    redeemed, so the figures shown are the figures charged. A code that is not one of the buyer's
    usable coupons for that seller is ignored (``coupon_refused``) and the order priced without it."""
    from shanglian.crossborder.services import cart_groups, coupon_discount_of, price_group

    chosen = {k: (v or "").strip() for k, v in (chosen or {}).items()}
    groups = []
    for group in cart_groups(buyer):
        coupons = festival_services.online_coupons(phone=buyer.phone,
                                                   merchant_id=group["seller"].festival_merchant_id)
        code = chosen.get(group["key"], "")
        pick = next((c for c in coupons if c.code == code), None)
        if pick is not None:
            group = price_group(group["seller"], group["mode"], group["items"],
                                discount=coupon_discount_of(pick, group["goods_value"]))
        group["coupons"] = [(c.code, str(c.campaign)) for c in coupons]
        group["coupon"] = pick.code if pick is not None else ""
        group["coupon_label"] = str(pick.campaign) if pick is not None else ""
        group["coupon_refused"] = bool(code) and pick is None
        group["not_selling"] = not seller_standing(group["seller"])["ok"]
        groups.append(group)
    return {"groups": groups, "total": sum((g["total"] for g in groups), Decimal("0")),
            "tax": sum((g["tax"] for g in groups), Decimal("0")),
            "discount": sum((g["discount"] for g in groups), Decimal("0")),
            "has_coupons": any(g["coupons"] for g in groups)}
