"""Bad input on event pages and the API never gives a 500 (issue 10): time zones, pages and ids
past 64-bit, '²', a checked-in registration cancelled, the activity log after the scheduler."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from shanglian.core.errors import Conflict
from shanglian.events import services
from shanglian.events.models import Event, Registration
from shanglian.events.services import meetings as svc
from tests.events.conftest import login, person, register

HUGE = "99999999999999999999"


@pytest.mark.parametrize("query", [{"tz": "Asia"}, {"tz": "../../etc/passwd"}, {"tz": "x" * 500},
                                   {"page": HUGE}, {"page": "²"}, {"page": "-1"}, {"type": "nope"}])
def test_event_list_survives_bad_query(client, forum, query):
    assert client.get(reverse("events:list"), query).status_code == 200


def test_time_zone_cookie_that_is_a_folder_falls_back(client, forum):
    client.cookies["shanglian_tz"] = "Asia"
    assert client.get(reverse("events:detail", args=[forum.slug])).status_code == 200


def test_register_page_rows_and_ids(client, forum, kt_member):
    login(client, kt_member)
    for rows in ("²", HUGE, "abc"):
        assert client.get(reverse("events:register", args=[forum.slug]), {"group": "1", "rows": rows}).status_code \
            in (200, 302, 403)
    assert client.get(f"/zh-hant/events/tickets/{HUGE}/").status_code == 404


def test_cancelling_a_checked_in_registration_is_a_clear_refusal(client, forum, outsider, secretariat):
    (reg,) = register(forum, outsider, person(1, user=outsider))
    services.checkin_scan(actor=secretariat, event=forum, code=reg.ticket_code)
    with pytest.raises(Conflict) as info:
        services.registration_cancel(actor=outsider, registration=reg)
    assert info.value.code == "checked_in" and info.value.status == 409
    login(client, outsider)
    page = client.post(reverse("events:ticket_cancel", args=[reg.pk]), follow=True)
    assert page.status_code == 200 and "已簽到" in page.content.decode()
    api = client.post(f"/api/v1/events/registrations/{reg.pk}/cancel", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 409 and api.json()["code"] == "checked_in" and "checked in" in api.json()["message"]
    reg.refresh_from_db()
    assert reg.status == Registration.Status.CONFIRMED and reg.checked_in_at is not None  # nothing changed


def test_meeting_pages_with_unicode_digits_and_huge_ids(client, forum, outsider):
    register(forum, outsider, person(1, user=outsider))
    login(client, outsider)
    for value in ("²", HUGE, "abc", "-1"):
        assert client.get(reverse("events:meetings", args=[forum.slug]), {"as": value}).status_code < 500
        assert client.post(reverse("events:availability", args=[forum.slug]),
                           {"slot": [value], "session": [value], "as": value}).status_code < 500


@pytest.fixture
def expo_with_meetings(forum, make_user, secretariat):
    Event.objects.filter(pk=forum.pk).update(capacity=None, meeting_tables=2, type="expo")
    forum.refresh_from_db()
    svc.meeting_slots_generate(actor=secretariat, event=forum, start=forum.starts_at,
                               end=forum.starts_at + datetime.timedelta(hours=1), minutes=20)
    regs = []
    for n in (1, 2):
        user = make_user(f"p{n}")
        regs.append(register(forum, user, person(n, user=user))[0])
    req = svc.meeting_request_create(actor=regs[0].user, requester=regs[0], recipient=regs[1], priority=10, reason="")
    svc.meeting_request_respond(actor=regs[1].user, request=req, accept=True)
    return forum


def test_activity_log_after_the_scheduler_wrote_an_entry(client, expo_with_meetings, kt_admin, secretariat):
    solution = svc.schedule_run(actor=secretariat, event=expo_with_meetings, time_limit=5)
    assert solution.meetings == 1
    login(client, kt_admin)
    page = client.get(reverse("directory:activity", args=["kwun-tong"]))
    assert page.status_code == 200 and "meetings.schedule" in page.content.decode()


def test_organiser_forms_with_junk_numbers(client, expo_with_meetings, secretariat):
    login(client, secretariat)
    slug = expo_with_meetings.slug
    for value in ("²", HUGE, "nan", "inf", "-1"):
        assert client.post(reverse("events:meeting_slots", args=[slug]),
                           {"start": "2030-01-01T10:00", "end": "2030-01-01T11:00", "minutes": value, "gap": value,
                            "delete": value if value != "-1" else ""}).status_code < 500
        assert client.post(reverse("events:meetings_run", args=[slug]),
                           {"min_score": value, "per_person": value}).status_code < 500
