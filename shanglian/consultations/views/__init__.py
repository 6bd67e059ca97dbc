"""Pages of this app: thin — access → selector/service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.consultations import access, documents, forms, selectors, services
from shanglian.consultations.models import Consultation
from shanglian.core.errors import Forbidden, NotFound, form_add_domain_error, messages_add_domain_error
from shanglian.core.params import id_param


def _staff(request: HttpRequest) -> None:
    if not access.is_secretariat(request.user):
        raise Forbidden()


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = selectors.with_counts(access.visible_consultations(request.user))
    return render(request, "consultations/list.html", {
        "consultations": consultations, "staff": access.is_secretariat(request.user)})


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk)
    enterprise_ids = access.audience_enterprise_ids(request.user, consultation)
    enterprise_id = id_param(request.POST.get("enterprise") or request.GET.get("enterprise"))
    if enterprise_id not in enterprise_ids:
        enterprise_id = enterprise_ids[0] if enterprise_ids else None
    response = selectors.response_of(consultation, enterprise_id)
    questions = list(selectors.questions(consultation))
    initial = {f"q{k}": v for k, v in selectors.answers_by_question(response).items()}
    if response:
        initial.update(proposal=response.proposal, anonymous=response.anonymous)
    form = forms.answer_form(questions, data=request.POST if request.method == "POST" else None, initial=initial,
                             allow_anonymous=consultation.allow_anonymous)
    if request.method == "POST":
        if enterprise_id is None:
            raise Forbidden()
        if form.is_valid():
            try:
                services.response_save(
                    actor=request.user, consultation=consultation, enterprise_id=enterprise_id,
                    answers={q.pk: form.cleaned_data.get(f"q{q.pk}") for q in questions},
                    proposal=form.cleaned_data.get("proposal", ""), anonymous=form.cleaned_data.get("anonymous", False),
                    language=get_language() or "zh-hant")
            except ValidationError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("已收到你的回應，截止前可再修改。"))
                return redirect("consultations:detail", pk=consultation.pk)
    return render(request, "consultations/detail.html", {
        "consultation": consultation, "form": form, "response": response, "enterprise_id": enterprise_id,
        "can_answer": bool(enterprise_ids) and consultation.is_open(), "staff": access.is_secretariat(request.user)})


@login_required
def consultation_new(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = forms.ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "associations"}
        try:
            consultation = services.consultation_create(
                actor=request.user, values=values,
                association_ids=[a.pk for a in form.cleaned_data["associations"]])
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            return redirect("consultations:manage", pk=consultation.pk)
    return render(request, "consultations/form.html", {"form": form})


@login_required
def consultation_manage(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk, write=True)
    form = forms.QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(actor=request.user, consultation=consultation, **form.cleaned_data)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            return redirect("consultations:manage", pk=consultation.pk)
    return render(request, "consultations/manage.html", {
        "consultation": consultation, "questions": selectors.questions(consultation), "form": form,
        "submissions": selectors.submissions_of(consultation), "statuses": Consultation.Status})


@require_POST
@login_required
def consultation_status(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk, write=True)
    try:
        services.consultation_set_status(actor=request.user, consultation=consultation,
                                         status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    return redirect("consultations:manage", pk=consultation.pk)


@login_required
def consultation_synthesis(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk, write=True)
    return render(request, "consultations/synthesis.html", {
        "consultation": consultation, "summary": selectors.synthesis_for(consultation)})


@require_POST
@login_required
def submission_new(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk, write=True)
    body = selectors.draft_body(consultation, selectors.synthesis_for(consultation))
    submission = services.submission_draft(actor=request.user, consultation=consultation, body=body)
    return redirect("consultations:submission", pk=submission.pk)


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = access.submission_for_user(request.user, id_param(pk))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    edit = forms.SubmissionForm(data if action in ("save", "draft") else None, instance=submission)
    approve = forms.ApproveForm(data if action == "approve" else None)
    send = forms.SendForm(data if action == "send" else None)
    reply = forms.GovernmentResponseForm(data if action == "response" else None)
    chosen = {"save": edit, "draft": edit, "approve": approve, "send": send, "response": reply}.get(action)
    if chosen is not None and chosen.is_valid():
        try:
            if action in ("save", "draft"):
                services.submission_update(actor=request.user, submission=submission, values=edit.cleaned_data,
                                           regenerate_simplified=action == "draft",
                                           reviewed=bool(request.POST.get("zh_hans_reviewed")))
            elif action == "approve":
                services.submission_approve(actor=request.user, submission=submission, **approve.cleaned_data)
            elif action == "send":
                services.submission_send(actor=request.user, submission=submission, **send.cleaned_data)
            else:
                services.submission_record_response(actor=request.user, submission=submission, **reply.cleaned_data)
        except ValidationError as exc:
            form_add_domain_error(chosen, exc)
        else:
            messages.success(request, _("已儲存。"))
            return redirect("consultations:submission", pk=submission.pk)
    return render(request, "consultations/submission.html", {
        "submission": submission, "edit": edit, "approve": approve, "send": send, "reply": reply,
        "cited": selectors.cited_responses(submission)})


@login_required
def submission_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    submission = access.submission_for_user(request.user, id_param(pk))
    if fmt not in ("pdf", "docx"):
        raise NotFound()
    lang = request.GET.get("lang", "zh_hant")
    if fmt == "docx":
        response = HttpResponse(documents.submission_docx(submission, lang), content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    else:
        response = HttpResponse(documents.submission_pdf(submission, lang), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="submission-{submission.pk}.{fmt}"'
    return response


@login_required
def submission_register(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(request, "consultations/register.html", {"submissions": selectors.submissions_register()})
