"""Staff registered for an event as a group get their own login through an invitation sent from
the registration (ticket) page; accepting links the registration, so they act for themselves."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from shanglian.accounts.models import Invitation
from shanglian.events import access as events_access
from shanglian.events import services as events
from shanglian.events.models import Registration
from tests.accounts.conftest import link_in

NEW = {"username": "wong-staff", "password1": "Sturdy-pass-4821", "password2": "Sturdy-pass-4821"}


@pytest.fixture
def staff_registration(kwun_tong, secretariat, kt_member, kt_enterprise) -> Registration:
    start = timezone.now() + datetime.timedelta(days=10)
    event = events.event_save(actor=secretariat, values={
        "type": "forum", "title_zh_hant": "大灣區論壇", "title_en": "GBA Forum", "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=4), "association": kwun_tong, "audience": "public",
        "is_published": True})
    regs = events.registration_create(actor=kt_member, event=event, language="zh-hant", attendees=[
        events.Attendee(name_zh="黃志明", email="wong@example.invalid", enterprise_id=kt_enterprise.pk),
        events.Attendee(name_zh="林嘉欣", email="lam@example.invalid", enterprise_id=kt_enterprise.pk)])
    mail.outbox.clear()
    return regs[0]


def test_contact_invites_staff_from_the_ticket_page_and_accepting_links_the_registration(
        client, kt_member, staff_registration, mails):
    client.force_login(kt_member)
    ticket = client.get(reverse("events:ticket", args=[staff_registration.pk])).content.decode()
    url = reverse("accounts:invite_registration", args=[staff_registration.pk])
    assert url in ticket
    assert events_access.acts_for(kt_member, staff_registration)
    with mails():
        client.post(url, {"language": "en"})
    invitation = Invitation.objects.get()
    assert invitation.registration == staff_registration and invitation.email == "wong@example.invalid"
    assert mail.outbox[0].to == ["wong@example.invalid"] and "GBA Forum" in mail.outbox[0].subject
    assert "已邀請" in client.get(reverse("events:ticket", args=[staff_registration.pk])).content.decode()
    client.logout()
    response = client.post(link_in(mail.outbox[0].body), NEW)
    assert response.status_code == 302 and response["Location"] == "/en/events/mine/"
    staff = get_user_model().objects.get(username="wong-staff")
    staff_registration.refresh_from_db()
    assert staff_registration.user == staff
    # Now they act for themselves in B2B meetings; the contact no longer does.
    assert events_access.acts_for(staff, staff_registration)
    assert not events_access.acts_for(kt_member, staff_registration)
    assert "大灣區論壇" in client.get("/zh-hant/events/mine/").content.decode()


def test_organiser_may_invite_too(client, secretariat, staff_registration):
    client.force_login(secretariat)
    assert client.post(reverse("accounts:invite_registration", args=[staff_registration.pk]),
                       {"language": "zh-hant"}).status_code == 302
    assert Invitation.objects.filter(registration=staff_registration).exists()


def test_strangers_cannot_invite_and_nothing_changes(client, outsider, make_user, staff_registration):
    client.force_login(outsider)
    url = reverse("accounts:invite_registration", args=[staff_registration.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"language": "en"}).status_code == 403
    assert not Invitation.objects.exists()


def test_registration_with_a_login_gets_no_invitation(client, kt_member, staff_registration, make_user):
    Registration.objects.filter(pk=staff_registration.pk).update(user=make_user("has-login"))
    client.force_login(kt_member)
    assert client.post(reverse("accounts:invite_registration", args=[staff_registration.pk]),
                       {"language": "en"}).status_code == 403
    assert not Invitation.objects.exists()
