"""The festival API: search, phone codes, claims (201/409/422/429/401) and redeem."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from shanglian.festival.models import Coupon
from tests.festival.conftest import PHONE, make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_offer_search_cross_script(client, offer):
    data = client.get("/api/v1/festival/offers", {"q": "奶茶"}).json()
    assert data["count"] == 1 and data["items"][0]["id"] == offer.pk
    assert client.get("/api/v1/festival/offers", {"q": "奶茶买一送一"}).json()["count"] == 1  # 简体
    assert client.get("/api/v1/festival/offers", {"district": "kwun-tong"}).json()["count"] == 1
    assert client.get("/api/v1/festival/offers", {"district": "wan-chai"}).json()["count"] == 0
    assert client.get("/api/v1/festival/offers", {"category": "food"}).json()["count"] == 1
    assert client.get("/api/v1/festival/offers", {"category": "clothing"}).json()["count"] == 0
    near = client.get("/api/v1/festival/offers", {"lat": 22.3, "lng": 114.2}).json()
    assert near["items"][0]["distance_km"] is not None


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", "😀😀", "x" * 5000, "\"'&|!():*"])
def test_offer_search_bad_queries(client, offer, q):
    assert client.get("/api/v1/festival/offers", {"q": q}).status_code == 200


def test_phone_code_flow(client):
    r = client.post("/api/v1/festival/phone/codes", {"phone": "12"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "bad_phone"
    r = client.post("/api/v1/festival/phone/codes", {"phone": "9123 4567", "privacy_consent": True},
                    content_type="application/json")
    assert r.status_code == 202
    r = client.post("/api/v1/festival/phone/verify", {"verification_id": r.json()["verification_id"], "code": "x"},
                    content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "otp_wrong"


def test_phone_code_rate_limited(client):
    codes = [client.post("/api/v1/festival/phone/codes", {"phone": "9123 4567", "privacy_consent": True},
                         content_type="application/json").status_code for _ in range(4)]
    assert codes == [202, 202, 202, 429]


def _claim(client, campaign, token, key=None):
    headers = {"HTTP_X_PHONE_TOKEN": token}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(f"/api/v1/festival/campaigns/{campaign.pk}/claims", **headers)


def test_claim_201_then_409_and_idempotent_retry(client, campaign, phone_token):
    r = _claim(client, campaign, phone_token, key="k1")
    assert r.status_code == 201 and r.json()["phone"] == PHONE and not r.json()["replayed"]
    again = _claim(client, campaign, phone_token, key="k1")
    assert again.status_code == 201 and again.json()["code"] == r.json()["code"] and again.json()["replayed"]
    dup = _claim(client, campaign, phone_token, key="k2")
    assert dup.status_code == 409 and dup.json()["code"] == "already_claimed"
    assert Coupon.objects.count() == 1


def test_claim_201_body_is_the_declared_schema(client, campaign, phone_token):
    """The 201 is written without ninja's response validation: it must still be CouponOut, and the
    coupon's URL (cached around the code) the one reverse() gives in the caller's language."""
    from django.urls import reverse
    from django.utils import translation

    from shanglian.festival.api import CouponOut

    r = _claim(client, campaign, phone_token, key="k1")
    body = r.json()
    assert r.status_code == 201 and r["Content-Type"].startswith("application/json")
    assert CouponOut.model_validate(body).model_dump(mode="json").keys() == body.keys()
    coupon = Coupon.objects.get()
    assert body["code"] == coupon.code and body["campaign_id"] == campaign.pk
    assert body["valid_from"] and body["claimed_at"] and body["redeemed_at"] is None
    with translation.override("zh-hant"):
        assert body["url"] == reverse("festival:coupon", args=[coupon.code])
    for language in ("en", "zh-hans", "zh-hant"):
        with translation.override(language):
            assert coupon.get_absolute_url() == reverse("festival:coupon", args=[coupon.code])
            assert f"/{language}/" in coupon.get_absolute_url()
    replay = _claim(client, campaign, phone_token, key="k1").json()
    assert replay == {**body, "replayed": True}


def test_claim_needs_verified_phone(client, campaign):
    assert _claim(client, campaign, "").status_code == 401
    assert _claim(client, campaign, "forged").status_code == 401
    assert not Coupon.objects.exists()


def test_claim_sold_out_and_closed(client, offer, secretariat, phone_token):
    import datetime

    from django.utils import timezone

    sold = make_campaign(offer, secretariat, quota=1)
    sold.claimed = 1
    sold.save(update_fields=["claimed"])
    r = _claim(client, sold, phone_token)
    assert r.status_code == 409 and r.json()["code"] == "sold_out"
    now = timezone.now()
    closed = make_campaign(offer, secretariat, claim_starts=now - datetime.timedelta(days=3),
                           claim_ends=now - datetime.timedelta(days=2))
    r = _claim(client, closed, phone_token)
    assert r.status_code == 409 and r.json()["code"] == "closed"
    assert client.post("/api/v1/festival/campaigns/99999/claims", HTTP_X_PHONE_TOKEN=phone_token).status_code == 404
    assert _claim(client, sold, phone_token, key="k" * 81).status_code == 422


@override_settings(FESTIVAL_RATE_LIMITS={"claim_ip": (2, 60)})
def test_claim_rate_limited(client, campaign, phone_token):
    codes = [_claim(client, campaign, phone_token).status_code for _ in range(3)]
    assert codes == [201, 409, 429]


def test_redeem_api(client, campaign, shop, cashier, phone_token, outsider):
    code = _claim(client, campaign, phone_token).json()["code"]
    client.force_login(outsider)
    r = client.post("/api/v1/festival/redeem", {"code": code, "shop_id": shop.pk}, content_type="application/json")
    assert r.status_code == 403
    client.force_login(cashier)
    r = client.post("/api/v1/festival/redeem", {"code": code, "shop_id": shop.pk}, content_type="application/json")
    assert r.status_code == 200 and r.json()["redeemed_at"]
    r = client.post("/api/v1/festival/redeem", {"code": code, "shop_id": shop.pk}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "already_redeemed"
    r = client.post("/api/v1/festival/redeem", {"code": "AAAA-BBBB-CCCC-DDDD-EEEE", "shop_id": shop.pk},
                    content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "forged"


def test_redeem_api_needs_login(client, shop):
    r = client.post("/api/v1/festival/redeem", {"code": "x", "shop_id": shop.pk}, content_type="application/json")
    assert r.status_code == 401


def test_distance_sort_matches_haversine(client, offer, other_merchant, secretariat, other_merchant_user):
    import datetime

    from django.utils import timezone

    from shanglian.festival import services
    from shanglian.festival.models import Category
    from shanglian.festival.selectors import haversine_km

    shop = other_merchant.shops.get()
    shop.lat, shop.lng = 22.2776, 114.1751  # Wan Chai
    shop.save()
    today = timezone.localdate()
    far = services.offer_create(actor=other_merchant_user, merchant=other_merchant, shops=[shop], values={
        "title_zh_hant": "灣仔優惠", "category": Category.objects.get(code="fashion"), "valid_from": today,
        "valid_until": today + datetime.timedelta(days=3)})
    here = (22.3130, 114.2250)  # Kwun Tong, next to the first offer's shop (22.31, 114.22)
    items = client.get("/api/v1/festival/offers", {"lat": here[0], "lng": here[1]}).json()["items"]
    assert [i["id"] for i in items] == [offer.pk, far.pk]
    exact = haversine_km(*here, shop.lat, shop.lng)
    assert abs(items[1]["distance_km"] - exact) / exact < 0.01


def test_claim_by_staff_that_must_enrol_is_refused_before_anything_is_written(client, settings, campaign,
                                                                             phone_token, secretariat):
    """The claim reads the session's user only when it writes (or for a members-only campaign); the
    MFA enrolment check then runs as the user is read (accounts.middleware.DEFERRED_ROUTES)."""
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(secretariat)
    r = _claim(client, campaign, phone_token, key="k1")
    assert r.status_code == 403 and r.json()["code"] == "mfa_required"
    assert not Coupon.objects.exists()
    campaign.refresh_from_db()
    assert campaign.claimed == 0


def test_claim_records_the_logged_in_user_and_refusals_skip_the_session(client, settings, campaign, phone_token,
                                                                        kt_member):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(kt_member)
    r = _claim(client, campaign, phone_token, key="k1")
    assert r.status_code == 201
    assert Coupon.objects.get().user_id == kt_member.pk
    from django.contrib.sessions.backends.base import SessionBase

    loaded = []
    original = SessionBase._get_session

    def spy(self, no_load=False):
        loaded.append(no_load)
        return original(self, no_load)

    SessionBase._get_session = spy
    try:
        dup = _claim(client, campaign, phone_token, key="k2")
    finally:
        SessionBase._get_session = original
    assert dup.status_code == 409 and dup.json()["code"] == "already_claimed"
    assert loaded == []  # "already claimed" was answered without loading the session
