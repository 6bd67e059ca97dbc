"""The festival demo loads the current edition, is idempotent, and its logins work."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from shanglian.festival import access, demo, selectors
from shanglian.festival.models import Coupon, CouponCampaign, Edition, Offer, Shop

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
    cashier = get_user_model().objects.get(username="cashier1")
    assert access.redeem_shops(cashier).count() == 1
    assert client.get("/api/v1/festival/offers", {"q": "手机"}).json()["count"] > 0


def test_demo_dashboard_figures_not_empty(reference_data):
    demo.load_demo(stdout=io.StringIO())
    now = timezone.now()
    coupons = Coupon.objects.all()
    redeemed = coupons.filter(redeemed_at__isnull=False)
    assert 0.2 * coupons.count() < redeemed.count() < 0.5 * coupons.count()
    # Claims over several days, never before the claim window opened nor in the future; a coupon is
    # used after it was claimed, at one of its campaign's shops, inside its validity window.
    days = {timezone.localtime(c).date() for c in coupons.values_list("claimed_at", flat=True)}
    assert len(days) >= 3
    assert not coupons.filter(claimed_at__lt=F("campaign__claim_starts")).exists()
    assert not coupons.filter(claimed_at__gt=now).exists() and not redeemed.filter(redeemed_at__gt=now).exists()
    assert not redeemed.filter(redeemed_at__lt=F("claimed_at")).exists()
    assert not redeemed.filter(redeemed_at__lt=F("campaign__valid_from")).exists()
    for c in redeemed.select_related("campaign")[:50]:
        assert c.campaign.shops.filter(pk=c.redeemed_shop_id).exists() and c.redeemed_by_id
    for campaign in CouponCampaign.objects.all():
        assert campaign.claimed == campaign.coupons.count()
    stats = selectors.edition_stats(Edition.objects.get(is_current=True).pk)
    assert stats["totals"]["redemptions"] > 0 and stats["totals"]["redemption_rate"] > 0
    assert len(stats["by_day"]) >= 3
    merchant = access.redeem_shops(get_user_model().objects.get(username="cashier1")).get().merchant
    assert selectors.merchant_stats(merchant.pk)["totals"]["views"] > 0


def test_demo_is_realistic(reference_data):
    """Issue 12: what a Hong Kong shopper would spot at once."""
    import re

    from shanglian.festival.models import Category

    demo.load_demo(stdout=io.StringIO())
    # Addresses on real streets of the shop's own district.
    for shop in Shop.objects.select_related("district"):
        streets = demo.STREETS[shop.district.code]
        assert any(shop.address.startswith(s) for s in streets), (shop.name_zh, shop.district.code, shop.address)
    assert not Shop.objects.filter(district__code="central-western", address__startswith="彌敦道").exists()
    assert not Shop.objects.filter(district__code="wan-chai", address__startswith="皇后大道中").exists()
    # Merchants sell what they sell: each offer's category belongs to its brand's trade.
    fits = {}
    for kind, _en, brands in demo.TRADES:
        for suffix, _suffix_en, by_category in brands:
            fits[(kind, suffix)] = set(by_category)
    for offer in Offer.objects.select_related("merchant", "brand", "category"):
        kind = next(k for k, _e, _b in demo.TRADES if offer.merchant.name_zh.endswith(k))
        suffix = next(s for (k, s) in fits if k == kind and offer.brand.name_zh.endswith(s))
        assert offer.category.code in fits[(kind, suffix)], (offer.merchant.name_zh, offer.category.code)
    catering = Offer.objects.filter(merchant__name_zh__endswith="餐飲集團")
    assert not catering.exclude(category__parent__code="food").exists()
    travel = Category.objects.get(code="travel")
    assert not Offer.objects.filter(title_zh_hant__contains="大灣區").exclude(category=travel).exists()
    # Offers and vouchers agree; claim windows open and close at shop hours, Hong Kong time.
    for c in CouponCampaign.objects.select_related("offer"):
        words = c.offer.title_zh_hant
        if c.kind == "value":
            assert re.search(rf"減 \${int(c.value)}\b", words), (words, c.value)
        else:
            assert f"{(100 - c.discount_percent) // 10} 折" in words, (words, c.discount_percent)
        for moment in (c.claim_starts, c.claim_ends):
            local = timezone.localtime(moment, demo.HK)
            assert 10 <= local.hour <= 22 and local.minute == 0, moment
    for coupon in Coupon.objects.all()[:300]:
        assert 10 <= timezone.localtime(coupon.claimed_at, demo.HK).hour < 22
    # No run of identical cards in the listing.
    titles = [o.title for o in selectors.offer_search(selectors.OfferFilters())[:40]]
    assert all(a != b for a, b in zip(titles, titles[1:])), titles
