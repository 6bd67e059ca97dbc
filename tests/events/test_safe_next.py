"""Redirect targets from the request (``next``) stay on this site: ticket cancel and bookmarks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shanglian.events.models import ExhibitorBookmark, Registration
from shanglian.events.services import expo as esvc
from tests.events.conftest import login, person, register

EVIL = ["https://evil.example/", "//evil.example", "/\\evil.example"]


@pytest.mark.parametrize("target", EVIL)
def test_ticket_cancel_refuses_foreign_next(client, forum, outsider, target):
    register(forum, outsider, person(1))
    reg = Registration.objects.get(event=forum)
    login(client, outsider)
    r = client.post(reverse("events:ticket_cancel", args=[reg.pk]), {"next": target})
    assert r.status_code == 302 and r.url == reverse("events:mine")
    assert Registration.objects.get(pk=reg.pk).status == "cancelled"


@pytest.mark.parametrize("target", EVIL)
def test_bookmark_refuses_foreign_next(client, forum, secretariat, outsider, target):
    ex = esvc.exhibitor_save(actor=secretariat, event=forum, values={"booth": "A01", "name_zh": "甲公司"})
    login(client, outsider)
    r = client.post(reverse("events:bookmark", args=[forum.slug, ex.pk]), {"next": target})
    assert r.status_code == 302 and r.url == reverse("events:exhibitors", args=[forum.slug])
    assert ExhibitorBookmark.objects.filter(user=outsider).count() == 1


def test_bookmark_keeps_local_next(client, forum, secretariat, outsider):
    ex = esvc.exhibitor_save(actor=secretariat, event=forum, values={"booth": "A01", "name_zh": "甲公司"})
    login(client, outsider)
    target = reverse("events:exhibitor", args=[forum.slug, ex.pk])
    r = client.post(reverse("events:bookmark", args=[forum.slug, ex.pk]), {"next": target})
    assert r.status_code == 302 and r.url == target
