"""Festival fixtures: an edition, two approved merchants (each with a shop and staff), an offer and
a campaign of the first, a verified phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from shanglian.core.models import Place
from shanglian.festival import claims, services
from shanglian.festival.categories import load_categories
from shanglian.festival.models import Category, CouponCampaign, Edition, Merchant, MerchantStaff

PHONE = "+85291234567"
OTHER_PHONE = "+85261234567"
REQUESTER = "requester-secret-of-the-test-session"


@pytest.fixture
def edition(reference_data) -> Edition:
    # Categories come from a data migration; a transactional test flushes them at its end.
    if not Category.objects.exists():
        load_categories(Category)
    today = timezone.localdate()
    return Edition.objects.create(code="2026", name_zh_hant="全港購物節 2026", name_en="HK Shopping Festival 2026",
                                  starts_on=today - datetime.timedelta(days=10),
                                  ends_on=today + datetime.timedelta(days=60), is_current=True)


def _merchant(edition, secretariat, user, name, district, brand) -> Merchant:
    m = services.merchant_apply(
        actor=user, edition=edition,
        values={"name_zh": name, "contact_name": "陳先生", "contact_phone": "2123 4567"},
        brands=[(brand, "")],
        shops=[{"name_zh": f"{brand}（{district.name_zh_hant}店）", "address": "香港某街 1 號", "district": district,
                "phone": "2123 4567", "lat": 22.31, "lng": 114.22}],
    )
    return services.merchant_review(actor=secretariat, merchant=m, approve=True)


@pytest.fixture
def merchant_user(make_user):
    return make_user("merchant-a")


@pytest.fixture
def other_merchant_user(make_user):
    return make_user("merchant-b")


@pytest.fixture
def merchant(edition, secretariat, merchant_user) -> Merchant:
    return _merchant(edition, secretariat, merchant_user, "觀塘茶餐廳有限公司", Place.objects.get(code="kwun-tong"),
                     "觀塘冰室")


@pytest.fixture
def other_merchant(edition, secretariat, other_merchant_user) -> Merchant:
    return _merchant(edition, secretariat, other_merchant_user, "灣仔時裝有限公司", Place.objects.get(code="wan-chai"),
                     "灣仔潮流")


@pytest.fixture
def shop(merchant):
    return merchant.shops.get()


@pytest.fixture
def cashier(make_user, merchant, shop):
    user = make_user("cashier-a")
    MerchantStaff.objects.create(user=user, merchant=merchant, shop=shop, role=MerchantStaff.Role.CASHIER)
    return user


@pytest.fixture
def offer(merchant, shop, merchant_user):
    today = timezone.localdate()
    return services.offer_create(
        actor=merchant_user, merchant=merchant, shops=[shop],
        values={"title_zh_hant": "港式奶茶買一送一", "terms_zh_hant": "每人每次限用一張。",
                "category": Category.objects.get(code="cha-chaan-teng"),
                "valid_from": today, "valid_until": today + datetime.timedelta(days=30)})


def make_campaign(offer, secretariat, **overrides) -> CouponCampaign:
    now = timezone.now()
    values = {"kind": "value", "value": 50, "quota": 3, "per_person_limit": 1,
              "claim_starts": now - datetime.timedelta(hours=1), "claim_ends": now + datetime.timedelta(days=1),
              "valid_from": now - datetime.timedelta(hours=1), "valid_until": now + datetime.timedelta(days=7),
              "eligibility": "phone"}
    values.update(overrides)
    return services.campaign_create(actor=secretariat, offer=offer, values=values)


@pytest.fixture
def campaign(offer, secretariat) -> CouponCampaign:
    return make_campaign(offer, secretariat)


@pytest.fixture
def phone_token(db) -> str:
    verification, code = claims.otp_request(phone=PHONE, requester=REQUESTER)
    return claims.phone_token(claims.otp_verify(handle=verification.handle, code=code, requester=REQUESTER))
