"""Demo data for the festival (``manage.py demo`` calls load_demo): the current edition, ~60
merchants with ~200 shops over the 18 districts, ~400 offers (mostly 繁體, some 简体 / English),
a few coupon campaigns (one nearly sold out) with claims spread over the last days, about a third
redeemed, daily offer views; demo logins merchant1 (manager) and cashier1
(counter staff), password demo12345. Idempotent; bulk inserts, a few seconds."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from shanglian.core.models import Place
from shanglian.core.search import search_index_bulk
from shanglian.festival.categories import load_categories
from shanglian.festival.codes import new_token
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
from shanglian.festival.services import SEARCH_KIND, offer_search_parts

DEMO_PASSWORD = "demo12345"
EDITION_CODE = "hksf-2026"

# Rough centre of each district (lat, lng) — shops are scattered around it.
CENTRES = {
    "central-western": (22.2855, 114.1523), "wan-chai": (22.2776, 114.1751), "eastern": (22.2842, 114.2240),
    "southern": (22.2470, 114.1580), "yau-tsim-mong": (22.3120, 114.1710), "sham-shui-po": (22.3305, 114.1595),
    "kowloon-city": (22.3282, 114.1916), "wong-tai-sin": (22.3420, 114.1940), "kwun-tong": (22.3130, 114.2250),
    "kwai-tsing": (22.3570, 114.1290), "tsuen-wan": (22.3710, 114.1140), "tuen-mun": (22.3910, 113.9770),
    "yuen-long": (22.4450, 114.0220), "north": (22.4960, 114.1380), "tai-po": (22.4500, 114.1680),
    "sha-tin": (22.3820, 114.1880), "sai-kung": (22.3810, 114.2700), "islands": (22.2860, 113.9430),
}
COMPANY_STEMS = ["金記", "大同", "美心", "華豐", "利興", "永安", "新光", "恒昌", "福滿", "寶華", "祥興", "合和",
                 "東興", "信和", "嘉利", "萬年", "德昌", "源記", "百佳", "好運"]
COMPANY_KINDS = ["餐飲集團", "時裝有限公司", "眼鏡公司", "電器行", "傢俬有限公司", "旅行社", "醫務中心", "美容集團",
                 "餅家", "茶餐廳", "教育中心", "汽車服務公司"]
STREETS = ["彌敦道", "皇后大道中", "軒尼詩道", "英皇道", "青山公路", "沙田正街", "大埔墟", "觀塘道", "荔枝角道",
           "太子道西", "屯門鄉事會路", "元朗大馬路", "西貢大街", "東涌道"]
TITLES = {
    "fashion": ["全場時裝 8 折", "冬季新裝買二送一", "會員額外九折"],
    "shoes": ["波鞋第二對半價", "皮鞋滿 $800 減 $100"],
    "accessories": ["手錶免費清洗及保養", "眼鏡連鏡片套餐 $399"],
    "cosmetics": ["護膚套裝低至 7 折", "香水買一送一"],
    "restaurants": ["二人晚市套餐 $388", "點心半價（下午 2 時至 5 時）", "火鍋放題 85 折"],
    "cha-chaan-teng": ["港式奶茶買一送一", "菠蘿油加奶茶 $28", "常餐免費升級凍飲"],
    "bakery": ["蛋撻半打 $30", "生日蛋糕 9 折"],
    "grocery": ["有機蔬果滿 $300 減 $50", "海味乾貨全線 85 折"],
    "home": ["床上用品 7 折", "廚具滿 $500 送 $50 現金券"],
    "electronics": ["手機即減 $500", "冷氣機免費安裝", "電視以舊換新"],
    "furniture": ["梳化免費送貨", "全屋傢俬 88 折"],
    "hotels": ["本地住宿套票 75 折", "自助早餐買一送一"],
    "travel": ["大灣區兩天團每位減 $200", "郵輪假期早鳥優惠"],
    "motoring": ["汽車美容 8 折", "免費車輛安全檢查"],
    "transport-services": ["的士 app 首程減 $20", "機場快線來回票優惠"],
    "health": ["身體檢查計劃 75 折", "中醫針灸首次 $199"],
    "education": ["兒童英語課程免報名費", "IT 證書課程減 $500"],
    "finance": ["旅遊保險 8 折", "開戶送 $200 超市禮券"],
    "beauty": ["剪髮連洗吹 $88", "facial 首次體驗 $168"],
}
SIMPLIFIED = ["全场时装 8 折", "港式奶茶买一送一", "手机即减 $500", "大湾区两天团每位减 $200", "护肤套装低至 7 折"]
ENGLISH = ["Buy one get one free milk tea", "20% off all fashion", "Free eye test with any glasses",
           "Dim sum half price 2-5pm", "Hotel staycation 25% off"]


def load_demo(*, stdout: Any = None) -> None:
    write = stdout.write if stdout is not None else (lambda s: None)
    load_categories(Category)
    if Edition.objects.filter(code=EDITION_CODE, merchants__isnull=False).exists():
        _users()
        write("Festival demo: already loaded.")
        return
    with transaction.atomic():
        counts = _load()
    write("Festival demo: {merchants} merchants, {shops} shops, {offers} offers, {campaigns} campaigns; "
          "logins merchant1 (manager), cashier1 (counter staff).".format(**counts))


def _users():
    User = get_user_model()  # noqa: N806
    users = {}
    for name in ("merchant1", "cashier1"):
        user, created = User.objects.get_or_create(username=name, defaults={"email": f"{name}@example.invalid"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[name] = user
    return users


def _load() -> dict[str, int]:
    rng = random.Random(2026)
    today = timezone.localdate()
    now = timezone.now()
    Edition.objects.filter(is_current=True).exclude(code=EDITION_CODE).update(is_current=False)
    edition, _ = Edition.objects.update_or_create(code=EDITION_CODE, defaults={
        "name_zh_hant": "全港購物節 2026", "name_zh_hans": "全港购物节 2026",
        "name_en": "Hong Kong Shopping Festival 2026",
        "theme_zh_hant": "香港好去處 · 優惠遍全城", "theme_zh_hans": "香港好去处 · 优惠遍全城",
        "theme_en": "Great deals across the city",
        "starts_on": today - datetime.timedelta(days=7), "ends_on": today + datetime.timedelta(days=60),
        "is_current": True})
    districts = list(Place.objects.filter(kind="hk_district"))
    subcats = list(Category.objects.filter(parent__isnull=False))
    merchants = Merchant.objects.bulk_create([
        Merchant(edition=edition, name_zh=f"{COMPANY_STEMS[i % 20]}{COMPANY_KINDS[i % 12]}",
                 name_en=f"{['Kam Kee', 'Tai Tung', 'Mei Sum', 'Wah Fung', 'Lee Hing'][i % 5]} Company {i + 1}",
                 contact_name="陳先生", contact_phone=f"+852212{i:05d}"[:12],
                 status=Merchant.Status.APPLIED if i >= 58 else Merchant.Status.APPROVED)
        for i in range(62)])
    brands = Brand.objects.bulk_create([
        Brand(merchant=m, name_zh=f"{m.name_zh[:2]}{['坊', '記', '屋'][j]}",
              name_en=f"{m.name_en.split(' Company')[0]} {['Corner', 'Kitchen', 'House'][j]}")
        for m in merchants for j in range(1 + (m.pk % 2))])
    brands_of: dict[int, list[Brand]] = {}
    for b in brands:
        brands_of.setdefault(b.merchant_id, []).append(b)
    shops = []
    for i, m in enumerate(merchants):
        for j in range(3 + (i % 2) + (1 if i % 5 == 0 else 0)):
            d = districts[(i * 3 + j) % len(districts)]
            lat, lng = CENTRES.get(d.code, (22.32, 114.17))
            shops.append(Shop(merchant=m, brand=brands_of[m.pk][j % len(brands_of[m.pk])],
                              name_zh=f"{brands_of[m.pk][0].name_zh}（{d.name_zh_hant}店）",
                              name_en=f"{brands_of[m.pk][0].name_en} ({d.name_en})",
                              address=f"{STREETS[(i + j) % len(STREETS)]}{10 + j * 7 + i}號地下", district=d,
                              opening_hours="10:00–22:00", phone=f"+8522{(3000000 + i * 10 + j):07d}",
                              lat=lat + rng.uniform(-0.008, 0.008), lng=lng + rng.uniform(-0.008, 0.008)))
    shops = Shop.objects.bulk_create(shops)
    shops_of: dict[int, list[Shop]] = {}
    for s in shops:
        shops_of.setdefault(s.merchant_id, []).append(s)
    offers, offer_shops = [], []
    approved = [m for m in merchants if m.status == Merchant.Status.APPROVED]
    for n in range(400):
        m = approved[n % len(approved)]
        cat = subcats[(n * 7 + m.pk) % len(subcats)]
        title = rng.choice(TITLES.get(cat.code, ["全線貨品 9 折"]))
        fields = {"title_zh_hant": title, "terms_zh_hant": "優惠期內有效，數量有限，送完即止。不可與其他優惠同時使用。"}
        if n % 10 == 3:
            fields = {"title_zh_hans": SIMPLIFIED[n % len(SIMPLIFIED)], "terms_zh_hans": "数量有限，送完即止。"}
        elif n % 10 == 7:
            fields = {"title_en": ENGLISH[n % len(ENGLISH)], "terms_en": "While stocks last."}
        offers.append(Offer(merchant=m, brand=brands_of[m.pk][0], category=cat, valid_from=today - datetime.timedelta(
            days=3), valid_until=today + datetime.timedelta(days=30 + n % 30), is_featured=n % 37 == 0, **fields))
    offers = Offer.objects.bulk_create(offers)
    for o in offers:
        for s in shops_of[o.merchant_id][: 1 + o.pk % 3]:
            offer_shops.append(Offer.shops.through(offer_id=o.pk, shop_id=s.pk))
    Offer.shops.through.objects.bulk_create(offer_shops)
    for o in offers:
        o.merchant = next(m for m in approved if m.pk == o.merchant_id)
        o.brand = brands_of[o.merchant_id][0]
        o.category = next(c for c in subcats if c.pk == o.category_id)
    search_index_bulk(kind=SEARCH_KIND, rows=((o.pk, offer_search_parts(o)) for o in offers))
    users = _users()
    first = approved[0]
    MerchantStaff.objects.update_or_create(user=users["merchant1"], merchant=first,
                                           defaults={"role": MerchantStaff.Role.MANAGER, "shop": None})
    MerchantStaff.objects.update_or_create(user=users["cashier1"], merchant=first,
                                           defaults={"role": MerchantStaff.Role.CASHIER,
                                                     "shop": shops_of[first.pk][0]})
    campaigns = _campaigns(offers, now, users=users, rng=rng)
    return {"merchants": len(merchants), "shops": len(shops), "offers": len(offers), "campaigns": campaigns}


def _campaigns(offers: list[Offer], now: datetime.datetime, *, users: dict[str, Any], rng: random.Random) -> int:
    first_merchant = offers[0].merchant_id
    plans = [  # (offer index, value or None, discount, quota, claimed, per person, claim window start, hours)
        (0, 50, None, 10000, 320, 1, -24 * 5, 24 * 14),
        (58, 100, None, 500, 497, 1, -24 * 4, 24 * 6),     # nearly sold out
        (116, None, 20, 2000, 180, 2, -24 * 3, 24 * 7),
        (174, 30, None, 1000, 0, 1, 24, 24 * 7),           # opens tomorrow
    ]
    count = 0
    for idx, value, pct, quota, claimed, per_person, start_h, hours in plans:
        offer = offers[idx] if idx < len(offers) else offers[0]
        if idx == 0:
            assert offer.merchant_id == first_merchant
        starts = now + datetime.timedelta(hours=start_h)
        campaign = CouponCampaign.objects.create(
            offer=offer, kind="value" if value else "discount", value=value, discount_percent=pct, quota=quota,
            claimed=claimed, per_person_limit=per_person, claim_starts=starts,
            claim_ends=now + datetime.timedelta(hours=start_h + hours), valid_from=min(starts, now),
            valid_until=now + datetime.timedelta(days=45))
        shops = list(offer.shops.all())
        campaign.shops.set(shops)
        if claimed:
            coupons = Coupon.objects.bulk_create([
                Coupon(campaign=campaign, phone=f"+8526{5000000 + idx * 1000 + i:07d}", token=new_token())
                for i in range(claimed)])
            _spread(coupons, starts, now, shops, users, rng)
        count += 1
    _views(offers[:200], now, rng)
    return count


def _spread(coupons: list[Coupon], starts: datetime.datetime, now: datetime.datetime, shops: list[Shop],
            users: dict[str, Any], rng: random.Random) -> None:
    """Claims spread from the campaign's start until now (more on the first days, like a rush),
    about a third redeemed a few hours to two days later at one of its shops — so the dashboards'
    by-day and redemption figures are not empty. auto_now_add is bypassed by bulk_update."""
    span = (now - starts).total_seconds()
    cashier_shop = MerchantStaff.objects.filter(user=users["cashier1"]).values_list("shop_id", flat=True).first()
    for coupon in coupons:
        coupon.claimed_at = starts + datetime.timedelta(seconds=span * rng.random() ** 1.6)
        if rng.random() < 0.35:
            used = coupon.claimed_at + datetime.timedelta(hours=rng.uniform(0.5, 48))
            if used < now:
                shop = rng.choice(shops)
                coupon.redeemed_at, coupon.redeemed_shop = used, shop
                coupon.redeemed_by = users["cashier1"] if shop.pk == cashier_shop else users["merchant1"]
    Coupon.objects.bulk_update(coupons, ["claimed_at", "redeemed_at", "redeemed_shop", "redeemed_by"], batch_size=500)


def _views(offers: list[Offer], now: datetime.datetime, rng: random.Random) -> None:
    today = timezone.localdate(now)
    OfferView.objects.bulk_create([
        OfferView(offer=o, day=today - datetime.timedelta(days=d), count=rng.randint(5, 400 if d < 3 else 120))
        for o in offers for d in range(6)], ignore_conflicts=True)
