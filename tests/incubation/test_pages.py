"""Pages: applicants see only their own applications, reviewers only their assigned and
non-conflicted ones, blind review hides names; forms work with and without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shanglian.incubation import services
from shanglian.incubation.models import Application, Assignment, Call
from tests.incubation.conftest import GOOD, login, pdf

pytestmark = pytest.mark.django_db


def test_public_pages(client, call):
    assert client.get(reverse("incubation:home")).status_code == 200
    body = client.get(reverse("incubation:call", args=[call.slug])).content.decode()
    assert call.title_zh_hant in body and "18" in body
    Call.objects.filter(pk=call.pk).update(is_published=False)
    assert client.get(reverse("incubation:call", args=[call.slug])).status_code == 404


def test_apply_save_autosave_and_submit_through_the_page(client, call, applicant):
    login(client, applicant)
    r = client.post(reverse("incubation:apply", args=[call.slug]))
    app = Application.objects.get(applicant=applicant)
    assert r.status_code == 302 and r.url.endswith(reverse("incubation:application", args=[app.pk]))
    page = client.get(r.url)
    assert page.status_code == 200 and b"data-autosave" in page.content and b"data-show-if" in page.content
    r = client.post(
        reverse("incubation:application", args=[app.pk]),
        {"project_name": "草稿項目", "stage": "idea", "summary": "自動儲存", "autosave": "1"},
    )
    assert r.status_code == 200 and r.json() == {"saved": True}
    app.refresh_from_db()
    assert app.answers["summary"] == "自動儲存" and app.project_name == "草稿項目"
    r = client.post(
        reverse("incubation:application", args=[app.pk]),
        {"project_name": "x", "stage": "idea", "summary": "字" * 400, "autosave": "1"},
    )
    assert r.status_code == 400 and "summary" in r.json()["fields"]
    r = client.post(
        reverse("incubation:member_add", args=[app.pk]),
        {"name": "陳大文", "birth_date": "1998-05-01", "residency": "hk", "share_pct": "100", "is_founder": "on"},
    )
    assert r.status_code == 302
    data = {**GOOD, "has_ip": "", "action": "submit", "deck": pdf()}
    r = client.post(reverse("incubation:application", args=[app.pk]), data)
    assert r.status_code == 302, r.content.decode()[:3000]
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED
    page = client.get(reverse("incubation:application", args=[app.pk])).content.decode()
    assert "資格檢查" in page and "data-autosave=" not in page


def test_page_shows_errors_for_a_bad_file_without_a_500(client, draft, applicant):
    login(client, applicant)
    r = client.post(
        reverse("incubation:application", args=[draft.pk]), {**GOOD, "action": "save", "deck": pdf("deck.exe")}
    )
    assert r.status_code == 400 and "pdf" in r.content.decode()


def test_applicants_see_only_their_own(client, submitted, make_user):
    other = make_user("other")
    login(client, other)
    assert client.get(reverse("incubation:application", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("incubation:letter", args=[submitted.pk])).status_code == 404
    assert client.get(f"/api/v1/incubation/applications/{submitted.pk}").status_code == 404
    assert client.get("/api/v1/incubation/applications").json() == []
    assert submitted.project_name not in client.get(reverse("incubation:mine")).content.decode()


def test_reviewers_see_only_assigned_non_conflicted_and_blind_hides_names(
    client, call, submitted, reviewers, secretariat
):
    Call.objects.filter(pk=call.pk).update(blind_review=True)
    services.assignments_auto(actor=secretariat, call=call)
    assigned = Assignment.objects.filter(application=submitted).select_related("reviewer__user")
    mine = assigned[0]
    login(client, mine.reviewer.user)
    page = client.get(reverse("incubation:review", args=[mine.pk])).content.decode()
    assert "智能物流平台" not in page and "陳大文" not in page and "用人工智能優化跨境物流" in page
    queue = client.get(reverse("incubation:reviews")).content.decode()
    assert "智能物流平台" not in queue
    others = Assignment.objects.exclude(reviewer__user=mine.reviewer.user).first()
    if others:
        assert client.get(reverse("incubation:review", args=[others.pk])).status_code == 404
    r = client.post(reverse("incubation:review", args=[mine.pk]), {f"c{c.pk}": "99" for c in call.criteria.all()})
    assert r.status_code == 400
    mine.refresh_from_db()
    assert mine.submitted_at is None
    r = client.post(reverse("incubation:conflict", args=[mine.pk]), {"reason": "曾投資"})
    assert r.status_code == 302
    assert client.get(reverse("incubation:review", args=[mine.pk])).status_code == 404


def test_staff_pages(client, call, submitted, reviewers, secretariat):
    login(client, secretariat)
    for name, args in [("manage", []), ("manage_call", [call.slug]), ("moderation", [call.slug]), ("spaces", [])]:
        assert client.get(reverse(f"incubation:{name}", args=args)).status_code == 200, name
    r = client.post(reverse("incubation:assign", args=[call.slug]))
    assert r.status_code == 302 and Assignment.objects.count() == 3
    r = client.get(reverse("incubation:funder_report"))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    r = client.post(reverse("incubation:decide", args=[submitted.pk]), {"decision": "offer"})
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.OFFERED
    assert client.get(reverse("incubation:letter", args=[submitted.pk])).content.startswith(b"%PDF")


def test_staff_pages_are_404_for_others(client, call, applicant):
    login(client, applicant)
    assert client.get(reverse("incubation:manage")).status_code == 404
    assert client.get(reverse("incubation:manage_call", args=[call.slug])).status_code == 404


def test_startup_page_evidence_release_kpi_and_mentoring(
    client, call, submitted, secretariat, make_user, kt_enterprise
):
    from decimal import Decimal

    from shanglian.incubation.models import Instalment, KpiReport, Mentor, MentoringSession

    Application.objects.filter(pk=submitted.pk).update(status=Application.Status.OFFERED)
    submitted.refresh_from_db()
    inc = services.offer_accept(actor=submitted.applicant, application=submitted, agreement=pdf("agreement.pdf"))
    inst = Instalment.objects.create(incubatee=inc, number=1, amount=Decimal(100000), milestone="原型")
    login(client, submitted.applicant)
    assert client.get(reverse("incubation:incubatee", args=[inc.pk])).status_code == 200
    client.post(reverse("incubation:instalment_evidence", args=[inst.pk]), {"evidence": pdf("e.exe")})
    inst.refresh_from_db()
    assert inst.status == Instalment.Status.PLANNED
    client.post(reverse("incubation:instalment_evidence", args=[inst.pk]), {"evidence": pdf("e.pdf")})
    inst.refresh_from_db()
    assert inst.status == Instalment.Status.EVIDENCED
    assert client.post(reverse("incubation:instalment_release", args=[inst.pk])).status_code == 404
    client.post(
        reverse("incubation:kpi", args=[inc.pk]),
        {"year": "2027", "quarter": "2", "revenue": "5000", "jobs": "3", "funds_raised": "0", "ip_count": "1"},
    )
    assert KpiReport.objects.filter(incubatee=inc, quarter=2).exists()
    mentor_user = make_user("mentor")
    Mentor.objects.create(user=mentor_user, enterprise=kt_enterprise, expertise=["logistics"])
    login(client, mentor_user)
    client.post(
        reverse("incubation:mentoring", args=[inc.pk]), {"date": "2026-01-05", "minutes": "45", "notes": "定價"}
    )
    assert MentoringSession.objects.filter(incubatee=inc, minutes=45).exists()
    login(client, secretariat)
    page = client.get(reverse("incubation:incubatee", args=[inc.pk])).content.decode()
    assert "mentor" in page  # the needs-matched mentor is suggested (logistics)
    client.post(reverse("incubation:instalment_release", args=[inst.pk]))
    inst.refresh_from_db()
    assert inst.status == Instalment.Status.RELEASED


def test_mentor_of_a_lapsed_member_no_longer_sees_startups(client, submitted, make_user, kt_enterprise):
    """Access reads membership validity: once the mentor's enterprise's membership has run out (end
    date past, status not yet flipped by the daily job), the start-up page is a 404 for them."""
    import datetime

    from django.utils import timezone

    from shanglian.directory.models import Membership
    from shanglian.incubation.models import Mentor

    Application.objects.filter(pk=submitted.pk).update(status=Application.Status.OFFERED)
    submitted.refresh_from_db()
    inc = services.offer_accept(actor=submitted.applicant, application=submitted, agreement=pdf("agreement.pdf"))
    mentor_user = make_user("mentor")
    Mentor.objects.create(user=mentor_user, enterprise=kt_enterprise, expertise=["logistics"])
    login(client, mentor_user)
    assert client.get(reverse("incubation:incubatee", args=[inc.pk])).status_code == 200
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Membership.objects.filter(enterprise=kt_enterprise).update(start_date=yesterday - datetime.timedelta(days=400),
                                                               end_date=yesterday)
    assert client.get(reverse("incubation:incubatee", args=[inc.pk])).status_code == 404
    assert client.post(reverse("incubation:mentoring", args=[inc.pk]),
                       {"date": "2026-01-05", "minutes": "45"}).status_code == 404
