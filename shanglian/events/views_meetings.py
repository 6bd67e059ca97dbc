"""Participants' B2B pages: availability, browse participants, requests and answers, my schedule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import messages_add_domain_error
from shanglian.core.params import id_param, int_param
from shanglian.events import access, selectors
from shanglian.events.models import MeetingRequest
from shanglian.events.notify_meetings import other_side, registration_meetings
from shanglian.events.notify_meetings import schedule_ics as make_ics
from shanglian.events.services import meetings as svc
from shanglian.events.services import proposals
from shanglian.events.timezones import viewer_timezone


def _acting_for(request: HttpRequest) -> int | None:
    raw = request.POST.get("as") or request.GET.get("as") or ""
    return id_param(raw)


def _me(request: HttpRequest, slug: str):
    """The event, the registration the viewer acts for (``?as=`` picks one of the staff they
    registered as a group; a pk that is not theirs gives none, never someone else's) and all the
    registrations they act for there."""
    event = access.event_for_user(request.user, slug)
    mine = access.my_participations(request.user, event)
    acting_for = _acting_for(request)
    me = next((r for r in mine if r.pk == acting_for), None) if acting_for else (mine[0] if mine else None)
    return event, me, mine


def _as_query(me) -> str:
    return access.acting_query(me) if me is not None else ""


def _to(name: str, event, me) -> HttpResponse:
    return redirect(reverse(name, args=[event.slug]) + _as_query(me))


@login_required
def meetings_home(request: HttpRequest, slug: str) -> HttpResponse:
    event, me, mine = _me(request, slug)
    ctx = {"event": event, "me": me, "tz": viewer_timezone(request), "slots": selectors.meeting_slots(event),
           "can_organise": access.can_organise(request.user, event), "as_q": _as_query(me)}
    if me is not None:
        svc.meeting_requests_expire(event=event)
        ctx.update(selectors.meetings_home(me, mine))  # the switcher shows requests waiting per person
        ctx["mine"] = mine
        ctx["schedule"] = [{"m": m, "other": other_side(m, me)} for m in registration_meetings(me)]
    return render(request, "events/meetings.html", ctx)


@login_required
def availability(request: HttpRequest, slug: str) -> HttpResponse:
    event, me, _mine = _me(request, slug)
    if me is None:
        raise Http404
    if request.method == "POST":
        ids = [n for n in map(id_param, request.POST.getlist("slot")) if n]
        sessions = [n for n in map(id_param, request.POST.getlist("session")) if n]
        svc.availability_set(actor=request.user, registration=me, slot_ids=ids, session_ids=sessions)
        messages.success(request, _("已更新 %(name)s 的洽談時段。") % {"name": me.display_name})
        return _to("events:meetings", event, me)
    return render(request, "events/availability.html", {
        "event": event, **selectors.availability_state(me), "tz": viewer_timezone(request), "me": me,
        "as_q": _as_query(me)})


@login_required
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    event, me, mine = _me(request, slug)
    if me is None:
        messages.warning(request, _("請先報名並獲確認，才可瀏覽參加者及提出洽談。"))
        return redirect("events:meetings", slug=event.slug)
    q = (request.GET.get("q") or "").strip()[:100]
    # Anyone someone can answer for: a login of their own, or the contact who registered them.
    qs = selectors.meeting_partners(event, exclude=mine, q=q)
    sent = selectors.requests_sent(me)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "events/participants.html", {
        "event": event, "page": page, "q": q, "sent": sent,
        "priorities": [(v, label) for v, label in MeetingRequest.Priority.choices if v in svc.PARTICIPANT_PRIORITIES],
        "me": me, "as_q": _as_query(me)})


@login_required
@require_POST
def request_meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event, me, _mine = _me(request, slug)
    if me is None:
        raise Http404
    recipient = access.meeting_partner(event, pk)
    priority = int_param(request.POST.get("priority"), -1)
    try:
        svc.meeting_request_create(actor=request.user, requester=me, recipient=recipient, priority=priority,
                                   reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已記錄你對 %(name)s 的洽談意向。") % {"name": recipient.display_name})
    return _to("events:participants", event, me)


@login_required
@require_POST
def respond(request: HttpRequest, slug: str, pk: int, answer: str) -> HttpResponse:
    event, me, _mine = _me(request, slug)
    req = access.meeting_request_for_user(request.user, pk)
    if req.status == MeetingRequest.Status.PROPOSED:  # the organiser's proposal: either side may decline
        if me is None or me.pk not in (req.requester_id, req.recipient_id) or answer != "decline":
            raise Http404
        try:
            proposals.proposal_decline(actor=request.user, request=req)
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
        else:
            messages.success(request, _("已婉拒主辦單位的建議，會面已取消。"))
        return _to("events:meetings", event, me)
    if me is None or req.recipient_id != me.pk or answer not in ("accept", "decline"):
        raise Http404
    try:
        svc.meeting_request_respond(actor=request.user, request=req, accept=answer == "accept")
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已接受洽談邀請。") if answer == "accept" else _("已婉拒洽談邀請。"))
    return _to("events:meetings", event, me)


@login_required
def schedule_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event, me, _mine = _me(request, slug)
    if me is None:
        raise Http404
    response = HttpResponse(make_ics(me), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meetings-{event.pk}.ics"'
    return response

