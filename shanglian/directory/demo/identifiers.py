"""Fictional but valid-format identifiers: HK BR numbers, Mainland USCC codes, patterned phone numbers."""

from __future__ import annotations

from functools import cache

import phonenumbers

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Administrative division codes (first six digits of a USCC) of the Mainland cities in core Place.
DIVISION_CODES = {
    "shenzhen": "440300", "guangzhou": "440100", "dongguan": "441900", "foshan": "440600", "zhuhai": "440400",
    "zhongshan": "442000", "jiangmen": "440700", "huizhou": "441300", "zhaoqing": "441200", "beijing": "110105",
    "shanghai": "310115", "tianjin": "120116", "chongqing": "500105", "hangzhou": "330106", "nanjing": "320106",
    "suzhou": "320505", "xiamen": "350206", "fuzhou": "350102", "jinan": "370102", "qingdao": "370212",
    "wuhan": "420106", "chengdu": "510107", "xian": "610113", "changsha": "430104", "nanning": "450103",
    "kunming": "530102", "haikou": "460106", "shenyang": "210102", "zhengzhou": "410105",
}
AREA_CODES = {
    "shenzhen": "755", "guangzhou": "20", "dongguan": "769", "foshan": "757", "zhuhai": "756", "zhongshan": "760",
    "jiangmen": "750", "huizhou": "752", "zhaoqing": "758", "beijing": "10", "shanghai": "21", "tianjin": "22",
    "chongqing": "23", "hangzhou": "571", "nanjing": "25", "suzhou": "512", "xiamen": "592", "fuzhou": "591",
    "jinan": "531", "qingdao": "532", "wuhan": "27", "chengdu": "28", "xian": "29", "changsha": "731",
    "nanning": "771", "kunming": "871", "haikou": "898", "shenyang": "24", "zhengzhou": "371",
}


def hk_br_number(index: int) -> str:
    """A distinct 8-digit number per index (an affine bijection mod 10^8), never starting with 0."""
    value = (index * 48271 + 31_415_927) % 90_000_000
    return f"{10_000_000 + value:08d}"


def _org_code(index: int) -> str:
    """A 9-character organisation code (GB 11714 style, with its own check character)."""
    body = f"{(index * 7919 + 5_550_001) % 100_000_000:08d}"
    total = sum(int(c) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total) % 31]


def cn_uscc(index: int, city: str) -> str:
    """A unified social credit code: 9 (SAIC) + 1 (enterprise) + division code + org code + check."""
    first17 = "91" + DIVISION_CODES.get(city, "440300") + _org_code(index)
    if "X" in first17[8:]:  # 'X' is not in the USCC alphabet for the org part; use a letter that is.
        first17 = first17[:8] + first17[8:].replace("X", "W")
    return first17 + uscc_check_character(first17)


def _valid(e164: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return False


@cache
def _cn_pattern(area: str) -> str:
    """The first obviously patterned local number shape (…555…) that is valid in ``area``."""
    for shape in ("5555{n:04d}", "555{n:04d}", "8555{n:04d}", "855{n:04d}", "2555{n:04d}", "255{n:04d}"):
        if _valid(f"+86{area}{shape.format(n=123)}"):
            return shape
    raise ValueError(f"no fictional pattern for area code {area}")


def hk_phone(n: int, *, mobile: bool = False) -> str:
    """+852 2555 nnnn / 3555 nnnn (fixed) or 6555 nnnn / 9555 nnnn (mobile): patterned, valid format."""
    prefix = ("6555", "9555")[n % 2] if mobile else ("2555", "3555")[n % 2]
    return f"+852{prefix}{n % 10000:04d}"


def mo_phone(n: int, *, mobile: bool = False) -> str:
    return f"+853{'6655' if mobile else '2855'}{n % 10000:04d}"


def cn_phone(n: int, city: str, *, mobile: bool = False) -> str:
    if mobile:
        return f"+86139555{n % 100000:05d}"
    area = AREA_CODES.get(city, "755")
    return f"+86{area}" + _cn_pattern(area).format(n=n % 10000)
