"""The eleven Greater Bay Area cities: which side of the border, the time zone, a centre point.

Macao and the nine Mainland cities are core ``Place`` rows (their names come from there); core has
Hong Kong's 18 districts but no "Hong Kong" row, so the city is stored as this code and a HK
listing may also name its district (a core Place of kind ``hk_district``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    HK = "hk", _("香港")
    MACAO = "macao", _("澳門")
    MAINLAND = "mainland", _("內地")


class City(models.TextChoices):
    HONG_KONG = "hong-kong", _("香港")
    MACAO = "macao", _("澳門")
    SHENZHEN = "shenzhen", _("深圳")
    GUANGZHOU = "guangzhou", _("廣州")
    DONGGUAN = "dongguan", _("東莞")
    HUIZHOU = "huizhou", _("惠州")
    FOSHAN = "foshan", _("佛山")
    ZHUHAI = "zhuhai", _("珠海")
    ZHONGSHAN = "zhongshan", _("中山")
    JIANGMEN = "jiangmen", _("江門")
    ZHAOQING = "zhaoqing", _("肇慶")


# code → (side, IANA time zone, centre latitude, centre longitude)
CITY_DATA: dict[str, tuple[str, str, float, float]] = {
    "hong-kong": (Side.HK, "Asia/Hong_Kong", 22.3193, 114.1694),
    "macao": (Side.MACAO, "Asia/Macau", 22.1987, 113.5439),
    "shenzhen": (Side.MAINLAND, "Asia/Shanghai", 22.5431, 114.0579),
    "guangzhou": (Side.MAINLAND, "Asia/Shanghai", 23.1291, 113.2644),
    "dongguan": (Side.MAINLAND, "Asia/Shanghai", 23.0207, 113.7518),
    "huizhou": (Side.MAINLAND, "Asia/Shanghai", 23.1115, 114.4152),
    "foshan": (Side.MAINLAND, "Asia/Shanghai", 23.0218, 113.1219),
    "zhuhai": (Side.MAINLAND, "Asia/Shanghai", 22.2710, 113.5767),
    "zhongshan": (Side.MAINLAND, "Asia/Shanghai", 22.5176, 113.3926),
    "jiangmen": (Side.MAINLAND, "Asia/Shanghai", 22.5787, 113.0819),
    "zhaoqing": (Side.MAINLAND, "Asia/Shanghai", 23.0472, 112.4651),
}
TIME_ZONES = ("Asia/Hong_Kong", "Asia/Macau", "Asia/Shanghai")
# The currency a city's prices are usually in (the provider may choose another of the three).
CITY_CURRENCY = {"hong-kong": "HKD", "macao": "MOP"}


def side_of(city: str) -> str:
    return str(CITY_DATA[city][0])


def time_zone_of(city: str) -> str:
    return CITY_DATA[city][1]


def centre_of(city: str) -> tuple[float, float]:
    return CITY_DATA[city][2], CITY_DATA[city][3]
