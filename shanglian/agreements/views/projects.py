"""Projects and pledges: budget, pledges with instalments, paid vs pledged, acknowledgement letters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.agreements import access, selectors, services
from shanglian.agreements.forms import PaidForm, PledgeForm, ProjectForm
from shanglian.agreements.pdf import pledge_letter_pdf
from shanglian.core.errors import form_add_domain_error, messages_add_domain_error
from shanglian.core.params import id_param


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agreements/projects.html",
        {"projects": selectors.project_list(request.user), "manage": access.can_manage_any(request.user)},
    )


@login_required
def project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not access.can_manage_any(request.user):
        raise PermissionDenied
    project = access.project_for_user(request.user, id_param(pk), write=True) if pk else None
    form = ProjectForm(
        request.POST or None,
        instance=project,
        associations=access.managed_associations(request.user),
        agreements=access.managed_agreements(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_save(actor=request.user, values=form.cleaned_data, project=project)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已儲存項目。"))
            return redirect(project.get_absolute_url())
    return render(request, "agreements/project_form.html", {"form": form, "project": project})


@login_required
def project(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, id_param(pk))
    context = selectors.project_page(project, request.user)
    form = None
    if context["manage"]:
        form = PledgeForm(request.POST or None, party_choices=selectors.party_choices(request.user))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            found = selectors.party_target(data["pledger"], request.user)
            values = {"amount": data["amount"], "pledged_on": data["pledged_on"]}
            if found is not None and found[0] == "a":
                values["association"] = found[1]
            elif found is not None and found[0] == "e":
                values["enterprise"] = found[1]
            try:
                plan = services.parse_instalments(data["instalments"])
                services.pledge_create(actor=request.user, project=project, values=values, instalments=plan)
            except ValidationError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("已記錄認捐。"))
                return redirect(project.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "agreements/project.html", {**context, "form": form, "paid_form": PaidForm()})


@login_required
@require_POST
def instalment_paid(request: HttpRequest, pk: int, instalment_pk: int) -> HttpResponse:
    pledge = access.pledge_for_user(request.user, id_param(pk))
    if not access.can_manage_project(request.user, pledge.project):
        raise PermissionDenied
    instalment = selectors.instalment_for(pledge, id_param(instalment_pk))
    if instalment is None:
        raise Http404
    form = PaidForm(request.POST)
    paid_on = form.cleaned_data.get("paid_on") if form.is_valid() else None
    if services.instalment_mark_paid(actor=request.user, instalment=instalment, paid_on=paid_on):
        messages.success(request, _("已記錄收款。"))
    return redirect(pledge.project.get_absolute_url())


@login_required
@require_POST
def pledge_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = access.pledge_for_user(request.user, id_param(pk))
    if not access.can_manage_project(request.user, pledge.project):
        raise PermissionDenied
    try:
        count = services.pledge_acknowledge(actor=request.user, pledge=pledge)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已發出致謝信（%(n)s 位收件人）。") % {"n": count})
    return redirect(pledge.project.get_absolute_url())


@login_required
def pledge_letter(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = access.pledge_for_user(request.user, id_param(pk))
    response = HttpResponse(pledge_letter_pdf(pledge), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="pledge-{pledge.pk}.pdf"'
    return response
