"""B2B meetings: requests (priority, deadline, do-not-meet), scheduler run, draft grid, manual
move checked with validate(), publish with mail + .ics, change notices, access."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from shanglian.events import services
from shanglian.events.models import Event, Meeting, MeetingRequest
from shanglian.events.services import meetings as svc
from tests.events.conftest import login, person, register


@pytest.fixture
def expo(forum, secretariat):
    Event.objects.filter(pk=forum.pk).update(capacity=None, meeting_tables=2, type="expo")
    forum.refresh_from_db()
    start = forum.starts_at
    svc.meeting_slots_generate(actor=secretariat, event=forum, start=start, end=start + datetime.timedelta(hours=1),
                               minutes=20)
    return forum


@pytest.fixture
def people(expo, make_user, secretariat):
    regs = []
    for n in range(1, 5):
        user = make_user(f"p{n}")
        (reg,) = register(expo, user, person(n, user=user))
        regs.append(reg)
    return regs


def accepted(a, b, priority=10):
    req = svc.meeting_request_create(actor=a.user, requester=a, recipient=b, priority=priority, reason="分銷")
    return svc.meeting_request_respond(actor=b.user, request=req, accept=True)


def test_slots_generated(expo):
    assert expo.meeting_slots.count() == 3


def test_request_mail_accept_and_response(people, django_capture_on_commit_callbacks):
    a, b = people[:2]
    with django_capture_on_commit_callbacks(execute=True):
        req = svc.meeting_request_create(actor=a.user, requester=a, recipient=b, priority=10, reason="尋找夥伴")
    assert req.status == "pending" and req.deadline is not None
    assert mail.outbox[-1].to == [b.email] and "洽談" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        svc.meeting_request_respond(actor=b.user, request=req, accept=True)
    assert MeetingRequest.objects.get(pk=req.pk).status == "accepted"
    assert mail.outbox[-1].to == [a.email]


def test_expired_request_cannot_be_accepted(people):
    a, b = people[:2]
    req = svc.meeting_request_create(actor=a.user, requester=a, recipient=b, priority=3)
    later = timezone.now() + datetime.timedelta(hours=49)
    with pytest.raises(ValidationError, match="逾期"):
        svc.meeting_request_respond(actor=b.user, request=req, accept=True, now=later)
    assert MeetingRequest.objects.get(pk=req.pk).status == "expired"
    # an expired request frees the pair: a new one may be made
    svc.meeting_request_create(actor=a.user, requester=a, recipient=b, priority=3, now=later)


def test_duplicate_and_reverse_and_self_refused(people):
    a, b = people[:2]
    svc.meeting_request_create(actor=a.user, requester=a, recipient=b, priority=3)
    with pytest.raises(ValidationError):
        svc.meeting_request_create(actor=a.user, requester=a, recipient=b, priority=10)
    with pytest.raises(ValidationError):
        svc.meeting_request_create(actor=b.user, requester=b, recipient=a, priority=3)
    with pytest.raises(ValidationError):
        svc.meeting_request_create(actor=a.user, requester=a, recipient=a, priority=3)
    assert MeetingRequest.objects.count() == 1


def test_do_not_meet_blocks_requests(people):
    a, b = people[:2]
    svc.meeting_request_create(actor=b.user, requester=b, recipient=a, priority=0)
    with pytest.raises(ValidationError, match="不接受"):
        svc.meeting_request_create(actor=a.user, requester=a, recipient=b, priority=10)


def test_schedule_with_no_slots_or_tables_refused(people, expo, secretariat):
    a, b = people[:2]
    accepted(a, b)
    Event.objects.filter(pk=expo.pk).update(meeting_tables=0)
    expo.refresh_from_db()
    with pytest.raises(ValidationError, match="洽談桌"):
        svc.schedule_run(actor=secretariat, event=expo)
    Event.objects.filter(pk=expo.pk).update(meeting_tables=2)
    expo.meeting_slots.all().delete()
    with pytest.raises(ValidationError, match="時段"):
        svc.schedule_run(actor=secretariat, event=expo)
    assert not Meeting.objects.exists()


def test_schedule_publish_move_cancel(people, expo, secretariat, django_capture_on_commit_callbacks):
    a, b, c, d = people
    accepted(a, b)
    accepted(c, d)
    accepted(a, c, priority=3)
    solution = svc.schedule_run(actor=secretariat, event=expo, time_limit=5)
    assert solution.meetings == 3 and not solution.unscheduled
    assert Meeting.objects.filter(status="draft").count() == 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        n = svc.schedule_publish(actor=secretariat, event=expo)
    assert n == 4 and len(mail.outbox) == 4
    assert all(m.attachments[0][0] == "meetings.ics" for m in mail.outbox)
    # Double-booking move: put a-b where a-c is (same person a) -> refused, nothing changed.
    ab = Meeting.objects.get(request__requester=a, request__recipient=b)
    ac = Meeting.objects.get(request__requester=a, request__recipient=c)
    free_table = 1 if ac.table == 2 else 2
    before = list(Meeting.objects.values_list("pk", "slot_id", "table", "pinned").order_by("pk"))
    with pytest.raises(ValidationError, match="陳1"):
        svc.meeting_move(actor=secretariat, meeting=ab, slot=ac.slot, table=free_table)
    assert list(Meeting.objects.values_list("pk", "slot_id", "table", "pinned").order_by("pk")) == before
    # A move to a free slot is kept, pinned, and both sides are told.
    used = set(Meeting.objects.filter(request__requester=a).values_list("slot_id", flat=True)) | set(
        Meeting.objects.filter(request__recipient=a).values_list("slot_id", flat=True)) | set(
        Meeting.objects.filter(request__requester=b).values_list("slot_id", flat=True)) | set(
        Meeting.objects.filter(request__recipient=b).values_list("slot_id", flat=True))
    free_slots = [s for s in expo.meeting_slots.all() if s.pk not in used or s.pk == ab.slot_id]
    target = next(s for s in free_slots if s.pk != ab.slot_id) if len(free_slots) > 1 else free_slots[0]
    taken_tables = set(Meeting.objects.filter(slot=target).exclude(pk=ab.pk).values_list("table", flat=True))
    table = min({1, 2} - taken_tables)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.meeting_move(actor=secretariat, meeting=ab, slot=target, table=table)
    ab.refresh_from_db()
    assert ab.slot_id == target.pk and ab.pinned
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.meeting_cancel(actor=secretariat, meeting=ab)
    assert len(mail.outbox) == 2 and "取消" in mail.outbox[0].subject


def test_table_taken_move_refused(people, expo, secretariat):
    a, b, c, d = people
    accepted(a, b)
    accepted(c, d)
    svc.schedule_run(actor=secretariat, event=expo, time_limit=5)
    ab = Meeting.objects.get(request__requester=a)
    cd = Meeting.objects.get(request__requester=c)
    with pytest.raises(ValidationError, match="桌"):
        svc.meeting_move(actor=secretariat, meeting=ab, slot=cd.slot, table=cd.table)
    with pytest.raises(ValidationError, match="桌號"):
        svc.meeting_move(actor=secretariat, meeting=ab, slot=cd.slot, table=99)


def test_cancelled_registration_frees_meetings(people, expo, secretariat):
    a, b = people[:2]
    accepted(a, b)
    svc.schedule_run(actor=secretariat, event=expo, time_limit=5)
    services.registration_cancel(actor=a.user, registration=a)
    assert not Meeting.objects.exclude(status="cancelled").exists()


def test_unavailable_side_unscheduled_with_reason(people, expo, secretariat):
    a, b = people[:2]
    slots = list(expo.meeting_slots.all())
    svc.availability_set(actor=a.user, registration=a, slot_ids=[slots[0].pk])
    svc.availability_set(actor=b.user, registration=b, slot_ids=[slots[1].pk])
    req = accepted(a, b)
    solution = svc.schedule_run(actor=secretariat, event=expo, time_limit=5)
    assert solution.unscheduled == {req.pk: "no_common_slot"}
    assert MeetingRequest.objects.get(pk=req.pk).unscheduled_reason == "no_common_slot"


def test_pages_participant_and_organiser(client, people, expo, secretariat, django_capture_on_commit_callbacks):
    a, b = people[:2]
    client.force_login(a.user)
    html = client.get(reverse("events:participants", args=[expo.slug])).content.decode()
    assert "陳2" in html and "p2@example.invalid" not in html  # no contact details
    client.post(reverse("events:request_meeting", args=[expo.slug, b.pk]), {"priority": "10", "reason": "合作"})
    req = MeetingRequest.objects.get()
    client.force_login(people[2].user)  # not the recipient
    assert client.post(reverse("events:respond", args=[expo.slug, req.pk, "accept"])).status_code == 403
    assert MeetingRequest.objects.get().status == "pending"
    client.force_login(b.user)
    assert "合作" in client.get(reverse("events:meetings", args=[expo.slug])).content.decode()
    client.post(reverse("events:respond", args=[expo.slug, req.pk, "accept"]))
    assert MeetingRequest.objects.get().status == "accepted"
    assert client.post(reverse("events:meetings_run", args=[expo.slug])).status_code == 403
    login(client, secretariat)
    client.post(reverse("events:meetings_run", args=[expo.slug]))
    html = client.get(reverse("events:meetings_manage", args=[expo.slug])).content.decode()
    assert "陳1" in html and "第 1 桌" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:meetings_publish", args=[expo.slug]))
    client.force_login(a.user)
    html = client.get(reverse("events:meetings", args=[expo.slug]) + "?tz=Europe/London").content.decode()
    m = Meeting.objects.get()
    assert timezone.localtime(m.slot.starts_at, timezone=datetime.UTC).strftime("%H:%M") in html
    ics = client.get(reverse("events:schedule_ics", args=[expo.slug])).content.decode()
    assert "BEGIN:VEVENT" in ics


def test_slots_page_bad_input(client, expo, secretariat):
    login(client, secretariat)
    url = reverse("events:meeting_slots", args=[expo.slug])
    client.post(url, {"start": "nonsense", "end": "", "minutes": "x"})
    client.post(url, {"start": "2030-01-01T10:00", "end": "2030-01-01T09:00", "minutes": "20"})
    assert expo.meeting_slots.count() == 3


def test_sessions_attended_keep_their_slots_free(client, people, expo, secretariat):
    """A participant sitting in an agenda session is not given a meeting at that time, and a hand
    move into it is refused; another session (not attended) changes nothing."""
    a, b = people[:2]
    slots = list(expo.meeting_slots.all())  # three 20-minute slots
    keynote = services.session_save(actor=secretariat, event=expo, values={
        "title_zh_hant": "主題演講", "starts_at": slots[0].starts_at, "ends_at": slots[1].ends_at})
    services.session_save(actor=secretariat, event=expo, values={
        "title_zh_hant": "分組論壇", "starts_at": slots[2].starts_at, "ends_at": slots[2].ends_at})
    login(client, a.user)
    url = reverse("events:availability", args=[expo.slug])
    assert "主題演講" in client.get(url).content.decode()
    client.post(url, {"session": [str(keynote.pk)]})
    assert list(a.sessions.all()) == [keynote]
    req = accepted(a, b)
    svc.schedule_run(actor=secretariat, event=expo, time_limit=5)
    meeting = Meeting.objects.get(request=req)
    assert meeting.slot_id == slots[2].pk
    with pytest.raises(ValidationError):
        svc.meeting_move(actor=secretariat, meeting=meeting, slot=slots[0], table=1)
    assert Meeting.objects.get(pk=meeting.pk).slot_id == slots[2].pk


def test_group_contact_acts_for_staff_without_login(client, people, expo, make_user,
                                                    django_capture_on_commit_callbacks):
    """Staff registered as a group have no login: the contact who registered them declares their
    slots, requests and answers meetings for them (chosen with ?as=), and gets the mail that asks
    for an answer. Nobody else can act for them."""
    contact = make_user("contact")
    s1, s2 = register(expo, contact, person(7), person(8))
    assert s1.user_id is None and s2.user_id is None
    p1 = people[0]
    client.force_login(contact)
    home = reverse("events:meetings", args=[expo.slug])
    html = client.get(home).content.decode()
    assert "陳7" in html and "陳8" in html and f"?as={s2.pk}" in html  # a switcher between both
    assert f"?as={s1.pk}" in client.get(reverse("events:mine")).content.decode()
    slot = expo.meeting_slots.first()
    r = client.post(reverse("events:availability", args=[expo.slug]), {"as": str(s2.pk), "slot": [str(slot.pk)]})
    assert r.status_code == 302 and r["Location"].endswith(f"?as={s2.pk}")
    assert list(s2.availability.values_list("slot_id", flat=True)) == [slot.pk]
    assert not s1.availability.exists()
    client.post(reverse("events:request_meeting", args=[expo.slug, p1.pk]) + f"?as={s1.pk}",
                {"priority": "10", "reason": "採購"})
    assert MeetingRequest.objects.get(requester=s1).recipient_id == p1.pk
    # The other side sees staff without a login among the participants and asks one of them.
    client.force_login(p1.user)
    assert "陳8" in client.get(reverse("events:participants", args=[expo.slug])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:request_meeting", args=[expo.slug, s2.pk]), {"priority": "3", "reason": "合作"})
    req = MeetingRequest.objects.get(recipient=s2)
    assert mail.outbox[-1].to == [s2.email, contact.email] and f"?as={s2.pk}" in mail.outbox[-1].body
    client.force_login(contact)  # the switcher counts what waits for an answer per person
    assert '<span class="badge" title="待回覆">1</span>' in client.get(home).content.decode()
    # Someone else cannot act for the staff, even naming them.
    outsider = make_user("outsider")
    client.force_login(outsider)
    client.get(reverse("events:list"))  # shows (and drops) the previous user's flash message
    html = client.get(home + f"?as={s2.pk}").content.decode()
    assert "陳8" not in html and "請先報名並獲確認" in html
    assert client.post(reverse("events:availability", args=[expo.slug]), {"as": str(s2.pk)}).status_code == 404
    assert client.post(reverse("events:respond", args=[expo.slug, req.pk, "accept"]) + f"?as={s2.pk}"
                       ).status_code == 403
    client.force_login(p1.user)  # the requester cannot answer their own request by naming the recipient
    assert client.post(reverse("events:respond", args=[expo.slug, req.pk, "accept"]) + f"?as={s2.pk}"
                       ).status_code == 404
    assert MeetingRequest.objects.get(pk=req.pk).status == "pending"
    client.force_login(contact)
    r = client.post(reverse("events:respond", args=[expo.slug, req.pk, "accept"]) + f"?as={s2.pk}")
    assert r["Location"].endswith(f"?as={s2.pk}")
    assert MeetingRequest.objects.get(pk=req.pk).status == "accepted"
