"""Check-in: first scan wins, second says when/by whom, forged codes refused without a DB hit,
offline re-sends idempotent, organisers only."""

from __future__ import annotations

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shanglian.events import services, tickets
from shanglian.events.models import CheckIn, Registration
from tests.events.conftest import login, person, register


def test_code_roundtrip_and_forgery():
    code = tickets.new_code()
    assert tickets.verify(code) == code
    assert tickets.verify(tickets.display(code).lower()) == code
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert tickets.verify(forged) is None
    assert tickets.verify("") is None
    assert tickets.verify("<script>") is None
    assert tickets.verify("😀" * 50) is None


def test_forged_code_refused_without_database(forum, secretariat):
    with CaptureQueriesContext(connection) as queries:
        result = services.checkin_scan(actor=secretariat, event=forum, code="AAAA-BBBB-CCCC-DDDD")
    assert result.status == "invalid"
    assert len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]) == 0


def test_first_scan_then_already(forum, outsider, secretariat):
    (reg,) = register(forum, outsider, person(1))
    first = services.checkin_scan(actor=secretariat, event=forum, code=reg.ticket_code)
    assert first.status == "ok"
    second = services.checkin_scan(actor=secretariat, event=forum, code=tickets.display(reg.ticket_code))
    assert second.status == "already"
    assert second.checked_in_by == "secretariat" and second.checked_in_at == first.checked_in_at
    assert Registration.objects.filter(event=forum, checked_in_at__isnull=False).count() == 1


def test_offline_resend_is_idempotent(forum, outsider, secretariat):
    (reg,) = register(forum, outsider, person(1))
    a = services.checkin_scan(actor=secretariat, event=forum, code=reg.ticket_code, client_id="phone-1-42")
    b = services.checkin_scan(actor=secretariat, event=forum, code=reg.ticket_code, client_id="phone-1-42")
    assert a.status == "ok" and b.status == "ok" and b.replay
    assert CheckIn.objects.filter(client_id="phone-1-42").count() == 1


def test_waitlisted_and_cancelled_cannot_enter(forum, outsider, secretariat):
    a, b, c = register(forum, outsider, person(1), person(2), person(3))
    assert services.checkin_scan(actor=secretariat, event=forum, code=c.ticket_code).status == "not_confirmed"
    services.registration_cancel(actor=outsider, registration=a)
    assert services.checkin_scan(actor=secretariat, event=forum, code=a.ticket_code).status == "not_confirmed"


def test_other_event_ticket(forum, outsider, secretariat, kwun_tong):
    other = services.event_save(actor=secretariat, values={
        "type": "gala", "title_zh_hant": "晚宴", "starts_at": forum.starts_at, "ends_at": forum.ends_at,
        "association": kwun_tong, "is_published": True})
    (reg,) = register(other, outsider, person(1))
    assert services.checkin_scan(actor=secretariat, event=forum, code=reg.ticket_code).status == "other_event"


def test_scan_endpoint_json(client, forum, outsider, kt_admin):
    (reg,) = register(forum, outsider, person(1))
    login(client, kt_admin)
    url = reverse("events:checkin_scan", args=[forum.slug])
    r = client.post(url, json.dumps({"code": reg.ticket_code, "client_id": "x1"}), content_type="application/json")
    data = r.json()
    assert data["status"] == "ok" and data["name"] == "陳1 Chan 1" and data["company"] == "觀塘資訊科技"
    r = client.post(url, json.dumps({"code": reg.ticket_code, "client_id": "x2"}), content_type="application/json")
    assert r.json()["status"] == "already" and "kt-admin" in r.json()["message"]


def test_sync_endpoint(client, forum, outsider, secretariat):
    a, b = register(forum, outsider, person(1), person(2))
    login(client, secretariat)
    url = reverse("events:checkin_sync", args=[forum.slug])
    scans = [{"code": a.ticket_code, "client_id": "q1", "scanned_at": "2020-01-01T00:00:00Z"},
             {"code": b.ticket_code, "client_id": "q2"}, {"code": "forged", "client_id": "q3"}, "junk"]
    r = client.post(url, json.dumps({"scans": scans}), content_type="application/json")
    statuses = [x["status"] for x in r.json()["results"]]
    assert statuses == ["ok", "ok", "invalid", "invalid"]
    again = client.post(url, json.dumps({"scans": scans}), content_type="application/json").json()
    assert [x["status"] for x in again["results"]] == ["ok", "ok", "invalid", "invalid"]
    assert again["counts"]["checked_in"] == 2
    assert client.post(url, "not json", content_type="application/json").status_code == 400


def test_checkin_denied_for_other_association_and_members(client, forum, outsider, make_user, eastern):
    from shanglian.directory.models import AssociationRole

    (reg,) = register(forum, outsider, person(1))
    east_admin = make_user("east-admin")
    AssociationRole.objects.create(user=east_admin, association=eastern, role="admin")
    for user in (east_admin, outsider):
        client.force_login(user)
        assert client.get(reverse("events:checkin", args=[forum.slug])).status_code == 403
        r = client.post(reverse("events:checkin_scan", args=[forum.slug]), {"code": reg.ticket_code})
        assert r.status_code == 403
    assert Registration.objects.get(pk=reg.pk).checked_in_at is None


def test_checkin_page_renders_with_jsqr(client, forum, secretariat):
    login(client, secretariat)
    html = client.get(reverse("events:checkin", args=[forum.slug])).content.decode()
    assert "vendor/jsqr/dist/jsQR.js" in html and "events/checkin.js" in html and "data-queue-key=" in html
    # Issue 12: the result box says what to do before the first scan, and the code box is a styled text input.
    assert 'class="waiting"' in html and '<input type="text" id="code"' in html


def test_typed_code_without_script(client, forum, outsider, secretariat):
    (reg,) = register(forum, outsider, person(1))
    login(client, secretariat)
    r = client.post(reverse("events:checkin_scan", args=[forum.slug]), {"code": tickets.display(reg.ticket_code)})
    assert "簽到成功" in r.content.decode()
