"""Merchant and organiser pages: apply, review, publish offers (photos), redeem; deny tests."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from shanglian.core.models import Place
from shanglian.festival import claims
from shanglian.festival.models import Category, Coupon, CouponCampaign, Merchant, Offer, Shop
from tests.festival.conftest import PHONE

pytestmark = pytest.mark.django_db


def png(size=(1600, 1200)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return SimpleUploadedFile("photo.png", buf.getvalue(), content_type="image/png")


def offer_post(merchant, shop, **extra):
    today = timezone.localdate()
    data = {"title_zh_hant": "新品 9 折", "category": Category.objects.get(code="fashion").pk, "shops": [shop.pk],
            "valid_from": today.isoformat(), "valid_until": (today + datetime.timedelta(days=5)).isoformat()}
    data.update(extra)
    return data


def test_apply_and_approve(client, edition, make_user, secretariat):
    user = make_user("applicant")
    client.force_login(user)
    r = client.post(reverse("festival:merchant_apply"), {
        "name_zh": "荃灣眼鏡有限公司", "contact_name": "李小姐", "contact_phone": "2412 3456", "brand_zh": "明亮眼鏡",
        "shop_name_zh": "明亮眼鏡（荃灣店）", "shop_address": "荃灣沙咀道 1 號",
        "shop_district": Place.objects.get(code="tsuen-wan").pk, "shop_phone": "+853 2833 1234",
        "privacy_consent": "1"})
    assert r.status_code == 302
    merchant = Merchant.objects.get(name_zh="荃灣眼鏡有限公司")
    assert merchant.status == "applied" and merchant.shops.get().phone == "+85328331234"
    # Not approved yet: no offers.
    assert client.get(reverse("festival:offer_new", args=[merchant.pk])).status_code == 302
    client.force_login(secretariat)
    r = client.post(reverse("festival:review", args=[merchant.pk]), {"decision": "reject", "reason": ""})
    assert Merchant.objects.get(pk=merchant.pk).status == "applied"        # a reason is required
    client.post(reverse("festival:review", args=[merchant.pk]), {"decision": "approve"})
    assert Merchant.objects.get(pk=merchant.pk).status == "approved"


def test_apply_bad_input(client, edition, make_user):
    client.force_login(make_user("applicant"))
    r = client.post(reverse("festival:merchant_apply"), {
        "name_zh": "X", "contact_name": "Y", "contact_phone": "123", "brand_zh": "Z", "shop_name_zh": "S",
        "shop_address": "A", "shop_district": Place.objects.get(code="shenzhen").pk})
    assert r.status_code == 200 and not Merchant.objects.exists()


def test_publish_offer_with_photo(client, merchant, shop, merchant_user):
    client.force_login(merchant_user)
    r = client.post(reverse("festival:offer_new", args=[merchant.pk]), offer_post(merchant, shop, photo=png()))
    assert r.status_code == 302
    offer = Offer.objects.get(title_zh_hant="新品 9 折")
    with Image.open(offer.photo.path) as img:
        assert max(img.size) == 1200 and img.format == "JPEG"
    html = client.get(reverse("festival:offers"), {"q": "新品"}).content.decode()
    assert html.count("<mark>新品</mark> 9 折") == 1  # found once, the query marked


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg"), "不是相片"),
    (SimpleUploadedFile("big.jpg", b"\xff" * (8 * 1024 * 1024 + 10), content_type="image/jpeg"), "相片太大"),
])
def test_photo_refused(client, merchant, shop, merchant_user, upload, message):
    client.force_login(merchant_user)
    r = client.post(reverse("festival:offer_new", args=[merchant.pk]), offer_post(merchant, shop, photo=upload))
    assert r.status_code == 200 and message in r.content.decode()
    assert not Offer.objects.filter(title_zh_hant="新品 9 折").exists()


def test_validity_end_before_start(client, merchant, shop, merchant_user):
    client.force_login(merchant_user)
    today = timezone.localdate()
    r = client.post(reverse("festival:offer_new", args=[merchant.pk]), offer_post(
        merchant, shop, valid_until=(today - datetime.timedelta(days=1)).isoformat()))
    assert "不可早於開始日期" in r.content.decode()
    assert not Offer.objects.filter(title_zh_hant="新品 9 折").exists()


def test_other_merchant_denied(client, merchant, shop, offer, campaign, other_merchant, other_merchant_user):
    client.force_login(other_merchant_user)
    before = (Offer.objects.count(), Shop.objects.count(), Merchant.objects.get(pk=merchant.pk).status)
    assert client.get(reverse("festival:merchant", args=[merchant.pk])).status_code == 404
    assert client.get(reverse("festival:offer_new", args=[merchant.pk])).status_code == 404
    assert client.post(reverse("festival:offer_new", args=[merchant.pk]), offer_post(merchant, shop)).status_code == 404
    assert client.post(reverse("festival:shop_new", args=[merchant.pk]), {
        "shop_name_zh": "X", "shop_address": "Y", "shop_district": shop.district_id}).status_code == 404
    # Offering another merchant's shop from one's own merchant page is refused too.
    r = client.post(reverse("festival:offer_new", args=[other_merchant.pk]), offer_post(other_merchant, shop))
    assert r.status_code == 200
    assert (Offer.objects.count(), Shop.objects.count(), Merchant.objects.get(pk=merchant.pk).status) == before
    assert client.get(reverse("festival:campaign_new", args=[offer.pk])).status_code == 302  # staff only
    assert client.post(reverse("festival:review", args=[merchant.pk]), {"decision": "reject", "reason": "x"}
                       ).status_code == 302
    assert Merchant.objects.get(pk=merchant.pk).status == "approved"


def test_cashier_cannot_manage(client, merchant, cashier):
    client.force_login(cashier)
    assert client.get(reverse("festival:merchant", args=[merchant.pk])).status_code == 200
    assert client.get(reverse("festival:offer_new", args=[merchant.pk])).status_code == 403


def test_redeem_page(client, campaign, shop, cashier, other_merchant, other_merchant_user):
    coupon = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE).coupon
    client.force_login(other_merchant_user)
    r = client.post(reverse("festival:redeem"), {"code": coupon.code, "shop": shop.pk}, HTTP_HX_REQUEST="true")
    assert "不適用於本分店" in r.content.decode()           # their own shop is used; the coupon is not for it
    assert Coupon.objects.get(pk=coupon.pk).redeemed_at is None
    client.force_login(cashier)
    page = client.get(reverse("festival:redeem")).content.decode()
    assert "vendor/jsqr/dist/jsQR.js" in page
    r = client.post(reverse("festival:redeem"), {"code": coupon.code, "shop": shop.pk}, HTTP_HX_REQUEST="true")
    assert "已使用" in r.content.decode() and "✓" in r.content.decode()
    r = client.post(reverse("festival:redeem"), {"code": coupon.code, "shop": shop.pk}, HTTP_HX_REQUEST="true")
    assert "此優惠券已於" in r.content.decode() and shop.name_zh in r.content.decode()
    r = client.post(reverse("festival:redeem"), {"code": "ABCD", "shop": shop.pk}, HTTP_HX_REQUEST="true")
    assert "偽造" in r.content.decode()


def test_merchant_dashboard_stats(client, merchant, campaign, shop, cashier, merchant_user, offer):
    client.get(offer.get_absolute_url())
    coupon = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE).coupon
    claims.coupon_redeem(actor=cashier, code=coupon.code, shop=shop)
    client.force_login(merchant_user)
    page = client.get(reverse("festival:merchant", args=[merchant.pk])).content.decode()
    assert page.count("<b>1</b>") >= 3  # one view, one claim, one redemption


def test_organiser_pages(client, secretariat, offer, campaign, shop, outsider):
    client.force_login(outsider)
    assert client.get(reverse("festival:organiser")).status_code == 302
    client.force_login(secretariat)
    page = client.get(reverse("festival:organiser")).content.decode()
    assert "chart.umd.min.js" in page and "觀塘" in page
    r = client.get(reverse("festival:organiser"), {"format": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    client.post(reverse("festival:feature", args=[offer.pk]), {"featured": "1"})
    assert Offer.objects.get(pk=offer.pk).is_featured
    now = timezone.now()
    fmt = "%Y-%m-%dT%H:%M"
    r = client.post(reverse("festival:campaign_new", args=[offer.pk]), {
        "kind": "discount", "discount_percent": 20, "quota": 100, "per_person_limit": 1,
        "claim_starts": now.strftime(fmt), "claim_ends": (now + datetime.timedelta(days=1)).strftime(fmt),
        "valid_from": now.strftime(fmt), "valid_until": (now - datetime.timedelta(days=1)).strftime(fmt),
        "eligibility": "phone"})
    assert r.status_code == 200 and CouponCampaign.objects.count() == 1
    assert client.get(reverse("festival:applications")).status_code == 200


def test_photo_with_too_many_pixels_refused(db):
    from django.core.exceptions import ValidationError

    from shanglian.festival.photos import process_photo

    buf = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buf, "PNG")  # 48 megapixels in a few kilobytes
    with pytest.raises(ValidationError) as err:
        process_photo(SimpleUploadedFile("bomb.png", buf.getvalue(), content_type="image/png"))
    assert "像素" in err.value.messages[0]


def test_setup_edition_and_category(client, secretariat, edition, outsider):
    from shanglian.festival.models import Edition

    client.force_login(outsider)
    assert client.get(reverse("festival:setup")).status_code == 302
    client.force_login(secretariat)
    assert "衣" in client.get(reverse("festival:setup")).content.decode()
    r = client.post(reverse("festival:setup"), {"form": "edition", "e-code": "2027", "e-name_zh_hant": "購物節 2027",
                                                "e-starts_on": "2027-12-01", "e-ends_on": "2027-11-01"})
    assert r.status_code == 200 and not Edition.objects.filter(code="2027").exists()   # ends before it starts
    r = client.post(reverse("festival:setup"), {"form": "edition", "e-code": "2027", "e-name_zh_hant": "購物節 2027",
                                                "e-starts_on": "2027-11-01", "e-ends_on": "2027-12-01",
                                                "e-is_current": "on"})
    assert r.status_code == 302
    assert list(Edition.objects.filter(is_current=True).values_list("code", flat=True)) == ["2027"]
    r = client.post(reverse("festival:setup"), {"form": "category", "c-code": "pets", "c-name_zh_hant": "寵物用品",
                                                "c-parent": Category.objects.get(code="living").pk})
    assert r.status_code == 302 and Category.objects.get(code="pets").parent.code == "living"
