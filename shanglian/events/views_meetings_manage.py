"""Organisers' B2B pages: slots, run the scheduler, review the draft grid, move/pin/cancel, publish."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shanglian.core.errors import messages_add_domain_error
from shanglian.core.params import int_param
from shanglian.events import access, selectors
from shanglian.events.services import meetings as svc
from shanglian.events.services import proposals
from shanglian.events.timezones import viewer_timezone

REASONS = {
    "no_common_slot": gettext_lazy("雙方沒有共同的空檔時段"),
    "party_busy": gettext_lazy("其中一方在共同時段已有其他會面"),
    "no_table": gettext_lazy("共同時段的洽談桌已滿"),
    "not_selected": gettext_lazy("未獲選，可再編排"),
}
GRID_TABLE_LIMIT = 60  # wider grids are shown as a list per slot


schedule_grid = selectors.schedule_grid  # kept under its old name for callers


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    svc.meeting_requests_expire(event=event)
    slots, meetings, tables, rows = schedule_grid(event)
    stats = selectors.meeting_request_stats(event)
    unscheduled = selectors.unscheduled_requests(event)
    return render(request, "events/meetings_manage.html", {
        "event": event, "slots": slots, "meetings": meetings, "tables": tables, "rows": rows, "stats": stats,
        "unscheduled": [(r, REASONS.get(r.unscheduled_reason, r.unscheduled_reason)) for r in unscheduled],
        "wide": len(tables) > GRID_TABLE_LIMIT, "drafts": sum(m.status == "draft" for m in meetings),
        "tz": viewer_timezone(request), "last_run": request.session.pop(f"schedule-run-{event.pk}", None),
        "min_score": proposals.DEFAULT_MIN_SCORE, "per_person": proposals.DEFAULT_PER_PERSON})


def _parse_local(value: str, tz) -> datetime.datetime | None:
    parsed = parse_datetime(value or "")
    if parsed is None:
        return None
    return timezone.make_aware(parsed, tz) if timezone.is_naive(parsed) else parsed


@login_required
@require_POST
def slots(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    if request.POST.get("delete"):
        slot = access.meeting_slot_for_organiser(request.user, event, request.POST.get("delete"))
        if slot is None:
            raise Http404
        try:
            svc.meeting_slot_delete(actor=request.user, slot=slot)
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
        return redirect("events:meetings_manage", slug=event.slug)
    start = _parse_local(request.POST.get("start", ""), event.tz)
    end = _parse_local(request.POST.get("end", ""), event.tz)
    minutes = int_param(request.POST.get("minutes"), -1, minimum=-1, maximum=10_000)
    gap = int_param(request.POST.get("gap") or 0, -1, minimum=-1, maximum=10_000)
    if start is None or end is None:
        messages.error(request, _("請填寫開始及結束時間。"))
    else:
        try:
            created = svc.meeting_slots_generate(actor=request.user, event=event, start=start, end=end,
                                                 minutes=minutes, gap=gap)
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
        else:
            messages.success(request, _("已新增 %(n)s 個洽談時段。") % {"n": len(created)})
    return redirect("events:meetings_manage", slug=event.slug)


@login_required
@require_POST
def run(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    include = request.POST.get("include_proposed") == "1"
    try:
        min_score = float(request.POST.get("min_score") or proposals.DEFAULT_MIN_SCORE)
    except ValueError:
        min_score = -1.0  # refused below with a message
    if min_score != min_score:  # NaN
        min_score = -1.0
    per_person = int_param(request.POST.get("per_person") or proposals.DEFAULT_PER_PERSON, 0, maximum=10_000)
    try:
        solution = svc.schedule_run(actor=request.user, event=event, include_proposed=include,
                                    min_score=min_score, per_person=per_person)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        request.session[f"schedule-run-{event.pk}"] = {
            "meetings": solution.meetings, "unscheduled": len(solution.unscheduled), "weight": solution.weight,
            "bound": solution.upper_bound, "optimal": solution.optimal, "seconds": round(solution.wall_time, 2)}
        messages.success(request, _("已編排 %(n)s 個會面（草稿），請檢查後發佈。") % {"n": solution.meetings})
    return redirect("events:meetings_manage", slug=event.slug)


@login_required
@require_POST
def move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    meeting = access.meeting_for_organiser(request.user, event, pk)
    if "pin" in request.POST:
        svc.meeting_set_pinned(actor=request.user, meeting=meeting, pinned=request.POST["pin"] == "1")
        return redirect("events:meetings_manage", slug=event.slug)
    slot = access.meeting_slot_for_organiser(request.user, event, request.POST.get("slot"))
    table = int_param(request.POST.get("table"), 0, minimum=0, maximum=100_000)
    if slot is None:
        messages.error(request, _("請選擇時段。"))
        return redirect("events:meetings_manage", slug=event.slug)
    try:
        svc.meeting_move(actor=request.user, meeting=meeting, slot=slot, table=table)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已移動並固定此會面。"))
    return redirect("events:meetings_manage", slug=event.slug)


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    meeting = access.meeting_for_organiser(request.user, event, pk)
    try:
        svc.meeting_cancel(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已取消此會面，雙方會收到通知。"))
    return redirect("events:meetings_manage", slug=event.slug)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    try:
        n = svc.schedule_publish(actor=request.user, event=event)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已發佈時間表，並以電郵通知 %(n)s 位參加者。") % {"n": n})
    return redirect("events:meetings_manage", slug=event.slug)
