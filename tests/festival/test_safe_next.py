"""The phone page keeps its ``next`` target only when it stays on this site."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_phone_page_drops_foreign_next(client, reference_data, target):
    html = client.get(reverse("festival:phone"), {"next": target}).content.decode()
    assert re.findall(r'name="next" value="([^"]*)"', html) == [reverse("festival:my_coupons")]


def test_phone_page_keeps_local_next(client, reference_data):
    html = client.get(reverse("festival:phone"), {"next": "/zh-hant/festival/offers/"}).content.decode()
    assert 'name="next" value="/zh-hant/festival/offers/"' in html
