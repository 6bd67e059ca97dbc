"""Leak 3 (issue 10): the offline replay by ``client_id`` is limited to the event being scanned,
so a client_id used at another event never reveals that event's attendee."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from shanglian.directory.models import AssociationRole
from shanglian.events import services
from shanglian.events.models import CheckIn, Registration
from tests.events.conftest import login, person, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def east_gala(forum, secretariat, eastern):
    return services.event_save(actor=secretariat, values={
        "type": "gala", "title_zh_hant": "東區晚宴", "starts_at": forum.starts_at, "ends_at": forum.ends_at,
        "association": eastern, "is_published": True, "audience": "public"})


@pytest.fixture
def east_admin(make_user, eastern):
    user = make_user("east-admin")
    AssociationRole.objects.create(user=user, association=eastern, role="admin")
    return user


def scan(client, event, code, client_id):
    url = reverse("events:checkin_scan", args=[event.slug])
    return client.post(url, json.dumps({"code": code, "client_id": client_id}), content_type="application/json").json()


def test_client_id_of_another_event_replays_nothing(client, forum, east_gala, outsider, kt_admin, east_admin):
    (secret,) = register(east_gala, outsider, person(9))  # 陳9 at Eastern's gala
    (mine,) = register(forum, outsider, person(1))
    login(client, east_admin)
    assert scan(client, east_gala, secret.ticket_code, "dev-1")["status"] == "ok"

    login(client, kt_admin)
    # Reusing (or guessing) the client_id with a ticket of one's own event: a fresh scan of that ticket.
    data = scan(client, forum, mine.ticket_code, "dev-1")
    assert data["status"] == "ok" and not data["replay"]
    assert "陳9" not in json.dumps(data, ensure_ascii=False) and data["name"] == "陳1 Chan 1"
    # With the other event's ticket: "other event", no name.
    data = scan(client, forum, secret.ticket_code, "dev-2")
    data2 = scan(client, forum, mine.ticket_code, "dev-1")
    assert data["status"] == "other_event" and data["name"] == ""
    assert data2["replay"] and data2["name"] == "陳1 Chan 1"
    assert CheckIn.objects.filter(event=east_gala).count() == 1
    assert CheckIn.objects.filter(event=forum, client_id="dev-1").count() == 1


def test_api_checkin_replay_is_scoped_too(client, forum, east_gala, outsider, kt_admin, east_admin):
    (secret,) = register(east_gala, outsider, person(9))
    (mine,) = register(forum, outsider, person(1))
    services.checkin_scan(actor=east_admin, event=east_gala, code=secret.ticket_code, client_id="dev-1")
    login(client, kt_admin)
    r = client.post(f"/api/v1/events/events/{forum.pk}/checkin", {"code": mine.ticket_code, "client_id": "dev-1"},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["name"] == "陳1 Chan 1" and not r.json()["replay"]
    assert Registration.objects.get(pk=secret.pk).checked_in_by == east_admin
