"""Opportunity writes: allow and deny, status transitions, bad input, audit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shanglian.core.models import AuditEntry
from shanglian.matching import services
from shanglian.matching.models import Notification, Opportunity
from tests.matching.conftest import opportunity_state, post

S = Opportunity.Status


def test_post_submit_approve_publishes_and_audits(kt_member, kt_enterprise, secretariat):
    opp = post(kt_member, kt_enterprise)
    assert opp.status == S.DRAFT and opp.language == "zh-hant"
    services.opportunity_submit(actor=kt_member, opportunity=opp)
    assert Notification.objects.filter(user=secretariat, verb="submitted").exists()
    services.opportunity_approve(actor=secretariat, opportunity=opp)
    opp.refresh_from_db()
    assert opp.status == S.PUBLISHED and opp.published_at
    assert set(AuditEntry.objects.filter(target_id=str(opp.pk)).values_list("action", flat=True)) >= {
        "opportunity.create", "opportunity.submit", "opportunity.approve"}


def test_language_detected(kt_member, kt_enterprise):
    assert post(kt_member, kt_enterprise, title="寻找电子元器件供应商",
                description="本公司需要稳定的电子元器件供应，每月约十万件。").language == "zh-hans"
    assert post(kt_member, kt_enterprise, title="Looking for LED suppliers",
                description="We import LED lighting to Hong Kong and need a reliable factory.").language == "en"


def test_outsider_cannot_post_for_an_enterprise(outsider, kt_enterprise):
    with pytest.raises(PermissionDenied):
        post(outsider, kt_enterprise)
    assert not Opportunity.objects.exists()


def test_member_cannot_approve(kt_member, kt_enterprise):
    opp = post(kt_member, kt_enterprise)
    services.opportunity_submit(actor=kt_member, opportunity=opp)
    before = opportunity_state(opp.pk)
    with pytest.raises(PermissionDenied):
        services.opportunity_approve(actor=kt_member, opportunity=opp)
    assert opportunity_state(opp.pk) == before


def test_return_needs_reason_then_resubmit(kt_member, kt_enterprise, secretariat):
    opp = post(kt_member, kt_enterprise)
    services.opportunity_submit(actor=kt_member, opportunity=opp)
    with pytest.raises(ValidationError):
        services.opportunity_return(actor=secretariat, opportunity=opp, reason="  ")
    services.opportunity_return(actor=secretariat, opportunity=opp, reason="請補充數量")
    opp.refresh_from_db()
    assert opp.status == S.RETURNED and opp.review_reason == "請補充數量"
    assert Notification.objects.filter(user=kt_member, verb="returned").exists()
    services.opportunity_submit(actor=kt_member, opportunity=opp)
    opp.refresh_from_db()
    assert opp.status == S.PENDING


def test_approve_twice_fails_cleanly(hk_need, secretariat):
    with pytest.raises(ValidationError):
        services.opportunity_approve(actor=secretariat, opportunity=hk_need)


def test_renew_close_withdraw(hk_need, kt_member):
    Opportunity.objects.filter(pk=hk_need.pk).update(status=S.EXPIRED)
    hk_need.refresh_from_db()
    services.opportunity_renew(actor=kt_member, opportunity=hk_need, days=30)
    hk_need.refresh_from_db()
    assert hk_need.status == S.PUBLISHED and hk_need.expires_on > datetime.date.today()
    services.opportunity_close(actor=kt_member, opportunity=hk_need)
    hk_need.refresh_from_db()
    assert hk_need.status == S.FULFILLED
    with pytest.raises(ValidationError):
        services.opportunity_withdraw(actor=kt_member, opportunity=hk_need)


def test_other_member_cannot_withdraw(hk_need, sz_member):
    before = opportunity_state(hk_need.pk)
    with pytest.raises(PermissionDenied):
        services.opportunity_withdraw(actor=sz_member, opportunity=hk_need)
    assert opportunity_state(hk_need.pk) == before


def test_expire_due(hk_need):
    Opportunity.objects.filter(pk=hk_need.pk).update(expires_on=datetime.date.today() - datetime.timedelta(days=1))
    assert services.opportunity_expire_due() == 1
    hk_need.refresh_from_db()
    assert hk_need.status == S.EXPIRED


def test_edit_published_goes_back_to_review(hk_need, kt_member):
    services.opportunity_update(actor=kt_member, opportunity=hk_need, values={"title": "尋找晶片及電子元器件供應商"})
    hk_need.refresh_from_db()
    assert hk_need.status == S.PENDING and hk_need.vector is None


@pytest.mark.parametrize(("title", "description", "field"), [
    ("", "本公司需要穩定的電子元器件供應", "title"),
    ("尋找供應商", "", "description"),
    ("😀😀😀", "本公司需要穩定的電子元器件供應", "title"),
    ("尋找供應商", "🚀🚀🚀🚀🚀🚀 !!!", "description"),
    ("尋找供應商", "字" * 100_000, "description"),
    ("<script></script>", "本公司需要穩定的電子元器件供應", "title"),
])
def test_bad_input_is_refused(kt_member, kt_enterprise, title, description, field):
    with pytest.raises(ValidationError) as exc:
        post(kt_member, kt_enterprise, title=title, description=description)
    assert field in exc.value.message_dict
    assert not Opportunity.objects.exists()


def test_html_is_stripped(kt_member, kt_enterprise):
    opp = post(kt_member, kt_enterprise, title="<b>尋找</b>供應商<script>alert(1)</script>",
               description="<img src=x onerror=alert(1)>本公司需要穩定的電子元器件供應")
    assert "<" not in opp.title and "<" not in opp.description
    assert opp.title.startswith("尋找供應商")


def test_subtype_must_fit_kind(kt_member, kt_enterprise):
    with pytest.raises(ValidationError):
        post(kt_member, kt_enterprise, kind="offer", subtype="sourcing")
