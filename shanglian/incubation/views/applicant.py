from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import DomainError, form_add_domain_error
from shanglian.incubation import access, formconfig, selectors, services
from shanglian.incubation.forms import AcceptForm, MemberForm, ProjectForm
from shanglian.incubation.letters import letter_pdf
from shanglian.incubation.models import Application


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "incubation/mine.html", {"applications": list(selectors.my_applications(request.user))})


def _context(request: HttpRequest, application: Application, *, project=None, answers=None, member=None) -> dict:
    call = application.call
    editable = application.status == Application.Status.DRAFT and application.applicant_id == request.user.pk
    initial = dict(application.answers)
    fields = [
        dict(f, shown=formconfig.is_shown(f, application.answers), label_text=formconfig.label(f.get("label")))
        for f in call.form_fields
    ]
    return {
        "application": application,
        "call": call,
        "editable": editable,
        "is_open": services.call_is_open(call),
        "closes": services.call_local(call, call.closes_at),
        "project_form": project
        or ProjectForm(
            initial={
                "project_name": application.project_name,
                "stage": application.stage,
                "tags": ", ".join(application.tags),
            }
        ),
        "answers_form": answers or formconfig.build_form(call.form_fields, initial=initial),
        "member_form": member or MemberForm(),
        "members": selectors.members_of(application),
        "files": {f.field_key: f for f in selectors.files_of(application)},
        "fields": fields,
        "answers": formconfig.display_answers(call.form_fields, application.answers),
        "results": services.eligibility_results(application) if call.eligibility else [],
        "accept_form": AcceptForm(),
    }


@login_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    app = access.application_for_user(request.user, pk, write=request.method == "POST")
    if request.method != "POST":
        return render(request, "incubation/application.html", _context(request, app))
    autosave = request.POST.get("autosave") == "1"
    submit = request.POST.get("action") == "submit" and not autosave
    project = ProjectForm(request.POST)
    answers = formconfig.build_form(app.call.form_fields, data=request.POST, files=request.FILES, initial=app.answers)
    if project.is_valid() and answers.is_valid():
        values = {**project.cleaned_data, **{k: v for k, v in answers.cleaned_data.items() if not hasattr(v, "read")}}
        uploads = {k: v for k, v in request.FILES.items()}
        try:
            services.application_save(actor=request.user, application=app, values=values, files=uploads, submit=submit)
        except DomainError as exc:
            if autosave:
                return JsonResponse(exc.as_dict(), status=exc.status)
            form_add_domain_error(answers if not set(exc.fields) & set(project.fields) else project, exc)
            for key, msgs in exc.fields.items():
                if key in ("members", "project_name") and key not in answers.fields:
                    for m in msgs:
                        messages.error(request, m)
        else:
            if autosave:
                return JsonResponse({"saved": True})
            messages.success(request, _("申請已提交，確認電郵已寄出。") if submit else _("草稿已儲存。"))
            return redirect("incubation:application", pk=app.pk)
    elif autosave:
        return JsonResponse({"code": "invalid", "message": _("請修正標示的欄位。")}, status=400)
    app.refresh_from_db()
    return render(
        request, "incubation/application.html", _context(request, app, project=project, answers=answers), status=400
    )


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    app = access.application_for_user(request.user, pk, write=True)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.member_add(actor=request.user, application=app, values=form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已加入團隊成員。"))
            return redirect("incubation:application", pk=app.pk)
    return render(request, "incubation/application.html", _context(request, app, member=form), status=400)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = access.member_for_user(request.user, pk)
    try:
        services.member_remove(actor=request.user, member=member)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("incubation:application", pk=member.application_id)


@login_required
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    app = access.application_for_user(request.user, pk)
    if app.decided_at is None:
        messages.error(request, _("此申請尚未有結果。"))
        return redirect("incubation:application", pk=app.pk)
    response = HttpResponse(letter_pdf(app), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{app.reference or app.pk}.pdf"'
    return response


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    app = access.application_for_user(request.user, pk, write=True)
    form = AcceptForm(request.POST, request.FILES)
    try:
        form.is_valid()
        services.offer_accept(actor=request.user, application=app, agreement=request.FILES.get("agreement"))
    except DomainError as exc:
        messages.error(
            request, str(exc) if not exc.fields else " ".join(str(m) for v in exc.fields.values() for m in v)
        )
    else:
        messages.success(request, _("已接受取錄，歡迎加入基地！"))
    return redirect("incubation:application", pk=app.pk)
