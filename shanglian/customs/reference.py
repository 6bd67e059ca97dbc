# ruff: noqa: E501 — data tables read better one row a line
"""The rules shipped with the app (loaded by migration 0002 and by ``manage.py demo``; idempotent):
limits of 財關稅〔2016〕18號 and 〔2018〕49號, a few tax-rate rows, the code tables we use, and the
demo subset of the 2022 positive list (``data/positive_list_2022_demo.tsv``). The secretariat
edits all of it in the admin; what is shipped is a starting point, see docs/customs.md."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from shanglian.core.reading import opencc_convert

DATA = Path(__file__).resolve().parent / "data"
D = datetime.date

LIMITS = [
    # valid_from, valid_to, per order, annual, zh_hant, zh_hans, en, source
    (D(2016, 4, 8), D(2018, 12, 31), "2000", "20000", "跨境電商零售進口稅收政策（2016）",
     "跨境电商零售进口税收政策（2016）", "Cross-border retail import tax policy (2016)", "財關稅〔2016〕18號"),
    (D(2019, 1, 1), None, "5000", "26000", "完善跨境電商零售進口稅收政策（2019 起）",
     "完善跨境电商零售进口税收政策（2019 起）", "Improved cross-border retail import tax policy (from 2019)", "財關稅〔2018〕49號"),
]

# hs prefix, vat, ct, mfn tariff, zh_hant, en  (illustrative rates; the secretariat keeps them current)
TAX_RATES = [
    ("4901", "0.09", "0", "0", "圖書（增值稅 9%）", "Books (9 % VAT)"),
    ("2204", "0.13", "0.10", "0.14", "葡萄酒（消費稅 10%）", "Wine (10 % consumption tax)"),
    ("2208", "0.13", "0.20", "0.10", "烈酒（從價消費稅 20%）", "Spirits (20 % ad-valorem consumption tax)"),
    ("3303", "0.13", "0.15", "0.03", "香水（高檔化妝品消費稅 15%）", "Perfume (15 % consumption tax, high-end cosmetics)"),
    ("9102", "0.13", "0", "0.08", "手錶（每隻 ¥10,000 以下不徵消費稅）", "Watches (no consumption tax below ¥10,000 each)"),
    ("8471", "0.13", "0", "0", "電腦", "Computers"),
    ("6403", "0.13", "0", "0.10", "皮鞋", "Leather footwear"),
]

CODES: dict[str, list[tuple[str, str, str, str]]] = {
    "id_type": [("1", "身份證", "身份证", "Resident identity card")],
    "currency": [("142", "人民幣", "人民币", "Renminbi (CNY)"), ("110", "港幣", "港币", "Hong Kong dollar"),
                 ("502", "美元", "美元", "US dollar"), ("300", "歐元", "欧元", "Euro")],
    "country": [("110", "中國香港", "中国香港", "Hong Kong, China"), ("116", "日本", "日本", "Japan"),
                ("133", "韓國", "韩国", "Korea"), ("132", "新加坡", "新加坡", "Singapore"),
                ("136", "泰國", "泰国", "Thailand"), ("304", "德國", "德国", "Germany"),
                ("305", "法國", "法国", "France"), ("307", "意大利", "意大利", "Italy"),
                ("303", "英國", "英国", "United Kingdom"), ("502", "美國", "美国", "United States"),
                ("601", "澳大利亞", "澳大利亚", "Australia"), ("609", "新西蘭", "新西兰", "New Zealand"),
                ("142", "中國", "中国", "China")],
    "unit": [("007", "個", "个", "piece"), ("011", "件", "件", "item"), ("012", "雙", "双", "pair"),
             ("035", "千克", "千克", "kilogram"), ("036", "克", "克", "gram"), ("095", "升", "升", "litre"),
             ("096", "毫升", "毫升", "millilitre"), ("140", "盒", "盒", "box"), ("142", "瓶", "瓶", "bottle")],
    "customs": [("3700", "廈門關區（示範）", "厦门关区（示范）", "Xiamen customs district (demo)"),
                ("3500", "福州關區（示範）", "福州关区（示范）", "Fuzhou customs district (demo)")],
    "transport": [("4", "公路運輸", "公路运输", "Road"), ("5", "航空運輸", "航空运输", "Air"),
                  ("2", "水路運輸", "水路运输", "Waterway")],
}


def hant(text: str) -> str:
    return opencc_convert("s2hk", text) if text else ""


def read_positive_list(path: Path | None = None) -> list[dict[str, str]]:
    with (path or DATA / "positive_list_2022_demo.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def load_rules(models: Any = None) -> dict[str, int]:
    """Create the shipped rows that are missing (``models``: a namespace with the model classes,
    the historical ones in a migration)."""
    if models is None:
        from shanglian.customs import models as m
        models = m
    made = {"limits": 0, "rates": 0, "codes": 0, "items": 0}
    for valid_from, valid_to, per_order, annual, zh_hant, zh_hans, en, source in LIMITS:
        _, created = models.LimitRule.objects.get_or_create(valid_from=valid_from, defaults={
            "valid_to": valid_to, "per_order_limit": Decimal(per_order), "annual_limit": Decimal(annual),
            "label_zh_hant": zh_hant, "label_zh_hans": zh_hans, "label_en": en, "source": source,
            "tax_factor": Decimal("0.7"), "default_vat_rate": Decimal("0.13"), "amount_tolerance": Decimal("0.05")})
        made["limits"] += created
    for prefix, vat, ct, tariff, zh_hant, en in TAX_RATES:
        _, created = models.TaxRate.objects.get_or_create(hs_prefix=prefix, valid_from=D(2019, 4, 1), defaults={
            "vat_rate": Decimal(vat), "ct_rate": Decimal(ct), "tariff_rate": Decimal(tariff),
            "label_zh_hant": zh_hant, "label_zh_hans": opencc_convert("hk2s", zh_hant), "label_en": en})
        made["rates"] += created
    for table, rows in CODES.items():
        for code, zh_hant, zh_hans, en in rows:
            _, created = models.CodeEntry.objects.get_or_create(table=table, code=code, valid_from=D(2019, 1, 1),
                                                                defaults={"label_zh_hant": zh_hant,
                                                                          "label_zh_hans": zh_hans, "label_en": en})
            made["codes"] += created
    version, _ = models.PositiveListVersion.objects.get_or_create(code="2022-demo", defaults={
        "valid_from": D(2022, 3, 1), "official_count": 1476,
        "title_zh_hant": "跨境電子商務零售進口商品清單（2022年版）示範子集",
        "title_zh_hans": "跨境电子商务零售进口商品清单（2022年版）示范子集",
        "title_en": "Cross-border e-commerce retail import list (2022 edition), demo subset",
        "source": "財政部等八部門公告2022年第7號（2022-03-01 起）"})
    # add the shipped lines that are missing (lines the secretariat edited stay as edited)
    have = set(version.items.values_list("hs_code", flat=True))
    items = [models.PositiveListItem(
        version=version, hs_code=row["hs_code"], name_zh_hans=row["name_zh_hans"],
        name_zh_hant=hant(row["name_zh_hans"]), name_en=row["name_en"],
        remark_zh_hans=row["remark_zh_hans"], remark_zh_hant=hant(row["remark_zh_hans"]),
        remark_en=row["remark_en"], modes=row["modes"],
        max_net_weight=Decimal(row["max_net_weight"]) if row["max_net_weight"] else None,
        excluded_names=row["excluded_names"]) for row in read_positive_list() if row["hs_code"] not in have]
    models.PositiveListItem.objects.bulk_create(items)
    made["items"] = len(items)
    return made
