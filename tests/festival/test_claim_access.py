"""Leak 5 (issue 10): the claim API and the claim page share one rule — only a public offer
(published, approved merchant, current edition) takes claims. A refused claim changes nothing."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from shanglian.core.models import AuditEntry
from shanglian.festival import access, claims
from shanglian.festival.models import Coupon, CouponCampaign, Edition, Merchant
from tests.festival.conftest import PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def not_approved(campaign):
    Merchant.objects.filter(pk=campaign.offer.merchant_id).update(status=Merchant.Status.APPLIED)


def past_edition(campaign):
    Edition.objects.filter(pk=campaign.offer.merchant.edition_id).update(is_current=False)


def state(campaign) -> tuple:
    return (Coupon.objects.count(), CouponCampaign.objects.get(pk=campaign.pk).claimed, AuditEntry.objects.count())


@pytest.mark.parametrize("spoil", [not_approved, past_edition])
def test_api_claim_refused_like_the_page(client, campaign, phone_token, spoil):
    spoil(campaign)
    before = state(campaign)
    r = client.post(f"/api/v1/festival/campaigns/{campaign.pk}/claims", HTTP_X_PHONE_TOKEN=phone_token)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert state(campaign) == before
    assert not access.claimable_campaigns().filter(pk=campaign.pk).exists()


@pytest.mark.parametrize("spoil", [not_approved, past_edition])
def test_page_claim_refused(client, campaign, phone_token, spoil):
    spoil(campaign)
    before = state(campaign)
    session = client.session
    session["festival_phone_token"] = phone_token
    session.save()
    r = client.post(reverse("festival:claim", args=[campaign.pk]))
    assert r.status_code == 404
    assert state(campaign) == before


def test_service_refuses_too(campaign):
    not_approved(campaign)
    with pytest.raises(claims.FestivalError) as exc:
        claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    assert exc.value.status == 404
    assert not Coupon.objects.exists()


def test_public_offer_still_claims(client, campaign, phone_token):
    r = client.post(f"/api/v1/festival/campaigns/{campaign.pk}/claims", HTTP_X_PHONE_TOKEN=phone_token)
    assert r.status_code == 201
