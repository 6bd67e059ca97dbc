"""Phone verification (expiry, attempts, replay) and redemption at the counter."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shanglian.festival import claims, sms
from shanglian.festival.codes import sign_token
from shanglian.festival.models import Coupon, MerchantStaff
from tests.festival.conftest import PHONE, REQUESTER, make_campaign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw, expected", [("9123 4567", "+85291234567"), ("+853 6612 3456", "+85366123456"),
                                           ("+86 138 0013 8000", "+8613800138000")])
def test_mobile_numbers(raw, expected):
    assert claims.clean_mobile(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "2123 4567", "+44 7700 900123", "<script>", "😀😀", "9" * 200])
def test_bad_phones(raw):
    with pytest.raises(ValidationError):
        claims.clean_mobile(raw)


def test_otp_sent_and_verified_once(django_capture_on_commit_callbacks):
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        verification, code = claims.otp_request(phone=PHONE, requester=REQUESTER)
    assert sms.outbox[-1].phone == PHONE and code in sms.outbox[-1].text
    assert verification.code_hash != code
    row = claims.otp_verify(handle=verification.handle, requester=REQUESTER, code=code)
    assert claims.phone_from_token(claims.phone_token(row)) == PHONE
    with pytest.raises(claims.FestivalError) as err:  # replay
        claims.otp_verify(handle=verification.handle, requester=REQUESTER, code=code)
    assert err.value.code == "otp_used"


def test_otp_expired():
    verification, code = claims.otp_request(phone=PHONE, requester=REQUESTER)
    with pytest.raises(claims.FestivalError) as err:
        later = timezone.now() + datetime.timedelta(minutes=6)
        claims.otp_verify(handle=verification.handle, requester=REQUESTER, code=code, now=later)
    assert err.value.code == "otp_expired"


def test_otp_attempts_limited():
    verification, code = claims.otp_request(phone=PHONE, requester=REQUESTER)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(claims.OTP_MAX_ATTEMPTS):
        with pytest.raises(claims.FestivalError) as err:
            claims.otp_verify(handle=verification.handle, requester=REQUESTER, code=wrong)
        assert err.value.code == "otp_wrong"
    with pytest.raises(claims.FestivalError) as err:  # even the right code is refused now
        claims.otp_verify(handle=verification.handle, requester=REQUESTER, code=code)
    assert err.value.code == "otp_attempts"


def test_forged_token_and_old_session():
    assert claims.phone_from_token("forged:token") is None
    verification, code = claims.otp_request(phone=PHONE, requester=REQUESTER)
    token = claims.phone_token(claims.otp_verify(handle=verification.handle, requester=REQUESTER, code=code))
    assert claims.phone_from_token(token, now=timezone.now() + datetime.timedelta(hours=13)) is None


def test_redeem_once_then_when_and_where(campaign, shop, cashier):
    coupon = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE).coupon
    done = claims.coupon_redeem(actor=cashier, code=coupon.code.lower(), shop=shop)
    assert done.redeemed_shop == shop and done.redeemed_by == cashier
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_redeem(actor=cashier, code=coupon.code, shop=shop)
    assert err.value.code == "already_redeemed" and shop.name_zh in err.value.message


def test_forged_code_refused_without_query(shop, cashier):
    forged = sign_token("AAAAAAAAAAAA")[:-1] + ("B" if sign_token("AAAAAAAAAAAA")[-1] != "B" else "C")
    with CaptureQueriesContext(connection) as ctx, pytest.raises(claims.FestivalError) as err:
        claims.coupon_redeem(actor=cashier, code=forged, shop=shop)
    assert err.value.code == "forged" and len(ctx.captured_queries) == 0


def test_redeem_expired_other_shop_other_campaign(offer, secretariat, shop, cashier, other_merchant,
                                                  other_merchant_user):
    now = timezone.now()
    old = make_campaign(offer, secretariat, valid_from=now - datetime.timedelta(days=9),
                        valid_until=now - datetime.timedelta(days=1))
    coupon = claims.coupon_claim(campaign_id=old.pk, phone=PHONE).coupon
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_redeem(actor=cashier, code=coupon.code, shop=shop)
    assert err.value.code == "expired"
    fresh = make_campaign(offer, secretariat)
    good = claims.coupon_claim(campaign_id=fresh.pk, phone=PHONE).coupon
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_redeem(actor=cashier, code=good.code, shop=shop, campaign_id=old.pk)
    assert err.value.code == "other_campaign"
    other_shop = other_merchant.shops.get()
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_redeem(actor=other_merchant_user, code=good.code, shop=other_shop)
    assert err.value.code == "other_shop"
    assert not Coupon.objects.filter(redeemed_at__isnull=False).exists()


def test_redeem_denied_to_non_staff(campaign, shop, outsider, other_merchant_user):
    coupon = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE).coupon
    for user in (outsider, other_merchant_user):
        with pytest.raises(claims.FestivalError) as err:
            claims.coupon_redeem(actor=user, code=coupon.code, shop=shop)
        assert err.value.code == "forbidden"
    assert Coupon.objects.get(pk=coupon.pk).redeemed_at is None


def test_cashier_of_other_shop_refused(campaign, merchant, make_user, secretariat):
    from shanglian.core.models import Place
    from shanglian.festival import services

    second = services.shop_create(actor=secretariat, merchant=merchant, values={
        "name_zh": "第二分店", "address": "九龍某道 2 號", "district": Place.objects.get(code="sha-tin")})
    user = make_user("cashier-2")
    MerchantStaff.objects.create(user=user, merchant=merchant, shop=second)
    coupon = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE).coupon
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_redeem(actor=user, code=coupon.code, shop=campaign.shops.get())
    assert err.value.code == "forbidden"
