"""The viewer's time zone: a cookie set by the browser (Intl API) on our pages, else the site's."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.http import HttpRequest

COOKIE = "shanglian_tz"


def viewer_timezone(request: HttpRequest) -> str:
    name = (request.GET.get("tz") or request.COOKIES.get(COOKIE) or "")[:64]
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Asia" is a folder
        return settings.TIME_ZONE
    return name
