"""Locale-aware punctuation, money, time-zone labels and absolute links: one helper each.

Templates reach them through the ``shanglian`` tag library (``join_list``, ``paren``, ``colon``,
``with_place``, ``money``, ``tz_label``); Python code calls them directly. Chinese readers get
full-width punctuation (、（）：), English readers ", ", " ( )" and ": " — never a mix.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def is_chinese(language: str | None = None) -> bool:
    return (language or get_language() or settings.LANGUAGE_CODE).startswith("zh")


def list_separator(language: str | None = None) -> str:
    return "、" if is_chinese(language) else ", "


def join_list(items: Iterable, language: str | None = None) -> str:
    """甲、乙、丙 for Chinese readers; "A, B, C" for English ones."""
    return list_separator(language).join(str(i) for i in items if str(i))


def paren(text, language: str | None = None) -> str:
    """（text） for Chinese readers, " (text)" for English ones; nothing for an empty text."""
    text = str(text or "")
    if not text:
        return ""
    return f"（{text}）" if is_chinese(language) else f" ({text})"


def colon(language: str | None = None) -> str:
    """The colon after a label: "：" or ": "."""
    return "：" if is_chinese(language) else ": "


def with_place(name, place, language: str | None = None) -> str:
    """A shop or branch name followed by its district, unless the name already says it
    ("Wah Fung (Yuen Long)" is not shown as "Wah Fung (Yuen Long) (Yuen Long)")."""
    name, place = str(name or ""), str(place or "")
    if not place or place in name:
        return name
    return name + paren(place, language)


def money(amount, currency: str = "HKD") -> str:
    """HK$6,800 — grouped digits, cents only when there are some (HK$12.50)."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount))
    symbol = {"HKD": "HK$", "CNY": "¥", "MOP": "MOP$", "USD": "US$"}.get(currency, f"{currency} ")
    sign = "-" if value < 0 else ""
    value = abs(value)
    digits = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"{sign}{symbol}{digits}"


# Zones the platform's people meet, with the name a reader knows them by.
TIMEZONE_LABELS = {
    "Asia/Hong_Kong": (_("香港時間"), "HKT"),
    "Asia/Shanghai": (_("北京時間"), "CST"),
    "Asia/Macau": (_("澳門時間"), "CST"),
    "Asia/Taipei": (_("台北時間"), "CST"),
    "Asia/Tokyo": (_("東京時間"), "JST"),
    "Asia/Seoul": (_("首爾時間"), "KST"),
    "Asia/Singapore": (_("新加坡時間"), "SGT"),
    "Europe/London": (_("倫敦時間"), ""),
    "UTC": (_("協調世界時"), "UTC"),
    "Etc/UTC": (_("協調世界時"), "UTC"),
}


def _offset(name: str) -> str:
    try:
        delta = datetime.datetime.now(zoneinfo.ZoneInfo(name)).utcoffset() or datetime.timedelta()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ""
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def tz_label(name: str) -> str:
    """"Asia/Hong_Kong" → 香港時間 (HKT) / Hong Kong time (HKT); an unknown zone → its city and
    UTC offset ("Los Angeles (UTC-8)"), never the raw identifier."""
    name = str(name or "")
    if name in TIMEZONE_LABELS:
        label, abbreviation = TIMEZONE_LABELS[name]
        return f"{label}{paren(abbreviation)}" if abbreviation else str(label)
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    offset = _offset(name)
    return f"{city}{paren(offset)}" if offset and city else city or offset


def site_url(path: str = "") -> str:
    """An absolute link on the configured SITE_URL: no doubled slash, no default port (:80/:443)."""
    parts = urlsplit(settings.SITE_URL.strip())
    scheme = parts.scheme or "https"
    host = parts.hostname or ""
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    base = f"{scheme}://{host}{parts.path.rstrip('/')}"
    if path and not path.startswith("/"):
        path = "/" + path
    return base + path


def site_host() -> str:
    """The configured site's host name (for iCalendar UIDs and the like)."""
    return urlsplit(site_url()).netloc
