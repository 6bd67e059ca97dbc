"""The festival demo loads the current edition, is idempotent, and its logins work."""

from __future__ import annotations

import io

import pytest

from shanglian.festival import access, demo
from shanglian.festival.models import CouponCampaign, Edition, Offer, Shop

pytestmark = pytest.mark.django_db


def test_demo_loads_once(reference_data, client):
    demo.load_demo(stdout=io.StringIO())
    counts = (Offer.objects.count(), Shop.objects.count())
    demo.load_demo(stdout=io.StringIO())
    assert (Offer.objects.count(), Shop.objects.count()) == counts == (400, 230)
    assert Edition.objects.get(is_current=True).code == demo.EDITION_CODE
    assert set(Shop.objects.values_list("district__code", flat=True).distinct()).__len__() == 18
    nearly = CouponCampaign.objects.get(quota=500)
    assert nearly.claimed == nearly.coupons.count() == 497
    assert client.login(username="cashier1", password=demo.DEMO_PASSWORD)
    from django.contrib.auth import get_user_model

    cashier = get_user_model().objects.get(username="cashier1")
    assert access.redeem_shops(cashier).count() == 1
    assert client.get("/api/v1/festival/offers", {"q": "手机"}).json()["count"] > 0
