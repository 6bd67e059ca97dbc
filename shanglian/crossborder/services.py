"""Every write of the cross-border store (keyword-only, atomic, audited; mail on commit)."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.core import privacy
from shanglian.core.audit import audit_record, snapshot
from shanglian.core.errors import Conflict, DomainError, Forbidden, LimitReached
from shanglian.core.mail import send_templated_mail, user_language
from shanglian.core.search import search_index_bulk, search_index_delete, search_index_update
from shanglian.crossborder import compliance, rules
from shanglian.crossborder.models import (
    Address,
    BondedMovement,
    Buyer,
    BuyerYear,
    CartItem,
    Mode,
    Order,
    OrderLine,
    OrderReturn,
    Payment,
    Product,
    ReturnLine,
    Seller,
)
from shanglian.festival import services as festival_services

SEARCH_KIND = "crossborder.product"
NOTICE_VERSION = "2026-12-cbec"
RETURN_DAYS = 30
CONSENT_ID = "crossborder.id_number"
CONSENT_TRANSFER = "crossborder.cross_border_transfer"
SELLER_FIELDS = ("name_zh", "name_en", "contact_email", "trademark", "mainland_agent", "agent_code", "customs_code",
                 "ebc_code", "ebc_name",
                 "mode_9610", "mode_1210", "warehouse_partner", "freight_first_kg", "freight_per_kg")
PRODUCT_FIELDS = ("title_zh_hant", "title_zh_hans", "title_en", "description_zh_hant", "description_zh_hans",
                  "description_en", "hs_code", "origin", "brand", "barcode", "net_weight_kg", "unit", "vat_rate",
                  "ct_rate", "tariff_rate", "elabel", "price_cny", "indivisible", "hk_stock", "is_published")


def hkd_rate() -> Decimal:
    """HKD per CNY shown beside prices (settings.CROSSBORDER_HKD_PER_CNY, default 1.08)."""
    return Decimal(str(getattr(settings, "CROSSBORDER_HKD_PER_CNY", "1.08")))


# ------------------------------------------------------------------------------ sellers
def _clean_seller(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in SELLER_FIELDS}
    errors: dict[str, str] = {}
    if "name_zh" in cleaned and not cleaned["name_zh"]:
        errors["name_zh"] = _("請填寫商店名稱。")
    code = cleaned.get("ebc_code", "")
    if code and not (len(code) == 10 and code.isascii() and code.isalnum()):
        errors["ebc_code"] = _("海關編碼是 10 位數字或字母。")
    agent = cleaned.get("agent_code", "")
    if agent and not (len(agent) == 10 and agent.isascii() and agent.isalnum()):
        errors["agent_code"] = _("海關編碼是 10 位數字或字母。")
    customs_code = cleaned.get("customs_code", "")
    if customs_code and not (len(customs_code) == 4 and customs_code.isascii() and customs_code.isdigit()):
        errors["customs_code"] = _("關區代碼是 4 位數字（例如廈門 3701）。")
    for key in ("freight_first_kg", "freight_per_kg"):
        if key in cleaned:
            try:
                amount = Decimal(str(cleaned[key] if cleaned[key] not in (None, "") else 0))
            except ArithmeticError:
                amount = Decimal(-1)
            if (not amount.is_finite() or not (Decimal(0) <= amount <= Decimal(9999))
                    or amount != amount.quantize(Decimal("0.01"))):
                errors[key] = _("運費須介乎 0 至 9,999 元人民幣（最多兩位小數）。")
            else:
                cleaned[key] = amount
    if not (cleaned.get("mode_9610", True) or cleaned.get("mode_1210", False)):
        errors["mode_9610"] = _("請最少選擇一種模式（9610 或 1210）。")
    if errors:
        raise DomainError("invalid", _("請更正以下資料。"), fields=errors)
    return cleaned


@transaction.atomic
def seller_apply(*, actor: Any, values: dict[str, Any], enterprise: Any = None, festival_merchant: Any = None,
                 language: str = "zh-hant") -> Seller:
    """A member enterprise or an approved festival merchant applies; ``access.seller_origins``
    decides which the actor may apply for (the caller passes one of those)."""
    if (enterprise is None) == (festival_merchant is None):
        raise DomainError("origin", _("請選擇以哪一間企業或商戶申請。"))
    cleaned = _clean_seller(values)
    try:
        with transaction.atomic():
            seller = Seller.objects.create(enterprise=enterprise, festival_merchant=festival_merchant,
                                           applied_by=actor, language=language, **cleaned)
    except IntegrityError as exc:
        raise Conflict("seller_exists", _("這間企業已申請成為跨境賣家。")) from exc
    audit_record(actor=actor, action="crossborder.seller.apply", target=seller, changes=snapshot(seller))
    return seller


@transaction.atomic
def seller_update(*, actor: Any, seller: Seller, values: dict[str, Any]) -> Seller:
    cleaned = _clean_seller(values)
    before = snapshot(seller, list(cleaned))
    for key, value in cleaned.items():
        setattr(seller, key, value)
    seller.save()
    audit_record(actor=actor, action="crossborder.seller.update", target=seller,
                 changes={k: [before[k], v] for k, v in snapshot(seller, list(cleaned)).items() if before[k] != v})
    return seller


@transaction.atomic
def seller_review(*, actor: Any, seller: Seller, approve: bool, reason: str = "") -> Seller:
    if not getattr(actor, "is_staff", False):
        raise Forbidden("forbidden", _("只有秘書處可以審批跨境賣家。"))
    reason = (reason or "").strip()
    if approve and not seller.ready:
        raise DomainError("not_ready", _("準備清單未完成，未能批准。"))
    if not approve and not reason:
        raise DomainError("reason", _("請填寫拒絕原因。"), fields={"reason": _("請填寫拒絕原因。")})
    seller.status = Seller.Status.APPROVED if approve else Seller.Status.REJECTED
    seller.rejection_reason = "" if approve else reason
    seller.reviewed_by, seller.reviewed_at = actor, timezone.now()
    seller.save()
    audit_record(actor=actor, action="crossborder.seller.review", target=seller,
                 changes={"status": seller.status, "reason": seller.rejection_reason})
    to = [seller.contact_email] if seller.contact_email else (
        [seller.applied_by.email] if seller.applied_by and seller.applied_by.email else [])
    language = user_language(seller.applied_by) if seller.applied_by else seller.language
    send_templated_mail(to=to, template="crossborder/mail/seller_review", language=language,
                        context={"seller": seller})
    return seller


# ------------------------------------------------------------------------------ products
def product_search_parts(product: Product) -> list[str]:
    return ([product.title_zh_hant, product.title_zh_hans, product.title_en] * 2
            + [product.brand] * 2
            + [product.description_zh_hant, product.description_zh_hans, product.description_en,
               product.origin, product.seller.name_zh, product.seller.name_en])


def product_reindex(*, product: Product) -> None:
    if product.is_published:
        search_index_update(kind=SEARCH_KIND, object_id=product.pk, parts=product_search_parts(product))
    else:
        search_index_delete(kind=SEARCH_KIND, object_id=product.pk)


def product_reindex_all(*, batch: int = 1000) -> int:
    qs = Product.objects.filter(is_published=True).select_related("seller").order_by("pk")
    return search_index_bulk(kind=SEARCH_KIND, rows=((p.pk, product_search_parts(p)) for p in qs.iterator(batch)),
                             batch=batch)


def _clean_product(seller: Seller, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in PRODUCT_FIELDS}
    errors: dict[str, str] = {}
    if "title_zh_hant" in cleaned and not cleaned["title_zh_hant"]:
        errors["title_zh_hant"] = _("請填寫商品名稱（繁體）。")
    if "hs_code" in cleaned:
        verdict = compliance.positive_list(cleaned["hs_code"],
                                           modes=[m for m, on in (("9610", seller.mode_9610),
                                                                  ("1210", seller.mode_1210)) if on],
                                           net_weight=cleaned.get("net_weight_kg"),
                                           name=" ".join([cleaned.get("title_zh_hant", ""),
                                                          cleaned.get("title_zh_hans", "")]))
        if not verdict.ok:
            errors["hs_code"] = verdict.message
        else:
            cleaned["positive_list_note"] = verdict.note[:300]
    for key in ("vat_rate", "ct_rate", "tariff_rate"):
        if key in cleaned and cleaned[key] is not None and not (Decimal(0) <= Decimal(cleaned[key]) < 1):
            errors[key] = _("稅率須介乎 0 至 1 之間（例如 0.13）。")
    if "price_cny" in cleaned and (cleaned["price_cny"] is None or Decimal(cleaned["price_cny"]) <= 0):
        errors["price_cny"] = _("售價須大於零。")
    if "net_weight_kg" in cleaned and (cleaned["net_weight_kg"] is None or Decimal(cleaned["net_weight_kg"]) <= 0):
        errors["net_weight_kg"] = _("淨重須大於零。")
    if "hk_stock" in cleaned and (cleaned["hk_stock"] is None or int(cleaned["hk_stock"]) < 0):
        errors["hk_stock"] = _("庫存不可少於零。")
    if errors:
        raise DomainError("invalid", _("請更正以下資料。"), fields=errors)
    return cleaned


def _approved(seller: Seller) -> None:
    if seller.status != Seller.Status.APPROVED:
        raise Conflict("seller_not_approved", _("賣家獲秘書處批准後才可上架商品。"))


@transaction.atomic
def product_create(*, actor: Any, seller: Seller, values: dict[str, Any], photo: Any = None) -> Product:
    _approved(seller)
    cleaned = _clean_product(seller, values)
    product = Product(seller=seller, **cleaned)
    if photo:
        product.photo.save(f"p{secrets.token_hex(6)}.jpg", compliance.process_photo(photo), save=False)
    product.save()
    audit_record(actor=actor, action="crossborder.product.create", target=product,
                 changes=snapshot(product, list(cleaned)))
    transaction.on_commit(lambda: product_reindex(product=product))
    return product


@transaction.atomic
def product_update(*, actor: Any, product: Product, values: dict[str, Any], photo: Any = None) -> Product:
    cleaned = _clean_product(product.seller, values)
    cleaned.pop("hk_stock", None)  # stock moves through stock_set, never a blind overwrite
    before = snapshot(product, list(cleaned))
    for key, value in cleaned.items():
        setattr(product, key, value)
    if photo:
        product.photo.save(f"p{secrets.token_hex(6)}.jpg", compliance.process_photo(photo), save=False)
    product.save()
    after = snapshot(product, list(cleaned))
    audit_record(actor=actor, action="crossborder.product.update", target=product,
                 changes={k: [before[k], v] for k, v in after.items() if before[k] != v})
    transaction.on_commit(lambda: product_reindex(product=product))
    return product


@transaction.atomic
def hk_stock_add(*, actor: Any, product: Product, qty: int, reference: str = "") -> Product:
    """Add (or, negative, remove) HK stock for 9610; the CheckConstraint refuses going below zero."""
    if not qty:
        raise DomainError("qty", _("請輸入數量。"), fields={"qty": _("請輸入數量。")})
    if not Product.objects.filter(pk=product.pk, hk_stock__gte=-qty).update(hk_stock=F("hk_stock") + qty):
        raise Conflict("stock", _("庫存不足，不能減少 %(n)s 件。") % {"n": -qty})
    product.refresh_from_db(fields=["hk_stock"])
    audit_record(actor=actor, action="crossborder.stock.hk", target=product,
                 changes={"qty": qty, "reference": reference, "balance": product.hk_stock})
    return product


def _bonded_move(*, product: Product, kind: str, qty: int, reference: str = "", order: Order | None = None,
                 actor: Any = None) -> BondedMovement:
    """Move bonded stock by ``qty`` (signed) with a conditional UPDATE and write the ledger line."""
    if not Product.objects.filter(pk=product.pk, bonded_stock__gte=-qty).update(bonded_stock=F("bonded_stock") + qty):
        raise Conflict("bonded_stock", _("保稅倉庫存不足。"))
    balance = Product.objects.filter(pk=product.pk).values_list("bonded_stock", flat=True).get()
    return BondedMovement.objects.create(product=product, kind=kind, qty=qty, balance=balance,
                                         reference=reference[:120], order=order,
                                         actor=actor if getattr(actor, "is_authenticated", False) else None)


@transaction.atomic
def bonded_record(*, actor: Any, product: Product, kind: str, qty: int, reference: str = "") -> BondedMovement:
    """Inbound (a customs-cleared entry into the bonded warehouse) or a stock-take adjustment."""
    if not product.seller.mode_1210:
        raise Conflict("no_1210", _("此賣家未選用 1210 保稅備貨模式。"))
    if kind == BondedMovement.Kind.INBOUND and qty <= 0:
        raise DomainError("qty", _("入倉數量須大於零。"), fields={"qty": _("入倉數量須大於零。")})
    if kind not in (BondedMovement.Kind.INBOUND, BondedMovement.Kind.ADJUST) or not qty:
        raise DomainError("qty", _("請輸入數量。"), fields={"qty": _("請輸入數量。")})
    movement = _bonded_move(product=product, kind=kind, qty=qty, reference=reference, actor=actor)
    audit_record(actor=actor, action=f"crossborder.bonded.{kind}", target=product,
                 changes={"qty": qty, "balance": movement.balance, "reference": reference})
    return movement


# ------------------------------------------------------------------------------ buyers
def buyer_for_phone(phone: str) -> Buyer:
    """The buyer of a verified phone (created on first use)."""
    buyer, _created = Buyer.objects.get_or_create(phone=phone)
    return buyer


@transaction.atomic
def buyer_profile_save(*, buyer: Buyer, real_name: str, id_number: str, id_consent: bool, transfer_consent: bool,
                       email: str = "", language: str = "") -> Buyer:
    """Real name + 18-digit ID, with the two separate PIPL consents (each recorded in core.privacy)."""
    real_name = (real_name or "").strip()
    id_number = (id_number or "").strip().upper()
    errors: dict[str, str] = {}
    if not real_name:
        errors["real_name"] = _("請填寫身份證上的姓名。")
    problem = rules.id_number_problem(id_number)
    if problem:
        errors["id_number"] = {
            "length": _("身份證號碼須為 18 位。"),
            "characters": _("身份證號碼只可包含數字，最後一位可以是 X。"),
            "birth_date": _("身份證號碼中的出生日期無效。"),
            "checksum": _("身份證號碼校驗碼不正確，請核對。"),
        }[problem]
    if not id_consent:
        errors["id_consent"] = _("海關要求實名申報：請同意我們處理你的身份證號碼。")
    if not transfer_consent:
        errors["transfer_consent"] = _("請另行同意將訂購人資料傳輸至香港處理及提交內地海關。")
    if errors:
        raise DomainError("invalid", _("請更正以下資料。"), fields=errors)
    now = timezone.now()
    buyer.real_name, buyer.id_number = real_name, id_number
    buyer.id_consent_at = buyer.id_consent_at or now
    buyer.transfer_consent_at = buyer.transfer_consent_at or now
    if email:
        buyer.email = email.strip()
    if language:
        buyer.language = language
    buyer.save()
    privacy.consent_record(purpose=CONSENT_ID, phone=buyer.phone)
    privacy.consent_record(purpose=CONSENT_TRANSFER, phone=buyer.phone, cross_border=True)
    audit_record(actor=None, action="crossborder.buyer.profile", target=buyer,
                 target_repr=str(buyer), changes={"id_number": buyer.masked_id})
    return buyer


@transaction.atomic
def address_add(*, buyer: Buyer, values: dict[str, Any]) -> Address:
    fields = ("consignee", "phone", "province", "city", "district", "street")
    cleaned = {k: str(values.get(k, "") or "").strip() for k in fields}
    errors = {k: _("必填。") for k, v in cleaned.items() if not v}
    if errors:
        raise DomainError("invalid", _("請更正以下資料。"), fields=errors)
    if buyer.addresses.count() >= 20:
        raise LimitReached("addresses", _("最多可保存 20 個地址。"))
    return Address.objects.create(buyer=buyer, **cleaned)


@transaction.atomic
def address_delete(*, buyer: Buyer, address: Address) -> None:
    Address.objects.filter(pk=address.pk, buyer=buyer).delete()


# ------------------------------------------------------------------------------ cart
@transaction.atomic
def cart_set(*, buyer: Buyer, product: Product, mode: str, qty: int) -> CartItem | None:
    """Put ``qty`` of a product (in ``mode``) in the cart; 0 removes it."""
    if mode not in (Mode.DIRECT, Mode.BONDED):
        raise DomainError("mode", _("請選擇發貨模式。"))
    if qty <= 0:
        CartItem.objects.filter(buyer=buyer, product=product, mode=mode).delete()
        return None
    if qty > 99:
        raise LimitReached("qty", _("每件商品最多 99 件。"))
    if not product.is_published or product.seller.status != Seller.Status.APPROVED:
        raise Conflict("unavailable", _("此商品暫不出售。"))
    _seller_selling(product.seller)
    if (mode == Mode.DIRECT and not product.seller.mode_9610) or (mode == Mode.BONDED and not product.seller.mode_1210):
        raise Conflict("mode", _("此賣家不提供這種發貨模式。"))
    verdict = compliance.positive_list(product.hs_code, modes=[mode])
    if not verdict.ok:
        raise Conflict("positive_list", verdict.message)
    if product.stock_for(mode) < qty:
        raise Conflict("stock", _("庫存不足（尚餘 %(n)s 件）。") % {"n": product.stock_for(mode)})
    item, _created = CartItem.objects.update_or_create(buyer=buyer, product=product, mode=mode,
                                                       defaults={"qty": qty})
    return item


def _seller_selling(seller: Seller) -> None:
    """Refuse a seller that may not sell today (``access.seller_standing``: approval and a current
    federation membership / festival approval) with a message the buyer understands."""
    from shanglian.crossborder.access import seller_standing

    standing = seller_standing(seller)
    if not standing["ok"]:
        raise Conflict("seller_not_selling", _("「%(seller)s」暫停銷售（會籍或商戶資格已失效），"
                                               "請從購物車移除其商品後再結算。") % {"seller": seller.name})


def priced_lines(items: list[CartItem], *, within_limits: bool = True,
                 extra: Decimal = Decimal("0")) -> list[dict[str, Any]]:
    """Each line's value and tax; ``extra`` (freight − discount) is shared over the lines by value
    and taxed with them (the taxable value is the actual transaction price incl. freight)."""
    values = [rules.money(item.product.price_cny * item.qty) for item in items]
    out = []
    for item, value, share in zip(items, values, compliance.shares(values, extra), strict=True):
        p = item.product
        base = max(value + share, Decimal("0"))
        out.append({"item": item, "product": p, "qty": item.qty, "price": p.price_cny, "value": value,
                    "rate": rules.combined_rate(vat=p.vat_rate, ct=p.ct_rate, within_limits=within_limits,
                                                tariff=p.tariff_rate),
                    "tax": compliance.line_tax(value=base, vat=p.vat_rate, ct=p.ct_rate,
                                               within_limits=within_limits, tariff=p.tariff_rate)})
    return out


def price_group(seller: Seller, mode: str, items: list[CartItem], *, discount: Decimal = Decimal("0")
                ) -> dict[str, Any]:
    """One order-to-be: goods, the seller's freight for its weight, ``discount``, tax per line on
    goods + freight − discount (shared by value), the paid total and the limits."""
    value = sum((rules.money(i.product.price_cny * i.qty) for i in items), Decimal("0"))
    weight = sum((i.product.net_weight_kg * i.qty for i in items), Decimal("0"))
    freight = rules.freight(weight_kg=weight, first_kg=seller.freight_first_kg, per_kg=seller.freight_per_kg)
    discount = min(rules.money(discount), value)
    taxable = value + freight - discount
    single = len(items) == 1 and items[0].qty == 1 and items[0].product.indivisible
    within = not (taxable > rules.ORDER_LIMIT and single)
    lines = priced_lines(items, within_limits=within, extra=freight - discount)
    tax = sum((line["tax"] for line in lines), Decimal("0"))
    return {"seller": seller, "mode": mode, "mode_label": Mode(mode).label, "key": f"{seller.pk}-{mode}",
            "items": items, "lines": lines, "goods_value": value, "weight": weight, "freight": freight,
            "discount": discount, "taxable": taxable, "tax": tax, "total": taxable + tax,
            "over_order_limit": taxable > rules.ORDER_LIMIT and not single, "single_item_exception": not within}


def coupon_discount_of(coupon: Any, goods_value: Decimal) -> Decimal:
    """The ``discount`` (CNY) a festival coupon (as festival's online-coupon services return it)
    gives on ``goods_value`` (``rules.coupon_discount``)."""
    campaign = coupon.campaign
    return rules.coupon_discount(kind=campaign.kind, goods_value=goods_value, value_hkd=campaign.value,
                                 percent=campaign.discount_percent, hkd_per_cny=hkd_rate())


def cart_groups(buyer: Buyer) -> list[dict[str, Any]]:
    """The cart split into orders: one per seller and mode (9610 is one parcel per order)."""
    items = list(CartItem.objects.filter(buyer=buyer).select_related("product__seller").order_by("pk"))
    groups: dict[tuple[int, str], list[CartItem]] = {}
    for item in items:
        groups.setdefault((item.product.seller_id, item.mode), []).append(item)
    from shanglian.crossborder.access import seller_standing

    out = [price_group(group[0].product.seller, mode, group) for (_seller_id, mode), group in groups.items()]
    standing: dict[int, bool] = {}
    for group in out:
        seller = group["seller"]
        if seller.pk not in standing:
            standing[seller.pk] = seller_standing(seller)["ok"]
        group["not_selling"] = not standing[seller.pk]
    return out


def year_used(buyer: Buyer, year: int | None = None) -> Decimal:
    year = year or timezone.localdate().year
    return (BuyerYear.objects.filter(buyer=buyer, year=year).values_list("used", flat=True).first()
            or Decimal("0"))


# ------------------------------------------------------------------------------ checkout
def _quota_take(buyer: Buyer, year: int, amount: Decimal) -> None:
    """Raise the buyer's year total by ``amount`` only if it stays within ¥26,000: one conditional
    UPDATE, which on PostgreSQL takes the row's lock (concurrent checkouts of one buyer queue here)
    and on SQLite runs inside an IMMEDIATE transaction (writers are serialised)."""
    BuyerYear.objects.get_or_create(buyer=buyer, year=year)
    if not BuyerYear.objects.filter(buyer=buyer, year=year, used__lte=rules.ANNUAL_LIMIT - amount).update(
            used=F("used") + amount):
        raise LimitReached("annual_limit", _("超出個人年度交易限值人民幣 26,000 元（今年已用 ¥%(used)s）。")
                           % {"used": year_used(buyer, year)}, status=409)


def _quota_give_back(order: Order) -> None:
    BuyerYear.objects.filter(buyer_id=order.buyer_id, year=order.year, used__gte=order.quota_amount).update(
        used=F("used") - order.quota_amount)


def _new_order_no() -> str:
    return "SL" + timezone.localtime().strftime("%Y%m%d") + secrets.token_hex(6).upper()


def _stock_take(*, product: Product, mode: str, qty: int, order: Order) -> None:
    if mode == Mode.BONDED:
        _bonded_move(product=product, kind=BondedMovement.Kind.OUTBOUND, qty=-qty, reference=order.order_no,
                     order=order)
    elif not Product.objects.filter(pk=product.pk, hk_stock__gte=qty).update(hk_stock=F("hk_stock") - qty):
        raise Conflict("stock", _("「%(name)s」庫存不足。") % {"name": product.title})


def _stock_give_back(order: Order) -> None:
    for line in order.lines.select_related("product"):
        if order.mode == Mode.BONDED:
            _bonded_move(product=line.product, kind=BondedMovement.Kind.RETURN, qty=line.qty,
                         reference=order.order_no, order=order)
        else:
            Product.objects.filter(pk=line.product_id).update(hk_stock=F("hk_stock") + line.qty)


@transaction.atomic
def checkout(*, buyer: Buyer, address: Address, notice_accepted: bool, now: datetime.datetime | None = None,
             groups: list[dict[str, Any]] | None = None, coupons: dict[str, str] | None = None) -> list[Order]:
    """Turn the cart into orders (one per seller and mode). All or nothing: every order's limits,
    the year's quota (conditional UPDATE), the stock (conditional UPDATEs) and the festival coupons
    spent (``coupons``: group key "seller-mode" → coupon code, festival's conditional UPDATE) in
    one transaction."""
    buyer = Buyer.objects.get(pk=buyer.pk)
    if not buyer.profile_complete:
        raise Conflict("profile", _("請先填寫實名資料並表示同意，才可下單。"))
    if address.buyer_id != buyer.pk:
        raise Forbidden("address", _("請選擇你自己的收貨地址。"))
    if not notice_accepted:
        raise DomainError("notice", _("請先閱讀並接受《消費者告知書》。"),
                          fields={"notice": _("請先閱讀並接受《消費者告知書》。")})
    now = now or timezone.now()
    year = timezone.localtime(now).year
    groups = groups if groups is not None else cart_groups(buyer)
    if not groups:
        raise Conflict("empty", _("購物車是空的。"))
    orders = []
    coupons = {k: (v or "").strip() for k, v in (coupons or {}).items() if (v or "").strip()}
    for group in groups:
        _seller_selling(group["seller"])
        order_no = _new_order_no()
        coupon = None
        code = coupons.get(group["key"])
        if code:
            coupon = festival_services.coupon_redeem_online(
                phone=buyer.phone, code=code, merchant_id=group["seller"].festival_merchant_id, reference=order_no,
                now=now)
            group = price_group(group["seller"], group["mode"], group["items"],
                                discount=coupon_discount_of(coupon, group["goods_value"]))
        value, taxable = group["goods_value"], group["taxable"]
        lines = group["lines"]
        check = rules.check_limits(order_value=taxable, year_used=Decimal(0), lines=len(lines),
                                   total_qty=sum(line["qty"] for line in lines),
                                   indivisible=all(line["product"].indivisible for line in lines))
        if not check.ok and check.code == "order_limit":
            raise LimitReached("order_limit", _("每張訂單不可超過人民幣 5,000 元（「%(seller)s」的訂單為 ¥%(value)s），"
                                                "請分開下單。") % {"seller": group["seller"].name, "value": taxable},
                               status=409)
        for line in lines:
            verdict = compliance.positive_list(line["product"].hs_code, modes=[group["mode"]])
            if not verdict.ok:
                raise Conflict("positive_list", verdict.message)
        _quota_take(buyer, year, taxable)
        tax = sum((line["tax"] for line in lines), Decimal("0"))
        order = Order.objects.create(
            order_no=order_no, buyer=buyer, seller=group["seller"], mode=group["mode"], year=year,
            goods_value=value, freight=group["freight"], discount=group["discount"], tax_total=tax,
            actural_paid=taxable + tax, quota_amount=taxable, weight_kg=group["weight"],
            coupon_label=(str(coupon.campaign)[:120] if coupon else ""),
            single_item_exception=not check.within_limits,
            buyer_name=buyer.real_name, buyer_id_number=buyer.id_number, buyer_phone=buyer.phone,
            consignee=address.consignee, consignee_phone=address.phone, consignee_address=str(address),
            notice_version=NOTICE_VERSION, notice_accepted_at=now)
        for gnum, line in enumerate(lines, start=1):
            product = line["product"]
            OrderLine.objects.create(order=order, gnum=gnum, product=product, item_no=str(product.pk),
                                     item_name=product.title_zh_hans or product.title_zh_hant, gcode=product.hs_code,
                                     unit=product.unit, qty=line["qty"], price=line["price"], total_price=line["value"],
                                     tax=line["tax"], tax_rate=line["rate"].quantize(Decimal("0.0001")))
            _stock_take(product=product, mode=group["mode"], qty=line["qty"], order=order)
        audit_record(actor=None, action="crossborder.order.create", target=order,
                     changes={"goods_value": str(value), "freight": str(group["freight"]),
                              "discount": str(group["discount"]), "tax": str(tax), "year": year})
        orders.append(order)
    CartItem.objects.filter(buyer=buyer).delete()
    return orders


@transaction.atomic
def order_cancel(*, buyer: Buyer, order: Order) -> Order:
    """The buyer cancels an unpaid order: quota and stock come back."""
    if not Order.objects.filter(pk=order.pk, buyer=buyer, status=Order.Status.PENDING_PAYMENT).update(
            status=Order.Status.CANCELLED):
        raise Conflict("not_cancellable", _("只可取消未付款的訂單。"))
    _quota_give_back(order)
    _stock_give_back(order)
    _coupon_give_back(order, "cancel")
    order.refresh_from_db()
    audit_record(actor=None, action="crossborder.order.cancel", target=order)
    return order


def _coupon_give_back(order: Order, reason: str) -> None:
    """The festival coupon spent on ``order`` becomes usable again (festival's rule: while its
    campaign is still valid)."""
    if order.coupon_label:
        festival_services.coupon_restore_online(reference=order.order_no, reason=f"crossborder.{reason}")


# ------------------------------------------------------------------------------ payment
@transaction.atomic
def payment_start(*, order: Order, provider: str) -> Payment:
    if order.status != Order.Status.PENDING_PAYMENT:
        raise Conflict("not_payable", _("此訂單不在待付款狀態。"))
    payment = Payment.objects.create(order=order, provider=provider, amount=order.actural_paid,
                                     out_trade_no=f"{order.order_no}P{secrets.token_hex(3).upper()}")
    audit_record(actor=None, action="crossborder.payment.start", target=order, changes={"provider": provider})
    return payment


@transaction.atomic
def payment_succeeded(*, out_trade_no: str, transaction_id: str, amount: Decimal, payer_name: str = "",
                      payer_id_number: str = "", actor: Any = None) -> Order:
    """A verified notification (or a bank transfer seen by staff): the amount must match, and a
    real-name payer must be the buyer (customs compares them). Idempotent for replays."""
    payment = Payment.objects.select_for_update().select_related("order").filter(out_trade_no=out_trade_no).first()
    if payment is None:
        raise DomainError("unknown_payment", _("找不到這筆付款。"), status=404)
    order = payment.order
    if payment.status == Payment.Status.SUCCEEDED:
        return order
    if rules.money(amount) != rules.money(payment.amount):
        raise Conflict("amount", _("付款金額與訂單不符。"))
    if payer_id_number and (payer_id_number.upper() != order.buyer_id_number or
                            (payer_name and payer_name != order.buyer_name)):
        raise Conflict("payer", _("付款人與訂購人不一致，海關不會放行，請用訂購人本人的賬戶付款。"))
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.SUCCEEDED, transaction_id=transaction_id,
                                                 payer_name=payer_name, payer_id_number=payer_id_number)
    now = timezone.now()
    if not Order.objects.filter(pk=order.pk, status=Order.Status.PENDING_PAYMENT).update(
            status=Order.Status.PAID, paid_at=now, payment_provider=payment.provider,
            payment_transaction=transaction_id):
        raise Conflict("not_payable", _("此訂單不在待付款狀態。"))
    order.refresh_from_db()
    audit_record(actor=actor, action="crossborder.payment.succeeded", target=order,
                 changes={"provider": payment.provider, "transaction_id": transaction_id})
    _mail_order(order, "crossborder/mail/order_paid")
    return order


def _mail_order(order: Order, template: str) -> None:
    buyer = order.buyer
    if buyer.email:
        send_templated_mail(to=[buyer.email], template=template, language=buyer.language, context={"order": order})


# ------------------------------------------------------------------------------ order desk
@transaction.atomic
def order_ship(*, actor: Any, order: Order, waybill_no: str, logistics_name: str) -> Order:
    """Record the waybill and hand the three documents (order, payment, waybill) to the compliance
    engine. A declaration without problems moves the order to "declared" (queued for the Mainland
    agent); otherwise the order stays paid and the problems are shown on the order desk."""
    waybill_no, logistics_name = (waybill_no or "").strip(), (logistics_name or "").strip()
    errors = {}
    if not waybill_no:
        errors["waybill_no"] = _("請填寫運單號。")
    if not logistics_name:
        errors["logistics_name"] = _("請填寫物流企業。")
    if errors:
        raise DomainError("invalid", _("請更正以下資料。"), fields=errors)
    if not Order.objects.filter(pk=order.pk, status=Order.Status.PAID).update(
            waybill_no=waybill_no[:40], logistics_name=logistics_name[:100]):
        raise Conflict("not_shippable", _("只可為已付款、未申報的訂單填寫運單。"))
    order.refresh_from_db()
    payment = order.payments.filter(status=Payment.Status.SUCCEEDED).first()
    used = year_used(order.buyer, order.year) - order.quota_amount
    declaration = compliance.declare(order=order, payment=payment, actor=actor, year_used=max(used, Decimal(0)))
    ready = not declaration.problems
    Order.objects.filter(pk=order.pk).update(
        status=Order.Status.DECLARED if ready else Order.Status.PAID,
        customs_note="" if ready else _("申報檢查未通過：%(codes)s") % {"codes": compliance.problem_text(declaration)})
    order.refresh_from_db()
    audit_record(actor=actor, action="crossborder.order.waybill", target=order,
                 changes={"waybill_no": waybill_no, "declaration": declaration.pk, "ready": ready})
    return order


@transaction.atomic
def order_dispatch(*, actor: Any, order: Order) -> Order:
    """Customs released the goods: the seller hands the parcel over (mail to the buyer)."""
    if not Order.objects.filter(pk=order.pk, status__in=[Order.Status.RELEASED, Order.Status.DECLARED]).update(
            status=Order.Status.SHIPPED, shipped_at=timezone.now()):
        raise Conflict("not_dispatchable", _("只可為已申報或海關已放行的訂單發貨。"))
    order.refresh_from_db()
    audit_record(actor=actor, action="crossborder.order.ship", target=order, changes={"waybill_no": order.waybill_no})
    _mail_order(order, "crossborder/mail/order_shipped")
    return order


PARTIAL_RETURNABLE = [Order.Status.RELEASED, Order.Status.SHIPPED]
RETURNABLE = [Order.Status.PAID, Order.Status.DECLARED, Order.Status.RELEASED, Order.Status.SHIPPED]


def return_amounts(order: Order, picked: dict[int, int]) -> dict[str, Any]:
    """What returning ``picked`` (line id → units) gives back, per line and in total, before it is
    recorded. A line's taxable value is its goods value plus its share of freight − discount (the
    same split as at checkout, ``compliance.shares``); the units returned take their share of the
    line's goods value, taxable value (→ the year's quota) and tax (→ restored), each rounded
    cumulatively to the cent (``rules.returned_share``); the refund is taxable value + tax."""
    lines = list(order.lines.order_by("gnum"))
    bases = [max(line.total_price + share, Decimal("0")) for line, share in
             zip(lines, compliance.shares([line.total_price for line in lines], order.freight - order.discount),
                 strict=True)]
    rows = []
    for line, base in zip(lines, bases, strict=True):
        k = picked.get(line.pk, 0)
        if not k:
            continue
        before = line.returned_qty
        rows.append({"line": line, "qty": k,
                     "goods_value": rules.returned_share(amount=line.total_price, qty=line.qty, before=before,
                                                         returned=k),
                     "quota_amount": rules.returned_share(amount=base, qty=line.qty, before=before, returned=k),
                     "tax": rules.returned_share(amount=line.tax, qty=line.qty, before=before, returned=k)})
    total = {key: sum((r[key] for r in rows), Decimal("0")) for key in ("goods_value", "quota_amount", "tax")}
    return {"rows": rows, **total, "refund": total["quota_amount"] + total["tax"]}


def _clean_return_lines(order: Order, lines: dict[int, int] | None) -> tuple[dict[int, int], bool]:
    """``lines`` (line id → units; None: everything not yet returned) checked against what is left;
    returns the units per line and whether that empties the order."""
    remaining = {line.pk: line.qty - line.returned_qty for line in order.lines.all()}
    if lines is None:
        picked = {pk: n for pk, n in remaining.items() if n > 0}
    else:
        picked = {}
        for pk, n in lines.items():
            if pk not in remaining:
                raise DomainError("return_line", _("請選擇這張訂單的商品。"))
            if not isinstance(n, int) or n < 0:
                raise DomainError("return_qty", _("退貨數量須為正整數。"))
            if n > remaining[pk]:
                raise Conflict("over_return", _("退貨數量超過尚未退貨的數量（尚餘 %(n)s 件）。") % {"n": remaining[pk]})
            if n:
                picked[pk] = n
    if not picked:
        raise DomainError("return_qty", _("請填寫最少一件退貨商品的數量。"))
    whole = all(picked.get(pk, 0) == n for pk, n in remaining.items())
    return picked, whole


@transaction.atomic
def order_return(*, actor: Any, order: Order, reason: str = "", lines: dict[int, int] | None = None,
                 now: datetime.datetime | None = None) -> Order:
    """A return within 30 days of shipping (or payment) of some units of some lines (``lines``: order
    line id → units) or of everything not yet returned (``lines=None``). Goods customs has
    released may be returned in part, any number of times up to the units ordered; before
    release only the whole order. The units are reserved on the lines at once with a conditional
    UPDATE (``returned_qty + n ≤ qty``, a CheckConstraint behind it), so concurrent returns cannot
    return more than was bought. When customs holds the order (inventory list released → CEB625
    listing only the returned lines; accepted → CEB623, whole) the return waits for customs'
    receipt (``order_customs_status``); otherwise it completes at once: the returned share of the
    tax and of the year's quota, the stock and the refund (``return_amounts``); a return that
    empties the order also gives back the festival coupon and marks the payment refunded."""
    now = now or timezone.now()
    order = Order.objects.select_for_update().get(pk=order.pk)
    since = order.shipped_at or order.paid_at
    if since is None or now - since > datetime.timedelta(days=RETURN_DAYS):
        raise Conflict("return_window", _("退貨須在發貨後 30 日內辦理。"))
    if order.status == Order.Status.RETURN_REQUESTED:
        raise Conflict("return_pending", _("上一次退貨仍在等待海關回執，請稍後再辦理。"))
    if order.status not in RETURNABLE:
        raise Conflict("not_returnable", _("此訂單不能退貨。"))
    picked, whole = _clean_return_lines(order, lines)
    if not whole and order.status not in PARTIAL_RETURNABLE:
        raise Conflict("partial_not_released", _("海關未放行的訂單只可整單退貨。"))
    reason = (reason or "").strip()[:500] or str(_("買家退貨"))
    amounts = return_amounts(order, picked)
    for pk, n in picked.items():
        if not OrderLine.objects.filter(pk=pk, order=order, returned_qty__lte=F("qty") - n).update(
                returned_qty=F("returned_qty") + n):
            raise Conflict("over_return", _("退貨數量超過尚未退貨的數量。"))
    ret = OrderReturn.objects.create(order=order, reason=reason, whole=whole, goods_value=amounts["goods_value"],
                                     quota_amount=amounts["quota_amount"], tax=amounts["tax"],
                                     refund=amounts["refund"], actor=actor if getattr(actor, "is_authenticated",
                                                                                      False) else None)
    ReturnLine.objects.bulk_create([ReturnLine(ret=ret, line=r["line"], qty=r["qty"], goods_value=r["goods_value"],
                                               quota_amount=r["quota_amount"], tax=r["tax"])
                                    for r in amounts["rows"]])
    sent = compliance.request_return(order=order, actor=actor, reason=reason,
                                     lines=None if whole else [(r["line"].gnum, r["qty"]) for r in amounts["rows"]])
    audit_record(actor=actor, action="crossborder.order.return_requested" if sent else "crossborder.order.return",
                 target=order, changes={"return": ret.pk, "message": sent, "reason": reason, "whole": whole,
                                        "lines": {str(r["line"].gnum): r["qty"] for r in amounts["rows"]},
                                        "refund": str(ret.refund)})
    if sent:
        OrderReturn.objects.filter(pk=ret.pk).update(message_kind=sent)
        Order.objects.filter(pk=order.pk).update(
            status=Order.Status.RETURN_REQUESTED,
            customs_note=_("已向海關申報退貨（%(kind)s），待回執。") % {"kind": sent})
        order.refresh_from_db()
        return order
    return _return_complete(order=order, ret=ret, actor=actor, now=now)


def _return_complete(*, order: Order, ret: OrderReturn, actor: Any, now: datetime.datetime | None = None,
                     note: str = "") -> Order:
    """The return ``ret`` is accepted (at once, or by customs' receipt): quota, stock and — when it
    empties the order — the coupon and the payment come back; the buyer is mailed the refund."""
    now = now or timezone.now()
    if not OrderReturn.objects.filter(pk=ret.pk, status=OrderReturn.Status.REQUESTED).update(
            status=OrderReturn.Status.ACCEPTED, decided_at=now, note=note[:300]):
        raise Conflict("not_returnable", _("此訂單不能退貨。"))
    ret.refresh_from_db()
    BuyerYear.objects.filter(buyer_id=order.buyer_id, year=order.year, used__gte=ret.quota_amount).update(
        used=F("used") - ret.quota_amount)
    for rl in ret.lines.select_related("line__product"):
        if order.mode == Mode.BONDED:
            _bonded_move(product=rl.line.product, kind=BondedMovement.Kind.RETURN, qty=rl.qty,
                         reference=order.order_no, order=order)
        else:
            Product.objects.filter(pk=rl.line.product_id).update(hk_stock=F("hk_stock") + rl.qty)
    if ret.whole:
        Order.objects.filter(pk=order.pk).update(status=Order.Status.RETURNED, returned_at=now,
                                                 customs_note=note[:300])
        _coupon_give_back(order, "return")
        Payment.objects.filter(order=order, status=Payment.Status.SUCCEEDED).update(status=Payment.Status.REFUNDED)
    else:
        back = Order.Status.SHIPPED if order.shipped_at else Order.Status.RELEASED
        Order.objects.filter(pk=order.pk).update(status=back, returned_at=now, customs_note=note[:300])
    order.refresh_from_db()
    audit_record(actor=actor, action="crossborder.order.return_complete", target=order,
                 changes={"return": ret.pk, "whole": ret.whole, "quota_restored": str(ret.quota_amount),
                          "tax_restored": str(ret.tax), "refund": str(ret.refund)})
    buyer = order.buyer
    if buyer.email:
        send_templated_mail(to=[buyer.email], template="crossborder/mail/order_returned", language=buyer.language,
                            context={"order": order, "ret": ret})
    return order


def _return_refused(*, order: Order, ret: OrderReturn, note: str) -> Order:
    """Customs refused the return: the reserved units are released, the order goes back."""
    OrderReturn.objects.filter(pk=ret.pk).update(status=OrderReturn.Status.REFUSED, decided_at=timezone.now(),
                                                 note=note[:300])
    for rl in ret.lines.all():
        OrderLine.objects.filter(pk=rl.line_id, returned_qty__gte=rl.qty).update(
            returned_qty=F("returned_qty") - rl.qty)
    back = Order.Status.SHIPPED if order.shipped_at else Order.Status.RELEASED
    Order.objects.filter(pk=order.pk).update(
        status=back, customs_note=(_("海關不接受退貨申報：%(note)s") % {"note": note})[:300])
    order.refresh_from_db()
    audit_record(actor=None, action="crossborder.order.return_refused", target=order,
                 changes={"return": ret.pk, "note": note})
    return order


@transaction.atomic
def order_customs_status(*, order_no: str, status: str, note: str = "") -> Order | None:
    """A customs receipt changed an order's state (the listener registered with customs)."""
    order = Order.objects.select_for_update().filter(order_no=order_no).first()
    if order is None:
        return None
    if status in ("return_accepted", "return_refused"):
        ret = order.returns.filter(status=OrderReturn.Status.REQUESTED).first()
        if order.status != Order.Status.RETURN_REQUESTED or ret is None:
            return order
        if status == "return_accepted":
            return _return_complete(order=order, ret=ret, actor=None, note=note)
        return _return_refused(order=order, ret=ret, note=note)
    target = {"declared": Order.Status.DECLARED, "released": Order.Status.RELEASED,
              "rejected": Order.Status.REJECTED}.get(status)
    if target is None or order.status in (Order.Status.SHIPPED, Order.Status.RETURNED, Order.Status.CANCELLED):
        if note:
            Order.objects.filter(pk=order.pk).update(customs_note=note[:300])
        return order
    Order.objects.filter(pk=order.pk).update(status=target, customs_note=note[:300])
    if target == Order.Status.REJECTED:
        _quota_give_back(order)
        _stock_give_back(order)
        _coupon_give_back(order, "customs_rejected")
    order.refresh_from_db()
    audit_record(actor=None, action="crossborder.order.customs", target=order, changes={"status": status, "note": note})
    return order


# ------------------------------------------------------------------------------ payment choices
def priced_lines_for(product: Product) -> dict[str, Any]:
    """The tax on one piece of ``product`` within the limits (shown on its page)."""
    rate = rules.combined_rate(vat=product.vat_rate, ct=product.ct_rate)
    tax = compliance.line_tax(value=product.price_cny, vat=product.vat_rate, ct=product.ct_rate)
    return {"rate": rate * 100, "tax": tax, "total": product.price_cny + tax}


def payment_sandbox() -> bool:
    """Development and tests: pay with a simulated, already-verified notification."""
    return bool(getattr(settings, "CROSSBORDER_PAYMENT_SANDBOX", settings.DEBUG or settings.TESTING))


def payment_choices() -> list[tuple[str, str]]:
    from shanglian.payments.providers import configured

    labels = {"wechat": _("微信支付"), "alipay": _("支付寶")}
    codes = sorted(set(configured()) | ({"wechat", "alipay"} if payment_sandbox() else set()))
    return [(c, str(labels.get(c, c))) for c in codes if c in labels]


@transaction.atomic
def payment_checkout(*, order: Order, provider: str) -> Payment:
    """Start paying ``order``. In the sandbox the provider's verified notification is simulated at
    once (payer = buyer); with a configured provider the signed request is built and the order
    waits for the provider's notification (``payment_notify``)."""
    from shanglian.payments.base import Payable
    from shanglian.payments.providers import configured

    if provider not in dict(payment_choices()):
        raise DomainError("provider", _("請選擇付款方式。"))
    payment = payment_start(order=order, provider=provider)
    if provider in configured():
        configured()[provider]().create(Payable(reference=payment.out_trade_no, amount=payment.amount,
                                                description=order.order_no, payer_name=order.buyer_name,
                                                payer_id_number=order.buyer_id_number))
        return payment
    payment_succeeded(out_trade_no=payment.out_trade_no, transaction_id=f"SANDBOX-{payment.out_trade_no}",
                      amount=payment.amount, payer_name=order.buyer_name, payer_id_number=order.buyer_id_number)
    return payment


def payment_notify(*, provider: str, headers: dict[str, str], body: bytes) -> Order | None:
    """A provider's asynchronous notification: verify, then record (idempotent)."""
    from shanglian.payments.base import SignatureInvalid
    from shanglian.payments.providers import configured

    factory = configured().get(provider)
    if factory is None:
        raise DomainError("provider", _("未設定此付款方式。"), status=404)
    try:
        note = factory().verify_notification(headers, body)
    except SignatureInvalid as exc:
        raise DomainError("signature", _("簽名無效。"), status=400) from exc
    if not note.paid:
        return None
    return payment_succeeded(out_trade_no=note.reference, transaction_id=note.transaction_id, amount=note.amount,
                             payer_name=note.payer_name, payer_id_number=note.payer_id_number)


@transaction.atomic
def payment_bank_received(*, actor: Any, order: Order, reference: str = "") -> Order:
    """Manual bank transfer (B2B): the seller or the secretariat records the money as received."""
    payment = payment_start(order=order, provider="bank")
    return payment_succeeded(out_trade_no=payment.out_trade_no, transaction_id=reference or payment.out_trade_no,
                             amount=payment.amount, actor=actor)


def orders_expire_unpaid(*, now: datetime.datetime | None = None, minutes: int | None = None) -> int:
    """Cancel orders left unpaid for ``minutes`` (``CROSSBORDER_UNPAID_MINUTES``, default 30): their
    quota and stock come back. Each order in its own transaction; idempotent (the periodic task)."""
    now = now or timezone.now()
    minutes = minutes if minutes is not None else int(getattr(settings, "CROSSBORDER_UNPAID_MINUTES", 30))
    cutoff = now - datetime.timedelta(minutes=minutes)
    done = 0
    # An order whose payment was started within the window waits for the provider's notification.
    paying = Payment.objects.filter(status=Payment.Status.CREATED, created_at__gte=cutoff).values("order_id")
    stale = Order.objects.filter(status=Order.Status.PENDING_PAYMENT, created_at__lt=cutoff).exclude(pk__in=paying)
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            order = Order.objects.select_related("buyer").get(pk=pk)
            try:
                order_cancel(buyer=order.buyer, order=order)
            except Conflict:
                continue  # paid or cancelled meanwhile
            done += 1
    return done
