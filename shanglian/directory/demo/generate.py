"""Deterministic synthetic enterprises: record ``i`` is the same whatever the total count.

Pure Python (no database): ``enterprise_record(i, year=…)`` returns plain dataclasses that the
loader turns into rows. HK records are written in Traditional Chinese with HK vocabulary,
Mainland records in Simplified Chinese with Mainland vocabulary, ~10% in English.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from shanglian.core.reference_data import GBA_CITIES, HK_DISTRICTS, MAINLAND_CITIES
from shanglian.directory.demo import vocab
from shanglian.directory.demo.identifiers import cn_phone, cn_uscc, hk_br_number, hk_phone, mo_phone
from shanglian.directory.demo.structure import ASSOCIATION_DUES, ASSOCIATION_WEIGHTS, ASSOCIATIONS

DEMO_EMAIL_DOMAIN = ".demo.invalid"  # every demo enterprise and person e-mail ends with this

HK_NAMES = {code: (hant, en) for code, hant, _hans, en in HK_DISTRICTS}
GBA = [code for code, *_ in GBA_CITIES]
MAINLAND = [code for code, *_ in MAINLAND_CITIES]
CITY_HANS = {code: hans for code, _hant, hans, _en in GBA_CITIES + MAINLAND_CITIES}
CITY_EN = {code: en for code, _hant, _hans, en in GBA_CITIES + MAINLAND_CITIES}
ASSOC_SLUGS = [spec.slug for spec in ASSOCIATIONS]
ASSOC_DISTRICTS = {spec.slug: spec.districts for spec in ASSOCIATIONS}
INDUSTRY_CODES = list(vocab.INDUSTRY_WEIGHTS)

# Streets per HK district: (繁, English).
STREETS = {
    "kwun-tong": [("開源道", "Hoi Yuen Road"), ("巧明街", "How Ming Street"), ("鴻圖道", "Hung To Road"),
                  ("觀塘道", "Kwun Tong Road")],
    "eastern": [("英皇道", "King's Road"), ("柴灣道", "Chai Wan Road"), ("新業街", "Sun Yip Street")],
    "sham-shui-po": [("長沙灣道", "Cheung Sha Wan Road"), ("青山道", "Castle Peak Road"),
                     ("荔枝角道", "Lai Chi Kok Road")],
    "kwai-tsing": [("葵涌道", "Kwai Chung Road"), ("葵豐街", "Kwai Fung Street"), ("青衣路", "Tsing Yi Road")],
    "tsuen-wan": [("沙咀道", "Sha Tsui Road"), ("楊屋道", "Yeung Uk Road"), ("海盛路", "Hoi Shing Road")],
    "north": [("新運路", "San Wan Road"), ("沙頭角公路", "Sha Tau Kok Road")],
    "tai-po": [("汀角路", "Ting Kok Road"), ("大埔公路", "Tai Po Road")],
    "sha-tin": [("坳背灣街", "Au Pui Wan Street"), ("源順圍", "Yuen Shun Circuit"), ("山尾街", "Shan Mei Street")],
    "yau-tsim-mong": [("彌敦道", "Nathan Road"), ("廣東道", "Canton Road"), ("砵蘭街", "Portland Street")],
    "wan-chai": [("軒尼詩道", "Hennessy Road"), ("告士打道", "Gloucester Road"), ("駱克道", "Lockhart Road")],
    "central-western": [("德輔道中", "Des Voeux Road Central"), ("皇后大道中", "Queen's Road Central"),
                        ("干諾道西", "Connaught Road West")],
    "sai-kung": [("駿昌街", "Chun Cheong Street"), ("寶邑路", "Po Yap Road")],
    "kowloon-city": [("馬頭圍道", "Ma Tau Wai Road"), ("蕪湖街", "Wuhu Street"),
                     ("太子道西", "Prince Edward Road West")],
    "wong-tai-sin": [("大有街", "Tai Yau Street"), ("彩虹道", "Choi Hung Road")],
    "southern": [("黃竹坑道", "Wong Chuk Hang Road"), ("香葉道", "Heung Yip Road")],
    "yuen-long": [("宏業東街", "Wang Yip Street East"), ("青山公路元朗段", "Castle Peak Road Yuen Long")],
    "tuen-mun": [("建榮街", "Kin Wing Street"), ("屯門鄉事會路", "Tuen Mun Heung Sze Wui Road")],
    "islands": [("東涌道", "Tung Chung Road")],
}
CN_DISTRICTS = {
    "shenzhen": ["南山区", "福田区", "宝安区", "龙岗区"], "guangzhou": ["天河区", "越秀区", "番禺区"],
    "dongguan": ["长安镇", "虎门镇", "松山湖"], "foshan": ["顺德区", "南海区"], "zhuhai": ["香洲区", "横琴"],
    "zhongshan": ["火炬开发区", "小榄镇"], "jiangmen": ["蓬江区"], "huizhou": ["惠城区"], "zhaoqing": ["端州区"],
}
CN_ROADS = ["科技园路", "创业路", "人民路", "建设路", "工业大道", "新城大道", "高新路", "滨海大道"]
HK_BUILDINGS = ["工業大廈", "中心", "商業大廈", "廣場", "工貿中心"]
HK_BUILDINGS_EN = ["Industrial Building", "Centre", "Commercial Building", "Plaza", "Trade Centre"]


@dataclass
class PersonRecord:
    name_zh: str
    name_en: str
    title: str
    email: str
    phone: str


@dataclass
class MembershipRecord:
    association: str
    type: str
    status: str
    start_date: datetime.date
    end_date: datetime.date | None
    dues_amount: Decimal
    dues_status: str
    dues_paid_on: datetime.date | None
    renews_previous: bool = False  # this period continues the previous record of the chain


@dataclass
class EnterpriseRecord:
    index: int
    style: str  # "hk", "cn", "en", "mo"
    name_zh: str
    name_en: str
    br_kind: str
    br_number: str | None
    industry: str
    place: str
    address: str
    phone: str
    email: str
    website: str
    description: str
    employees: str
    associations: list[str]
    contacts: list[PersonRecord] = field(default_factory=list)
    memberships: list[MembershipRecord] = field(default_factory=list)  # chains, oldest first per association


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _english_name(*parts: str) -> str:
    """The parts joined, a word repeated across a joint said once: 隆捷貿易行 is "Lung Chit Trading
    Company", not "… Trading Trading Company" (core "Trading" + suffix "Trading Company")."""
    words: list[str] = []
    for word in " ".join(p for p in parts if p).split():
        if not words or word.lower() != words[-1].lower():
            words.append(word)
    return " ".join(words)


def _suffix(rng: random.Random, table: list[tuple]) -> tuple:
    return rng.choices(table, weights=[row[-1] for row in table])[0]


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", "-") if ch.isascii() and (ch.isalnum() or ch == "-"))


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _person(rng: random.Random, style: str, domain: str, n: int) -> PersonRecord:
    surname = rng.choice(vocab.SURNAMES)
    given = rng.sample(vocab.GIVEN_CHARS, 2)
    if style == "en" and rng.random() < 0.6:
        first, last = rng.choice(vocab.EN_GIVEN), rng.choice(vocab.EN_SURNAMES)
        return PersonRecord("", f"{first} {last}", rng.choice(vocab.EN_TITLES),
                            f"{first.lower()}.{_slug(last)}@{domain}", hk_phone(n, mobile=True))
    if style == "cn":
        name_zh = surname[1] + given[0][1] + given[1][1]
        name_en = f"{surname[3]} {given[0][3]}{given[1][3].lower()}"
        email = f"{_slug(given[0][3] + given[1][3])}.{surname[3].lower()}@{domain}"
        return PersonRecord(name_zh, name_en, rng.choice(vocab.CN_TITLES), email, cn_phone(n, "", mobile=True))
    name_zh = surname[0] + given[0][0] + given[1][0]
    english = rng.choice(vocab.EN_GIVEN)
    if rng.random() < 0.7:
        name_en = f"{english} {surname[2]} {given[0][2]} {given[1][2]}"
        local = f"{english.lower()}.{surname[2].lower()}"
    else:
        name_en = f"{surname[2]} {given[0][2]} {given[1][2]}"
        local = f"{given[0][2]}{given[1][2]}.{surname[2]}".lower()
    title = rng.choice(vocab.EN_TITLES if style == "en" else vocab.HK_TITLES)
    phone = mo_phone(n, mobile=True) if style == "mo" else hk_phone(n, mobile=True)
    return PersonRecord(name_zh, name_en, title, f"{local}@{domain}", phone)


def _memberships(rng: random.Random, slug: str, year: int, today: datetime.date) -> list[MembershipRecord]:
    """A membership chain in one association: history periods (renewed) then the current state."""
    dues = Decimal(ASSOCIATION_DUES[slug])
    roll = rng.random()
    if roll < 0.04:  # honorary
        start = datetime.date(year - rng.randint(1, 15), 7, 1)
        return [MembershipRecord(slug, "honorary", "active", start, None, Decimal(0), "waived", None)]
    if roll < 0.07:  # life
        start = datetime.date(year - rng.randint(1, 20), rng.randint(1, 12), 1)
        return [MembershipRecord(slug, "life", "active", start, None, dues * 8, "paid", start)]
    joined = year - min(int(rng.expovariate(0.25)), 20)
    history_years = list(range(max(joined, year - 3), year))
    chain: list[MembershipRecord] = []
    for offset, y in enumerate(history_years):
        start = datetime.date(y, 1, 1) if (offset or y != joined) else datetime.date(y, rng.randint(1, 12), 1)
        chain.append(MembershipRecord(slug, "corporate", "renewed", start, datetime.date(y, 12, 31), dues, "paid",
                                      datetime.date(y, rng.randint(1, 3), rng.randint(1, 28)),
                                      renews_previous=bool(chain)))
    state = rng.random()
    if state < 0.07 and chain:  # lapsed: last period expired, not renewed
        chain[-1].status = "expired"
        return chain
    if state < 0.08 and chain:
        chain[-1].status = "terminated"
        return chain
    start = datetime.date(year, rng.randint(1, today.month), 1) if joined == year else datetime.date(year, 1, 1)
    status = "pending" if state > 0.98 else "active"
    pay = rng.random()
    if status == "pending" or pay < 0.12:
        dues_status, paid_on = "unpaid", None
    elif pay < 0.15:
        dues_status, paid_on = "waived", None
    else:
        dues_status, paid_on = "paid", min(today, start + datetime.timedelta(days=rng.randint(3, 80)))
    chain.append(MembershipRecord(slug, "corporate", status, start, datetime.date(year, 12, 31), dues, dues_status,
                                  paid_on, renews_previous=bool(chain)))
    return chain


def _hk_address(rng: random.Random, district: str, english: bool) -> str:
    street_zh, street_en = rng.choice(STREETS.get(district, STREETS["kwun-tong"]))
    number, floor, unit = rng.randint(1, 220), rng.randint(1, 28), rng.randint(1, 20)
    b = rng.randrange(len(HK_BUILDINGS))
    brand = rng.choice(vocab.BRAND_CHARS)
    if english:
        return (f"Unit {unit}, {floor}/F, {brand[2]} {HK_BUILDINGS_EN[b]}, {number} {street_en}, "
                f"{HK_NAMES[district][1]}, Hong Kong")
    area = "" if street_zh.startswith(HK_NAMES[district][0]) else HK_NAMES[district][0]
    return f"香港{area}{street_zh}{number}號{brand[0]}{HK_BUILDINGS[b]}{floor}樓{unit}室"


def _cn_address(rng: random.Random, city: str) -> str:
    district = rng.choice(CN_DISTRICTS.get(city, ["高新区", "经济技术开发区"]))
    return (f"{CITY_HANS[city]}市{district}{rng.choice(CN_ROADS)}{rng.randint(1, 999)}号"
            f"{rng.choice(['', 'A座', 'B栋'])}{rng.randint(1, 30)}楼")


def enterprise_record(index: int, *, today: datetime.date) -> EnterpriseRecord:
    rng = random.Random(f"shanglian-demo-enterprise-{index}")
    year = today.year
    primary = _weighted(rng, ASSOCIATION_WEIGHTS)
    associations = [primary]
    if rng.random() < 0.08:
        other = rng.choice([s for s in ASSOC_SLUGS if s != primary])
        associations.append(other)
    industry = _weighted(rng, vocab.INDUSTRY_WEIGHTS)
    hk_cores, cn_cores, en_cores, hk_what, cn_what, en_what = vocab.INDUSTRY_WORDS[industry]
    core_i = rng.randrange(len(hk_cores))
    roll = rng.random()
    style = "cn" if roll < 0.20 else "en" if roll < 0.30 else "mo" if roll < 0.31 else "hk"
    founded = rng.randint(1962, 2024)
    experience = max(3, (2025 - founded) // 5 * 5)
    b1, b2 = rng.sample(vocab.BRAND_CHARS, 2)
    while b1[0] + b2[0] in vocab.REAL_BRAND_PAIRS:
        b1, b2 = rng.sample(vocab.BRAND_CHARS, 2)
    n = index * 7 + 13
    employees = rng.choices(["1-9", "10-49", "50-249", "250-999", "1000+"], weights=[40, 35, 17, 6, 2])[0]

    if style == "cn":
        city = rng.choice(GBA) if rng.random() < 0.7 else rng.choice(MAINLAND)
        place = city
        brand_zh, brand_en = b1[1] + b2[1], b1[3] + b2[3].lower()
        suffix_zh, suffix_en, _w = _suffix(rng, vocab.CN_SUFFIXES)
        core_zh, core_en = cn_cores[core_i], en_cores[core_i]
        if rng.random() < 0.6:
            name_zh = f"{CITY_HANS[city]}市{brand_zh}{core_zh}{suffix_zh}"
        else:
            name_zh = f"{brand_zh}{core_zh}（{CITY_HANS[city]}）{suffix_zh}"
        name_en = _english_name(CITY_EN[city], brand_en, core_en, suffix_en) if rng.random() < 0.8 else ""
        what = rng.choice(cn_what)
        extra = rng.choice(vocab.CN_EXTRAS).format(n=experience)
        description = rng.choice(vocab.CN_TEMPLATES).format(
            brand=brand_zh, year=founded, city=CITY_HANS[city], what=what, extra=extra, core=core_zh,
            market=rng.choice(vocab.CN_MARKETS))
        if rng.random() < 0.4:
            description += f"同时提供{rng.choice([w for w in cn_what if w != what] or cn_what)}。"
        address = _cn_address(rng, city)
        br_kind, br_number = "cn_uscc", cn_uscc(index, city)
        phone = cn_phone(n, city)
    else:
        if rng.random() < 0.75:
            district = rng.choice(ASSOC_DISTRICTS[primary])
        else:
            district = rng.choice([code for code, *_ in HK_DISTRICTS])
        place = "macao" if style == "mo" else district
        district_zh, district_en = ("澳門", "Macao") if style == "mo" else HK_NAMES[district]
        brand_zh, brand_en = b1[0] + b2[0], f"{b1[2]} {b2[2]}"
        core_zh, core_en = hk_cores[core_i], en_cores[core_i]
        suffix_zh, suffix_en, _w = _suffix(rng, vocab.HK_SUFFIXES)
        prefix_zh, prefix_en = (district_zh, district_en + " ") if rng.random() < 0.2 else ("", "")
        name_zh = f"{prefix_zh}{brand_zh}{core_zh}{suffix_zh}"
        name_en = _english_name(prefix_en, brand_en, core_en, suffix_en) if rng.random() < 0.9 else ""
        if style == "en":
            first = rng.choice(vocab.EN_BRAND_FIRST)
            second = rng.choice(vocab.EN_BRAND_SECOND)
            en_suffix = _suffix(rng, vocab.EN_SUFFIXES)[0]
            name_en = _english_name(first, second, core_en, en_suffix)
            brand_en = " ".join(p for p in (first, second) if p)
            if rng.random() < 0.7:
                name_zh = ""  # English only
            what = rng.choice(en_what)
            description = rng.choice(vocab.EN_TEMPLATES).format(
                brand=brand_en, year=founded, district=district_en, what=what,
                extra=rng.choice(vocab.EN_EXTRAS).format(n=experience), market=rng.choice(vocab.EN_MARKETS))
        else:
            what = rng.choice(hk_what)
            extra = rng.choice(vocab.HK_EXTRAS).format(n=experience, district=district_zh)
            description = rng.choice(vocab.HK_TEMPLATES).format(
                brand=brand_zh, year=founded, district=district_zh, what=what, extra=extra, core=core_zh,
                market=rng.choice(vocab.HK_MARKETS))
            if rng.random() < 0.4:
                description += f"另提供{rng.choice([w for w in hk_what if w != what] or hk_what)}。"
        if style == "mo":
            street = rng.choice(["新口岸宋玉生廣場", "新口岸友誼大馬路", "氹仔孫逸仙大馬路", "黑沙環馬場大馬路"])
            address = f"澳門{street}{rng.randint(1, 300)}號{rng.randint(1, 25)}樓"
            br_kind, br_number, phone = "", None, mo_phone(n)
        else:
            address = _hk_address(rng, district, english=style == "en")
            has_br = rng.random() < 0.97
            br_kind, br_number = ("hk_br", hk_br_number(index)) if has_br else ("", None)
            phone = hk_phone(n)
    domain = f"{_slug(brand_en)[:24].strip('-') or 'company'}-{_base36(index)}{DEMO_EMAIL_DOMAIN}"
    record = EnterpriseRecord(
        index=index, style=style, name_zh=name_zh, name_en=name_en, br_kind=br_kind, br_number=br_number,
        industry=industry, place=place, address=address, phone=phone, email=f"info@{domain}",
        website=f"https://www.{domain}" if rng.random() < 0.5 else "", description=description,
        employees=employees, associations=associations,
    )
    for k in range(1 if rng.random() < 0.6 else 2):
        record.contacts.append(_person(rng, style, domain, n + k))
    for slug in associations:
        record.memberships.extend(_memberships(rng, slug, year, today))
    return record
