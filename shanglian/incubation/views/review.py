from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import DomainError, form_add_domain_error
from shanglian.incubation import access, formconfig, selectors, services
from shanglian.incubation.forms import ConflictForm, score_form


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "incubation/reviews.html", {"assignments": selectors.reviewer_queue(request.user)})


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.assignment_for_reviewer(request.user, pk)
    application = assignment.application
    criteria = selectors.criteria_of(application.call)
    initial = {f"c{k}": v for k, v in assignment.scores.items()} | {"comment": assignment.comment}
    form = score_form(criteria, data=request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        try:
            scores = {key[1:]: request.POST.get(key, "") for key in form.fields if key.startswith("c")}
            services.review_submit(
                actor=request.user, assignment=assignment, scores=scores, comment=request.POST.get("comment", "")
            )
        except DomainError as exc:
            form.is_valid()
            form_add_domain_error(form, exc)
            status = 400
        else:
            messages.success(request, _("評分已提交。"))
            return redirect("incubation:reviews")
    blind = application.call.blind_review
    fields = formconfig.display_answers(application.call.form_fields, application.answers)
    return render(
        request,
        "incubation/review.html",
        {
            "assignment": assignment,
            "application": application,
            "blind": blind,
            "form": form,
            "fields": fields,
            "members": [] if blind else selectors.members_of(application),
            "conflict_form": ConflictForm(),
        },
        status=status,
    )


@login_required
@require_POST
def conflict(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.assignment_for_reviewer(request.user, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        services.conflict_declare(
            actor=request.user,
            application=assignment.application,
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("已申報利益衝突，此申請已從你的評審清單移除。"))
        return redirect("incubation:reviews")
    messages.error(request, _("請說明利益衝突的原因。"))
    return redirect("incubation:review", pk=assignment.pk)
