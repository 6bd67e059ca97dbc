"""Every write of the consultations app: keyword-only, atomic, audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shanglian.consultations.models import Answer, Consultation, Question, Response, Submission
from shanglian.core.audit import audit_record
from shanglian.core.drafts import simplified_draft
from shanglian.core.errors import Conflict, DomainError, Forbidden
from shanglian.directory.access import current_memberships
from shanglian.directory.models import Enterprise

MAX_TEXT = 4000


@transaction.atomic
def consultation_create(*, actor: Any, values: dict[str, Any],
                        association_ids: list[int] | None = None) -> Consultation:
    if not values.get("title_zh_hant"):
        raise DomainError("title", _("請填寫題目。"), fields={"title_zh_hant": _("請填寫題目。")})
    consultation = Consultation.objects.create(created_by=actor if actor and actor.is_authenticated else None,
                                               **values)
    if association_ids:
        consultation.associations.set(association_ids)
        consultation.audience_all = False
        consultation.save(update_fields=["audience_all"])
    audit_record(actor=actor, action="consultation.create", target=consultation)
    return consultation


@transaction.atomic
def question_add(*, actor: Any, consultation: Consultation, kind: str, prompt_zh_hant: str,
                 prompt_zh_hans: str = "", prompt_en: str = "", choices: str = "") -> Question:
    if consultation.status != Consultation.Status.DRAFT:
        raise Conflict("not_draft", _("諮詢已開始，不能再更改問題。"))
    if kind not in Question.Kind.values:
        raise DomainError("kind", _("問題類型無效。"))
    if not prompt_zh_hant.strip():
        raise DomainError("prompt", _("請填寫問題。"), fields={"prompt_zh_hant": _("請填寫問題。")})
    options = [c.strip() for c in choices.splitlines() if c.strip()]
    if kind == Question.Kind.CHOICE and len(options) < 2:
        raise DomainError("choices", _("選擇題最少要有兩個選項。"), fields={"choices": _("選擇題最少要有兩個選項。")})
    question = Question.objects.create(consultation=consultation, kind=kind, prompt_zh_hant=prompt_zh_hant.strip(),
                                       prompt_zh_hans=prompt_zh_hans.strip(), prompt_en=prompt_en.strip(),
                                       choices="\n".join(options), sort=consultation.questions.count() + 1)
    audit_record(actor=actor, action="consultation.question_add", target=question)
    return question


@transaction.atomic
def consultation_set_status(*, actor: Any, consultation: Consultation, status: str) -> Consultation:
    if status not in Consultation.Status.values:
        raise DomainError("status", _("狀態無效。"))
    if status == Consultation.Status.OPEN and not consultation.questions.exists():
        raise Conflict("no_questions", _("請先加入最少一條問題。"))
    before = consultation.status
    Consultation.objects.filter(pk=consultation.pk).update(status=status)
    consultation.status = status
    audit_record(actor=actor, action="consultation.status", target=consultation, changes={"status": [before, status]})
    return consultation


def _clean_answers(consultation: Consultation, raw: dict[int, Any]) -> dict[int, dict[str, Any]]:
    cleaned: dict[int, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for q in consultation.questions.all():
        value = raw.get(q.pk)
        value = "" if value is None else str(value).strip()
        if not value:
            continue
        if q.kind == Question.Kind.CHOICE:
            if value not in q.choice_list():
                errors[f"q{q.pk}"] = _("請從選項中選擇。")
                continue
            cleaned[q.pk] = {"choice": value}
        elif q.kind == Question.Kind.SCALE:
            if value not in {"1", "2", "3", "4", "5"}:
                errors[f"q{q.pk}"] = _("評分須為 1 至 5。")
                continue
            cleaned[q.pk] = {"scale": int(value)}
        else:
            if len(value) > MAX_TEXT:
                errors[f"q{q.pk}"] = _("回應太長（上限 %(n)s 字）。") % {"n": MAX_TEXT}
                continue
            cleaned[q.pk] = {"text": value}
    if errors:
        raise DomainError("answers", _("請修正標示的問題。"), fields=errors)
    return cleaned


def response_save(*, actor: Any, consultation: Consultation, enterprise_id: int, answers: dict[int, Any],
                  proposal: str = "", anonymous: bool = False, language: str = "zh-hant",
                  now: datetime.datetime | None = None) -> Response:
    """Create or replace the enterprise's response. The deadline is checked in the same
    transaction as the write, on the consultation row read FOR UPDATE."""
    proposal = (proposal or "").strip()
    if len(proposal) > MAX_TEXT:
        raise DomainError("proposal", _("建議太長（上限 %(n)s 字）。") % {"n": MAX_TEXT},
                          fields={"proposal": _("建議太長（上限 %(n)s 字）。") % {"n": MAX_TEXT}})
    cleaned = _clean_answers(consultation, answers)
    if not cleaned and not proposal:
        raise DomainError("empty", _("請最少回答一條問題或提出建議。"))
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _response_write(actor=actor, consultation_id=consultation.pk, enterprise_id=enterprise_id,
                                       cleaned=cleaned, proposal=proposal, anonymous=anonymous, language=language,
                                       now=now or timezone.now())
        except IntegrityError:  # a concurrent first answer from the same enterprise: edit it instead
            if attempt:
                raise Conflict("duplicate", _("此企業已經回應，請重新載入頁面。")) from None
    raise AssertionError("unreachable")


def _response_write(*, actor, consultation_id, enterprise_id, cleaned, proposal, anonymous, language, now) -> Response:
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    if not consultation.is_open(now):
        raise Conflict("closed", _("諮詢已截止，不再接受回應。"))
    if consultation.allow_anonymous is False:
        anonymous = False
    enterprise = Enterprise.objects.get(pk=enterprise_id)
    membership = current_memberships().filter(enterprise=enterprise).order_by("pk").first()
    response = Response.objects.filter(consultation=consultation, enterprise=enterprise).first()
    if response is None:
        response = Response.objects.create(
            consultation=consultation, enterprise=enterprise, user=actor, anonymous=anonymous, proposal=proposal,
            language=language, industry_id=enterprise.industry_id,
            association_id=membership.association_id if membership else None)
        action = "consultation.respond"
    else:
        Response.objects.filter(pk=response.pk).update(user=actor, anonymous=anonymous, proposal=proposal,
                                                        language=language, updated_at=now)
        response.answers.all().delete()
        action = "consultation.respond_edit"
    answers = [Answer(response=response, question_id=qid, **value) for qid, value in cleaned.items()]
    _embed(response, answers, proposal)
    Answer.objects.bulk_create(answers)
    Response.objects.filter(pk=response.pk).update(proposal_vector=response.proposal_vector)
    audit_record(actor=actor, action=action, target=response)
    return response


def _embed(response: Response, answers: list[Answer], proposal: str) -> None:
    """Sentence vectors of the free text, computed once when written, so the synthesis of
    thousands of answers only clusters (see synthesis.py)."""
    from shanglian.text.embed import encode_documents, quantise

    items: list[tuple[Any, str]] = [(a, a.text) for a in answers if a.text]
    if proposal:
        items.append((response, proposal))
    response.proposal_vector = None
    if not items:
        return
    for (obj, _text), blob in zip(items, quantise(encode_documents([t for _o, t in items])), strict=True):
        if isinstance(obj, Answer):
            obj.vector = blob
        else:
            obj.proposal_vector = blob


# ------------------------------------------------------------------------------ 意見書
def simplified_fields(title: str, body: str) -> dict[str, Any]:
    """The 简体 machine draft of a 繁體 title and body (marked unreviewed)."""
    return {"title_zh_hans": simplified_draft(title)[:200], "body_zh_hans": simplified_draft(body),
            "zh_hans_machine": True}


@transaction.atomic
def submission_draft(*, actor: Any, consultation: Consultation, body: str) -> Submission:
    """A new 意見書 with the 繁體 body from the synthesis and its 简体 machine draft (OpenCC hk2s +
    our HK → Mainland vocabulary) for an editor to correct; English is written by hand."""
    with translation.override("zh-hant"):
        title = _("就「%(t)s」的意見書") % {"t": consultation.title_zh_hant}
    submission = Submission.objects.create(
        consultation=consultation, title_zh_hant=title,
        title_en=f"Submission on {consultation.title_en}" if consultation.title_en else "", body_zh_hant=body,
        **simplified_fields(title, body))
    audit_record(actor=actor, action="consultation.submission_draft", target=submission)
    return submission


@transaction.atomic
def submission_update(*, actor: Any, submission: Submission, values: dict[str, Any],
                      regenerate_simplified: bool = False, reviewed: bool = False) -> Submission:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != Submission.Status.DRAFT:
        raise Conflict("not_draft", _("已通過的意見書不能再修改。"))
    allowed = {"title_zh_hant", "title_zh_hans", "title_en", "body_zh_hant", "body_zh_hans", "body_en"}
    changes = {k: v for k, v in values.items() if k in allowed}
    if not changes.get("title_zh_hant", locked.title_zh_hant):
        raise DomainError("title", _("請填寫標題。"), fields={"title_zh_hant": _("請填寫標題。")})
    title = changes.get("title_zh_hant", locked.title_zh_hant)
    body = changes.get("body_zh_hant", locked.body_zh_hant)
    hans_edited = any(k in changes and changes[k] != getattr(locked, k) for k in ("title_zh_hans", "body_zh_hans"))
    if regenerate_simplified or (locked.zh_hans_machine and not hans_edited and not reviewed):
        # A fresh draft on request; an untouched machine draft follows the 繁體 master.
        changes.update(simplified_fields(title, body))
    elif hans_edited or reviewed:
        changes["zh_hans_machine"] = False  # an editor corrected (or approved) the 简体 text
    Submission.objects.filter(pk=locked.pk).update(**changes)
    locked.refresh_from_db()
    audit_record(actor=actor, action="consultation.submission_update", target=locked, changes={k: "…" for k in changes})
    return locked


@transaction.atomic
def submission_approve(*, actor: Any, submission: Submission, council_minute: str) -> Submission:
    if not getattr(actor, "is_staff", False):
        raise Forbidden()
    if not council_minute.strip():
        message = _("請填寫理事會會議紀錄編號。")
        raise DomainError("minute", message, fields={"council_minute": message})
    updated = Submission.objects.filter(pk=submission.pk, status=Submission.Status.DRAFT).update(
        status=Submission.Status.APPROVED, approved_by=actor, approved_at=timezone.now(),
        council_minute=council_minute.strip()[:100])
    if not updated:
        raise Conflict("not_draft", _("此意見書已經通過。"))
    submission.refresh_from_db()
    audit_record(actor=actor, action="consultation.submission_approve", target=submission)
    return submission


@transaction.atomic
def submission_send(*, actor: Any, submission: Submission, sent_to: str, sent_at: datetime.date) -> Submission:
    if not sent_to.strip() or not sent_at:
        raise DomainError("sent", _("請填寫遞交對象及日期。"))
    updated = Submission.objects.filter(pk=submission.pk, status=Submission.Status.APPROVED).update(
        status=Submission.Status.SENT, sent_to=sent_to.strip()[:300], sent_at=sent_at)
    if not updated:
        raise Conflict("not_approved", _("意見書須先經理事會通過才可遞交。"))
    submission.refresh_from_db()
    audit_record(actor=actor, action="consultation.submission_send", target=submission)
    return submission


@transaction.atomic
def submission_record_response(*, actor: Any, submission: Submission, text: str, date: datetime.date) -> Submission:
    if not text.strip() or not date:
        raise DomainError("response", _("請填寫政府回應及日期。"))
    updated = Submission.objects.filter(pk=submission.pk, status=Submission.Status.SENT).update(
        government_response=text.strip()[:8000], response_at=date)
    if not updated:
        raise Conflict("not_sent", _("意見書遞交後才可記錄政府回應。"))
    submission.refresh_from_db()
    audit_record(actor=actor, action="consultation.submission_response", target=submission)
    return submission
