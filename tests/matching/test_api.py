"""The matching API: search, ranked matches with reasons, member writes."""

from __future__ import annotations

import json

from shanglian.matching.models import Opportunity
from shanglian.matching.ranking import matches_refresh
from tests.matching.conftest import login, post


def test_search_returns_count_and_items(client, hk_need, sz_offer):
    data = client.get("/api/v1/matching/opportunities", {"q": "晶片"}).json()
    assert data["count"] == 2 and {i["id"] for i in data["items"]} == {hk_need.pk, sz_offer.pk}
    assert client.get("/api/v1/matching/opportunities", {"q": "<script>"}).json()["count"] == 0


def test_matches_ranked_with_reasons(client, hk_need, sz_offer, kt_member):
    matches_refresh(opportunity_id=hk_need.pk)
    login(client, kt_member)  # the post's owner (others: test_api_matches_access.py)
    data = client.get(f"/api/v1/matching/opportunities/{hk_need.pk}/matches").json()
    assert data["items"][0]["opportunity"]["id"] == sz_offer.pk
    assert data["items"][0]["score"] > 0 and data["items"][0]["reasons"]


def test_unpublished_is_404(client, kt_member, kt_enterprise, sz_member):
    draft = post(kt_member, kt_enterprise)
    assert client.get(f"/api/v1/matching/opportunities/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/matching/opportunities/{draft.pk}/matches").status_code == 401
    login(client, sz_member)
    assert client.get(f"/api/v1/matching/opportunities/{draft.pk}/matches").status_code == 404


def test_write_needs_login_and_membership(client, kt_member, outsider):
    body = {"kind": "need", "subtype": "sourcing", "title": "Looking for LED suppliers",
            "description": "We need LED bulbs for our Hong Kong shops, 5,000 a month."}
    assert client.post("/api/v1/matching/opportunities", json.dumps(body),
                       content_type="application/json").status_code in (401, 403)
    login(client, outsider)
    assert client.post("/api/v1/matching/opportunities", json.dumps(body),
                       content_type="application/json").status_code == 403
    assert not Opportunity.objects.exists()
    login(client, kt_member)
    response = client.post("/api/v1/matching/opportunities", json.dumps(body), content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert response.json()["language"] == "en"
    bad = client.post("/api/v1/matching/opportunities", json.dumps(body | {"title": "🙂🙂"}),
                      content_type="application/json")
    assert bad.status_code == 400 and "title" in bad.json()["fields"]  # the service's DomainError, mapped once
