"""Accepted introduction → B2B meeting request at an event both sides attend (events app)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from shanglian.events import services as ev
from shanglian.events.models import Event, MeetingRequest
from shanglian.events.services import meetings as ev_meetings
from shanglian.matching import introductions, meetings
from shanglian.matching.models import Introduction, Match, Notification
from shanglian.matching.ranking import matches_refresh
from tests.matching.conftest import login


@pytest.fixture
def intro(hk_need, sz_offer, kt_member, sz_member):
    matches_refresh(opportunity_id=hk_need.pk)
    match = Match.objects.get(opportunity=hk_need, counterpart=sz_offer)
    return introductions.introduction_request(actor=kt_member, match=match)


@pytest.fixture
def accepted(intro, sz_member):
    return introductions.introduction_accept(actor=sz_member, introduction=intro)


@pytest.fixture
def expo(kwun_tong, secretariat):
    start = timezone.now() + datetime.timedelta(days=10)
    event = ev.event_save(actor=secretariat, values={
        "type": "expo", "title_zh_hant": "2026 東亞博覽會", "title_en": "East Asia Expo 2026",
        "starts_at": start, "ends_at": start + datetime.timedelta(hours=6), "association": kwun_tong,
        "audience": "public", "is_published": True, "venue_zh_hant": "香港會議展覽中心"})
    Event.objects.filter(pk=event.pk).update(meeting_tables=5)
    ev_meetings.meeting_slots_generate(actor=secretariat, event=event, start=start,
                                       end=start + datetime.timedelta(hours=1), minutes=20)
    return event


def _register(event, user, enterprise, n):
    (reg,) = ev.registration_create(actor=user, event=event, language="zh-hant", attendees=[ev.Attendee(
        name_zh=f"陳{n}", email=f"{user.username}-{n}@example.invalid", company=enterprise.name,
        enterprise_id=enterprise.pk, user=user)])
    return reg


@pytest.fixture
def both_registered(expo, kt_member, kt_enterprise, sz_member, sz_enterprise):
    return _register(expo, kt_member, kt_enterprise, 1), _register(expo, sz_member, sz_enterprise, 2)


def _state(intro):
    intro = Introduction.objects.get(pk=intro.pk)
    return (intro.meeting_request_id, intro.meeting_requested_at, MeetingRequest.objects.count())


def test_happy_path_creates_event_request_linked_and_notified(client, accepted, expo, both_registered, kt_member,
                                                              sz_member, django_capture_on_commit_callbacks):
    mine, theirs = both_registered
    options = meetings.event_options(actor=kt_member, introduction=accepted)
    assert [(o.event, o.mine, o.theirs) for o in options] == [(expo, mine, theirs)]
    with django_capture_on_commit_callbacks(execute=True):
        req = meetings.introduction_request_event_meeting(actor=kt_member, introduction=accepted, event=expo)
    assert (req.requester, req.recipient, req.priority, req.status) == (mine, theirs, 10, "pending")
    assert req.deadline is not None and "尋找電子元器件供應商" in req.reason and "芯片" in req.reason
    accepted.refresh_from_db()
    assert accepted.meeting_request == req and accepted.meeting_requested_at is not None
    assert mail.outbox[-1].to == [theirs.email]  # the events app's own request mail
    assert Notification.objects.filter(user=sz_member, verb="meeting", introduction=accepted).exists()
    # a second request while this one is pending is refused; nothing new is created
    with pytest.raises(ValidationError):
        meetings.introduction_request_event_meeting(actor=sz_member, introduction=accepted, event=expo)
    assert MeetingRequest.objects.count() == 1
    # the recipient answers in the events app; both sides see the status on the introduction
    ev_meetings.meeting_request_respond(actor=sz_member, request=req, accept=True)
    login(client, sz_member)
    page = client.get(reverse("matching:inbox")).content.decode()
    assert "2026 東亞博覽會" in page and "已接受" in page


def test_view_happy_path_with_chosen_priority(client, accepted, expo, both_registered, sz_member):
    login(client, sz_member)
    page = client.get(reverse("matching:introduction_meeting", args=[accepted.pk]))
    assert page.status_code == 200 and "2026 東亞博覽會" in page.content.decode()
    resp = client.post(reverse("matching:introduction_meeting", args=[accepted.pk]),
                       {"event": expo.pk, "priority": 3, "reason": "<script>x</script>想談分銷"})
    assert resp.status_code == 302
    req = Introduction.objects.get(pk=accepted.pk).meeting_request
    assert (req.requester, req.recipient, req.priority) == (both_registered[1], both_registered[0], 3)


def test_no_common_event_explains_and_changes_nothing(client, accepted, expo, kt_member, kt_enterprise):
    _register(expo, kt_member, kt_enterprise, 1)  # only one side registered
    assert meetings.event_options(actor=kt_member, introduction=accepted) == []
    before = _state(accepted)
    with pytest.raises(ValidationError):
        meetings.introduction_request_event_meeting(actor=kt_member, introduction=accepted, event=expo)
    login(client, kt_member)
    page = client.get(reverse("matching:introduction_meeting", args=[accepted.pk])).content.decode()
    assert 'id="no-common-event"' in page and reverse("events:list") in page
    resp = client.post(reverse("matching:introduction_meeting", args=[accepted.pk]), {"event": expo.pk})
    assert resp.status_code == 200
    assert _state(accepted) == before


def test_past_or_slotless_events_are_not_offered(accepted, expo, both_registered, kt_member):
    expo.meeting_slots.all().delete()
    assert meetings.event_options(actor=kt_member, introduction=accepted) == []


def test_not_accepted_introduction_refused(client, intro, expo, both_registered, kt_member, sz_member):
    before = _state(intro)
    for user in (kt_member, sz_member):
        with pytest.raises(ValidationError):
            meetings.introduction_request_event_meeting(actor=user, introduction=intro, event=expo)
    login(client, kt_member)
    resp = client.post(reverse("matching:introduction_meeting", args=[intro.pk]), {"event": expo.pk, "priority": 10})
    assert resp.status_code == 302
    assert _state(intro) == before


def test_outsider_refused(client, accepted, expo, both_registered, outsider, secretariat):
    before = _state(accepted)
    with pytest.raises(PermissionDenied):
        meetings.introduction_request_event_meeting(actor=outsider, introduction=accepted, event=expo)
    login(client, outsider)
    url = reverse("matching:introduction_meeting", args=[accepted.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"event": expo.pk, "priority": 10}).status_code == 404
    login(client, secretariat)
    assert client.post(url, {"event": expo.pk, "priority": 10}).status_code == 403
    assert _state(accepted) == before


def test_do_not_meet_priority_refused(accepted, expo, both_registered, kt_member):
    with pytest.raises(ValidationError):
        meetings.introduction_request_event_meeting(actor=kt_member, introduction=accepted, event=expo, priority=0)
    assert MeetingRequest.objects.count() == 0


def test_free_form_meeting_still_works(client, accepted, kt_member):
    login(client, kt_member)
    client.post(reverse("matching:introduction_action", args=[accepted.pk, "meeting"]), {"note": "下周二 觀塘"})
    assert Introduction.objects.get(pk=accepted.pk).meeting_note == "下周二 觀塘"


def test_api_lists_events_and_requests_meeting(client, accepted, expo, both_registered, kt_member, outsider):
    login(client, kt_member)
    base = f"/api/v1/matching/introductions/{accepted.pk}"
    listed = client.get(f"{base}/meeting-events").json()
    assert [e["id"] for e in listed] == [expo.pk]
    bad = client.post(f"{base}/meeting", {"event_id": expo.pk + 999}, content_type="application/json")
    assert bad.status_code == 422 and MeetingRequest.objects.count() == 0
    resp = client.post(f"{base}/meeting", {"event_id": expo.pk, "priority": 3}, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["status"] == "pending" and resp.json()["priority"] == 3
    login(client, outsider)
    assert client.get(f"{base}/meeting-events").status_code == 404
    assert client.post(f"{base}/meeting", {"event_id": expo.pk}, content_type="application/json").status_code == 404
    assert MeetingRequest.objects.count() == 1


def test_expired_request_is_shown_and_frees_a_new_one(client, accepted, expo, both_registered, kt_member):
    req = meetings.introduction_request_event_meeting(actor=kt_member, introduction=accepted, event=expo)
    MeetingRequest.objects.filter(pk=req.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    login(client, kt_member)
    page = client.get(reverse("matching:inbox")).content.decode()
    assert MeetingRequest.objects.get(pk=req.pk).status == "expired" and "已逾期" in page
    again = meetings.introduction_request_event_meeting(actor=kt_member, introduction=accepted, event=expo,
                                                       priority=3)
    assert again.pk != req.pk and Introduction.objects.get(pk=accepted.pk).meeting_request_id == again.pk


def test_other_side_with_only_group_staff_is_offered_and_their_contact_answers(
        client, accepted, expo, kt_member, kt_enterprise, sz_member, sz_enterprise, django_capture_on_commit_callbacks):
    """The other company registered two staff as a group (no logins): the event is offered, the
    request goes to one of them, and the contact who registered them answers for them."""
    mine = _register(expo, kt_member, kt_enterprise, 1)
    staff = ev.registration_create(actor=sz_member, event=expo, language="zh-hans", attendees=[
        ev.Attendee(name_zh=f"王{n}", email=f"staff{n}@hq.example.invalid", company=sz_enterprise.name,
                    enterprise_id=sz_enterprise.pk) for n in (1, 2)])
    assert all(r.user_id is None for r in staff)
    (option,) = meetings.event_options(actor=kt_member, introduction=accepted)
    assert (option.mine, option.theirs) == (mine, staff[0])
    with django_capture_on_commit_callbacks(execute=True):
        req = meetings.introduction_request_event_meeting(actor=kt_member, introduction=accepted, event=expo)
    assert req.recipient == staff[0] and mail.outbox[-1].to == [staff[0].email, sz_member.email]
    login(client, sz_member)
    r = client.post(reverse("events:respond", args=[expo.slug, req.pk, "accept"]) + f"?as={staff[0].pk}")
    assert r.status_code == 302 and MeetingRequest.objects.get(pk=req.pk).status == "accepted"
