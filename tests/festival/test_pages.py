"""Pages: consumer journey (verify phone → claim → my coupons → coupon link), bad input."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from shanglian.festival import sms
from shanglian.festival.models import Coupon, OfferView, PhoneVerification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def verify_phone(client, capture, phone="9123 4567", next_url="/zh-hant/festival/my/"):
    url = reverse("festival:phone")
    with capture(execute=True):
        client.post(url, {"step": "phone", "phone": phone, "next": next_url, "privacy_consent": "1",
                          "cross_border_consent": "1"})
    code = re.search(r"(\d{6})", sms.outbox[-1].text).group(1)
    return client.post(url, {"step": "code", "code": code, "next": next_url})


def test_home_and_search_pages(client, offer, campaign):
    assert "港式奶茶買一送一" in client.get(reverse("festival:home")).content.decode()
    page = client.get(reverse("festival:offers"), {"q": "奶茶"}).content.decode()
    assert "港式<mark>奶茶</mark>買一送一" in page  # the query is marked
    page = client.get(reverse("festival:offers"), {"q": "眼镜"}).content.decode()
    assert "港式奶茶買一送一" not in page
    page = client.get(reverse("festival:offers"), {"sort": "distance", "lat": "22.3", "lng": "114.2"}).content.decode()
    assert "公里" in page
    assert client.get(reverse("festival:offers"), {"lat": "nan", "lng": "inf", "sort": "distance"}).status_code == 200


def test_offer_detail_counts_views(client, offer, campaign):
    client.get(offer.get_absolute_url())
    client.get(offer.get_absolute_url())
    assert OfferView.objects.get(offer=offer).count == 2


def test_claim_journey(client, offer, campaign, django_capture_on_commit_callbacks):
    r = client.post(reverse("festival:claim", args=[campaign.pk]))
    assert r.status_code == 302 and "/phone/" in r.url          # not verified yet
    r = verify_phone(client, django_capture_on_commit_callbacks, next_url=offer.get_absolute_url())
    assert r.status_code == 302 and r.url == offer.get_absolute_url()
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "立即領取" in page
    r = client.post(reverse("festival:claim", args=[campaign.pk]), {"idempotency_key": "abc"}, HTTP_HX_REQUEST="true")
    assert "領取成功" in r.content.decode()
    r = client.post(reverse("festival:claim", args=[campaign.pk]), {"idempotency_key": "abc"}, HTTP_HX_REQUEST="true")
    assert "領取成功" in r.content.decode()                        # double submit: same coupon
    r = client.post(reverse("festival:claim", args=[campaign.pk]), {"idempotency_key": "def"}, HTTP_HX_REQUEST="true")
    assert "已領取過" in r.content.decode()
    assert Coupon.objects.count() == 1
    coupon = Coupon.objects.get()
    page = client.get(reverse("festival:my_coupons")).content.decode()
    assert coupon.code in page and "<svg" in page
    assert coupon.code in client.get(coupon.get_absolute_url()).content.decode()
    assert client.get(reverse("festival:coupon", args=["AAAA-BBBB-CCCC-DDDD-EEEE"])).status_code == 404


def test_claim_in_english(client, offer, campaign, django_capture_on_commit_callbacks):
    verify_phone(client, django_capture_on_commit_callbacks)
    campaign.claimed = campaign.quota
    campaign.save(update_fields=["claimed"])
    r = client.post(f"/en/festival/campaigns/{campaign.pk}/claim/", HTTP_HX_REQUEST="true")
    assert "sold out" in r.content.decode()


@pytest.mark.parametrize("phone, message", [("12345", "不是有效"), ("2123 4567", "不是手機號碼"), ("", "請輸入"),
                                            ("<script>", "不是有效")])
def test_phone_page_bad_numbers(client, phone, message):
    r = client.post(reverse("festival:phone"), {"step": "phone", "phone": phone})
    assert message in r.content.decode()
    assert "<script>" not in r.content.decode().split("<main")[1].split("</main>")[0].replace("&lt;script&gt;", "")
    assert not PhoneVerification.objects.exists()


def test_phone_page_wrong_and_replayed_code(client, django_capture_on_commit_callbacks):
    url = reverse("festival:phone")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"step": "phone", "phone": "9123 4567", "privacy_consent": "1"})
    code = re.search(r"(\d{6})", sms.outbox[-1].text).group(1)
    wrong = "000000" if code != "000000" else "111111"
    assert "驗證碼不正確" in client.post(url, {"step": "code", "code": wrong}).content.decode()
    assert client.post(url, {"step": "code", "code": code}).status_code == 302
    client.session.flush()
    # Replaying the same code on another session (the verification id no longer in the session) fails.
    other = type(client)()
    assert other.post(url, {"step": "code", "code": code}).status_code == 200


def test_open_redirect_refused(client, django_capture_on_commit_callbacks):
    r = verify_phone(client, django_capture_on_commit_callbacks, next_url="https://evil.example/")
    assert r.url == reverse("festival:my_coupons")


def test_my_coupons_needs_phone(client, db):
    r = client.get(reverse("festival:my_coupons"))
    assert r.status_code == 302 and "/phone/" in r.url


# Issue 12: the claim swaps the campaign box; coupon marker and filter; folded filters; near me.
def test_htmx_claim_shows_claimed_state_and_moves_the_count(client, offer, campaign,
                                                            django_capture_on_commit_callbacks):
    verify_phone(client, django_capture_on_commit_callbacks, next_url=offer.get_absolute_url())
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "立即領取" in page and "尚餘 3 / 3 張" in page
    assert f'hx-target="#campaign-{campaign.pk}"' in page and 'hx-swap="outerHTML"' in page
    r = client.post(reverse("festival:claim", args=[campaign.pk]), {"idempotency_key": "k1"}, HTTP_HX_REQUEST="true")
    box = r.content.decode()
    assert f'id="campaign-{campaign.pk}"' in box and "領取成功" in box and "尚餘 2 / 3 張" in box
    assert "立即領取" not in box and "已領取" in box and 'type="submit"' not in box
    assert Coupon.objects.get().get_absolute_url() in box
    page = client.get(offer.get_absolute_url()).content.decode()  # a reload agrees
    assert "立即領取" not in page and "尚餘 2 / 3 張" in page


def test_sold_out_campaign_offers_no_button(client, offer, campaign, django_capture_on_commit_callbacks):
    verify_phone(client, django_capture_on_commit_callbacks, next_url=offer.get_absolute_url())
    campaign.claimed = campaign.quota
    campaign.save(update_fields=["claimed"])
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "已派完" in page and "立即領取" not in page


def test_coupon_marker_and_filter(client, offer, campaign, merchant, shop, merchant_user):
    import datetime

    from django.utils import timezone

    from shanglian.festival import services
    from shanglian.festival.models import Category

    today = timezone.localdate()
    plain = services.offer_create(
        actor=merchant_user, merchant=merchant, shops=[shop],
        values={"title_zh_hant": "菠蘿油半價", "category": Category.objects.get(code="cha-chaan-teng"),
                "valid_from": today, "valid_until": today + datetime.timedelta(days=30)})
    page = client.get(reverse("festival:offers")).content.decode()
    assert page.count("可領優惠券") == 1 and "菠蘿油半價" in page
    page = client.get(reverse("festival:offers"), {"coupon": "1"}).content.decode()
    assert "港式奶茶買一送一" in page and plain.title_zh_hant not in page
    assert 'name="coupon" value="1" checked' in page


def test_filter_card_folds(client, offer):
    page = client.get(reverse("festival:offers")).content.decode()
    assert '<details class="more-filters" data-open-wide>' in page
    assert page.index('name="district"') > page.index('<details class="more-filters"')
    page = client.get(reverse("festival:offers"), {"district": "kwun-tong"}).content.decode()
    assert '<details class="more-filters" data-open-wide>' in page  # folded on a phone even then …
    assert "更多篩選 ✓" in page  # … with a mark that a filter is on


def test_near_me_failure_is_explained_in_the_readers_language(client, offer):
    page = client.get("/en/festival/offers/").content.decode()
    assert 'data-denied="You did not allow' in page and "Pick a district instead" in page
    page = client.get("/en/festival/").content.decode()
    assert 'data-denied="You did not allow' in page
