"""The listings map (an inline SVG drawn on the server, no tiles, no script) and the folded filters."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from shanglian.sharing.cities import CITY_DATA
from shanglian.sharing.geo import HEIGHT, WIDTH, build_map, project


def test_every_city_is_inside_the_frame():
    for _side, _zone, lat, lng in CITY_DATA.values():
        x, y = project(lng, lat)
        assert 20 < x < WIDTH - 20 and 20 < y < HEIGHT - 20
    hk, sz = project(114.1694, 22.3193), project(114.0579, 22.5431)
    assert hk[1] > sz[1] and hk[0] > sz[0]  # Hong Kong is south-east of Shenzhen


def test_pins_keep_the_other_filters_and_drop_page_and_district():
    m = build_map({"shenzhen": 4}, [("kwun-tong", "觀塘", 2)], selected_city="", selected_district="",
                  query={"q": "倉庫", "page": "3", "district": "wan-chai", "kind": "space"})
    sz = next(p for p in m["pins"] if p["code"] == "shenzhen")
    assert sz["n"] == 4 and "city=shenzhen" in sz["href"] and "q=" in sz["href"] and "kind=space" in sz["href"]
    assert "page=" not in sz["href"] and "wan-chai" not in sz["href"]
    assert m["districts"][0]["href"].endswith("district=kwun-tong") and "city=hong-kong" in m["districts"][0]["href"]
    assert len(m["pins"]) == 11 and m["total"] == 4


@pytest.mark.django_db
def test_search_page_has_the_map_and_folded_filters(client, desks):
    html = client.get(reverse("sharing:home"), {"kind": "space"}).content.decode()
    assert '<svg class="gba-map"' in html and "<script" not in html.split('<svg class="gba-map"')[1].split("</svg>")[0]
    assert re.search(r'href="\?kind=space&amp;city=hong-kong"', html)  # the pin filters, keeping kind
    assert "香港：1 個項目" in html  # the pin's accessible name
    assert "觀塘 (1)" in html  # the text version, with the Hong Kong district
    assert '<details class="more-filters"><summary>篩選 (1)</summary>' in html
    # The district link filters the list.
    html = client.get(reverse("sharing:home"), {"district": "kwun-tong"}).content.decode()
    assert "觀塘共享" in html and 'name="district" value="kwun-tong"' in html
    html = client.get(reverse("sharing:home"), {"district": "wan-chai"}).content.decode()
    assert "找不到符合條件" in html
    page = client.get(reverse("sharing:home").replace("/zh-hant/", "/en/"), {"kind": "space"})
    assert page.status_code == 200 and "Hong Kong: 1 listing" in page.content.decode()
