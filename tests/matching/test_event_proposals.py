"""Proposed B2B pairs (建議配對): match scores of companies at an event, scheduled when the
organiser asks, below participants' own requests; either side declines; a "no" is never re-proposed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from shanglian.events.models import Meeting, MeetingRequest
from shanglian.events.services import meetings as svc
from shanglian.events.services import proposals
from shanglian.matching import introductions
from shanglian.matching.models import Match
from shanglian.matching.ranking import matches_refresh
from tests.matching.conftest import login
from tests.matching.test_event_meetings import both_registered, expo  # noqa: F401 - fixtures

P = MeetingRequest.Status.PROPOSED


@pytest.fixture
def score(hk_need, sz_offer):
    """The pair's score: its best match (post ↔ post, or post ↔ the other company)."""
    matches_refresh(opportunity_id=hk_need.pk)
    return max(m.score for m in Match.objects.filter(opportunity=hk_need).select_related("counterpart")
               if m.target_enterprise_id == sz_offer.enterprise_id)


def _live(event):
    return Meeting.objects.filter(event=event).exclude(status="cancelled")


def test_proposal_scheduled_only_when_asked_and_above_the_threshold(expo, both_registered, score,  # noqa: F811
                                                                    secretariat):
    svc.schedule_run(actor=secretariat, event=expo, time_limit=2)
    assert not MeetingRequest.objects.exists() and not _live(expo).exists()
    svc.schedule_run(actor=secretariat, event=expo, time_limit=2, include_proposed=True, min_score=score + 0.01)
    assert not MeetingRequest.objects.exists()
    svc.schedule_run(actor=secretariat, event=expo, time_limit=2, include_proposed=True, min_score=score - 0.01)
    proposal = MeetingRequest.objects.get()
    assert proposal.status == P and proposal.priority == MeetingRequest.Priority.PROPOSED
    assert "商機配對" in proposal.reason and "尋找電子元器件供應商" in proposal.reason
    assert {proposal.requester_id, proposal.recipient_id} == {r.pk for r in both_registered}
    assert _live(expo).get().request_id == proposal.pk
    svc.schedule_run(actor=secretariat, event=expo, time_limit=2, include_proposed=True, min_score=0)
    assert MeetingRequest.objects.count() == 1  # refreshed, not duplicated
    svc.schedule_run(actor=secretariat, event=expo, time_limit=2)  # without: the draft goes
    assert not _live(expo).exists() and MeetingRequest.objects.get().status == P


def test_either_side_declines_and_it_is_never_proposed_again(client, expo, both_registered, score,  # noqa: F811
                                                             secretariat, kt_member,
                                                             django_capture_on_commit_callbacks):
    svc.schedule_run(actor=secretariat, event=expo, time_limit=2, include_proposed=True, min_score=0)
    with django_capture_on_commit_callbacks(execute=True):
        svc.schedule_publish(actor=secretariat, event=expo)
    proposal = MeetingRequest.objects.get()
    login(client, kt_member)
    page = client.get(reverse("events:meetings", args=[expo.slug])).content.decode()
    assert "主辦單位建議" in page and "婉拒此建議" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("events:respond", args=[expo.slug, proposal.pk, "decline"]))
    assert r.status_code == 302
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.DECLINED and not _live(expo).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in both_registered)  # both told
    svc.schedule_run(actor=secretariat, event=expo, time_limit=2, include_proposed=True, min_score=0)
    assert MeetingRequest.objects.count() == 1 and not _live(expo).exists()


def test_not_interested_pair_is_not_proposed(expo, both_registered, score, hk_need, sz_offer,  # noqa: F811
                                             kt_member, secretariat):
    introductions.match_dismiss(actor=kt_member, match=Match.objects.get(opportunity=hk_need, counterpart=sz_offer))
    assert proposals.proposals_refresh(actor=secretariat, event=expo, min_score=0) == 0


def test_own_request_replaces_a_draft_proposal(expo, both_registered, score, secretariat):  # noqa: F811
    kt, sz = both_registered
    svc.schedule_run(actor=secretariat, event=expo, time_limit=2, include_proposed=True, min_score=0)
    req = svc.meeting_request_create(actor=kt.user, requester=kt, recipient=sz, priority=10, reason="面談")
    assert req.status == "pending" and not _live(expo).exists()
    assert MeetingRequest.objects.filter(status=P).count() == 0
    with pytest.raises(ValidationError):  # the organiser's priority is not the participant's to pick
        svc.meeting_request_create(actor=sz.user, requester=sz, recipient=kt, priority=1)


def test_bad_thresholds_refused(expo, both_registered, score, secretariat):  # noqa: F811
    for bad in ({"min_score": 1.5}, {"per_person": 0}):
        with pytest.raises(ValidationError):
            svc.schedule_run(actor=secretariat, event=expo, include_proposed=True, **bad)
    assert not MeetingRequest.objects.exists()


def test_organiser_page_runs_with_proposals(client, expo, both_registered, score, secretariat):  # noqa: F811
    login(client, secretariat)
    url = reverse("events:meetings_run", args=[expo.slug])
    client.post(url, {"include_proposed": "1", "min_score": "abc"})
    assert not MeetingRequest.objects.exists()
    client.post(url, {"include_proposed": "1", "min_score": "0", "per_person": "2"})
    page = client.get(reverse("events:meetings_manage", args=[expo.slug])).content.decode()
    assert "主辦單位建議配對：1 對，已安排 1 對" in page and "建議</span>" in page
