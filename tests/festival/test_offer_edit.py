"""Merchants edit, unpublish and republish their offers; deny tests; claimed coupons survive."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from shanglian.core.audit import AuditEntry
from shanglian.festival import claims, services
from shanglian.festival.models import Category, Offer
from tests.festival.conftest import PHONE
from tests.festival.test_merchant import png

pytestmark = pytest.mark.django_db


def edit_post(offer, shop, **extra):
    data = {"title_zh_hant": "港式奶茶半價", "title_zh_hans": "港式奶茶半价", "title_en": "Milk tea half price",
            "terms_zh_hant": "新條款", "category": Category.objects.get(code="cha-chaan-teng").pk, "shops": [shop.pk],
            "valid_from": offer.valid_from.isoformat(), "valid_until": offer.valid_until.isoformat()}
    data.update(extra)
    return data


def _state(offer):
    o = Offer.objects.get(pk=offer.pk)
    return (o.title_zh_hant, o.terms_zh_hant, o.valid_until, o.photo.name, o.is_published,
            sorted(o.shops.values_list("pk", flat=True)))


def test_edit_offer(client, offer, shop, merchant_user):
    client.force_login(merchant_user)
    page = client.get(reverse("festival:offer_edit", args=[offer.pk]))
    assert page.status_code == 200 and "港式奶茶買一送一" in page.content.decode()  # prefilled
    r = client.post(reverse("festival:offer_edit", args=[offer.pk]), edit_post(offer, shop, photo=png()))
    assert r.status_code == 302
    offer.refresh_from_db()
    assert offer.title_zh_hant == "港式奶茶半價" and offer.title_en == "Milk tea half price"
    with Image.open(offer.photo.path) as img:
        assert max(img.size) == 1200 and img.format == "JPEG"
    assert offer.photo.url in client.get(reverse("festival:offer_edit", args=[offer.pk])).content.decode()
    assert reverse("festival:offer_edit", args=[offer.pk]) in client.get(offer.get_absolute_url()).content.decode()
    entry = AuditEntry.objects.filter(action="festival.offer.update", target_id=str(offer.pk)).get()
    assert entry.changes["title_zh_hant"] == ["港式奶茶買一送一", "港式奶茶半價"]
    # Search follows the edit (the index is updated), in both scripts.
    assert client.get("/api/v1/festival/offers", {"q": "半价"}).json()["count"] == 1
    assert client.get("/api/v1/festival/offers", {"q": "買一送一"}).json()["count"] == 0


def test_edit_photo_replaced_old_file_removed(client, offer, shop, merchant_user, django_capture_on_commit_callbacks):
    client.force_login(merchant_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("festival:offer_edit", args=[offer.pk]), edit_post(offer, shop, photo=png()))
    offer.refresh_from_db()
    first = offer.photo.name
    storage = offer.photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("festival:offer_edit", args=[offer.pk]), edit_post(offer, shop, photo=png((800, 600))))
    offer.refresh_from_db()
    assert offer.photo.name != first and storage.exists(offer.photo.name) and not storage.exists(first)


def test_edit_removes_photo(client, offer, shop, merchant_user, django_capture_on_commit_callbacks):
    client.force_login(merchant_user)
    url = reverse("festival:offer_edit", args=[offer.pk])
    assert "remove_photo" not in client.get(url).content.decode()  # nothing to remove yet
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, edit_post(offer, shop, photo=png()))
    offer.refresh_from_db()
    first, storage = offer.photo.name, offer.photo.storage
    assert "remove_photo" in client.get(url).content.decode()
    # Both at once is refused and changes nothing.
    r = client.post(url, edit_post(offer, shop, photo=png(), remove_photo="on"))
    assert r.status_code == 200 and "不可兩者同時進行" in r.content.decode()
    assert Offer.objects.get(pk=offer.pk).photo.name == first
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, edit_post(offer, shop, remove_photo="on"))
    assert r.status_code == 302
    offer.refresh_from_db()
    assert not offer.photo and not storage.exists(first)
    entry = AuditEntry.objects.filter(action="festival.offer.update", target_id=str(offer.pk)).latest("pk")
    assert entry.changes["photo"] == [first, ""]


@pytest.mark.parametrize("extra, message", [
    ({"title_zh_hant": "", "title_zh_hans": "", "title_en": ""}, "請最少填寫一種語言的標題"),
    ({"valid_until": "2000-01-01"}, "有效期的結束日期不可早於開始日期"),
    ({"photo": SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")}, "不是相片"),
    ({"photo": SimpleUploadedFile("big.jpg", b"\xff" * (8 * 1024 * 1024 + 10), content_type="image/jpeg")},
     "相片太大"),
    ({"shops": []}, ""),
    ({"title_zh_hant": "x" * 500}, ""),
])
def test_edit_bad_input_changes_nothing(client, offer, shop, merchant_user, extra, message):
    client.force_login(merchant_user)
    before = _state(offer)
    r = client.post(reverse("festival:offer_edit", args=[offer.pk]), edit_post(offer, shop, **extra))
    assert r.status_code == 200 and message in r.content.decode()
    assert _state(offer) == before
    assert not AuditEntry.objects.filter(action="festival.offer.update").exists()


def test_edit_text_is_escaped(client, offer, shop, merchant_user):
    client.force_login(merchant_user)
    client.post(reverse("festival:offer_edit", args=[offer.pk]),
                edit_post(offer, shop, title_zh_hant="<script>alert(1)</script>😀"))
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_service_refuses_other_merchants_shop(offer, other_merchant, merchant_user):
    other_shop = other_merchant.shops.get()
    before = _state(offer)
    with pytest.raises(ValidationError):
        services.offer_update(actor=merchant_user, offer=offer, shops=[other_shop],
                              values={"title_zh_hant": "X", "category": offer.category,
                                      "valid_from": offer.valid_from, "valid_until": offer.valid_until})
    assert _state(offer) == before


def test_other_merchant_cannot_edit_or_unpublish(client, offer, shop, other_merchant, other_merchant_user):
    client.force_login(other_merchant_user)
    before = _state(offer)
    assert client.get(reverse("festival:offer_edit", args=[offer.pk])).status_code == 404
    assert client.post(reverse("festival:offer_edit", args=[offer.pk]), edit_post(offer, shop)).status_code == 404
    assert client.post(reverse("festival:offer_publish", args=[offer.pk]), {"published": "0"}).status_code == 404
    # Putting one's own shop on another merchant's offer is refused the same way.
    r = client.post(reverse("festival:offer_edit", args=[offer.pk]), edit_post(offer, other_merchant.shops.get()))
    assert r.status_code == 404
    assert _state(offer) == before
    assert not AuditEntry.objects.filter(action__in=["festival.offer.update", "festival.offer.unpublish"]).exists()


def test_cashier_and_anonymous_cannot_edit(client, offer, shop, cashier):
    before = _state(offer)
    r = client.post(reverse("festival:offer_edit", args=[offer.pk]), edit_post(offer, shop))
    assert r.status_code == 302 and "login" in r["Location"]
    assert reverse("festival:offer_edit", args=[offer.pk]) not in client.get(offer.get_absolute_url()).content.decode()
    client.force_login(cashier)
    assert client.post(reverse("festival:offer_edit", args=[offer.pk]), edit_post(offer, shop)).status_code == 403
    assert client.post(reverse("festival:offer_publish", args=[offer.pk]), {"published": "0"}).status_code == 403
    assert _state(offer) == before


def test_publish_needs_post(client, offer, merchant_user):
    client.force_login(merchant_user)
    assert client.get(reverse("festival:offer_publish", args=[offer.pk])).status_code == 405
    assert Offer.objects.get(pk=offer.pk).is_published


def test_unpublish_hides_but_claimed_coupons_stay_valid(client, offer, campaign, shop, cashier, merchant_user,
                                                        phone_token):
    coupon = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE).coupon
    client.force_login(merchant_user)
    r = client.post(reverse("festival:offer_publish", args=[offer.pk]), {"published": "0"})
    assert r.status_code == 302 and not Offer.objects.get(pk=offer.pk).is_published
    assert AuditEntry.objects.filter(action="festival.offer.unpublish", target_id=str(offer.pk)).exists()
    # The merchant still sees it (marked), with a republish button.
    page = client.get(reverse("festival:merchant", args=[offer.merchant_id])).content.decode()
    assert "已暫停發佈" in page and "重新發佈" in page
    assert client.get(offer.get_absolute_url()).status_code == 200
    client.logout()
    # Consumers: gone from the pages, the search and the API; no new claims.
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert "港式奶茶" not in client.get(reverse("festival:offers"), {"q": "奶茶"}).content.decode()
    assert "港式奶茶" not in client.get(reverse("festival:home")).content.decode()
    assert client.get("/api/v1/festival/offers", {"q": "奶茶"}).json()["count"] == 0
    r = client.post(f"/api/v1/festival/campaigns/{campaign.pk}/claims", HTTP_X_PHONE_TOKEN=phone_token,
                    content_type="application/json")
    assert r.status_code == 404
    with pytest.raises(claims.FestivalError):
        claims.coupon_claim(campaign_id=campaign.pk, phone="+85261234567")
    # The coupon already claimed still opens and is redeemed at the counter.
    assert client.get(coupon.get_absolute_url()).status_code == 200
    done = claims.coupon_redeem(actor=cashier, code=coupon.code, shop=shop)
    assert done.redeemed_at is not None
    # Republish: visible again.
    client.force_login(merchant_user)
    client.post(reverse("festival:offer_publish", args=[offer.pk]), {"published": "1"})
    client.logout()
    assert client.get(offer.get_absolute_url()).status_code == 200
    assert client.get("/api/v1/festival/offers", {"q": "奶茶"}).json()["count"] == 1


def test_edit_keeps_dates_valid_in_db(offer, merchant_user, shop):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.offer_update(actor=merchant_user, offer=offer, shops=[shop],
                              values={"title_zh_hant": "X", "category": offer.category, "valid_from": today,
                                      "valid_until": today - datetime.timedelta(days=1)})
    assert Offer.objects.get(pk=offer.pk).title_zh_hant == "港式奶茶買一送一"
