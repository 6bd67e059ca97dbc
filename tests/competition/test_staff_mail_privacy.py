"""Issue 17 follow-up: the staff page, judge invitations, entrant e-mails in the recipient's
language (each notice at most once), and the entrants in the personal-data export / erasure."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from shanglian.competition import privacy, services
from shanglian.competition.models import Competition, Entry, EntryNotice, Judge, JudgeInvitation, PublicVote
from shanglian.core.models import UserPreference
from shanglian.core.privacy import personal_data_erase, personal_data_export, privacy_purge, subject_for
from tests.competition.images import photo
from tests.competition.test_competition import submit
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _form(**extra):
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    return {"title_zh_hant": "青年學藝攝影比賽 2027", "title_en": "Youth Photography Competition 2027",
            "rules_zh_hant": "作品須為本人拍攝。", "entry_deadline": (now + datetime.timedelta(days=10)).strftime(fmt),
            "vote_opens": (now - datetime.timedelta(days=1)).strftime(fmt),
            "vote_closes": (now + datetime.timedelta(days=20)).strftime(fmt),
            "min_width": 400, "min_height": 300, "max_bytes": 2 * 1024 * 1024, "entries_per_person": 3, "quorum": 2,
            "categories": "城市風貌 | 城市风貌 | Cityscape\n自然",
            "age_groups": "少年組 | 10 | 17\n青年組 | 18 | 30 | 青年组 | Youth",
            **extra}


def test_staff_page_creates_and_edits_a_competition(client, secretariat, kt_member):
    client.force_login(secretariat)
    assert client.get(reverse("competition:new")).status_code == 200
    bad = client.post(reverse("competition:new"), _form(age_groups="少年組 | 17 | 10"))
    assert bad.status_code == 200 and not Competition.objects.exists()
    assert "最低年齡不可大於最高年齡" in bad.content.decode()
    response = client.post(reverse("competition:new"), _form())
    competition = Competition.objects.get()
    assert response.status_code == 302 and competition.status == "draft"
    assert [c.name_en for c in competition.categories.all()] == ["Cityscape", ""]
    assert [(g.name_zh_hant, g.min_age, g.max_age) for g in competition.age_groups.all()] == [
        ("少年組", 10, 17), ("青年組", 18, 30)]
    # an age group with entries cannot be removed; an empty category can
    competition.status = "entries"
    competition.save()
    submit(competition, kt_member)  # uses the second age group (青年組)
    edit = reverse("competition:edit", args=[competition.pk])
    page = client.get(edit).content.decode()
    assert "城市風貌 | 城市风貌 | Cityscape" in page
    refused = client.post(edit, _form(age_groups="少年組 | 10 | 17", quorum=3))
    assert "已有參賽作品，不能刪除" in refused.content.decode()
    assert client.post(edit, _form(categories="城市風貌 | 城市风貌 | Cityscape", quorum=3)).status_code == 302
    competition.refresh_from_db()
    assert competition.quorum == 3 and competition.categories.count() == 1
    # not for others
    client.force_login(kt_member)
    assert client.get(reverse("competition:new")).status_code == 403
    assert client.get(edit).status_code == 404


def test_judge_invitation_by_email_is_single_use(client, secretariat, make_user, django_capture_on_commit_callbacks):
    competition = services.competition_save(actor=secretariat, values={
        k: v for k, v in _values().items()}, categories="城市", age_groups="公開組 | 10 | 99")
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("competition:judge_invite", args=[competition.pk]),
                    {"email": "Judge@Example.org", "name": "李評審", "language": "en"})
    invitation = JudgeInvitation.objects.get()
    assert invitation.email == "judge@example.org" and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "judge" in message.subject.lower() and "/en/competition/judge-invitations/" in message.body
    token = message.body.split("/judge-invitations/", 1)[1].split("/", 1)[0]
    with pytest.raises(ValidationError):  # one pending invitation per address
        services.judge_invite(actor=secretariat, competition=competition, email="judge@example.org", language="en")
    judge_user = make_user("photo-judge")
    client.force_login(judge_user)
    url = reverse("competition:invitation", args=[token])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Judge.objects.filter(competition=competition, user=judge_user).exists()
    client.post(url)  # second use: refused, nothing more
    assert Judge.objects.count() == 1
    assert client.get(reverse("competition:invitation", args=["forged"])).status_code == 404


def _values():
    now = timezone.now()
    return {"title_zh_hant": "青年學藝攝影比賽", "title_en": "Youth Photography Competition",
            "entry_deadline": now + datetime.timedelta(days=10), "vote_opens": now - datetime.timedelta(days=1),
            "vote_closes": now + datetime.timedelta(days=20), "status": "entries", "min_width": 400,
            "min_height": 300, "max_bytes": 2 * 1024 * 1024, "entries_per_person": 3, "quorum": 1}


def test_entrant_notices_in_their_language_once_each(secretariat, kt_member, make_user,
                                                     django_capture_on_commit_callbacks):
    competition = services.competition_save(actor=secretariat, values=_values(), categories="城市",
                                             age_groups="公開組 | 10 | 99")
    english = make_user("en-entrant")
    UserPreference.objects.update_or_create(user=english, defaults={"language": "en"})
    with django_capture_on_commit_callbacks(execute=True):
        a = submit(competition, kt_member, seed=21, group=0)
        b = submit(competition, english, seed=22, group=0)
        c = submit(competition, english, seed=23, group=0)
    received = {m.to[0]: m for m in mail.outbox}
    assert a.code in received["kt-member@example.invalid"].subject and "已收到你的作品" in received[
        "kt-member@example.invalid"].subject
    assert "We have received your entry" in mail.outbox[1].body
    mail.outbox.clear()
    judge = make_user("judge-x")
    services.judge_add(actor=secretariat, competition=competition, user=judge)
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_disqualify(actor=secretariat, entry=c, reason="Not taken by the entrant")
        services.competition_set_status(actor=secretariat, competition=competition, status="judging")
    kinds = sorted((m.to[0], m.subject.split("] ", 1)[1].rsplit(" ", 1)[0]) for m in mail.outbox)
    assert kinds == [("en-entrant@example.invalid", "Your entry has been disqualified"),
                     ("en-entrant@example.invalid", "Your entry is now being judged"),
                     ("kt-member@example.invalid", "你的作品已進入評審")]
    assert "Not taken by the entrant" in next(m.body for m in mail.outbox if "disqualified" in m.subject)
    mail.outbox.clear()
    j = Judge.objects.get(user=judge)
    first = competition.rounds.get()
    services.score_submit(judge=j, round=first, entry=a, values={"yes": "yes"})
    services.score_submit(judge=j, round=first, entry=b, values={"yes": "no"})
    with django_capture_on_commit_callbacks(execute=True):
        second = services.round_close(actor=secretariat, round=first)
    assert [m.to[0] for m in mail.outbox] == ["kt-member@example.invalid"] and "入圍" in mail.outbox[0].subject
    mail.outbox.clear()
    services.score_submit(judge=j, round=second, entry=a, values={"composition": 8, "creativity": 8, "technique": 8})
    third = services.round_close(actor=secretariat, round=second)
    services.score_submit(judge=j, round=third, entry=a, values={"rank": 1})
    services.round_close(actor=secretariat, round=third)
    with django_capture_on_commit_callbacks(execute=True):
        services.competition_set_status(actor=secretariat, competition=competition, status="results")
        services.competition_set_status(actor=secretariat, competition=competition, status="judging")
        services.competition_set_status(actor=secretariat, competition=competition, status="results")
    by_to = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 2  # once each, although the status went to "results" twice
    assert "冠軍" in by_to["kt-member@example.invalid"].body
    assert "Thank you for taking part" in by_to["en-entrant@example.invalid"].body
    assert EntryNotice.objects.filter(entry=a).count() == 4  # received, accepted, shortlisted, results


def test_entrants_and_voters_in_export_erase_and_retention(secretariat, kt_member, make_user):
    competition = services.competition_save(actor=secretariat, values=_values(), categories="城市",
                                            age_groups="少年組 | 10 | 17\n公開組 | 18 | 99")
    young = timezone.localdate().replace(year=timezone.localdate().year - 14)
    entry = submit(competition, kt_member, seed=31, group=0, birth=young, name="陳小明",
                   guardian_name="陳太", guardian_consent=True)
    services.vote_cast(competition=competition, entry_id=entry.pk, phone="+85291234567", ip="203.0.113.9")
    subject = subject_for(emails=["KT-member@example.invalid"])
    rows = personal_data_export(subject)["competition"]
    row = next(r for r in rows if r["kind"] == "entry")
    assert row["entrant_name"] == "陳小明" and row["guardian_name"] == "陳太" and row["notices"] == ["received"]
    votes = personal_data_export(subject_for(phones=["+85291234567"]))["competition"]
    assert votes == [{"kind": "public_vote", "competition": "青年學藝攝影比賽", "entry": entry.code,
                      "ip": "203.0.113.9", "created_at": votes[0]["created_at"]}]
    counts = personal_data_erase(subject=subject_for(phones=["+85291234567"]))
    assert counts["competition"] == 1
    vote = PublicVote.objects.get()
    assert vote.ip == "" and vote.phone_hash.startswith("x:")  # still counted, no longer anyone's
    assert personal_data_export(subject_for(phones=["+85291234567"]))["competition"] == []
    path = entry.original.path
    assert personal_data_erase(subject=subject)["competition"] == 1
    assert not Entry.objects.exists()
    import os

    assert not os.path.exists(path)
    # retention: votes anonymised 90 days after the vote closed, withdrawn entries deleted
    other = submit(competition, make_user("later"), seed=32, group=1)
    services.entry_withdraw(actor=other.user, entry=other)
    services.vote_cast(competition=competition, entry_id=submit(competition, kt_member, seed=33, group=1).pk,
                       phone="+85298765432", ip="198.51.100.1")
    assert privacy_purge(now=timezone.now())["competition.votes"] == 0
    later = competition.vote_closes + datetime.timedelta(days=91)
    counts = privacy_purge(now=later)
    assert counts["competition.votes"] == 1 and counts["competition.withdrawn_entries"] == 1
    assert privacy_purge(now=later)["competition.votes"] == 0  # idempotent
    assert privacy.purge_invitations(later) == 0
    assert photo  # (fixture images)


def test_manage_page_lists_invitations_and_disqualify_needs_reason(client, secretariat, kt_member):
    competition = services.competition_save(actor=secretariat, values=_values(), categories="城市",
                                             age_groups="公開組 | 10 | 99")
    entry = submit(competition, kt_member, seed=41, group=0)
    services.judge_invite(actor=secretariat, competition=competition, email="j@example.org", language="zh-hant")
    client.force_login(secretariat)
    page = client.get(reverse("competition:manage", args=[competition.pk])).content.decode()
    assert "j@example.org" in page and entry.code in page
    client.post(reverse("competition:manage", args=[competition.pk]), {"action": "disqualify", "entry": entry.pk})
    assert Entry.objects.get(pk=entry.pk).status == "submitted"  # no reason: refused
    inv = JudgeInvitation.objects.get()
    client.post(reverse("competition:invitation_revoke", args=[inv.pk]))
    assert JudgeInvitation.objects.get().status == "revoked"
    client.logout()
    assert client.login(username="kt-member", password=PASSWORD)
    assert client.post(reverse("competition:invitation_revoke", args=[inv.pk])).status_code == 404
