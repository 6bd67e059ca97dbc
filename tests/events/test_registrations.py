"""Registration rules: capacity and waitlist in the database, window, duplicates, group, cancel."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from shanglian.events import services
from shanglian.events.models import Event, Registration
from tests.events.conftest import person, register


def seats(event) -> int:
    return Event.objects.get(pk=event.pk).seats_taken


def test_register_confirms_and_mails_ticket(forum, outsider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (reg,) = register(forum, outsider, person(1, user=outsider))
    assert reg.status == "confirmed" and seats(forum) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "報名確認" in message.subject
    names = [a[0] for a in message.attachments]
    assert names == ["ticket.png", "event.ics"]
    assert "BEGIN:VEVENT" in str(message.attachments[1][1])


def test_mail_in_registrants_language(forum, outsider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(forum, outsider, person(1), language="en")
    assert "GBA Forum" in mail.outbox[0].subject


def test_past_capacity_goes_to_waitlist_and_cancel_promotes(forum, outsider, django_capture_on_commit_callbacks):
    a, b, c = register(forum, outsider, person(1), person(2), person(3))
    assert [r.status for r in (a, b, c)] == ["confirmed", "confirmed", "waitlisted"]
    assert seats(forum) == 2
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(actor=outsider, registration=a)
    assert [r.pk for r in promoted] == [c.pk]
    assert Registration.objects.get(pk=c.pk).status == "confirmed"
    assert seats(forum) == 2
    assert any("報名確認" in m.subject for m in mail.outbox)


def test_cancel_twice_is_refused(forum, outsider):
    (a,) = register(forum, outsider, person(1))
    services.registration_cancel(actor=outsider, registration=a)
    with pytest.raises(ValidationError):
        services.registration_cancel(actor=outsider, registration=a)
    assert seats(forum) == 0


def test_duplicate_email_refused_and_nothing_saved(forum, outsider):
    register(forum, outsider, person(1))
    with pytest.raises(ValidationError, match="已報名"):
        register(forum, outsider, person(2), person(1))
    assert Registration.objects.filter(event=forum).count() == 1
    assert seats(forum) == 1


def test_duplicate_within_group_refused(forum, outsider):
    with pytest.raises(ValidationError):
        register(forum, outsider, person(1), person(1))
    assert not Registration.objects.exists()


def test_after_window_refused(forum, outsider):
    forum.registration_closes_at = timezone.now() - datetime.timedelta(hours=1)
    forum.save()
    with pytest.raises(ValidationError, match="報名已截止"):
        register(forum, outsider, person(1))
    assert seats(forum) == 0 and not Registration.objects.exists()


def test_before_window_refused(forum, outsider):
    forum.registration_opens_at = timezone.now() + datetime.timedelta(days=1)
    forum.save()
    with pytest.raises(ValidationError, match="報名尚未開始"):
        register(forum, outsider, person(1))


def test_members_only_refuses_outsider_allows_member(forum, outsider, kt_member):
    forum.audience = "members"
    forum.save()
    with pytest.raises(ValidationError):
        register(forum, outsider, person(1))
    assert register(forum, kt_member, person(2))[0].status == "confirmed"


def test_unpublished_refused(forum, outsider):
    forum.is_published = False
    forum.save()
    with pytest.raises(ValidationError):
        register(forum, outsider, person(1))


@pytest.mark.parametrize("bad", [
    {"name_zh": "", "name_en": ""}, {"email": "not-an-email"}, {"phone": "12"}, {"email": "a@" + "x" * 300},
])
def test_bad_input_refused(forum, outsider, bad):
    attendee = person(1)
    for k, v in bad.items():
        setattr(attendee, k, v)
    with pytest.raises(ValidationError):
        register(forum, outsider, attendee)
    assert not Registration.objects.exists() and seats(forum) == 0


def test_script_and_emoji_names_stored_as_written(forum, outsider):
    script = services.Attendee(name_zh="<script>alert(1)</script>", email="x@example.invalid")
    (reg,) = register(forum, outsider, script)
    assert reg.name_zh == "<script>alert(1)</script>"
    (reg2,) = register(forum, outsider, services.Attendee(name_en="😀😀", email="y@example.invalid"))
    assert reg2.name_en == "😀😀"


def test_approval_required_holds_seat_until_approved(forum, outsider, secretariat, django_capture_on_commit_callbacks):
    forum.approval_required = True
    forum.save()
    (reg,) = register(forum, outsider, person(1))
    assert reg.status == "pending" and seats(forum) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_approve(actor=secretariat, registration=reg)
    assert Registration.objects.get(pk=reg.pk).status == "confirmed"
    assert mail.outbox[-1].attachments


def test_reject_frees_seat_for_waitlist(forum, outsider, secretariat):
    a, b, c = register(forum, outsider, person(1), person(2), person(3))
    services.registration_reject(actor=secretariat, registration=a)
    assert Registration.objects.get(pk=c.pk).status == "confirmed"
    assert Registration.objects.get(pk=a.pk).status == "rejected"


def test_raising_capacity_promotes_waitlist(forum, outsider, secretariat):
    regs = register(forum, outsider, person(1), person(2), person(3))
    services.event_save(actor=secretariat, event=forum, values={"capacity": 5})
    assert Registration.objects.get(pk=regs[2].pk).status == "confirmed"


def test_capacity_below_taken_refused(forum, outsider, secretariat):
    register(forum, outsider, person(1), person(2))
    with pytest.raises(ValidationError):
        services.event_save(actor=secretariat, event=forum, values={"capacity": 1})
    assert Event.objects.get(pk=forum.pk).capacity == 2


def test_database_refuses_seats_over_capacity(forum):
    from django.db import IntegrityError, transaction
    from django.db.models import F

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=forum.pk).update(seats_taken=F("capacity") + 1)


def test_reregister_after_cancel_allowed(forum, outsider):
    (a,) = register(forum, outsider, person(1))
    services.registration_cancel(actor=outsider, registration=a)
    (b,) = register(forum, outsider, person(1))
    assert b.status == "confirmed"
