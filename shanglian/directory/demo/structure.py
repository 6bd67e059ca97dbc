"""The real structure of the federation: itself and its 15 member associations.

Facts (names, founding, renaming) are real; English names are descriptive translations used by
the demo, and the office-bearers loaded by ``people``/``loader`` are fictional.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class AssociationSpec:
    slug: str
    name_zh: str
    name_en: str
    short_name_zh: str
    districts: tuple[str, ...]


FEDERATION = {
    "slug": "federation",
    "name_zh": "全港各區工商聯",
    "name_en": "Federation of Hong Kong District Industrial and Commercial Associations",
    "short_name_zh": "工商聯",
    "founded": datetime.date(1993, 1, 1),
    "former_names": "全港各工業區工商業聯合會（1993年至2006年5月31日）",
    "description_zh": (
        "全港各區工商聯於1993年成立，原名「全港各工業區工商業聯合會」，"
        "2006年6月1日易名為「全港各區工商聯」。聯會由十五個地區工商團體組成，"
        "聯繫全港各區工商企業，促進香港與內地（特別是粵港澳大灣區）的工商交流與合作。"
    ),
    "description_en": (
        "Founded in 1993 as the Federation of Hong Kong Industrial Districts Industrial and Commercial "
        "Associations (全港各工業區工商業聯合會) and renamed 全港各區工商聯 on 1 June 2006, the federation "
        "brings together fifteen district business associations and fosters business exchange between "
        "Hong Kong and the Mainland, in particular the Greater Bay Area."
    ),
}

ASSOCIATIONS: tuple[AssociationSpec, ...] = (
    AssociationSpec("kwun-tong", "香港觀塘工商業聯合會", "Hong Kong Kwun Tong Industrial and Commercial Association",
                    "觀塘工商", ("kwun-tong",)),
    AssociationSpec("eastern", "東區工商業聯合會", "Eastern District Industrial and Commercial Association",
                    "東區工商", ("eastern",)),
    AssociationSpec("sham-shui-po", "香港深水埗工商聯會",
                    "Hong Kong Sham Shui Po Industrial and Commercial Association",
                    "深水埗工商", ("sham-shui-po",)),
    AssociationSpec("kwai-tsing", "葵青工商業聯合會", "Kwai Tsing Industrial and Commercial Association",
                    "葵青工商", ("kwai-tsing",)),
    AssociationSpec("tsuen-wan", "香港荃灣工商業聯合會", "Hong Kong Tsuen Wan Industrial and Commercial Association",
                    "荃灣工商", ("tsuen-wan",)),
    AssociationSpec("ne-nt", "新界東北區工商業聯合會",
                    "North East New Territories Industrial and Commercial Association",
                    "新界東北工商", ("north", "tai-po")),
    AssociationSpec("sha-tin", "香港沙田工商業聯合會", "Hong Kong Sha Tin Industrial and Commercial Association",
                    "沙田工商", ("sha-tin",)),
    AssociationSpec("yau-tsim-mong", "油尖旺工商聯會", "Yau Tsim Mong Industrial and Commercial Association",
                    "油尖旺工商", ("yau-tsim-mong",)),
    AssociationSpec("wan-chai-central-western", "灣仔中西區工商業聯合會",
                    "Wan Chai and Central and Western Industrial and Commercial Association",
                    "灣仔中西區工商", ("wan-chai", "central-western")),
    AssociationSpec("sai-kung", "西貢區工商業聯合會", "Sai Kung District Industrial and Commercial Association",
                    "西貢工商", ("sai-kung",)),
    AssociationSpec("kai-tak", "香港啟德工商業聯合會", "Hong Kong Kai Tak Industrial and Commercial Association",
                    "啟德工商", ("kowloon-city", "wong-tai-sin")),
    AssociationSpec("causeway-bay", "香港銅鑼灣工商業聯合會",
                    "Hong Kong Causeway Bay Industrial and Commercial Association", "銅鑼灣工商", ("wan-chai",)),
    AssociationSpec("hung-hom", "香港紅磡工商業聯合會", "Hong Kong Hung Hom Industrial and Commercial Association",
                    "紅磡工商", ("kowloon-city",)),
    AssociationSpec("southern", "南區工商業聯合會", "Southern District Industrial and Commercial Association",
                    "南區工商", ("southern",)),
    AssociationSpec("yuen-long", "香港元朗工商業聯合會", "Hong Kong Yuen Long Industrial and Commercial Association",
                    "元朗工商", ("yuen-long",)),
)

# Relative size of each association's membership (Kwun Tong, the old industrial hub, is largest).
ASSOCIATION_WEIGHTS = {
    "kwun-tong": 14, "eastern": 7, "sham-shui-po": 7, "kwai-tsing": 7, "tsuen-wan": 7, "ne-nt": 6,
    "sha-tin": 6, "yau-tsim-mong": 7, "wan-chai-central-western": 7, "sai-kung": 4, "kai-tak": 6,
    "causeway-bay": 5, "hung-hom": 5, "southern": 4, "yuen-long": 7,
}

# Annual corporate dues (HK$) per association, fictional.
ASSOCIATION_DUES = {
    "kwun-tong": 2000, "eastern": 1500, "sham-shui-po": 1200, "kwai-tsing": 1500, "tsuen-wan": 1500,
    "ne-nt": 1000, "sha-tin": 1200, "yau-tsim-mong": 1800, "wan-chai-central-western": 2500, "sai-kung": 1000,
    "kai-tak": 1500, "causeway-bay": 2400, "hung-hom": 1500, "southern": 1200, "yuen-long": 1000,
}


def association_description(spec: AssociationSpec, district_names_zh: list[str],
                            district_names_en: list[str]) -> tuple[str, str]:
    zh = (f"{spec.name_zh}是全港各區工商聯的十五個屬會之一，服務{'、'.join(district_names_zh)}"
          "一帶的工商企業，舉辦商務交流、培訓及社區活動。")
    en = (f"{spec.name_en} is one of the fifteen member associations of the federation, serving businesses "
          f"in {' and '.join(district_names_en)} with business exchange, training and community activities.")
    return zh, en


FEDERATION_FIRST_TERM_NUMBER = 15
FEDERATION_TERM17_START = datetime.date(2017, 7, 1)
TERM_YEARS = 2


def federation_terms(today: datetime.date) -> list[tuple[int, datetime.date, datetime.date]]:
    """(number, start, end) from the 15th term up to the one covering ``today`` (17th began in 2017)."""
    terms = []
    number = FEDERATION_FIRST_TERM_NUMBER
    while True:
        start = FEDERATION_TERM17_START.replace(year=2017 + TERM_YEARS * (number - 17))
        end = start.replace(year=start.year + TERM_YEARS) - datetime.timedelta(days=1)
        terms.append((number, start, end))
        if end >= today:
            return terms
        number += 1


def association_terms(index: int, today: datetime.date, count: int = 3) -> list[tuple[int, datetime.date,
                                                                                       datetime.date]]:
    """A few recent (fictionally numbered) two-year terms for member association ``index``."""
    current_start_year = today.year - ((today.year - index) % TERM_YEARS)
    start_month = 1 + (index * 5) % 12
    current_start = datetime.date(current_start_year, start_month, 1)
    if current_start > today:
        current_start = current_start.replace(year=current_start.year - TERM_YEARS)
    current_number = 8 + (index * 7) % 17
    terms = []
    for back in range(count - 1, -1, -1):
        start = current_start.replace(year=current_start.year - TERM_YEARS * back)
        end = start.replace(year=start.year + TERM_YEARS) - datetime.timedelta(days=1)
        terms.append((current_number - back, start, end))
    return terms
