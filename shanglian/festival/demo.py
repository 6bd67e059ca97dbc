"""Demo data for the festival (``manage.py demo`` calls load_demo): the current edition, ~60
merchants with ~200 shops over the 18 districts, ~400 offers (mostly 繁體, some 简体 / English),
a few coupon campaigns (one nearly sold out) with claims spread over the last days, about a third
redeemed, daily offer views; demo logins merchant1 (manager) and cashier1
(counter staff), password demo12345. Idempotent; bulk inserts, a few seconds."""

from __future__ import annotations

import datetime
import random
import zoneinfo
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
from shanglian.festival.services import SEARCH_KIND, brand_reindex, offer_search_parts
from shanglian.text.script import to_simplified

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
# Company name stems (fictional; none is a real chain's name) with their romanisation.
COMPANY_STEMS = [("金記", "Kam Kee"), ("大同", "Tai Tung"), ("美華", "Mei Wah"), ("華豐", "Wah Fung"),
                 ("利興", "Lee Hing"), ("永興", "Wing Hing"), ("新光", "San Kwong"), ("恒昌", "Hang Cheong"),
                 ("福滿", "Fook Mun"), ("寶華", "Po Wah"), ("祥興", "Cheung Hing"), ("合興", "Hop Hing"),
                 ("東興", "Tung Hing"), ("信誠", "Shun Shing"), ("嘉利", "Ka Lee"), ("萬年", "Man Nin"),
                 ("德昌", "Tak Cheong"), ("源記", "Yuen Kee"), ("百益", "Pak Yik"), ("好運", "Ho Wan")]

# What each kind of merchant sells: its brands (name suffix 繁體 / English) and, per brand, the
# categories and offers (繁體, English) that fit it — a restaurant group sells meals, not shoes.
TRADES: list[tuple[str, str, list[tuple[str, str, dict[str, list[tuple[str, str]]]]]]] = [
    ("餐飲集團", "Catering Group", [
        ("茶餐廳", "Cafe", {"cha-chaan-teng": [("港式奶茶買一送一", "Buy one get one free milk tea"),
                                               ("菠蘿油加奶茶 $28", "Pineapple bun and milk tea $28"),
                                               ("常餐免費升級凍飲", "Free iced drink upgrade with set meals")]}),
        ("小廚", "Kitchen", {"restaurants": [("二人晚市套餐 $388", "Dinner set for two $388"),
                                            ("點心半價（下午 2 時至 5 時）", "Dim sum half price 2-5pm"),
                                            ("火鍋放題 85 折", "15% off hot pot buffet")]}),
    ]),
    ("時裝有限公司", "Fashion Ltd", [
        ("時裝", "Fashion", {"fashion": [("全場時裝 8 折", "20% off all fashion"),
                                        ("冬季新裝買二送一", "Winter collection: buy two get one free"),
                                        ("會員額外九折", "Members get an extra 10% off")]}),
        ("鞋履", "Shoes", {"shoes": [("波鞋第二對半價", "Second pair of sneakers half price"),
                                    ("皮鞋全線 85 折", "15% off all leather shoes")]}),
    ]),
    ("眼鏡公司", "Optical Co", [
        ("眼鏡", "Optical", {"accessories": [("眼鏡連鏡片套餐 $399", "Frames and lenses from $399"),
                                            ("免費驗眼", "Free eye test with any glasses"),
                                            ("太陽眼鏡 8 折", "20% off sunglasses")]}),
    ]),
    ("鐘錶行", "Watch Co", [
        ("鐘錶", "Watches", {"accessories": [("手錶免費清洗及保養", "Free watch cleaning and service"),
                                            ("指定名錶 9 折", "10% off selected watches")]}),
    ]),
    ("電器行", "Electrical", [
        ("電器", "Electrical", {"electronics": [("手機即減 $500", "HK$500 off mobile phones"),
                                               ("冷氣機免費安裝", "Free air-conditioner installation"),
                                               ("電視以舊換新", "Trade in your old TV")],
                               "home": [("電飯煲及廚具 85 折", "15% off rice cookers and cookware")]}),
    ]),
    ("傢俬有限公司", "Furniture Ltd", [
        ("傢俬", "Furniture", {"furniture": [("梳化免費送貨", "Free sofa delivery"),
                                            ("全屋傢俬 88 折", "12% off home furniture")],
                              "home": [("床上用品 7 折", "30% off bedding")]}),
    ]),
    ("旅行社", "Travel", [
        ("旅遊", "Travel", {"travel": [("大灣區兩天團每位減 $200", "GBA two-day tour HK$200 off per person"),
                                      ("郵輪假期早鳥優惠", "Early-bird cruise holidays")],
                           "hotels": [("本地住宿套票 75 折", "Staycation packages 25% off")]}),
    ]),
    ("醫務中心", "Medical Centre", [
        ("醫務", "Clinic", {"health": [("身體檢查計劃 75 折", "Health check plans 25% off"),
                                      ("中醫針灸首次 $199", "First acupuncture session $199")]}),
    ]),
    ("美容集團", "Beauty Group", [
        ("美容", "Beauty", {"beauty": [("剪髮連洗吹 $88", "Haircut, wash and blow-dry $88"),
                                      ("面部護理首次體驗 $168", "First facial $168")]}),
        ("美妝", "Cosmetics", {"cosmetics": [("護膚套裝低至 7 折", "Skincare sets from 30% off"),
                                            ("香水禮盒 85 折", "15% off fragrance gift sets")]}),
    ]),
    ("餅家", "Bakery", [
        ("餅家", "Bakery", {"bakery": [("蛋撻半打 $30", "Half a dozen egg tarts $30"),
                                      ("生日蛋糕 9 折", "10% off birthday cakes"),
                                      ("老婆餅禮盒第二盒半價", "Second box of wife cakes half price")]}),
    ]),
    ("教育中心", "Education Centre", [
        ("學苑", "Academy", {"education": [("兒童英語課程免報名費", "No enrolment fee for children's English"),
                                          ("IT 證書課程減 $500", "HK$500 off IT certificate courses")]}),
    ]),
    ("汽車服務公司", "Motor Services", [
        ("車行", "Motors", {"motoring": [("汽車美容 8 折", "20% off car detailing"),
                                        ("免費車輛安全檢查", "Free vehicle safety check")]}),
    ]),
    ("食品有限公司", "Foods Ltd", [
        ("海味", "Dried Seafood", {"grocery": [("海味乾貨全線 85 折", "15% off dried seafood")]}),
        ("鮮果", "Fruit", {"grocery": [("有機蔬果滿 $300 減 $50", "HK$50 off organic produce over HK$300")]}),
    ]),
    ("保險代理", "Insurance Agency", [
        ("保險", "Insurance", {"finance": [("旅遊保險 8 折", "20% off travel insurance"),
                                          ("家居保險首年 85 折", "15% off home insurance in the first year")]}),
    ]),
]

# Real streets of each district (a 中西區 shop is not on 彌敦道, a 灣仔 shop not on 皇后大道中).
STREETS = {
    "central-western": ["皇后大道中", "德輔道中", "威靈頓街", "德輔道西", "干諾道西"],
    "wan-chai": ["軒尼詩道", "莊士敦道", "駱克道", "謝斐道", "灣仔道"],
    "eastern": ["英皇道", "筲箕灣道", "太古城道", "柴灣道", "渣華道"],
    "southern": ["香港仔大道", "南寧街", "鴨脷洲大街", "赤柱新街"],
    "yau-tsim-mong": ["彌敦道", "廣東道", "西洋菜南街", "加連威老道", "上海街"],
    "sham-shui-po": ["長沙灣道", "北河街", "福華街", "欽州街", "大南街"],
    "kowloon-city": ["衙前圍道", "土瓜灣道", "蕪湖街", "太子道西", "侯王道"],
    "wong-tai-sin": ["龍翔道", "彩虹道", "沙田坳道", "鳳德道"],
    "kwun-tong": ["觀塘道", "開源道", "巧明街", "牛頭角道", "鯉魚門道"],
    "kwai-tsing": ["葵涌道", "興芳路", "大連排道", "青衣鄉事會路"],
    "tsuen-wan": ["沙咀道", "眾安街", "大河道", "青山公路荃灣段"],
    "tuen-mun": ["屯門鄉事會路", "屯喜路", "屯順街", "青山公路屯門段"],
    "yuen-long": ["教育路", "大棠路", "鳳翔路", "青山公路元朗段"],
    "north": ["新運路", "新豐路", "和豐街", "彩園路"],
    "tai-po": ["寶鄉街", "廣福道", "安邦路", "汀角路"],
    "sha-tin": ["沙田正街", "積福街", "車公廟路", "西沙路"],
    "sai-kung": ["西貢大街", "普通道", "唐德街", "培成路"],
    "islands": ["達東路", "銀礦灣路", "新興街", "大澳街市街"],
}
HK = zoneinfo.ZoneInfo("Asia/Hong_Kong")
OPENS, CLOSES = 10, 22  # shops' hours, and the hours coupons can be claimed


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=HK)


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
    categories = {c.code: c for c in Category.objects.filter(parent__isnull=False)}
    trade_of: dict[int, int] = {}
    merchants = []
    for i in range(62):
        (stem, stem_en), (kind, kind_en, _brands) = COMPANY_STEMS[i % 20], TRADES[i % len(TRADES)]
        merchants.append(Merchant(edition=edition, name_zh=f"{stem}{kind}", name_en=f"{stem_en} {kind_en}",
                                  contact_name="陳先生", contact_phone=f"+852212{i:05d}"[:12],
                                  status=Merchant.Status.APPLIED if i >= 58 else Merchant.Status.APPROVED))
    merchants = Merchant.objects.bulk_create(merchants)
    brand_rows, brand_offers = [], []
    for i, m in enumerate(merchants):
        trade_of[m.pk] = i % len(TRADES)
        stem, stem_en = COMPANY_STEMS[i % 20]
        for suffix, suffix_en, offers_by_category in TRADES[i % len(TRADES)][2]:
            brand_rows.append(Brand(merchant=m, name_zh=f"{stem}{suffix}", name_en=f"{stem_en} {suffix_en}"))
            brand_offers.append(offers_by_category)
    brands = Brand.objects.bulk_create(brand_rows)
    brand_reindex(brands=brands)
    offers_of_brand = {b.pk: o for b, o in zip(brands, brand_offers, strict=True)}
    brands_of: dict[int, list[Brand]] = {}
    for b in brands:
        brands_of.setdefault(b.merchant_id, []).append(b)
    shops = []
    for i, m in enumerate(merchants):
        for j in range(3 + (i % 2) + (1 if i % 5 == 0 else 0)):
            d = districts[(i * 3 + j) % len(districts)]
            lat, lng = CENTRES.get(d.code, (22.32, 114.17))
            brand = brands_of[m.pk][j % len(brands_of[m.pk])]
            streets = STREETS.get(d.code, ["大街"])
            shops.append(Shop(merchant=m, brand=brand, name_zh=f"{brand.name_zh}（{d.name_zh_hant}店）",
                              name_en=f"{brand.name_en} ({d.name_en})",
                              address=f"{streets[(i + j) % len(streets)]}{8 + (i * 7 + j * 13) % 180}號地下",
                              district=d, opening_hours=f"{OPENS}:00–{CLOSES}:00",
                              phone=f"+8522{(3000000 + i * 10 + j):07d}",
                              lat=lat + rng.uniform(-0.008, 0.008), lng=lng + rng.uniform(-0.008, 0.008)))
    shops = Shop.objects.bulk_create(shops)
    shops_of_brand: dict[int, list[Shop]] = {}
    for s in shops:
        shops_of_brand.setdefault(s.brand_id, []).append(s)
    offers, offer_shops = [], []
    approved = [m for m in merchants if m.status == Merchant.Status.APPROVED]
    previous = ""
    for n in range(400):
        m = approved[n % len(approved)]
        brand = brands_of[m.pk][(n // len(approved)) % len(brands_of[m.pk])]
        code = rng.choice(sorted(offers_of_brand[brand.pk]))
        choices = [t for t in offers_of_brand[brand.pk][code] if t[0] != previous] or offers_of_brand[brand.pk][code]
        title, title_en = rng.choice(choices)
        previous = title
        fields = {"title_zh_hant": title, "title_en": title_en,
                  "terms_zh_hant": "優惠期內有效，數量有限，送完即止。不可與其他優惠同時使用。",
                  "terms_en": "While stocks last. Cannot be combined with other offers."}
        if n % 10 == 3:  # written by a Mainland merchant
            fields = {"title_zh_hans": to_simplified(title), "terms_zh_hans": "数量有限，送完即止。"}
        elif n % 10 == 7:  # written in English only
            fields = {"title_en": title_en, "terms_en": "While stocks last."}
        offers.append(Offer(merchant=m, brand=brand, category=categories[code],
                            valid_from=today - datetime.timedelta(days=3),
                            valid_until=today + datetime.timedelta(days=30 + n % 30), is_featured=n % 37 == 0,
                            **fields))
    plans = _plan_offers(offers, approved, trade_of, categories, offers_of_brand)
    offers = Offer.objects.bulk_create(offers)
    for o in offers:
        for s in shops_of_brand[o.brand_id][: 1 + o.pk % 3]:
            offer_shops.append(Offer.shops.through(offer_id=o.pk, shop_id=s.pk))
    Offer.shops.through.objects.bulk_create(offer_shops)
    by_pk = {m.pk: m for m in approved}
    brand_by_pk = {b.pk: b for b in brands}
    for o in offers:
        o.merchant, o.brand = by_pk[o.merchant_id], brand_by_pk[o.brand_id]
    search_index_bulk(kind=SEARCH_KIND, rows=((o.pk, offer_search_parts(o)) for o in offers))
    users = _users()
    first = approved[0]
    MerchantStaff.objects.update_or_create(user=users["merchant1"], merchant=first,
                                           defaults={"role": MerchantStaff.Role.MANAGER, "shop": None})
    MerchantStaff.objects.update_or_create(user=users["cashier1"], merchant=first,
                                           defaults={"role": MerchantStaff.Role.CASHIER,
                                                     "shop": _cashier_shop(offers, plans, shops)})
    campaigns = _campaigns(offers, plans, now, users=users, rng=rng)
    return {"merchants": len(merchants), "shops": len(shops), "offers": len(offers), "campaigns": campaigns}


# Coupon campaigns: (trade, category, offer title 繁體 / English, voucher value or None, discount %,
# quota, claimed, per person, claim window opens (days from today), closes (days from today)).
# The offer's words say what the coupon gives, so 「皮鞋滿 $800 減 $100」 comes with a HK$100 voucher.
CAMPAIGNS = [
    ("餐飲集團", "restaurants", ("堂食滿 $300 即減 $50", "HK$50 off dine-in bills over HK$300"),
     50, None, 10000, 320, 1, -5, 9),
    ("時裝有限公司", "shoes", ("皮鞋滿 $800 減 $100", "HK$100 off leather shoes over HK$800"),
     100, None, 500, 497, 1, -4, 2),                                       # nearly sold out
    ("美容集團", "cosmetics", ("護膚品 8 折優惠券", "20% off skincare"), None, 20, 2000, 180, 2, -3, 4),
    ("電器行", "home", ("小家電即減 $30", "HK$30 off small appliances"), 30, None, 1000, 0, 1, 1, 8),  # opens tomorrow
]


def _plan_offers(offers: list[Offer], approved: list[Merchant], trade_of: dict[int, int],
                 categories: dict[str, Category], offers_of_brand: dict[int, dict]) -> list[tuple[int, tuple]]:
    """Pick one offer per campaign from a merchant of the right trade (the first campaign from the
    demo login merchant1's own merchant) and word it to match the coupon."""
    plans, used = [], set()
    for plan in CAMPAIGNS:
        kind, code, (title, title_en) = plan[0], plan[1], plan[2]
        for idx, o in enumerate(offers):
            trade = TRADES[trade_of[o.merchant_id]][0]
            if idx in used or trade != kind or (not plans and o.merchant_id != approved[0].pk):
                continue
            if code not in offers_of_brand[o.brand_id]:
                continue
            o.category = categories[code]
            o.title_zh_hant, o.title_zh_hans, o.title_en = title, "", title_en
            o.terms_zh_hant = "憑券於適用分店使用，每張優惠券限用一次，不設找續。"
            o.terms_zh_hans, o.terms_en = "", "One coupon per bill at the listed shops; no change given."
            used.add(idx)
            plans.append((idx, plan))
            break
    return plans


def _cashier_shop(offers: list[Offer], plans: list[tuple[int, tuple]], shops: list[Shop]) -> Shop:
    """cashier1 works at a shop where merchant1's coupon campaign can be redeemed."""
    brand_id = offers[plans[0][0]].brand_id
    return next(s for s in shops if s.brand_id == brand_id)


def _campaigns(offers: list[Offer], plans: list[tuple[int, tuple]], now: datetime.datetime, *,
               users: dict[str, Any], rng: random.Random) -> int:
    today = timezone.localdate(now)
    count = 0
    for idx, (_trade, _code, _title, value, pct, quota, claimed, per_person, opens, closes) in plans:
        offer = offers[idx]
        starts, ends = _at(today + datetime.timedelta(days=opens), OPENS), _at(today + datetime.timedelta(days=closes),
                                                                               CLOSES)
        campaign = CouponCampaign.objects.create(
            offer=offer, kind="value" if value else "discount", value=value, discount_percent=pct, quota=quota,
            claimed=claimed, per_person_limit=per_person, claim_starts=starts, claim_ends=ends,
            valid_from=starts, valid_until=_at(today + datetime.timedelta(days=45), CLOSES))
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


def _in_hours(moment: datetime.datetime, rng: random.Random) -> datetime.datetime:
    """The same day between opening and closing time (people claim and shop while shops are open)."""
    local = moment.astimezone(HK)
    if OPENS <= local.hour < CLOSES:
        return moment
    return _at(local.date(), OPENS) + datetime.timedelta(minutes=rng.randrange((CLOSES - OPENS) * 60))


def _spread(coupons: list[Coupon], starts: datetime.datetime, now: datetime.datetime, shops: list[Shop],
            users: dict[str, Any], rng: random.Random) -> None:
    """Claims spread from the campaign's start until now (more on the first days, like a rush),
    about a third redeemed a few hours to two days later at one of its shops — so the dashboards'
    by-day and redemption figures are not empty. auto_now_add is bypassed by bulk_update."""
    span = (now - starts).total_seconds()
    cashier_shop = MerchantStaff.objects.filter(user=users["cashier1"]).values_list("shop_id", flat=True).first()
    for coupon in coupons:
        claimed_at = _in_hours(starts + datetime.timedelta(seconds=span * rng.random() ** 1.6), rng)
        coupon.claimed_at = claimed_at if starts <= claimed_at <= now else starts
        if rng.random() < 0.35:
            used = _in_hours(coupon.claimed_at + datetime.timedelta(hours=rng.uniform(0.5, 48)), rng)
            if coupon.claimed_at <= used < now:
                shop = rng.choice(shops)
                coupon.redeemed_at, coupon.redeemed_shop = used, shop
                coupon.redeemed_by = users["cashier1"] if shop.pk == cashier_shop else users["merchant1"]
    Coupon.objects.bulk_update(coupons, ["claimed_at", "redeemed_at", "redeemed_shop", "redeemed_by"], batch_size=500)


def _views(offers: list[Offer], now: datetime.datetime, rng: random.Random) -> None:
    today = timezone.localdate(now)
    OfferView.objects.bulk_create([
        OfferView(offer=o, day=today - datetime.timedelta(days=d), count=rng.randint(5, 400 if d < 3 else 120))
        for o in offers for d in range(6)], ignore_conflicts=True)
