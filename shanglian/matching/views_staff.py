"""Secretariat pages: review queue, dashboard (charts, Excel export), curating matches."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import NotFound, form_add_domain_error, messages_add_domain_error
from shanglian.matching import access, introductions, selectors, services
from shanglian.matching.forms import CurateForm, ReturnForm


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    access.require_secretariat(request.user)
    pending = selectors.review_queue()
    return render(request, "matching/review.html", {"pending": pending, "return_form": ReturnForm()})


@login_required
@require_POST
def review(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    access.require_secretariat(request.user)
    opp = access.opportunity_for_user(request.user, pk, write=True)
    try:
        if decision == "approve":
            services.opportunity_approve(actor=request.user, opportunity=opp)
            messages.success(request, _("已發佈：%(title)s") % {"title": opp.title})
        elif decision == "return":
            services.opportunity_return(actor=request.user, opportunity=opp, reason=request.POST.get("reason", ""))
            messages.success(request, _("已退回：%(title)s") % {"title": opp.title})
        else:
            return HttpResponse(status=404)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    return redirect("matching:review")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    access.require_secretariat(request.user)
    figures = selectors.dashboard_figures()
    if request.GET.get("format") == "xlsx":
        return _xlsx(figures)
    charts = {key: {"labels": [str(label) for label, _n in figures[key][:10]],
                    "data": [n for _l, n in figures[key][:10]]}
              for key in ("by_status", "by_industry", "by_market", "by_intro", "outcomes")}
    chart_list = [("by_status", _("商機狀態")), ("by_industry", _("已發佈商機（按行業）")),
                  ("by_market", _("已發佈商機（按目標市場）")), ("by_intro", _("引薦")), ("outcomes", _("引薦結果"))]
    return render(request, "matching/dashboard.html", {"f": figures, "charts": charts, "chart_list": chart_list})


def _xlsx(figures: dict) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    sheets = [("by_status", _("按狀態")), ("by_industry", _("按行業")), ("by_market", _("按目標市場")),
              ("by_intro", _("引薦")), ("outcomes", _("結果"))]
    for key, title in sheets:
        ws = wb.create_sheet(title[:31])
        ws.append([_("項目"), _("數量")])
        for label, n in figures[key]:
            ws.append([str(label), n])
    ws = wb.create_sheet(_("配對")[:31])
    ws.append([_("配對總數"), figures["matches"]])
    ws.append([_("聯會推薦"), figures["curated"]])
    ws.append([_("不感興趣"), figures["not_interested"]])
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="matching-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def curate(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_secretariat(request.user)
    opp = access.opportunity_for_user(request.user, pk)
    form = CurateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cp_id, ent_id = form.cleaned_data["counterpart"], form.cleaned_data["enterprise"]
        counterpart, enterprise = selectors.curation_targets(counterpart_id=cp_id, enterprise_id=ent_id)
        try:
            if (cp_id and counterpart is None) or (ent_id and enterprise is None):
                raise NotFound("no_target", _("找不到該商機或企業（商機須已發佈）。"))
            introductions.match_curate(actor=request.user, opportunity=opp, counterpart=counterpart,
                                       enterprise=enterprise, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已加入聯會推薦。"))
            return redirect(opp.get_absolute_url())
    return render(request, "matching/curate.html", {"o": opp, "form": form})
