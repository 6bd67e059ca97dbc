"""全港生活圈 cross-border store: the world gets an approved seller of enterprise A (member_a owns
it), a product, and the consumer persona's buyer profile, address and an unpaid order."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from tests.permissions.matrix import DENY, GP, LOGIN, OK, PHONE, P, logged_in, only, public, row, rule

LABELS = ("crossborder", "customs")
SELLER = ("member_a", "secretariat")


def consumer_only(**overrides: str) -> dict[str, str]:
    """Pages of a verified phone: the consumer; everyone else is sent to the phone page."""
    return rule(PHONE, consumer=OK, **overrides)


def build(w) -> None:
    from shanglian.crossborder import services
    from shanglian.crossborder.rules import id_check_digit
    from shanglian.customs.models import PositiveListVersion
    from shanglian.customs.reference import load_rules
    from tests.permissions.world import PHONE as CONSUMER_PHONE

    if not PositiveListVersion.objects.exists():
        load_rules()
    seller = services.seller_apply(actor=w.member_a, enterprise=w.enterprise_a, values={
        "name_zh": "甲跨境商店", "trademark": "HK300000001", "mainland_agent": "廈門報關行",
        "agent_code": "3502980001", "customs_code": "3701", "ebc_code": "3302460001", "ebc_name": "甲資訊科技",
        "mode_9610": True, "mode_1210": True, "warehouse_partner": "象嶼保稅倉"})
    w.cb_seller = services.seller_review(actor=w.secretariat, seller=seller, approve=True)
    w.cb_product = services.product_create(actor=w.member_a, seller=w.cb_seller, values={
        "title_zh_hant": "保濕面霜", "hs_code": "3304990010", "origin": "日本", "net_weight_kg": Decimal("0.1"),
        "unit": "瓶", "price_cny": Decimal("200"), "hk_stock": 50})
    buyer = services.buyer_for_phone(CONSUMER_PHONE)
    first17 = "11010519491231002"
    services.buyer_profile_save(buyer=buyer, real_name="张三", id_number=first17 + id_check_digit(first17),
                                id_consent=True, transfer_consent=True)
    w.cb_address = services.address_add(buyer=buyer, values={
        "consignee": "张三", "phone": "13800138000", "province": "福建省", "city": "厦门市", "district": "思明区",
        "street": "1 号"})
    services.cart_set(buyer=buyer, product=w.cb_product, mode="9610", qty=1)
    (w.cb_order,) = services.checkout(buyer=buyer, address=w.cb_address, notice_accepted=True)
    w.cb = SimpleNamespace(merchant_origin=f"m{w.merchant_a.pk}")


PRODUCT = {"pk": "cb_product.pk"}
SELLER_KW = {"pk": "cb_seller.pk"}
PRODUCT_DATA = {"title_zh_hant": "新商品", "hs_code": "3304990010", "origin": "日本", "net_weight_kg": "0.2",
                "unit": "瓶", "price_cny": "88", "vat_rate": "0.13", "ct_rate": "0", "tariff_rate": "0",
                "hk_stock": "5", "is_published": "on"}
SELLER_DATA = {"name_zh": "甲跨境商店", "trademark": "HK300000001", "mainland_agent": "廈門報關行",
               "agent_code": "3502980001", "customs_code": "3701", "ebc_code": "3302460001", "mode_9610": "on",
               "warehouse_partner": "象嶼保稅倉"}

PAGES = {
    "crossborder:home": row(public()),
    "crossborder:product": row(public(), kwargs=PRODUCT),
    "crossborder:seller": row(public(), kwargs=SELLER_KW),
    "crossborder:cart": row(consumer_only(), methods=GP,
                            data={"product": "cb_product.pk", "mode": "9610", "qty": "2"}),
    "crossborder:profile": row(consumer_only(), methods=GP,
                               data={"real_name": "张三", "id_number": "11010519491231002X", "id_consent": "on",
                                     "transfer_consent": "on"}),
    "crossborder:address_add": row(consumer_only(), methods=P,
                                   data={"consignee": "李四", "phone": "139", "province": "广东省", "city": "深圳市",
                                         "district": "南山区", "street": "2 号"}),
    "crossborder:address_delete": row(consumer_only(), methods=P, kwargs={"pk": "cb_address.pk"}),
    "crossborder:checkout": row(consumer_only(), methods=GP, data={"address": "cb_address.pk", "notice": "1"}),
    "crossborder:my_orders": row(consumer_only()),
    "crossborder:my_order": row(consumer_only(), methods=GP, kwargs={"pk": "cb_order.pk"},
                                data={"action": "cancel"}),
    # any logged-in user sees the sellers' page; the merchant persona may apply for its festival merchant
    "crossborder:seller_apply": row(logged_in(), methods=GP,
                                    data={"origin": "cb.merchant_origin", **SELLER_DATA, "name_zh": "乙跨境"},
                                    post=logged_in(member_a="noop", member_b="noop", admin_a="noop", admin_b="noop",
                                                   cashier_b="noop", secretariat="noop")),
    "crossborder:desk": row(only(*SELLER), methods=GP, kwargs=SELLER_KW, data=SELLER_DATA),
    "crossborder:product_new": row(only(*SELLER), methods=GP, kwargs=SELLER_KW, data=PRODUCT_DATA),
    "crossborder:product_edit": row(only(*SELLER), methods=GP, kwargs=PRODUCT, data=PRODUCT_DATA),
    "crossborder:stock": row(only(*SELLER), methods=GP, kwargs=PRODUCT,
                             data={"kind": "hk", "qty": "3", "reference": "補貨"}),
    "crossborder:order_desk": row(only(*SELLER), methods=GP, kwargs={"pk": "cb_order.pk"},
                                  data={"action": "bank_received", "reference": "BANK-1"}),
    "crossborder:review": row(only("secretariat"), methods=GP,
                              data={"seller": "cb_seller.pk", "decision": "reject", "reason": "資料不全"}),
    "crossborder:dashboard": row(only("secretariat")),
    # providers' callbacks: no session; unconfigured providers answer 404 and nothing changes
    "crossborder:notify": row(rule(DENY), methods=P, kwargs={"provider": "wechat"}, data={"x": "1"}),
}

API = {
    "shanglian_crossborder_api_list_products": row(public()),
    "shanglian_crossborder_api_get_product": row(public(), kwargs={"product_id": "cb_product.pk"}),
    "shanglian_crossborder_api_my_orders": row(rule(LOGIN, consumer=OK)),
}
