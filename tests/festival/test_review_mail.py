"""The application review e-mails the applicant, in their language, after the commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from shanglian.core.models import Place, UserPreference
from shanglian.festival import services
from shanglian.festival.models import Merchant

pytestmark = pytest.mark.django_db


def _apply(edition, user, **values) -> Merchant:
    return services.merchant_apply(
        actor=user, edition=edition,
        values={"name_zh": "荃灣眼鏡有限公司", "name_en": "Tsuen Wan Optical Ltd", "contact_name": "李小姐",
                "contact_phone": "2412 3456", **values},
        brands=[("明亮眼鏡", "Bright Optical")],
        shops=[{"name_zh": "明亮眼鏡（荃灣店）", "address": "荃灣沙咀道 1 號",
                "district": Place.objects.get(code="tsuen-wan")}])


def test_approval_mail_in_applicant_language(edition, make_user, secretariat, django_capture_on_commit_callbacks):
    user = make_user("applicant", first_name="Mary")
    UserPreference.objects.create(user=user, language="en")
    merchant = _apply(edition, user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.merchant_review(actor=secretariat, merchant=merchant, approve=True)
    assert len(mail.outbox) == 0  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["applicant@example.invalid"]
    assert "approved" in msg.subject.lower() and "Tsuen Wan Optical Ltd" in msg.body
    assert f"/en/festival/merchant/{merchant.pk}/" in msg.body


def test_rejection_mail_has_reason_in_chinese(client, edition, make_user, secretariat,
                                              django_capture_on_commit_callbacks):
    user = make_user("applicant")
    merchant = _apply(edition, user)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("festival:review", args=[merchant.pk]),
                    {"decision": "reject", "reason": "商業登記資料不完整 <b>"})
    assert Merchant.objects.get(pk=merchant.pk).status == "rejected"
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert "未獲批准" in msg.subject and "商業登記資料不完整 <b>" in msg.body and "荃灣眼鏡有限公司" in msg.body


def test_simplified_chinese_applicant(edition, make_user, secretariat, django_capture_on_commit_callbacks):
    user = make_user("applicant")
    UserPreference.objects.create(user=user, language="zh-hans")
    merchant = _apply(edition, user)
    with django_capture_on_commit_callbacks(execute=True):
        services.merchant_review(actor=secretariat, merchant=merchant, approve=False, reason="资料不全")
    assert "未获批准" in mail.outbox[0].subject


def test_no_mail_when_review_refused(edition, make_user, secretariat, django_capture_on_commit_callbacks):
    merchant = _apply(edition, make_user("applicant"))
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            services.merchant_review(actor=secretariat, merchant=merchant, approve=False, reason="  ")
        services.merchant_review(actor=secretariat, merchant=merchant, approve=True)
        with pytest.raises(ValidationError):  # already decided: no second mail
            services.merchant_review(actor=secretariat, merchant=merchant, approve=False, reason="late")
    assert len(mail.outbox) == 1


def test_contact_email_when_account_has_none(edition, make_user, secretariat, django_capture_on_commit_callbacks):
    user = make_user("applicant")
    user.email = ""
    user.save()
    merchant = _apply(edition, user, contact_email="owner@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        services.merchant_review(actor=secretariat, merchant=merchant, approve=True)
    assert mail.outbox[0].to == ["owner@example.invalid"]


def test_no_address_no_mail(edition, make_user, secretariat, django_capture_on_commit_callbacks):
    user = make_user("applicant")
    user.email = ""
    user.save()
    merchant = _apply(edition, user)
    with django_capture_on_commit_callbacks(execute=True):
        services.merchant_review(actor=secretariat, merchant=merchant, approve=True)
    assert mail.outbox == []
