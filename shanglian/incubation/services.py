"""Every write of the incubation app: keyword-only arguments, one transaction, an audit entry,
e-mails on commit (core.mail)."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict as ConflictError
from shanglian.core.errors import DomainError, Forbidden
from shanglian.core.mail import send_templated_mail, user_language
from shanglian.incubation import expertise, formconfig, rules
from shanglian.incubation.assign import solve
from shanglian.incubation.models import (
    Allocation,
    Application,
    ApplicationFile,
    Assignment,
    Call,
    Conflict,
    Incubatee,
    Instalment,
    KpiReminder,
    KpiReport,
    Mentor,
    MentoringSession,
    Residency,
    Reviewer,
    Space,
    Stage,
    TeamMember,
)

MAX_MEMBERS = 12


# ------------------------------------------------------------------ calls
def call_is_open(call: Call, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return call.is_published and call.opens_at <= now < call.closes_at


def call_local(call: Call, moment: datetime.datetime) -> datetime.datetime:
    try:
        return timezone.localtime(moment, zoneinfo.ZoneInfo(call.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.localtime(moment)


@transaction.atomic
def call_configure(*, actor: Any, call: Call, eligibility: Any = None, form_fields: Any = None) -> Call:
    """Change a call's eligibility rules and/or form (validated as data; nothing saved on error)."""
    changes: dict[str, Any] = {}
    if eligibility is not None:
        call.eligibility = rules.rules_validate(eligibility)
        changes["eligibility"] = call.eligibility
    if form_fields is not None:
        call.form_fields = formconfig.form_config_validate(form_fields)
        changes["form_fields"] = [f["key"] for f in call.form_fields]
    try:
        zoneinfo.ZoneInfo(call.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise DomainError("bad_time_zone", _("時區無效。"), fields={"time_zone": [_("時區無效。")]}) from exc
    call.save()
    audit_record(actor=actor, action="incubation.call.configure", target=call, changes=changes)
    return call


def form_preview_check(*, eligibility: Any, form_fields: Any) -> None:
    """The checks ``call_configure`` makes, without saving (the builder's preview)."""
    errors: list[str] = []
    for check, value in ((rules.rules_validate, eligibility), (formconfig.form_config_validate, form_fields)):
        try:
            check(value)
        except DomainError as exc:
            errors.extend(str(m) for v in exc.fields.values() for m in v) if exc.fields else errors.append(str(exc))
    if errors:
        raise DomainError("bad_configuration", _("設定有誤，請修正。"), fields={"configuration": errors})


# ------------------------------------------------------------------ applications
def _refuse_unless_open(call: Call) -> None:
    if not call_is_open(call):
        raise DomainError("call_closed", _("此招募已截止或尚未開始，不能再提交或修改申請。"), status=409)


def _refuse_unless_draft(application: Application) -> None:
    if application.status != Application.Status.DRAFT:
        raise ConflictError("not_draft", _("申請已提交，不能再修改。"))


@transaction.atomic
def application_start(*, actor: Any, call: Call, language: str = "") -> Application:
    """The applicant's draft for ``call`` (one per applicant and call; a second start returns it)."""
    _refuse_unless_open(call)
    existing = Application.objects.filter(call=call, applicant=actor).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, applicant=actor, project_name=_("未命名項目"), language=language or user_language(actor)
            )
    except IntegrityError:  # a concurrent start won
        return Application.objects.get(call=call, applicant=actor)
    audit_record(actor=actor, action="incubation.application.start", target=application)
    return application


def _store_files(application: Application, files: Mapping[str, UploadedFile]) -> None:
    by_key = {f["key"]: f for f in application.call.form_fields if f["type"] == "file"}
    for key, upload in files.items():
        field = by_key.get(key)
        if field is None or upload is None:
            continue
        head = upload.read(16)
        upload.seek(0)
        formconfig.file_check(field, name=upload.name or "", size=upload.size or 0, head=head)
    for key, upload in files.items():  # all checked: now store (nothing partial on a refusal)
        if key not in by_key or upload is None:
            continue
        ApplicationFile.objects.filter(application=application, field_key=key).delete()
        ApplicationFile.objects.create(
            application=application, field_key=key, file=upload, name=(upload.name or "")[:200], size=upload.size or 0
        )


@transaction.atomic
def application_save(
    *,
    actor: Any,
    application: Application,
    values: Mapping[str, Any],
    files: Mapping[str, UploadedFile] | None = None,
    submit: bool = False,
) -> Application:
    """Save the draft (``values``: project_name, stage, tags and the configured answers); with
    ``submit`` also check everything, evaluate eligibility, lock the application and send the
    receipt. The deadline is the server's clock against the call's closing time."""
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    call = application.call
    _refuse_unless_draft(application)
    _refuse_unless_open(call)
    answers = {
        f["key"]: formconfig.plain(values.get(f["key"]))
        for f in call.form_fields
        if f["type"] != "file" and f["key"] in values
    }
    formconfig.word_limits_check(call.form_fields, answers)
    name = str(values.get("project_name") or application.project_name).strip()[:200]
    stage = values.get("stage") or application.stage
    if stage not in Stage.values:
        raise DomainError("bad_stage", _("發展階段無效。"), fields={"stage": [_("發展階段無效。")]})
    tags = values.get("tags")
    if isinstance(tags, str):
        tags = [t.strip().lower() for t in tags.replace("，", ",").split(",") if t.strip()][:10]
    application.project_name = name or application.project_name
    application.stage = stage
    if tags is not None:
        application.tags = tags
    application.answers = {**application.answers, **answers}
    _store_files(application, files or {})
    if submit:
        present = set(application.files.values_list("field_key", flat=True))
        errors: dict[str, list[str]] = {}
        try:
            formconfig.answers_validate(call.form_fields, application.answers, present)
        except DomainError as exc:
            errors.update(exc.fields)
        if not application.members.exists():
            errors["members"] = [_("請最少加入一名團隊成員。")]
        if not name or name == _("未命名項目"):
            errors["project_name"] = [_("請填寫項目名稱。")]
        if errors:
            raise DomainError("invalid_answers", _("申請表有未完成或不正確的欄位。"), fields=errors)
        application.status = Application.Status.SUBMITTED
        application.submitted_at = timezone.now()
        application.reference = f"{call.programme.base.replace('_', '').upper()}-{call.pk:03d}-{application.pk:05d}"
        eligibility_evaluate(application=application)
    application.save()
    audit_record(
        actor=actor,
        action="incubation.application.submit" if submit else "incubation.application.save",
        target=application,
    )
    if submit:
        _send_receipt(application)
    return application


def _send_receipt(application: Application) -> None:
    email = application.applicant.email
    if not email:
        return
    with override(application.language):
        results = eligibility_results(application)
    send_templated_mail(
        to=[email],
        template="incubation/email/receipt",
        language=application.language,
        context={
            "application": application,
            "call": application.call,
            "results": results,
            "closes": call_local(application.call, application.call.closes_at),
        },
    )


def _people(application: Application) -> list[rules.Person]:
    return [
        rules.Person(
            name=m.name, birth_date=m.birth_date, residency=m.residency, share_pct=m.share_pct, is_founder=m.is_founder
        )
        for m in application.members.all()
    ]


def eligibility_results(application: Application) -> list[dict]:
    """One result per rule of the call, reasons in the active language."""
    call = application.call
    return rules.evaluate(
        call.eligibility,
        people=_people(application),
        stage=application.stage,
        on=call_local(call, call.closes_at).date(),
        residency_labels=dict(Residency.choices),
        stage_labels=dict(Stage.choices),
    )


def eligibility_evaluate(*, application: Application) -> None:
    """Store the automatic result (the caller saves)."""
    results = eligibility_results(application)
    application.eligibility_results = [{"type": r["type"], "ok": r["ok"]} for r in results]
    application.eligible = all(r["ok"] for r in results)
    if not application.is_eligible and application.status == Application.Status.SUBMITTED:
        application.status = Application.Status.INELIGIBLE


@transaction.atomic
def eligibility_override(*, actor: Any, application: Application, eligible: bool, note: str) -> Application:
    if not getattr(actor, "is_staff", False):
        raise Forbidden()
    note = (note or "").strip()
    if not note:
        raise DomainError("note_required", _("覆核必須附上說明。"), fields={"note": [_("覆核必須附上說明。")]})
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (Application.Status.SUBMITTED, Application.Status.INELIGIBLE):
        raise ConflictError("not_submitted", _("只可覆核已提交而未進入評審的申請。"))
    before = application.is_eligible
    application.override, application.override_note, application.override_by = eligible, note[:2000], actor
    application.status = Application.Status.SUBMITTED if eligible else Application.Status.INELIGIBLE
    application.save()
    audit_record(
        actor=actor,
        action="incubation.eligibility.override",
        target=application,
        changes={"eligible": [before, eligible], "note": note[:300]},
    )
    return application


@transaction.atomic
def member_add(*, actor: Any, application: Application, values: Mapping[str, Any]) -> TeamMember:
    application = Application.objects.select_for_update().get(pk=application.pk)
    _refuse_unless_draft(application)
    _refuse_unless_open(application.call)
    if application.members.count() >= MAX_MEMBERS:
        raise DomainError("team_full", _("團隊最多 %(n)s 人。") % {"n": MAX_MEMBERS})
    try:
        share = Decimal(str(values.get("share_pct") or 0))
    except InvalidOperation:
        share = Decimal(-1)
    total = sum((m.share_pct for m in application.members.all()), Decimal(0))
    errors = {}
    if not 0 <= share <= 100:
        errors["share_pct"] = [_("持股須在 0 至 100% 之間。")]
    elif total + share > 100:
        errors["share_pct"] = [_("團隊持股合共不能超過 100%%（已分配 %(total)s%%）。") % {"total": total}]
    if values.get("residency") not in Residency.values:
        errors["residency"] = [_("居民身份無效。")]
    birth = values.get("birth_date")
    if not isinstance(birth, datetime.date) or not datetime.date(1900, 1, 1) <= birth <= timezone.localdate():
        errors["birth_date"] = [_("出生日期無效。")]
    name = str(values.get("name") or "").strip()[:120]
    if not name:
        errors["name"] = [_("請填寫姓名。")]
    if errors:
        raise DomainError("invalid_member", _("請修正團隊成員資料。"), fields=errors)
    member = TeamMember.objects.create(
        application=application,
        name=name,
        email=str(values.get("email") or "")[:254],
        birth_date=birth,
        residency=values["residency"],
        share_pct=share,
        is_founder=bool(values.get("is_founder", True)),
        role=str(values.get("role") or "")[:80],
    )
    audit_record(actor=actor, action="incubation.member.add", target=application, changes={"member": name})
    return member


@transaction.atomic
def member_remove(*, actor: Any, member: TeamMember) -> None:
    application = Application.objects.select_for_update().get(pk=member.application_id)
    _refuse_unless_draft(application)
    _refuse_unless_open(application.call)
    audit_record(actor=actor, action="incubation.member.remove", target=application, changes={"member": member.name})
    member.delete()


# ------------------------------------------------------------------ review
@transaction.atomic
def conflict_declare(*, actor: Any, application: Application, user: Any, reason: str) -> Conflict:
    """A conflict of interest: the reviewer's assignment on this application (if any) is removed,
    scores included, and no assignment will be made again."""
    reason = (reason or "").strip()[:300]
    if not reason:
        raise DomainError(
            "reason_required", _("請說明利益衝突的原因。"), fields={"reason": [_("請說明利益衝突的原因。")]}
        )
    conflict, _created = Conflict.objects.get_or_create(application=application, user=user, defaults={"reason": reason})
    Assignment.objects.filter(application=application, reviewer__user=user).delete()
    audit_record(
        actor=actor,
        action="incubation.conflict.declare",
        target=application,
        changes={"reviewer": str(user.pk), "reason": reason},
    )
    return conflict


def _reviewers(call: Call) -> list[Reviewer]:
    return list(Reviewer.objects.filter(panel__call=call).select_related("user").order_by("pk"))


@transaction.atomic
def assignment_add(*, actor: Any, application: Application, reviewer: Reviewer) -> Assignment:
    """A manual assignment; refused when the reviewer declared a conflict."""
    if Conflict.objects.filter(application=application, user_id=reviewer.user_id).exists():
        raise ConflictError("conflict_of_interest", _("此評審已申報利益衝突，不能分配。"))
    if reviewer.panel.call_id != application.call_id:
        raise DomainError("wrong_call", _("評審不屬於此招募的評審小組。"))
    matched = expertise.match([expertise.application_profile(application)], [expertise.reviewer_profile(reviewer)])
    assignment, _created = Assignment.objects.get_or_create(
        application=application,
        reviewer=reviewer,
        defaults={"match": int(matched.scores[0][0]), "match_reasons": matched.reasons(0, 0)},
    )
    audit_record(
        actor=actor, action="incubation.assignment.add", target=application, changes={"reviewer": str(reviewer.user_id)}
    )
    return assignment


def reviewable(call: Call):
    return Application.objects.filter(call=call).filter(
        Q(status__in=[Application.Status.SUBMITTED, Application.Status.REVIEW])
    )


@transaction.atomic
def assignments_auto(*, actor: Any, call: Call, time_limit: float = 9.0) -> dict[str, Any]:
    """Assign every eligible application ``k`` reviewers (CP-SAT): balanced, no conflicts, best
    expertise match. Unscored assignments are replaced; scored ones are kept and count."""
    Call.objects.select_for_update().filter(pk=call.pk).first()
    applications = list(reviewable(call).order_by("pk"))
    reviewers = _reviewers(call)
    k = call.reviews_per_application
    if not applications:
        raise DomainError("nothing_to_assign", _("沒有待評審的合資格申請。"))
    if len({r.user_id for r in reviewers}) < k:
        raise DomainError("too_few_reviewers", _("評審人數不足：每份申請需要 %(k)s 名評審。") % {"k": k})
    Assignment.objects.filter(application__call=call, submitted_at__isnull=True).delete()
    kept = set(Assignment.objects.filter(application__call=call).values_list("application_id", "reviewer_id"))
    a_index = {a.pk: i for i, a in enumerate(applications)}
    r_index = {r.pk: j for j, r in enumerate(reviewers)}
    user_of = [r.user_id for r in reviewers]
    conflicts_by_app: dict[int, set[int]] = {}
    for app_id, user_id in Conflict.objects.filter(application__call=call).values_list("application_id", "user_id"):
        conflicts_by_app.setdefault(app_id, set()).add(user_id)
    blocked = {
        (i, j)
        for a_id, i in a_index.items()
        for j in range(len(reviewers))
        if user_of[j] in conflicts_by_app.get(a_id, ())
    }
    # A user on two panels of the call reviews an application once: block their second role.
    seen: dict[int, int] = {}
    for j, uid in enumerate(user_of):
        if uid in seen:
            blocked |= {(i, j) for i in range(len(applications))}
        seen.setdefault(uid, j)
    matched = expertise.match(
        [expertise.application_profile(a) for a in applications], [expertise.reviewer_profile(r) for r in reviewers]
    )
    match = matched.scores.tolist()
    fixed = {(a_index[a], r_index[r]) for a, r in kept if a in a_index and r in r_index}
    # Kept (scored) pairs stay; the solver fills the rest. Model them by boosting their match.
    for i, j in fixed:
        match[i][j] = 10_000
    result = solve(
        n_applications=len(applications),
        n_reviewers=len(reviewers),
        k=k,
        match=match,
        conflicts=blocked,
        max_load=[r.max_load for r in reviewers],
        time_limit=time_limit,
    )
    if result.status == "infeasible":
        short = ", ".join(applications[i].reference or str(applications[i].pk) for i in result.short[:10])
        raise DomainError(
            "assignment_infeasible",
            _("無法分配：沒有足夠沒有利益衝突的評審%(short)s。") % {"short": (" (" + short + ")") if short else ""},
        )
    new = [
        Assignment(
            application=applications[i],
            reviewer=reviewers[j],
            match=int(matched.scores[i][j]),
            match_reasons=matched.reasons(i, j),
        )
        for i, j in result.pairs
        if (i, j) not in fixed
    ]
    Assignment.objects.bulk_create(new)
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(status=Application.Status.REVIEW)
    summary = {
        "status": result.status,
        "assigned": len(new),
        "objective": result.objective,
        "bound": result.bound,
        "gap": round(result.gap, 6),
        "seconds": round(result.seconds, 3),
        "balanced": result.balanced,
    }
    audit_record(actor=actor, action="incubation.assignment.auto", target=call, changes=summary)
    return summary


@transaction.atomic
def review_submit(*, actor: Any, assignment: Assignment, scores: Mapping[str, Any], comment: str = "") -> Assignment:
    assignment = (
        Assignment.objects.select_for_update().select_related("application__call", "reviewer").get(pk=assignment.pk)
    )
    if assignment.reviewer.user_id != actor.pk:
        raise Forbidden()
    application = assignment.application
    if Conflict.objects.filter(application=application, user=actor).exists():
        raise ConflictError("conflict_of_interest", _("你已申報利益衝突，不能評分。"))
    if application.status != Application.Status.REVIEW:
        raise ConflictError("review_closed", _("此申請已不在評審階段。"))
    criteria = list(application.call.criteria.all())
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for c in criteria:
        raw = scores.get(str(c.pk))
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            errors[f"c{c.pk}"] = [_("請輸入 0 至 %(max)s 的整數。") % {"max": c.max_score}]
            continue
        if not 0 <= value <= c.max_score:
            errors[f"c{c.pk}"] = [_("分數須在 0 至 %(max)s 之間。") % {"max": c.max_score}]
            continue
        clean[str(c.pk)] = value
    if errors:
        raise DomainError("bad_scores", _("分數超出範圍或未填寫。"), fields=errors)
    weights = sum(c.weight for c in criteria) or 1
    total = sum(c.weight * clean[str(c.pk)] / c.max_score for c in criteria) * 100 / weights
    assignment.scores, assignment.total = clean, round(total, 4)
    assignment.comment, assignment.submitted_at = (comment or "")[:5000], timezone.now()
    assignment.save()
    audit_record(
        actor=actor, action="incubation.review.submit", target=application, changes={"total": assignment.total}
    )
    return assignment


# ------------------------------------------------------------------ decisions
DECISIONS = {
    "offer": Application.Status.OFFERED,
    "waitlist": Application.Status.WAITLISTED,
    "reject": Application.Status.REJECTED,
}


@transaction.atomic
def decision_make(*, actor: Any, application: Application, decision: str) -> Application:
    if decision not in DECISIONS:
        raise DomainError("bad_decision", _("決定無效。"))
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    allowed_from = {Application.Status.REVIEW, Application.Status.WAITLISTED}
    if decision == "reject":
        allowed_from |= {Application.Status.SUBMITTED, Application.Status.INELIGIBLE}
    if application.status not in allowed_from:
        raise ConflictError("not_decidable", _("此申請目前不能作出決定。"))
    if decision == "offer":
        Call.objects.select_for_update().filter(pk=application.call_id).first()  # offers of a call one at a time
        offered = Application.objects.filter(
            call=application.call, status__in=[Application.Status.OFFERED, Application.Status.ACCEPTED]
        ).count()
        if offered >= application.call.quota:
            raise ConflictError("quota_full", _("名額已滿（%(n)s 個）。") % {"n": application.call.quota})
    before = application.status
    application.status, application.decided_at = DECISIONS[decision], timezone.now()
    application.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action=f"incubation.decision.{decision}",
        target=application,
        changes={"status": [before, application.status]},
    )
    from shanglian.incubation.letters import letter_pdf

    if application.applicant.email:
        send_templated_mail(
            to=[application.applicant.email],
            template="incubation/email/decision",
            language=application.language,
            context={"application": application},
            attachments=[
                (f"{application.reference or application.pk}.pdf", letter_pdf(application), "application/pdf")
            ],
        )
    return application


def _agreement_record(
    *,
    actor: Any,
    enterprise: Any,
    titles: tuple[str, str, str],
    scopes: tuple[str, str, str],
    effective_on: datetime.date,
    expires_on: datetime.date,
    kind: str = "cooperation",
    founder_name: str = "",
    signed_pdf: tuple[str, bytes, str] | None = None,
) -> Any:
    """An agreement in the agreements register (its public services): the federation (the host
    association) and the start-up's directory enterprise as parties, the dates, and the copy the
    founder signed when there is one. The secretariat takes it through approval and signing
    there. None when the federation has no association yet (a fresh installation)."""
    from shanglian.agreements import services as agreements
    from shanglian.incubation.selectors import host_association

    host = host_association()
    if host is None:
        return None
    agreement = agreements.agreement_create(
        actor=actor,
        values={
            "kind": kind,
            "title_zh_hant": titles[0][:200],
            "title_zh_hans": titles[1][:200],
            "title_en": titles[2][:200],
            "scope_zh_hant": scopes[0],
            "scope_zh_hans": scopes[1],
            "scope_en": scopes[2],
            "association": host,
            "effective_on": effective_on,
            "expires_on": expires_on,
            "languages": "zh-hant,zh-hans,en",
            "prevailing_language": "zh-hant",
        },
        parties=[
            agreements.PartyIn(association=host),
            agreements.PartyIn(enterprise=enterprise, signatory_name=founder_name[:120]),
        ],
    )
    if signed_pdf is not None:
        name, data, language = signed_pdf
        agreements.file_upload(
            actor=actor,
            agreement=agreement,
            language=language if language in ("zh-hant", "zh-hans", "en") else "zh-hant",
            name=name,
            data=data,
            note="incubation",
        )
    return agreement


def _trilingual(message: str, **values: Any) -> tuple[str, str, str]:
    out = []
    for language in ("zh-hant", "zh-hans", "en"):
        with override(language):
            out.append(_(message) % values)
    return out[0], out[1], out[2]


@transaction.atomic
def offer_accept(*, actor: Any, application: Application, agreement: UploadedFile | None) -> Incubatee:
    """The applicant accepts the offer with the signed agreement: the start-up becomes (or stays)
    one directory enterprise, and an incubatee of the base."""
    from shanglian.directory import services as directory

    application = Application.objects.select_for_update().select_related("call__programme").get(pk=application.pk)
    if application.applicant_id != actor.pk:
        raise Forbidden()
    if application.status != Application.Status.OFFERED:
        raise ConflictError("not_offered", _("只可接受已發出的取錄。"))
    if agreement is None:
        raise DomainError(
            "agreement_required",
            _("請上載已簽署的協議（PDF）。"),
            fields={"agreement": [_("請上載已簽署的協議（PDF）。")]},
        )
    formconfig.file_check(
        {"key": "agreement", "accept": ["pdf"], "max_mb": 10},
        name=agreement.name or "",
        size=agreement.size or 0,
        head=agreement.read(16),
    )
    agreement.seek(0)
    if application.enterprise is None:
        name = application.project_name
        application.enterprise = directory.enterprise_create(
            actor=actor,
            values={
                "name_zh": name if not name.isascii() else "",
                "name_en": name if name.isascii() else "",
                "description": str(application.answers.get("summary") or "")[:2000],
            },
        )
    data = agreement.read()
    agreement.seek(0)
    application.agreement = agreement
    application.status = Application.Status.ACCEPTED
    application.save()
    today = timezone.localdate()
    end = today + datetime.timedelta(days=730)
    founder = application.members.filter(is_founder=True).order_by("pk").first()
    record = _agreement_record(
        actor=actor,
        enterprise=application.enterprise,
        titles=_trilingual(gettext_noop("培育協議：%(name)s"), name=application.project_name),
        scopes=_trilingual(
            gettext_noop("%(call)s（%(ref)s）的培育協議：培育期 %(start)s 至 %(end)s。"),
            call=application.call.title_zh_hant,
            ref=application.reference or application.pk,
            start=today.isoformat(),
            end=end.isoformat(),
        ),
        effective_on=today,
        expires_on=end,
        founder_name=founder.name if founder else str(application.applicant),
        signed_pdf=(agreement.name or "agreement.pdf", data, application.language),
    )
    incubatee = Incubatee.objects.create(
        application=application,
        enterprise=application.enterprise,
        base=application.call.programme.base,
        start_date=today,
        end_date=end,
        agreement=record,
    )
    audit_record(
        actor=actor,
        action="incubation.offer.accept",
        target=application,
        changes={"enterprise": str(application.enterprise_id)},
    )
    return incubatee


# ------------------------------------------------------------------ space
@transaction.atomic
def allocation_create(
    *, actor: Any, space: Space, incubatee: Incubatee, start: datetime.date, end: datetime.date, licence_ref: str = ""
) -> Allocation:
    """No double allocation: the space's row is written first (a row lock on PostgreSQL, the write
    lock on SQLite), so two allocations of one space are checked one after the other; PostgreSQL's
    exclusion constraint is the last word."""
    if not isinstance(start, datetime.date) or not isinstance(end, datetime.date) or end <= start:
        raise DomainError(
            "bad_period", _("結束日期必須在開始日期之後。"), fields={"end": [_("結束日期必須在開始日期之後。")]}
        )
    if incubatee.base != space.base:
        raise DomainError("wrong_base", _("只可分配同一基地的空間。"))
    Space.objects.filter(pk=space.pk).update(lock_version=F("lock_version") + 1)
    if Allocation.objects.filter(space=space, start__lt=end, end__gt=start).exists():
        raise ConflictError("double_allocation", _("此空間在所選日期已分配。"))
    try:
        with transaction.atomic():
            allocation = Allocation.objects.create(
                space=space, incubatee=incubatee, start=start, end=end, licence_ref=licence_ref[:40]
            )
    except IntegrityError as exc:
        raise ConflictError("double_allocation", _("此空間在所選日期已分配。")) from exc
    kind_labels = {}
    for language in ("zh-hant", "zh-hans", "en"):
        with override(language):
            kind_labels[language] = f"{space.get_base_display()} {space.code}（{space.get_kind_display()}）"
    last_day = end - datetime.timedelta(days=1)
    titles, scopes = [], []
    for language in ("zh-hant", "zh-hans", "en"):
        with override(language):
            titles.append(
                _("空間使用許可：%(space)s — %(name)s")
                % {"space": kind_labels[language], "name": incubatee.application.project_name}
            )
            scopes.append(
                _("%(space)s，%(start)s 至 %(end)s（許可編號 %(ref)s）。")
                % {
                    "space": kind_labels[language],
                    "start": start.isoformat(),
                    "end": last_day.isoformat(),
                    "ref": licence_ref[:40] or "—",
                }
            )
    allocation.licence = _agreement_record(
        actor=actor,
        enterprise=incubatee.enterprise,
        titles=(titles[0], titles[1], titles[2]),
        scopes=(scopes[0], scopes[1], scopes[2]),
        effective_on=start,
        expires_on=last_day,
        kind="other",
    )
    if allocation.licence is not None:
        allocation.save(update_fields=["licence"])
    audit_record(
        actor=actor,
        action="incubation.allocation.create",
        target=space,
        changes={"incubatee": str(incubatee.pk), "start": str(start), "end": str(end)},
    )
    return allocation


# ------------------------------------------------------------------ money and KPIs
@transaction.atomic
def instalment_evidence(*, actor: Any, instalment: Instalment, evidence: UploadedFile) -> Instalment:
    formconfig.file_check(
        {"key": "evidence", "accept": ["pdf", "png", "jpg", "jpeg"], "max_mb": 10},
        name=evidence.name or "",
        size=evidence.size or 0,
        head=evidence.read(16),
    )
    evidence.seek(0)
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    if instalment.status == Instalment.Status.RELEASED:
        raise ConflictError("released", _("此期款項已發放。"))
    instalment.evidence, instalment.status = evidence, Instalment.Status.EVIDENCED
    instalment.save()
    audit_record(actor=actor, action="incubation.instalment.evidence", target=instalment)
    return instalment


@transaction.atomic
def instalment_release(*, actor: Any, instalment: Instalment) -> Instalment:
    """Release against evidence only, once (conditional UPDATE)."""
    if not getattr(actor, "is_staff", False):
        raise Forbidden()
    done = Instalment.objects.filter(pk=instalment.pk, status=Instalment.Status.EVIDENCED).update(
        status=Instalment.Status.RELEASED, released_at=timezone.now()
    )
    if not done:
        raise ConflictError("no_evidence", _("只可在提交證明後發放，且每期只發放一次。"))
    instalment.refresh_from_db()
    audit_record(
        actor=actor,
        action="incubation.instalment.release",
        target=instalment,
        changes={"amount": str(instalment.amount)},
    )
    return instalment


@transaction.atomic
def kpi_submit(*, actor: Any, incubatee: Incubatee, year: int, quarter: int, values: Mapping[str, Any]) -> KpiReport:
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise DomainError("bad_quarter", _("季度無效。"))
    report, _created = KpiReport.objects.update_or_create(
        incubatee=incubatee,
        year=year,
        quarter=quarter,
        defaults={k: values[k] for k in ("revenue", "jobs", "funds_raised", "ip_count") if k in values},
    )
    audit_record(
        actor=actor, action="incubation.kpi.submit", target=incubatee, changes={"quarter": f"{year}Q{quarter}"}
    )
    return report


@transaction.atomic
def mentoring_log(
    *,
    actor: Any,
    incubatee: Incubatee,
    date: datetime.date,
    minutes: int,
    notes: str = "",
    mentor: Mentor | None = None,
) -> MentoringSession:
    """A mentoring session: logged by the mentor themself, or by the secretariat for a mentor."""
    mentor = mentor or Mentor.objects.filter(user=actor).first()
    if mentor is None:
        raise Forbidden()
    if mentor.user_id != actor.pk and not getattr(actor, "is_staff", False):
        raise Forbidden()
    if not 1 <= int(minutes) <= 600:
        raise DomainError(
            "bad_minutes", _("時間須在 1 至 600 分鐘之間。"), fields={"minutes": [_("時間須在 1 至 600 分鐘之間。")]}
        )
    if date > timezone.localdate():
        raise DomainError("future_session", _("不能記錄將來的會面。"), fields={"date": [_("不能記錄將來的會面。")]})
    session = MentoringSession.objects.create(
        mentor=mentor, incubatee=incubatee, date=date, minutes=minutes, notes=(notes or "")[:5000]
    )
    audit_record(actor=actor, action="incubation.mentoring.log", target=incubatee, changes={"minutes": minutes})
    return session


@transaction.atomic
def pitch_day_schedule(
    *,
    actor: Any,
    call: Call,
    association: Any,
    starts_at: datetime.datetime,
    minutes: int = 10,
    ranked: list[Application],
) -> Any:
    """Demo day as an event of the events app (its public services): one session per shortlisted
    application, in ranking order, ``minutes`` each. A second run reschedules the same event."""
    from shanglian.events import services as events

    if not getattr(actor, "is_staff", False):
        raise Forbidden()
    if not ranked:
        raise DomainError("nothing_to_pitch", _("沒有進入評審的申請，不能安排路演日。"))
    if not 5 <= minutes <= 60:
        raise DomainError(
            "bad_minutes", _("每場路演須為 5 至 60 分鐘。"), fields={"minutes": [_("每場路演須為 5 至 60 分鐘。")]}
        )
    call = Call.objects.select_for_update().get(pk=call.pk)
    ends_at = starts_at + datetime.timedelta(minutes=minutes * len(ranked))
    with override("zh-hant"):
        title_hant = f"{call.title_zh_hant} 路演日"
    event = events.event_save(
        actor=actor,
        event=call.pitch_event,
        values={
            "type": "forum",
            "title_zh_hant": title_hant,
            "title_zh_hans": f"{call.title_zh_hans or call.title_zh_hant} 路演日",
            "title_en": f"{call.title_en or call.title_zh_hant} — Demo Day",
            "starts_at": starts_at,
            "ends_at": ends_at,
            "timezone": call.time_zone,
            "association": association,
            "audience": "invited",
            "is_published": False,
        },
    )
    for old in list(event.sessions.all()):  # rescheduling: the programme is written afresh
        events.session_delete(actor=actor, session=old)
    call.pitch_event = event
    call.save(update_fields=["pitch_event"])
    for n, app in enumerate(ranked):
        begin = starts_at + datetime.timedelta(minutes=minutes * n)
        name = app.reference if call.blind_review else f"{app.reference} {app.project_name}"
        events.session_save(
            actor=actor,
            event=event,
            values={
                "title_zh_hant": name,
                "title_en": name,
                "starts_at": begin,
                "ends_at": begin + datetime.timedelta(minutes=minutes),
            },
        )
    audit_record(
        actor=actor,
        action="incubation.pitch_day.schedule",
        target=call,
        changes={"event": str(event.pk), "pitches": len(ranked)},
    )
    return event


def previous_quarter(today: datetime.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


def _recipient_language(user: Any, fallback: str) -> str:
    """The recipient's own language setting, else the language they applied in."""
    pref = getattr(user, "preference", None)
    return getattr(pref, "language", None) or fallback or user_language(user)


def kpi_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail every active start-up whose report for the last finished quarter is missing, in the
    founder's language — **once per start-up and quarter**: a ``KpiReminder`` row (unique per
    start-up, year and quarter) is inserted first and the e-mail only goes out when this run
    inserted it, so the daily job can run any number of times (or twice at once)."""
    today = today or timezone.localdate()
    year, quarter = previous_quarter(today)
    due = (
        Incubatee.objects.filter(status=Incubatee.Status.ACTIVE, start_date__lt=today)
        .exclude(kpis__year=year, kpis__quarter=quarter)
        .exclude(kpi_reminders__year=year, kpi_reminders__quarter=quarter)
        .select_related("application__applicant__preference", "enterprise")
    )
    sent = 0
    for incubatee in due:
        applicant = incubatee.application.applicant
        if not applicant.email:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    KpiReminder.objects.create(incubatee=incubatee, year=year, quarter=quarter)
            except IntegrityError:  # another run got there first
                continue
            send_templated_mail(
                to=[applicant.email],
                template="incubation/email/kpi_reminder",
                language=_recipient_language(applicant, incubatee.application.language),
                context={"incubatee": incubatee, "year": year, "quarter": quarter},
            )
        sent += 1
    return sent
