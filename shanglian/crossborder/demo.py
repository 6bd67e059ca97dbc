"""Demo data for the cross-border store (``manage.py demo`` calls load_demo): approved sellers
(member1's enterprise, and up to two more current members with logins: one approved, one pending), 20 products on the
positive list (some with bonded stock), and a demo buyer (+86 138 0013 8000) with a paid order.
Idempotent: nothing is added when sellers exist."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from shanglian.crossborder import services
from shanglian.crossborder.models import Seller
from shanglian.crossborder.rules import id_check_digit
from shanglian.directory.access import current_member_roles

PRODUCTS = [
    # (繁, 简, English, HS, origin, brand, price, unit, ct, bonded)
    (
        "保濕面霜 50毫升",
        "保湿面霜 50毫升",
        "Moisturising cream 50 ml",
        "3304990010",
        "日本",
        "雪肌堂",
        "268",
        "瓶",
        "0",
        0,
    ),
    ("防曬乳液 SPF50", "防晒乳液 SPF50", "Sunscreen lotion SPF50", "3304990010", "日本", "晴空", "158", "瓶", "0", 0),
    ("潤唇膏", "润唇膏", "Lip balm", "3304100000", "法國", "Belle Rive", "88", "支", "0", 0),
    (
        "眼影盤 12色",
        "眼影盘 12色",
        "Eyeshadow palette, 12 colours",
        "3304200000",
        "韓國",
        "Seoul Bloom",
        "320",
        "盒",
        "0.15",
        0,
    ),
    (
        "天然蜂蜜 500克",
        "天然蜂蜜 500克",
        "Natural honey 500 g",
        "0409000000",
        "新西蘭",
        "Manuka Hills",
        "238",
        "瓶",
        "0",
        30,
    ),
    ("掛耳咖啡 20包", "挂耳咖啡 20包", "Drip coffee, 20 bags", "0901210000", "香港", "九龍烘焙", "98", "盒", "0", 0),
    (
        "雜錦朱古力禮盒",
        "杂锦巧克力礼盒",
        "Assorted chocolate gift box",
        "1806900000",
        "瑞士",
        "Alpenhaus",
        "188",
        "盒",
        "0",
        0,
    ),
    ("黑朱古力 70%", "黑巧克力 70%", "Dark chocolate 70%", "1806320000", "比利時", "Cacao Nord", "45", "件", "0", 0),
    ("嬰兒米粉", "婴儿米粉", "Baby rice cereal", "1901109000", "澳洲", "Little Gum", "128", "罐", "0", 40),
    (
        "魚油膠囊 120粒",
        "鱼油胶囊 120粒",
        "Fish oil capsules, 120",
        "2106909090",
        "澳洲",
        "Southern Sea",
        "198",
        "瓶",
        "0",
        60,
    ),
    (
        "乳清蛋白粉 1公斤",
        "乳清蛋白粉 1公斤",
        "Whey protein powder 1 kg",
        "2106909001",
        "美國",
        "IronFit",
        "420",
        "罐",
        "0",
        25,
    ),
    ("洗髮露 400毫升", "洗发露 400毫升", "Shampoo 400 ml", "3305100000", "日本", "Tsubaki-ya", "76", "瓶", "0", 0),
    ("護髮素", "护发素", "Conditioner", "3305900000", "日本", "Tsubaki-ya", "76", "瓶", "0", 0),
    ("美白牙膏", "美白牙膏", "Whitening toothpaste", "3306100000", "英國", "Pearl & Co", "39", "支", "0", 0),
    ("手工皂禮盒", "手工皂礼盒", "Handmade soap gift box", "3401110000", "香港", "山城皂坊", "128", "盒", "0", 0),
    ("真皮手提包", "真皮手提包", "Leather handbag", "4202210000", "意大利", "Firenze Atelier", "6800", "件", "0", 0),
    ("真皮銀包", "真皮钱包", "Leather wallet", "4202310000", "意大利", "Firenze Atelier", "980", "件", "0", 0),
    ("芒果汁 1升", "芒果汁 1升", "Mango juice 1 l", "2009899000", "泰國", "Golden Sun", "32", "瓶", "0", 0),
    ("即溶咖啡精", "速溶咖啡精", "Instant coffee extract", "2101110000", "香港", "九龍烘焙", "68", "瓶", "0", 0),
    ("杏仁餅", "杏仁饼", "Almond cookies", "1704900000", "澳門", "十月初五", "58", "盒", "0", 0),
]


def _owner_enterprises(limit: int) -> list[Any]:
    """Current-member enterprises with a login, member1's first."""
    user = get_user_model().objects.filter(username="member1").first()
    roles = current_member_roles()
    first = list(roles.filter(user=user).select_related("enterprise", "user")[:1]) if user else []
    rest = list(roles.exclude(user=user).select_related("enterprise", "user").order_by("pk")[:limit])
    seen, out = set(), []
    for role in first + rest:
        if role.enterprise_id not in seen:
            seen.add(role.enterprise_id)
            out.append(role)
    return out[:limit]


def load_demo(*, stdout: Any) -> None:
    if Seller.objects.exists():
        stdout.write("crossborder: demo data already there")
        return
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    roles = _owner_enterprises(3)
    if not roles or staff is None:
        stdout.write("crossborder: no member enterprises with logins; skipped")
        return
    rng = random.Random(13)
    sellers = []
    for n, role in enumerate(roles):
        e = role.enterprise
        values = {
            "name_zh": f"{e.name_zh}跨境店",
            "name_en": f"{e.name_en} Cross-border".strip(),
            "contact_email": role.user.email,
            "trademark": f"HK30{rng.randrange(10**7):07d}",
            "mainland_agent": "廈門象嶼報關有限公司",
            "agent_code": "3502980001",
            "customs_code": "3701",
            "ebc_code": f"33024{rng.randrange(10**5):05d}",
            "ebc_name": e.name_zh,
            "mode_9610": True,
            "mode_1210": n == 0,
            "warehouse_partner": "廈門象嶼保稅物流中心",
        }
        if n == 2:
            values.update(agent_code="", warehouse_partner="")  # still preparing: a pending application
        seller = services.seller_apply(actor=role.user, enterprise=e, values=values)
        if n < 2:
            seller = services.seller_review(actor=staff, seller=seller, approve=True)
            sellers.append(seller)
    for i, (hant, hans, en, hs, origin, brand, price, unit, ct, bonded) in enumerate(PRODUCTS):
        seller = sellers[0] if bonded or i % 2 == 0 else sellers[-1]
        product = services.product_create(
            actor=staff,
            seller=seller,
            values={
                "title_zh_hant": hant,
                "title_zh_hans": hans,
                "title_en": en,
                "hs_code": hs,
                "origin": origin,
                "brand": brand,
                "net_weight_kg": Decimal("0.5"),
                "unit": unit,
                "price_cny": Decimal(price),
                "ct_rate": Decimal(ct),
                "vat_rate": Decimal("0.13"),
                "hk_stock": 0 if bonded else rng.randrange(20, 200),
                "indivisible": Decimal(price) > 5000,
                "tariff_rate": Decimal("0.1"),
                "description_zh_hant": f"{brand}{hant}，香港會員商戶正品。",
                "description_zh_hans": f"{brand}{hans}，香港会员商户正品。",
                "description_en": f"{en} by {brand}, genuine goods from a Hong Kong member merchant.",
                "elabel": f"品名：{hans}\n原产地：{origin}\n品牌：{brand}\n进口商：见订单申报信息",
            },
        )
        if bonded:
            services.bonded_record(actor=staff, product=product, kind="in", qty=bonded, reference=f"BZ2026{i:04d}")
    buyer = services.buyer_for_phone("+8613800138000")
    first17 = "11010519491231002"
    services.buyer_profile_save(
        buyer=buyer,
        real_name="张三",
        id_number=first17 + id_check_digit(first17),
        id_consent=True,
        transfer_consent=True,
        language="zh-hans",
    )
    address = services.address_add(
        buyer=buyer,
        values={
            "consignee": "张三",
            "phone": "13800138000",
            "province": "福建省",
            "city": "厦门市",
            "district": "思明区",
            "street": "环岛南路 88 号",
        },
    )
    product = sellers[0].products.order_by("pk").first()
    services.cart_set(buyer=buyer, product=product, mode="9610", qty=2)
    (order,) = services.checkout(buyer=buyer, address=address, notice_accepted=True)
    services.payment_bank_received(actor=staff, order=order, reference="DEMO-1")
    stdout.write(f"crossborder: {len(sellers)} sellers, {len(PRODUCTS)} products, 1 buyer with a paid order")
