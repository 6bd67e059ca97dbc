"""Applications to join an association: apply, follow, withdraw; the association reviews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.accounts import access, selectors, services
from shanglian.accounts.forms import ApplicationForm, RejectForm
from shanglian.accounts.models import MembershipApplication
from shanglian.accounts.views.invitations import attach_errors
from shanglian.core.errors import messages_add_domain_error
from shanglian.directory.access import own_enterprise_ids


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    own = selectors.own_enterprises(request.user)
    initial = {"association": selectors.member_association(request.GET.get("association") or "")}
    form = ApplicationForm(request.POST or None, own_enterprises=own, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = data["enterprise"]
        if enterprise is not None and enterprise.pk not in own_enterprise_ids(request.user):
            raise PermissionDenied
        try:
            application = services.application_submit(
                actor=request.user, association=data["association"], enterprise=enterprise,
                values={k: data[k] for k in ("name_zh", "name_en", "br_number", "phone", "address")},
                membership_type=data["membership_type"], message=data["message"], language=get_language())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已提交入會申請，商會審批後會以電郵通知你。"))
            return redirect("accounts:application", application.pk)
    return render(request, "accounts/application_form.html",
                  {"form": form, "has_enterprises": bool(own_enterprise_ids(request.user))})


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/applications.html", {"applications": selectors.applications_of(request.user)})


@login_required
def application_queue(request: HttpRequest, slug: str) -> HttpResponse:
    association = access.reviewable_association(request.user, slug)
    show = "all" if request.GET.get("show") == "all" else "pending"
    applications = selectors.application_queue(association, pending_only=show == "pending")
    return render(request, "accounts/application_queue.html",
                  {"association": association, "applications": applications, "show": show})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.application_for_user(request.user, pk)
    reviewer = access.can_review(request.user, application)
    return render(request, "accounts/application_detail.html", {
        "application": application, "reviewer": reviewer, "reject_form": RejectForm(),
        "pending": application.status == MembershipApplication.Status.PENDING})


@login_required
@require_POST
def application_approve(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.application_for_user(request.user, pk, review=True)
    try:
        services.application_approve(actor=request.user, application=application)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
        return redirect("accounts:application", application.pk)
    messages.success(request, _("已批准 %(name)s 入會。") % {"name": application.display_name})
    return redirect("accounts:application_queue", application.association.slug)


@login_required
@require_POST
def application_reject(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.application_for_user(request.user, pk, review=True)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("請填寫不接納的理由，申請人會收到。"))
        return redirect("accounts:application", application.pk)
    try:
        services.application_reject(actor=request.user, application=application, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
        return redirect("accounts:application", application.pk)
    messages.success(request, _("已通知申請人不獲接納。"))
    return redirect("accounts:application_queue", application.association.slug)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.application_for_user(request.user, pk)
    if application.applicant_id != request.user.pk:
        raise PermissionDenied
    try:
        services.application_withdraw(actor=request.user, application=application)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已撤回申請。"))
    return redirect("accounts:applications")
