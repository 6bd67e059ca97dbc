"""Bad input on festival pages and the API never gives a 500 (issue 10)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shanglian.festival.models import Brand, Offer

HUGE = "99999999999999999999"


@pytest.mark.parametrize("query", [{"brand": HUGE}, {"brand": "²"}, {"brand": "9223372036854775808"},
                                   {"page": HUGE}, {"page": "²"}, {"lat": "nan", "lng": "inf"},
                                   {"district": "x" * 300}, {"category": "\x00"}])
def test_offer_list_survives_bad_query(client, offer, query):
    assert client.get(reverse("festival:offers"), query).status_code == 200


def test_brand_filter_by_id_still_works(client, offer):
    brand = Brand.objects.create(merchant=offer.merchant, name_zh="奶茶王")
    Offer.objects.filter(pk=offer.pk).update(brand=brand)
    assert offer.title in client.get(reverse("festival:offers"), {"brand": str(brand.pk)}).content.decode()
    assert offer.title not in client.get(reverse("festival:offers"), {"brand": str(brand.pk + 1)}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"brand": HUGE}, {"page": HUGE}, {"brand": "²"}])
def test_offer_api_survives_bad_query(client, query):
    response = client.get("/api/v1/festival/offers", query)
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.django_db
def test_claim_for_a_campaign_id_past_64_bit_is_a_json_error(client):
    response = client.post(f"/api/v1/festival/campaigns/{HUGE}/claims")
    assert response.status_code in (401, 404, 422) and set(response.json()) == {"code", "message", "fields"}


@pytest.mark.parametrize("typed", ["觀塘冰室", "观塘冰室", "冰室", "觀塘 冰室"])
def test_brand_box_goes_through_the_search_pipeline(client, offer, typed):
    """No icontains: 简体, part of the name, or spaces all find the brand (issue 11)."""
    brand = offer.merchant.brands.get(name_zh="觀塘冰室")
    Offer.objects.filter(pk=offer.pk).update(brand=brand)
    assert offer.title in client.get(reverse("festival:offers"), {"brand": typed}).content.decode()
    assert offer.title not in client.get(reverse("festival:offers"), {"brand": "灣仔潮流"}).content.decode()
