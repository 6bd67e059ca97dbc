"""Expertise through the matching engine's sentence model: 繁/简/EN terms meet, scores come with
the pairs behind them, and the reviewer assignment and mentor suggestions use them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shanglian.directory.models import Enterprise
from shanglian.incubation import expertise, selectors, services
from shanglian.incubation.models import Application, Assignment, Mentor
from shanglian.matching.similarity import text_similarity
from tests.incubation.test_review import submit_many

APPS = [
    expertise.Profile(["金融科技", "支付"]),  # Traditional
    expertise.Profile(["人工智能", "机器学习"]),  # Simplified
    expertise.Profile(["跨境物流"]),
    expertise.Profile(["生物科技"]),
]
PEOPLE = [
    expertise.Profile(["fintech", "payments"]),
    expertise.Profile(["artificial intelligence", "machine learning"]),
    expertise.Profile(["物流", "供應鏈"]),
    expertise.Profile(["biotech", "medical devices"]),
]


def test_terms_in_three_scripts_meet_and_reasons_name_the_pairs():
    m = expertise.match(APPS, PEOPLE)
    assert [int(row.argmax()) for row in m.scores] == [0, 1, 2, 3]
    for i in range(4):
        assert m.scores[i][i] >= 40 and all(m.scores[i][j] < m.scores[i][i] for j in range(4) if j != i)
    assert m.reasons(0, 0)[0][:2] == ["支付", "payments"]
    assert any(r[:2] == ["机器学习", "machine learning"] for r in m.reasons(1, 1))
    assert m.reasons(0, 3) == []  # fintech vs biotech: nothing worth naming
    sim = text_similarity(["金融科技"], ["fintech", "biotech", ""])
    assert sim[0][0] > sim[0][1] and sim[0][2] == 0


def test_untagged_application_is_matched_by_its_text():
    m = expertise.match(
        [expertise.Profile([], "Mobile payments app for cross-border shoppers")],
        [expertise.Profile(["fintech", "payments"], "fintech, payments"), expertise.Profile(["biotech"], "biotech")],
    )
    assert m.scores[0][0] > m.scores[0][1]


@pytest.mark.django_db
def test_automatic_assignment_stores_match_and_reasons(call, make_user, reviewers, secretariat, client):
    apps = submit_many(call, make_user, 2)
    Application.objects.filter(pk=apps[0].pk).update(tags=["金融科技"])
    services.assignments_auto(actor=secretariat, call=call)
    fintech = reviewers[2]  # expertise ["fintech"]
    assignment = Assignment.objects.get(application=apps[0], reviewer=fintech)
    assert assignment.match >= 40 and assignment.match_reasons[0][:2] == ["金融科技", "fintech"]
    client.force_login(secretariat)
    body = client.get(reverse("incubation:manage_call", args=[call.slug])).content.decode()
    assert "金融科技 ≈ fintech" in body
    client.force_login(fintech.user)
    assert "金融科技 ≈ fintech" in client.get(reverse("incubation:reviews")).content.decode()


@pytest.mark.django_db
def test_mentors_are_suggested_by_meaning_with_reasons(call, make_user, reviewers, secretariat, client):
    (app,) = submit_many(call, make_user, 1)
    Application.objects.filter(pk=app.pk).update(tags=["跨境物流", "人工智能"], status=Application.Status.OFFERED)
    app.refresh_from_db()
    from tests.incubation.conftest import pdf

    inc = services.offer_accept(actor=app.applicant, application=app, agreement=pdf("a.pdf"))
    ent = Enterprise.objects.create(name_zh="導師企業", name_en="Mentor Co")
    Mentor.objects.create(user=make_user("m1"), enterprise=ent, expertise=["logistics", "supply chain"])
    Mentor.objects.create(user=make_user("m2"), enterprise=ent, expertise=["biotech"])
    Mentor.objects.create(user=make_user("m3"), enterprise=ent, expertise=["artificial intelligence"])
    rows = selectors.mentor_suggestions(inc)
    names = [r["mentor"].user.username for r in rows]
    assert names[0] in ("m1", "m3") and "m2" not in names[:2]
    assert any(r[0] == "跨境物流" and r[1] == "logistics" for r in rows[names.index("m1")]["reasons"])
    client.force_login(secretariat)
    body = client.get(reverse("incubation:incubatee", args=[inc.pk])).content.decode()
    assert "跨境物流 ≈ logistics" in body
