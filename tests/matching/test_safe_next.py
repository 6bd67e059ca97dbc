"""Redirect targets from the request (``next``) stay on this site: the matching POST actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shanglian.matching.models import Match
from shanglian.matching.ranking import matches_refresh
from tests.matching.conftest import login

EVIL = ["https://evil.example/", "//evil.example", "/\\evil.example", "https:evil.example"]


@pytest.mark.parametrize("target", EVIL)
def test_action_refuses_foreign_next(client, hk_need, kt_member, target):
    login(client, kt_member)
    r = client.post(reverse("matching:action", args=[hk_need.pk, "close"]), {"next": target})
    assert r.status_code == 302 and r.url == reverse("matching:mine")


def test_action_keeps_local_next(client, hk_need, kt_member):
    login(client, kt_member)
    r = client.post(reverse("matching:action", args=[hk_need.pk, "close"]), {"next": "/zh-hant/matching/"})
    assert r.status_code == 302 and r.url == "/zh-hant/matching/"


@pytest.mark.parametrize("target", EVIL)
def test_interest_refuses_foreign_next(client, hk_need, sz_offer, kt_member, target):
    matches_refresh(opportunity_id=hk_need.pk)
    match = Match.objects.get(opportunity=hk_need, counterpart=sz_offer)
    login(client, kt_member)
    r = client.post(reverse("matching:interest", args=[match.pk]), {"next": target})
    assert r.status_code == 302 and r.url == hk_need.get_absolute_url()
