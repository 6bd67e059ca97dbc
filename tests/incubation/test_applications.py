"""Applications: drafts, teams, files (type and size), word limits, conditional fields, the
server-side deadline, eligibility with staff override, the receipt e-mail in the applicant's language."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shanglian.core.errors import DomainError
from shanglian.incubation import formconfig, sample, services
from shanglian.incubation.models import Application, ApplicationFile, Call
from tests.incubation.conftest import GOOD, pdf

pytestmark = pytest.mark.django_db


def test_submit_checks_eligibility_and_sends_receipt_in_applicant_language(
    submitted, django_capture_on_commit_callbacks
):
    assert submitted.status == Application.Status.SUBMITTED
    assert submitted.eligible is True and submitted.reference.startswith("SZHK-")
    assert ApplicationFile.objects.filter(application=submitted, field_key="deck").exists()


def test_receipt_email_is_in_english(draft, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_save(actor=applicant, application=draft, values=GOOD, files={"deck": pdf()}, submit=True)
    assert len(mail.outbox) == 1
    assert "received" in mail.outbox[0].subject.lower() or "application" in mail.outbox[0].subject.lower()
    assert "Age" in mail.outbox[0].body or "founder" in mail.outbox[0].body.lower()


def test_ineligible_team_is_marked_with_reasons_and_staff_can_override(draft, applicant, secretariat):
    services.member_add(
        actor=applicant,
        application=draft,
        values=sample.eligible_member(name="李四", residency="mainland", share_pct=10),
    )
    draft.members.filter(name="陳大文").update(share_pct=70)
    app = services.application_save(actor=applicant, application=draft, values=GOOD, files={"deck": pdf()}, submit=True)
    assert app.status == Application.Status.INELIGIBLE and app.eligible is False
    failed = [r for r in services.eligibility_results(app) if not r["ok"]]
    assert {r["type"] for r in failed} == {"residency", "shareholding"}
    with pytest.raises(DomainError):
        services.eligibility_override(actor=secretariat, application=app, eligible=True, note="  ")
    app = services.eligibility_override(actor=secretariat, application=app, eligible=True, note="內地成員只負責生產")
    assert app.status == Application.Status.SUBMITTED and app.is_eligible is True


def test_override_is_staff_only(submitted, applicant):
    with pytest.raises(DomainError):
        services.eligibility_override(actor=applicant, application=submitted, eligible=False, note="x")


def test_late_submission_is_refused_and_nothing_changes(draft, applicant, call):
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1), opens_at=timezone.now() - datetime.timedelta(days=1)
    )
    with pytest.raises(DomainError) as exc:
        services.application_save(actor=applicant, application=draft, values=GOOD, files={"deck": pdf()}, submit=True)
    assert exc.value.code == "call_closed"
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT and draft.answers == {}
    assert not ApplicationFile.objects.exists()


def test_wrong_type_file_is_refused(draft, applicant):
    fake = SimpleUploadedFile("deck.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError) as exc:
        services.application_save(actor=applicant, application=draft, values=GOOD, files={"deck": fake})
    assert exc.value.code == "file_type"
    exe = SimpleUploadedFile("deck.exe", sample.PDF)
    with pytest.raises(DomainError):
        services.application_save(actor=applicant, application=draft, values=GOOD, files={"deck": exe})
    draft.refresh_from_db()
    assert draft.answers == {} and not ApplicationFile.objects.exists()


def test_oversized_file_is_refused(draft, applicant):
    with pytest.raises(DomainError) as exc:
        services.application_save(
            actor=applicant, application=draft, values=GOOD, files={"deck": pdf(size=5 * 1024 * 1024)}
        )
    assert exc.value.code == "file_size"
    assert not ApplicationFile.objects.exists()


def test_word_limit_applies_to_drafts_and_submissions(draft, applicant):
    long_text = "字" * 301
    with pytest.raises(DomainError) as exc:
        services.application_save(actor=applicant, application=draft, values={**GOOD, "summary": long_text})
    assert "summary" in exc.value.fields
    assert formconfig.word_count("hello world 你好") == 4


def test_conditional_field_is_required_only_when_shown(draft, applicant):
    with pytest.raises(DomainError) as exc:
        services.application_save(
            actor=applicant, application=draft, values={**GOOD, "has_ip": True}, files={"deck": pdf()}, submit=True
        )
    assert set(exc.value.fields) == {"ip_details"}
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
    app = services.application_save(
        actor=applicant,
        application=draft,
        values={**GOOD, "has_ip": True, "ip_details": "兩項專利"},
        files={"deck": pdf()},
        submit=True,
    )
    assert app.status == Application.Status.SUBMITTED


def test_required_fields_and_team_are_checked_on_submit(call, applicant):
    app = services.application_start(actor=applicant, call=call)
    with pytest.raises(DomainError) as exc:
        services.application_save(actor=applicant, application=app, values={"stage": "idea"}, submit=True)
    assert {"summary", "sector", "deck", "members", "project_name"} <= set(exc.value.fields)


def test_a_submitted_application_cannot_change(submitted, applicant):
    with pytest.raises(DomainError):
        services.application_save(actor=applicant, application=submitted, values={"summary": "x"})
    with pytest.raises(DomainError):
        services.member_add(actor=applicant, application=submitted, values=sample.eligible_member())


def test_team_shares_cannot_pass_100(draft, applicant):
    with pytest.raises(DomainError):
        services.member_add(actor=applicant, application=draft, values=sample.eligible_member(share_pct=20))
    services.member_add(actor=applicant, application=draft, values=sample.eligible_member(name="乙", share_pct=10))
    assert draft.members.count() == 2


def test_one_application_per_call(call, applicant):
    a = services.application_start(actor=applicant, call=call)
    assert services.application_start(actor=applicant, call=call).pk == a.pk


@pytest.mark.parametrize(
    "bad",
    [
        [{"key": "x", "type": "video", "label": {"zh_hant": "甲"}}],
        [{"key": "x", "type": "text"}],
        [{"key": "Bad Key", "type": "text", "label": {"zh_hant": "甲"}}],
        [
            {"key": "x", "type": "text", "label": {"zh_hant": "甲"}},
            {"key": "x", "type": "text", "label": {"zh_hant": "乙"}},
        ],
        [{"key": "f", "type": "file", "accept": ["exe"], "label": {"zh_hant": "甲"}}],
        [{"key": "f", "type": "file", "accept": ["pdf"], "max_mb": 500, "label": {"zh_hant": "甲"}}],
        [{"key": "c", "type": "choice", "label": {"zh_hant": "甲"}}],
        [{"key": "t", "type": "text", "label": {"zh_hant": "甲"}, "show_if": {"field": "nope"}}],
        [{"key": "t", "type": "textarea", "label": {"zh_hant": "甲"}, "max_words": 0}],
    ],
)
def test_form_configuration_is_validated(bad, call, secretariat):
    with pytest.raises(DomainError):
        services.call_configure(actor=secretariat, call=call, form_fields=bad)
    call.refresh_from_db()
    assert call.form_fields == sample.FORM


def test_form_labels_follow_the_language():
    from django.utils import translation

    form = formconfig.build_form(sample.FORM)
    assert form.fields["summary"].label == "項目摘要"
    with translation.override("en"):
        assert formconfig.build_form(sample.FORM).fields["summary"].label == "Project summary"
    with translation.override("zh-hans"):
        assert formconfig.build_form(sample.FORM).fields["summary"].label == "项目摘要"
