from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import DomainError, form_add_domain_error
from shanglian.core.excel import workbook_bytes, xlsx_response
from shanglian.core.params import int_param
from shanglian.incubation import access, builder, formconfig, selectors, services
from shanglian.incubation.forms import AllocationForm, OverrideForm, PitchDayForm
from shanglian.incubation.models import Application, Residency, Stage


def _staff(request: HttpRequest) -> None:
    if not access.is_staff(request.user):
        raise Http404


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(
        request,
        "incubation/manage.html",
        {
            "calls": list(selectors.all_calls()),
            "occupancy": selectors.occupancy(),
            "incubatees": list(selectors.incubatees()[:200]),
        },
    )


@login_required
def manage_call(request: HttpRequest, slug: str) -> HttpResponse:
    call = access.call_for_staff(request.user, slug)
    status = request.GET.get("status", "")
    page = int_param(request.GET.get("page"), 1, minimum=1, maximum=100_000) or 1
    rows, total = selectors.call_applications(call, status=status, page=page)
    return render(
        request,
        "incubation/manage_call.html",
        {
            "call": call,
            "rows": rows,
            "total": total,
            "page": page,
            "status": status,
            "statuses": [s for s in Application.Status.choices if s[0] != Application.Status.DRAFT],
            "has_next": page * 50 < total,
            "reviewers": selectors.reviewers_of(call),
        },
    )


@login_required
@require_POST
def assign(request: HttpRequest, slug: str) -> HttpResponse:
    call = access.call_for_staff(request.user, slug)
    try:
        summary = services.assignments_auto(actor=request.user, call=call)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已分配 %(n)s 份評審（%(status)s，目標值 %(obj)s，上界 %(bound)s，差距 %(gap)s%%，%(s)s 秒）。")
            % {
                "n": summary["assigned"],
                "status": summary["status"],
                "obj": round(summary["objective"]),
                "bound": round(summary["bound"]),
                "gap": round(100 * summary["gap"], 3),
                "s": summary["seconds"],
            },
        )
    return redirect("incubation:manage_call", slug=call.slug)


@login_required
@require_POST
def override(request: HttpRequest, pk: int) -> HttpResponse:
    app = access.application_for_staff(request.user, pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.eligibility_override(
                actor=request.user,
                application=app,
                eligible=form.cleaned_data["eligible"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已覆核資格。"))
    else:
        messages.error(request, _("覆核必須附上說明。"))
    return redirect("incubation:manage_call", slug=app.call.slug)


@login_required
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    call = access.call_for_staff(request.user, slug)
    rows = selectors.ranking(call)
    return render(
        request,
        "incubation/moderation.html",
        {"call": call, "rows": rows, "pitch_form": PitchDayForm(), "criteria": selectors.criteria_of(call)},
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    app = access.application_for_staff(request.user, pk)
    try:
        services.decision_make(actor=request.user, application=app, decision=request.POST.get("decision", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已作出決定並寄出通知書。"))
    return redirect("incubation:moderation", slug=app.call.slug)


@login_required
def spaces(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = AllocationForm(request.POST or None)
    form.fields["space"].choices = [(s.pk, str(s)) for s in selectors.spaces()]
    form.fields["incubatee"].choices = [
        (i.pk, f"{i.enterprise.name_zh or i.enterprise.name_en} ({i.get_base_display()})")
        for i in selectors.incubatees()
    ]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                space = access.space_for_staff(request.user, form.cleaned_data["space"])
                incubatee = access.incubatee_for_user(request.user, form.cleaned_data["incubatee"])
                services.allocation_create(
                    actor=request.user,
                    space=space,
                    incubatee=incubatee,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    licence_ref=form.cleaned_data["licence_ref"],
                )
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("已分配空間。"))
                return redirect("incubation:spaces")
        status = 400
    return render(
        request,
        "incubation/spaces.html",
        {"form": form, "occupancy": selectors.occupancy(), "allocations": selectors.allocations()},
        status=status,
    )


@login_required
def funder_report(request: HttpRequest) -> HttpResponse:
    _staff(request)
    headers = [
        _("申請編號"),
        _("企業"),
        _("基地"),
        _("開始日期"),
        _("狀態"),
        _("資助總額（港元）"),
        _("已發放（港元）"),
        _("最近季度"),
        _("收入（港元）"),
        _("創造職位"),
        _("融資（港元）"),
        _("知識產權"),
    ]
    return xlsx_response(
        workbook_bytes(_("資助報告"), [str(h) for h in headers], selectors.funder_rows()),
        "incubation-funder-report.xlsx",
    )


@login_required
@require_POST
def pitch_day(request: HttpRequest, slug: str) -> HttpResponse:
    call = access.call_for_staff(request.user, slug)
    form = PitchDayForm(request.POST)
    association = selectors.host_association()
    if not form.is_valid() or association is None:
        messages.error(request, _("請填寫路演日的開始時間及每場分鐘。"))
        return redirect("incubation:moderation", slug=call.slug)
    try:
        services.pitch_day_schedule(
            actor=request.user,
            call=call,
            association=association,
            starts_at=form.cleaned_data["starts_at"],
            minutes=form.cleaned_data["minutes"],
            ranked=selectors.pitch_shortlist(call),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已安排路演日。"))
    return redirect("incubation:moderation", slug=call.slug)


@login_required
def form_builder(request: HttpRequest, slug: str) -> HttpResponse:
    """The call's application form and eligibility rules, built with buttons instead of JSON:
    add / remove / reorder, labels in 繁/简/EN, conditions, word limits, upload types and sizes;
    "preview" shows the applicant's form; "save" validates and stores the same lists the engine
    uses (``services.call_configure``). Every button posts the whole builder (no script needed)."""
    call = access.call_for_staff(request.user, slug)
    errors: list[str] = []
    preview = None
    if request.method == "POST":
        fields = builder.fields_from_post(request.POST)
        rule_list = builder.rules_from_post(request.POST)
        op = str(request.POST.get("op") or "")
        builder.apply(op, fields, rule_list, request.POST)
        if op in ("save", "preview"):
            try:
                services.form_preview_check(eligibility=rule_list, form_fields=fields)
                if op == "save":
                    services.call_configure(actor=request.user, call=call, eligibility=rule_list, form_fields=fields)
            except DomainError as exc:
                errors = [str(m) for v in exc.fields.values() for m in v] if exc.fields else [str(exc)]
            else:
                if op == "save":
                    messages.success(request, _("申請表及資格規則已儲存。"))
                    return redirect("incubation:form_builder", slug=call.slug)
                preview = formconfig.build_form(fields)
    else:
        fields, rule_list = list(call.form_fields or []), list(call.eligibility or [])
    context = {
        "call": call,
        "rows": builder.rows(fields),
        "rules": list(enumerate(rule_list)),
        "n_fields": len(fields),
        "n_rules": len(rule_list),
        "types": list(builder.TYPE_LABELS.items()),
        "rule_types": list(builder.RULE_LABELS.items()),
        "accepts": list(formconfig.SIGNATURES),
        "residencies": [(v, lab) for v, lab in Residency.choices],
        "stages": [(v, lab) for v, lab in Stage.choices],
        "errors": errors,
        "preview": preview,
        "applications": selectors.application_count(call),
    }
    if request.headers.get("HX-Request"):  # htmx swaps 2xx only: the errors come back inside the builder
        return render(request, "incubation/_builder.html", context)
    return render(request, "incubation/form_builder.html", context, status=400 if errors else 200)
