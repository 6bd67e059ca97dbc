"""crossborder API: /api/v1/crossborder/…

- ``GET products`` — the catalogue, searched in 繁/简/English (``q``), paged;
- ``GET products/{id}`` — one product with its tax within the limits;
- ``GET orders`` — the verified phone's orders (``X-Phone-Token`` from the festival's phone-code
  API); 401 without one.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from shanglian.core.api_errors import ErrorOut as Error
from shanglian.core.selectors import paginate
from shanglian.crossborder import access, selectors, services
from shanglian.crossborder.models import Product

router = Router()
MAX_PAGE_SIZE = 100


class ProductOut(Schema):
    id: int
    seller_id: int
    title_zh_hant: str
    title_zh_hans: str
    title_en: str
    brand: str
    origin: str
    hs_code: str
    unit: str
    net_weight_kg: Decimal
    price_cny: Decimal
    tax_cny: Decimal
    hk_stock: int
    bonded_stock: int
    elabel: str


class ProductPage(Schema):
    count: int
    count_capped: bool = False  # count stopped at the search's cap (core.search.COUNT_CAP): "more than"
    items: list[ProductOut]


class OrderOut(Schema):
    id: int
    order_no: str
    status: str
    mode: str
    goods_value: Decimal
    freight: Decimal
    discount: Decimal
    tax_total: Decimal
    actural_paid: Decimal
    refunded: Decimal  # the refunds of the returns accepted so far (partial returns add up)
    created_at: datetime.datetime


class OrderPage(Schema):
    count: int
    items: list[OrderOut]


def _product_out(p: Product) -> dict:
    return {"id": p.pk, "seller_id": p.seller_id, "title_zh_hant": p.title_zh_hant, "title_zh_hans": p.title_zh_hans,
            "title_en": p.title_en, "brand": p.brand, "origin": p.origin, "hs_code": p.hs_code, "unit": p.unit,
            "net_weight_kg": p.net_weight_kg, "price_cny": p.price_cny,
            "tax_cny": services.priced_lines_for(p)["tax"], "hk_stock": p.hk_stock, "bonded_stock": p.bonded_stock,
            "elabel": p.elabel}


@router.get("/products", response=ProductPage, summary="Search the cross-border catalogue (繁/简/English as one)")
def list_products(request: HttpRequest, q: str = "", page: int = 1, page_size: int = 20):
    rows = paginate(selectors.catalogue(q[:200]), page, page_size, max_size=MAX_PAGE_SIZE)
    return {"count": rows.count, "count_capped": rows.count_capped, "items": [_product_out(p) for p in rows.items]}


@router.get("/products/{product_id}", response={200: ProductOut, 404: Error}, summary="One product")
def get_product(request: HttpRequest, product_id: int):
    try:
        product = access.product_for_user(request.user, product_id)
    except Http404:
        return Status(404, {"code": "not_found", "message": _("找不到此商品。"), "fields": None})
    return _product_out(product)


@router.get("/orders", response={200: OrderPage, 401: Error}, summary="My cross-border orders (X-Phone-Token)")
def my_orders(request: HttpRequest, page: int = 1, page_size: int = 20):
    if not access.phone_of(request):
        return Status(401, {"code": "phone_unverified", "message": _("請先驗證手機號碼。"), "fields": None})
    buyer = access.buyer_of(request)
    rows = paginate(selectors.buyer_orders(buyer), page, page_size, max_size=MAX_PAGE_SIZE)
    return {"count": rows.count, "items": [
        {"id": o.pk, "order_no": o.order_no, "status": o.status, "mode": o.mode, "goods_value": o.goods_value,
         "freight": o.freight, "discount": o.discount, "tax_total": o.tax_total, "actural_paid": o.actural_paid,
         "refunded": o.refunded, "created_at": o.created_at}
        for o in rows.items]}
