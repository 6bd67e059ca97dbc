"""Claim rules: quota, per-person limit, idempotency, windows, members only."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from shanglian.festival import claims
from shanglian.festival.codes import verify_code
from shanglian.festival.models import Coupon, CouponCampaign
from tests.festival.conftest import OTHER_PHONE, PHONE, make_campaign

pytestmark = pytest.mark.django_db


def phones(n):
    return [f"+8529{1000000 + i:07d}" for i in range(n)]


def test_claim_gives_signed_coupon(campaign):
    result = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    assert result.created
    assert verify_code(result.coupon.code) == result.coupon.token
    campaign.refresh_from_db()
    assert campaign.claimed == 1


def test_quota_never_exceeded(campaign):
    for phone in phones(3):
        claims.coupon_claim(campaign_id=campaign.pk, phone=phone)
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_claim(campaign_id=campaign.pk, phone=OTHER_PHONE)
    assert err.value.code == "sold_out" and err.value.status == 409
    campaign.refresh_from_db()
    assert campaign.claimed == 3 == Coupon.objects.filter(campaign=campaign).count()


def test_already_claimed_and_counter_unchanged(campaign):
    claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    assert err.value.code == "already_claimed"
    campaign.refresh_from_db()
    assert campaign.claimed == 1


def test_per_person_limit_two(offer, secretariat):
    campaign = make_campaign(offer, secretariat, per_person_limit=2)
    claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    with pytest.raises(claims.FestivalError):
        claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    assert sorted(Coupon.objects.filter(phone=PHONE).values_list("seq", flat=True)) == [1, 2]


def test_idempotent_retry_returns_same_coupon(campaign):
    first = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE, idempotency_key="abc")
    again = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE, idempotency_key="abc")
    assert not again.created and again.coupon.pk == first.coupon.pk
    campaign.refresh_from_db()
    assert campaign.claimed == 1


def test_idempotent_retry_is_the_stored_coupon(campaign):
    """The retry's answer is read back (one SELECT by the id the claim's read found): the same row."""
    first = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE, idempotency_key="abc").coupon
    again = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE, idempotency_key="abc").coupon
    stored = Coupon.objects.get(pk=first.pk)
    for field in Coupon._meta.concrete_fields:
        assert getattr(again, field.attname) == getattr(stored, field.attname), field.name
    assert again.code == first.code and again.campaign.valid_until == campaign.valid_until


def test_idempotency_key_used_for_another_campaign_is_refused(campaign, offer, secretariat):
    claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE, idempotency_key="one-key")
    other = make_campaign(offer, secretariat)
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_claim(campaign_id=other.pk, phone=PHONE, idempotency_key="one-key")
    assert err.value.code == "idempotency_conflict" and err.value.status == 422
    other.refresh_from_db()
    assert other.claimed == 0 and not Coupon.objects.filter(campaign=other).exists()


def test_idempotency_key_of_other_phone_is_not_shared(campaign):
    claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE, idempotency_key="same")
    other = claims.coupon_claim(campaign_id=campaign.pk, phone=OTHER_PHONE, idempotency_key="same")
    assert other.created and other.coupon.phone == OTHER_PHONE


def test_integrity_error_rolls_back_counter(campaign, monkeypatch):
    """A concurrent claim by the same phone slips in between the read and the insert: the insert
    hits the unique constraint, the counter increment rolls back with it."""
    real_read = claims._campaign_for_claim

    def read_then_race(campaign_id, phone, *args):
        stale = real_read(campaign_id, phone, *args)  # held = 0 …
        monkeypatch.setattr(claims, "_campaign_for_claim", real_read)
        claims.coupon_claim(campaign_id=campaign_id, phone=phone)  # … but another request wins now
        return stale

    monkeypatch.setattr(claims, "_campaign_for_claim", read_then_race)
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    assert err.value.code == "already_claimed"
    campaign.refresh_from_db()
    assert campaign.claimed == 1 and Coupon.objects.filter(phone=PHONE).count() == 1


@pytest.mark.parametrize("shift, code", [(datetime.timedelta(days=2), "not_started"),
                                         (-datetime.timedelta(days=3), "closed")])
def test_outside_window(offer, secretariat, shift, code):
    now = timezone.now()
    campaign = make_campaign(offer, secretariat, claim_starts=now + shift, claim_ends=now + shift + datetime.timedelta(
        days=1))
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    assert err.value.code == code
    assert CouponCampaign.objects.get(pk=campaign.pk).claimed == 0
    assert not Coupon.objects.exists()


def test_members_only(offer, secretariat, outsider, kt_member):
    campaign = make_campaign(offer, secretariat, eligibility="members")
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE, user=outsider)
    assert err.value.code == "members_only"
    assert claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE, user=kt_member).created


def test_unknown_campaign(db):
    with pytest.raises(claims.FestivalError) as err:
        claims.coupon_claim(campaign_id=999999, phone=PHONE)
    assert err.value.status == 404
