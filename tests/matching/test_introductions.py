"""Introductions with consent: interest → notice (in the recipient's language) → accept/decline."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from shanglian.core.models import UserPreference
from shanglian.matching import introductions
from shanglian.matching.models import Introduction, Match, Notification
from shanglian.matching.ranking import matches_refresh


@pytest.fixture
def match(hk_need, sz_offer):
    matches_refresh(opportunity_id=hk_need.pk)
    return Match.objects.get(opportunity=hk_need, counterpart=sz_offer)


def test_interest_notifies_other_side_in_their_language(match, kt_member, sz_member,
                                                       django_capture_on_commit_callbacks):
    UserPreference.objects.create(user=sz_member, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        intro = introductions.introduction_request(actor=kt_member, match=match, message="<b>你好</b>")
    assert intro.status == Introduction.Status.REQUESTED and intro.message == "你好"
    assert Notification.objects.filter(user=sz_member, verb="interest", introduction=intro).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [sz_member.email]
    assert "interest" in mail.outbox[0].subject.lower()


def test_only_the_owner_can_express_interest(match, sz_member, outsider):
    for user in (sz_member, outsider):
        with pytest.raises(PermissionDenied):
            introductions.introduction_request(actor=user, match=match)
    assert not Introduction.objects.exists()


def test_one_introduction_per_pair(match, kt_member):
    introductions.introduction_request(actor=kt_member, match=match)
    with pytest.raises(ValidationError):
        introductions.introduction_request(actor=kt_member, match=match)
    assert Introduction.objects.count() == 1


def test_accept_then_meeting_and_outcome(match, kt_member, sz_member):
    intro = introductions.introduction_request(actor=kt_member, match=match)
    with pytest.raises(PermissionDenied):  # the requester cannot accept for the other side
        introductions.introduction_accept(actor=kt_member, introduction=intro)
    with pytest.raises(ValidationError):  # no outcome before acceptance
        introductions.introduction_record_outcome(actor=kt_member, introduction=intro, outcome="deal")
    introductions.introduction_accept(actor=sz_member, introduction=intro)
    assert Notification.objects.filter(user=kt_member, verb="accepted").exists()
    introductions.introduction_request_meeting(actor=kt_member, introduction=intro, note="下周二 觀塘")
    introductions.introduction_record_outcome(actor=sz_member, introduction=intro, outcome="mou", note="已簽")
    intro.refresh_from_db()
    assert (intro.status, intro.outcome, intro.meeting_note) == ("accepted", "mou", "下周二 觀塘")


def test_outsider_cannot_record_outcome(match, kt_member, sz_member, outsider):
    intro = introductions.introduction_request(actor=kt_member, match=match)
    introductions.introduction_accept(actor=sz_member, introduction=intro)
    with pytest.raises(PermissionDenied):
        introductions.introduction_record_outcome(actor=outsider, introduction=intro, outcome="deal")
    intro.refresh_from_db()
    assert intro.outcome == ""


def test_decline_removes_the_match_both_ways_for_good(match, hk_need, sz_offer, kt_member, sz_member):
    intro = introductions.introduction_request(actor=kt_member, match=match)
    introductions.introduction_decline(actor=sz_member, introduction=intro)
    assert not Match.objects.filter(opportunity=hk_need, counterpart=sz_offer).exists()
    matches_refresh(opportunity_id=hk_need.pk)
    matches_refresh(opportunity_id=sz_offer.pk)
    assert not Match.objects.filter(opportunity=hk_need, counterpart=sz_offer).exists()
    assert not Match.objects.filter(opportunity=sz_offer, counterpart=hk_need).exists()


def test_not_interested_is_silent_and_final(match, hk_need, sz_offer, kt_member, sz_member):
    introductions.match_dismiss(actor=kt_member, match=match)
    assert not Notification.objects.filter(user=sz_member, verb="interest").exists()
    matches_refresh(opportunity_id=hk_need.pk)
    assert not Match.objects.filter(opportunity=hk_need, counterpart=sz_offer).exists()


def test_curate_is_for_the_secretariat(hk_need, sz_offer, kt_member, secretariat):
    with pytest.raises(PermissionDenied):
        introductions.match_curate(actor=kt_member, opportunity=hk_need, counterpart=sz_offer)
    assert not Match.objects.filter(curated=True).exists()
    m = introductions.match_curate(actor=secretariat, opportunity=hk_need, counterpart=sz_offer, note="推薦")
    assert m.curated and m.curated_note == "推薦"
