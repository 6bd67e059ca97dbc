from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import DomainError
from shanglian.incubation import access, selectors, services
from shanglian.incubation.forms import EvidenceForm, KpiForm, MentoringForm


def _errors(exc: DomainError) -> str:
    return " ".join(str(m) for v in exc.fields.values() for m in v) if exc.fields else str(exc)


@login_required
def incubatee(request: HttpRequest, pk: int) -> HttpResponse:
    inc = access.incubatee_for_user(request.user, pk, mentors=True)
    today = timezone.localdate()
    return render(
        request,
        "incubation/incubatee.html",
        {
            "inc": inc,
            "allocations": selectors.allocations_of(inc),
            "agreements": selectors.agreements_of(inc),
            "instalments": selectors.instalments_of(inc),
            "kpis": selectors.kpis_of(inc),
            "sessions": selectors.mentoring_of(inc),
            "suggestions": selectors.mentor_suggestions(inc) if access.is_staff(request.user) else [],
            "is_founder": inc.application.applicant_id == request.user.pk,
            "is_mentor": access.is_mentor(request.user),
            "evidence_form": EvidenceForm(),
            "mentoring_form": MentoringForm(initial={"date": today}),
            "kpi_form": KpiForm(initial={"year": today.year, "quarter": (today.month - 1) // 3 + 1}),
        },
    )


@login_required
@require_POST
def instalment_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    inst = access.instalment_for_user(request.user, pk, founder=True)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("請選擇證明文件。"))
    else:
        try:
            services.instalment_evidence(actor=request.user, instalment=inst, evidence=form.cleaned_data["evidence"])
        except DomainError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("已提交證明。"))
    return redirect("incubation:incubatee", pk=inst.incubatee_id)


@login_required
@require_POST
def instalment_release(request: HttpRequest, pk: int) -> HttpResponse:
    inst = access.instalment_for_user(request.user, pk)
    try:
        services.instalment_release(actor=request.user, instalment=inst)
    except DomainError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("已發放款項。"))
    return redirect("incubation:incubatee", pk=inst.incubatee_id)


@login_required
@require_POST
def kpi(request: HttpRequest, pk: int) -> HttpResponse:
    inc = access.incubatee_for_user(request.user, pk)
    form = KpiForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("請修正季度報告的數字。"))
    else:
        data = form.cleaned_data
        try:
            services.kpi_submit(
                actor=request.user, incubatee=inc, year=data["year"], quarter=data["quarter"], values=data
            )
        except DomainError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("已提交季度報告。"))
    return redirect("incubation:incubatee", pk=inc.pk)


@login_required
@require_POST
def mentoring(request: HttpRequest, pk: int) -> HttpResponse:
    inc = access.incubatee_for_user(request.user, pk, mentors=True)
    form = MentoringForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("請修正會面紀錄。"))
    else:
        try:
            services.mentoring_log(actor=request.user, incubatee=inc, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("已記錄會面。"))
    return redirect("incubation:incubatee", pk=inc.pk)
