"""Leak 4 (issue 10): the match list of a post (scores, reasons) is for its owners and the
secretariat, through the API as on the page."""

from __future__ import annotations

import pytest

from shanglian.matching.models import Match
from shanglian.matching.ranking import matches_refresh
from tests.matching.conftest import login

pytestmark = pytest.mark.django_db


def url(opp) -> str:
    return f"/api/v1/matching/opportunities/{opp.pk}/matches"


def test_anonymous_gets_no_match_list(client, hk_need, sz_offer):
    matches_refresh(opportunity_id=hk_need.pk)
    assert Match.objects.filter(opportunity=hk_need).exists()
    response = client.get(url(hk_need))
    assert response.status_code == 401
    assert "score" not in response.content.decode()


def test_other_members_and_admins_get_403(client, hk_need, sz_offer, sz_member, kt_admin, outsider):
    matches_refresh(opportunity_id=hk_need.pk)
    for user in (sz_member, kt_admin, outsider):
        login(client, user)
        response = client.get(url(hk_need))
        assert response.status_code == 403, user
        assert "score" not in response.content.decode()


def test_owner_and_secretariat_get_the_list(client, hk_need, sz_offer, kt_member, secretariat):
    matches_refresh(opportunity_id=hk_need.pk)
    for user in (kt_member, secretariat):
        login(client, user)
        data = client.get(url(hk_need)).json()
        assert data["items"][0]["opportunity"]["id"] == sz_offer.pk and data["items"][0]["reasons"]


def test_page_shows_matches_to_the_same_people_only(client, hk_need, sz_offer, sz_member, kt_member):
    matches_refresh(opportunity_id=hk_need.pk)
    match = Match.objects.filter(opportunity=hk_need).first()
    interest = f"/zh-hant/matching/matches/{match.pk}/interest/"
    assert interest not in client.get(hk_need.get_absolute_url()).content.decode()
    login(client, sz_member)
    assert interest not in client.get(hk_need.get_absolute_url()).content.decode()
    login(client, kt_member)
    assert interest in client.get(hk_need.get_absolute_url()).content.decode()
