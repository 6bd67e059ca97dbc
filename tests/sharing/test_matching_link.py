"""Listings as counterparts inside matching's own match list: sharing registers a source with
matching's public services; matching scores the candidates with its engine and shows them on the
need's page (owner only), with score and reasons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shanglian.matching import counterparts
from shanglian.matching import services as matching
from shanglian.matching.selectors import external_matches_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_need(requester, east_enterprise, secretariat):
    values = {"kind": "need", "subtype": "site", "title": "尋找觀塘共享辦公桌",
              "description": "東區的士公司需要在觀塘租用共享辦公桌，近港鐵站，每星期數天。",
              "target_regions": ["hk"]}
    need = matching.opportunity_create(actor=requester, enterprise=east_enterprise, values=values, submit=True)
    return matching.opportunity_approve(actor=secretariat, opportunity=need)


def test_listing_in_the_needs_match_list_with_score_and_reasons(client, desks, desk_need, requester, provider):
    assert "sharing.listing" in counterparts.counterpart_sources()
    (x,) = external_matches_for(desk_need)
    assert x.source == "sharing.listing" and x.counterpart.id == desks.pk
    assert x.score >= 0.3 and x.reason_texts  # scored and explained by matching's engine
    assert client.login(username=requester.username, password=PASSWORD)
    html = client.get(reverse("matching:detail", args=[desk_need.pk])).content.decode()
    assert reverse("sharing:listing", args=[desks.pk]) in html and "共享資源" in html
    assert "其他服務的配對" in html
    assert not desk_need.matches.exists()  # nothing stored: computed when the owner opens the post
    # The listing's own managers see the need's page without its match list (private to the owner).
    client.logout()
    assert client.login(username=provider.username, password=PASSWORD)
    html = client.get(reverse("matching:detail", args=[desk_need.pk])).content.decode()
    assert "其他服務的配對" not in html


def test_a_broken_source_does_not_break_the_page(client, desks, desk_need, requester, monkeypatch):
    def broken(*, opportunity, limit):
        raise RuntimeError("down")

    monkeypatch.setitem(counterparts._sources, "test.broken",
                        counterparts._Source(broken, "x", ("need",)))
    assert [x.source for x in external_matches_for(desk_need)] == ["sharing.listing"]


def test_withdrawn_listing_leaves_the_list(desks, desk_need, provider):
    from shanglian.sharing import services

    services.listing_withdraw(actor=provider, listing=desks)
    assert external_matches_for(desk_need) == []
