"""API: public list/detail, authenticated registration, cancel, check-in."""

from __future__ import annotations

import datetime

from shanglian.core.models import Consent
from shanglian.events import services
from shanglian.events.models import Event, Registration
from tests.events.conftest import login, person, register


def test_list_public_events(client, forum):
    Event.objects.create(slug="hidden", title_zh_hant="未發佈", starts_at=forum.starts_at, ends_at=forum.ends_at,
                         association=forum.association, is_published=False)
    data = client.get("/api/v1/events/events").json()
    assert data["count"] == 1 and data["items"][0]["title_en"] == "GBA Forum"
    assert data["items"][0]["seats_left"] == 2
    assert client.get("/api/v1/events/events?page_size=100000&page=-3").status_code == 200


def test_detail_with_sessions(client, forum, secretariat):
    services.session_save(actor=secretariat, event=forum, values={
        "title_zh_hant": "開幕", "starts_at": forum.starts_at, "ends_at": forum.starts_at + datetime.timedelta(hours=1),
        "speakers": "甲\n乙"})
    data = client.get(f"/api/v1/events/events/{forum.pk}").json()
    assert data["sessions"][0]["title"] == "開幕" and data["sessions"][0]["speakers"] == ["甲", "乙"]
    Event.objects.filter(pk=forum.pk).update(is_published=False)
    assert client.get(f"/api/v1/events/events/{forum.pk}").status_code == 404
    assert client.get("/api/v1/events/events/999999").status_code == 404


def test_register_requires_login(client, forum):
    r = client.post(f"/api/v1/events/events/{forum.pk}/registrations",
                    {"attendees": [{"name_zh": "陳", "email": "a@example.invalid"}]}, content_type="application/json")
    assert r.status_code == 401 and not Registration.objects.exists()


def test_register_cancel_and_errors(client, forum, outsider):
    login(client, outsider)
    url = f"/api/v1/events/events/{forum.pk}/registrations"
    # The collection notice must be agreed to, as on the page (and separately for a +86 phone).
    refused = client.post(url, {"attendees": [{"name_zh": "陳", "email": "a@example.invalid"}]},
                          content_type="application/json")
    assert refused.status_code == 422 and refused.json()["code"] == "consent_required"
    someone = {"name_zh": "陳", "email": "a@example.invalid", "phone": "+8613812345678"}
    mainland = client.post(url, {"attendees": [someone], "privacy_consent": True}, content_type="application/json")
    assert mainland.status_code == 422 and "cross_border_consent" in mainland.json()["fields"]
    assert not Registration.objects.exists()
    r = client.post(url, {"attendees": [{"name_zh": "陳", "email": "a@example.invalid"}], "privacy_consent": True},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()[0]["status"] == "confirmed" and r.json()[0]["ticket_code"]
    assert Consent.objects.filter(purpose="event_registration", user=outsider).count() == 1
    dup = client.post(url, {"attendees": [{"name_zh": "陳", "email": "a@example.invalid"}], "privacy_consent": True},
                      content_type="application/json")
    assert dup.status_code == 409 and "已報名" in dup.json()["message"]  # a Conflict (DomainError), mapped once
    assert client.post(url, {"attendees": [], "privacy_consent": True},
                       content_type="application/json").status_code == 400
    mine = client.get("/api/v1/events/registrations").json()
    assert len(mine) == 1
    r = client.post(f"/api/v1/events/registrations/{mine[0]['id']}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert client.post(f"/api/v1/events/registrations/{mine[0]['id']}/cancel").status_code == 409  # Conflict


def test_checkin_api(client, forum, outsider, secretariat):
    (reg,) = register(forum, outsider, person(1))
    url = f"/api/v1/events/events/{forum.pk}/checkin"
    login(client, outsider)
    assert client.post(url, {"code": reg.ticket_code}, content_type="application/json").status_code == 403
    login(client, secretariat)
    r = client.post(url, {"code": reg.ticket_code, "client_id": "api-1"}, content_type="application/json")
    assert r.json()["status"] == "ok"
    r = client.post(url, {"code": reg.ticket_code}, content_type="application/json")
    assert r.json()["status"] == "already"
    assert client.post(url, {"code": "FORGED-CODE"}, content_type="application/json").json()["status"] == "invalid"
