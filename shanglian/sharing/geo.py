"""The listings map: an inline SVG of the Greater Bay Area drawn on the server from coordinates —
no tile server, no CDN, no script (the page works offline and under the strict CSP).

The outline is a schematic of the Pearl River Delta coast (a hand-simplified polygon of the sea
and the estuary, about ±5 km), the Shenzhen River / Macao boundary lines, and one pin per city
at its centre (``cities.CITY_DATA``) with the number of listings that match the current filters;
each pin is a link that filters the list to that city. The projection is equirectangular around
22.8° N, exact enough at this scale (the region is 250 km wide).
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from shanglian.sharing.cities import CITY_DATA, City

# The frame (longitude west → east, latitude south → north) and the drawing's width in px.
WEST, EAST, SOUTH, NORTH = 112.25, 114.75, 21.85, 23.45
WIDTH = 600
_K = math.cos(math.radians((SOUTH + NORTH) / 2))
_SCALE = WIDTH / ((EAST - WEST) * _K)
HEIGHT = round((NORTH - SOUTH) * _SCALE)

# The sea and the Pearl River estuary, clockwise from the south-west corner (lng, lat).
SEA = [
    (112.25, 21.85), (112.25, 21.95), (112.55, 21.93), (112.80, 21.98), (113.00, 22.05), (113.10, 22.20),
    (113.25, 22.12), (113.40, 22.10), (113.50, 22.13), (113.55, 22.20), (113.58, 22.32), (113.57, 22.45),
    (113.55, 22.60), (113.58, 22.72), (113.62, 22.83), (113.66, 22.78), (113.73, 22.70), (113.80, 22.62),
    (113.87, 22.52), (113.92, 22.48), (113.97, 22.42), (113.93, 22.37), (113.88, 22.30), (113.92, 22.22),
    (114.02, 22.22), (114.15, 22.20), (114.25, 22.22), (114.30, 22.32), (114.28, 22.40), (114.33, 22.48),
    (114.42, 22.55), (114.50, 22.62), (114.60, 22.70), (114.75, 22.72), (114.75, 21.85),
]
# Lantau, Hong Kong Island and Hengqin as simple shapes on top of the sea.
ISLANDS = [
    [(113.84, 22.21), (113.90, 22.29), (114.00, 22.30), (114.05, 22.27), (113.98, 22.22), (113.88, 22.20)],
    [(114.13, 22.28), (114.22, 22.29), (114.25, 22.26), (114.20, 22.22), (114.14, 22.24)],
    [(113.50, 22.10), (113.56, 22.11), (113.57, 22.16), (113.51, 22.16)],
]
# Boundaries between the three sides: the Shenzhen River / Sha Tau Kok (HK ↔ Shenzhen), and
# the Barrier Gate line (Macao ↔ Zhuhai).
BOUNDARIES = [
    [(113.96, 22.44), (114.02, 22.50), (114.08, 22.52), (114.13, 22.53), (114.20, 22.55), (114.23, 22.55)],
    [(113.53, 22.215), (113.555, 22.215)],
]
SIDE_CLASS = {"hk": "side-hk", "macao": "side-macao", "mainland": "side-mainland"}
# Labels go right of their pin, unless they would run into a neighbour (or off the frame) in
# one of the three languages ("Zhongshan" is long).
LABEL_LEFT = {"macao", "jiangmen"}
LABEL_BELOW = {"foshan", "hong-kong"}
LABEL_ABOVE = {"zhongshan", "huizhou"}
# Macao and Zhuhai's centres are 8 km apart: their pins are drawn a little apart (degrees).
PIN_NUDGE = {"macao": (-0.05, -0.05), "zhuhai": (0.04, 0.07)}
MAX_R = 24


def project(lng: float, lat: float) -> tuple[float, float]:
    return round((lng - WEST) * _K * _SCALE, 1), round((NORTH - lat) * _SCALE, 1)


def _path(points: list[tuple[float, float]], *, closed: bool) -> str:
    xy = [project(lng, lat) for lng, lat in points]
    return "M" + " L".join(f"{x} {y}" for x, y in xy) + (" Z" if closed else "")


def _href(base: dict[str, Any], **extra: str) -> str:
    query = {k: v for k, v in base.items() if k not in ("city", "district", "page") and v not in ("", None)}
    query.update({k: v for k, v in extra.items() if v})
    return "?" + urlencode(query) if query else "?"


def build_map(by_city: dict[str, int], districts: list[tuple[str, str, int]], *, selected_city: str,
              selected_district: str, query: dict[str, Any]) -> dict[str, Any]:
    """Everything the template draws: the outline paths, one pin per city and the text list."""
    pins = []
    for code, label in City.choices:
        side, _zone, lat, lng = CITY_DATA[code]
        n = by_city.get(code, 0)
        dlng, dlat = PIN_NUDGE.get(code, (0.0, 0.0))
        x, y = project(lng + dlng, lat + dlat)
        r = min(round(13 + 2.5 * math.sqrt(n), 1), MAX_R) if n else 7
        if code in LABEL_BELOW:
            lx, ly, anchor = x, round(y + r + 14, 1), "middle"
        elif code in LABEL_ABOVE:
            lx, ly, anchor = x, round(y - r - 12, 1), "middle"
        elif code in LABEL_LEFT:
            lx, ly, anchor = round(x - r - 4, 1), y, "end"
        else:
            lx, ly, anchor = round(x + r + 4, 1), y, "start"
        pins.append({"code": code, "label": label, "n": n, "x": x, "y": y, "r": r, "lx": lx, "ly": ly,
                     "anchor": anchor, "side": SIDE_CLASS[str(side)],
                     "href": _href(query, city=code), "active": code == selected_city})
    return {
        "width": WIDTH, "height": HEIGHT,
        "sea": _path(SEA, closed=True), "islands": [_path(p, closed=True) for p in ISLANDS],
        "boundaries": [_path(p, closed=False) for p in BOUNDARIES],
        "pins": pins, "total": sum(by_city.values()), "all_href": _href(query),
        "districts": [{"code": c, "name": name, "n": n, "href": _href(query, city=City.HONG_KONG, district=c),
                       "active": c == selected_district} for c, name, n in districts],
        "selected_city": selected_city,
    }
