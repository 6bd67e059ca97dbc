"""Matchmaking pages: search, post/edit, my posts, detail with matches, introductions inbox."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import form_add_domain_error, messages_add_domain_error
from shanglian.core.http import safe_next
from shanglian.directory.access import is_secretariat, own_enterprise_ids
from shanglian.matching import access, introductions, meetings, selectors, services
from shanglian.matching.forms import EventMeetingForm, InterestForm, MeetingForm, OpportunityForm, OutcomeForm
from shanglian.matching.models import Opportunity, Region
from shanglian.matching.reasons import render_reasons

PAGE_SIZE = 20




def search(request: HttpRequest) -> HttpResponse:
    filters = selectors.SearchFilters.from_mapping(request.GET)
    page = Paginator(selectors.search(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "query_string": query.urlencode(),
               **selectors.search_choices(), "can_post": bool(own_enterprise_ids(request.user))}
    template = "matching/_results.html" if request.htmx else "matching/search.html"
    return render(request, template, context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = access.opportunity_for_user(request.user, pk)
    manages = access.can_manage_opportunity(request.user, opportunity)
    sees = access.can_see_matches(request.user, opportunity)
    matches = selectors.matches_for(opportunity) if sees else []
    external = selectors.external_matches_for(opportunity) if sees else []
    # A member viewing someone else's post: their own posts that match it, to act from.
    own = own_enterprise_ids(request.user)
    mine = [] if manages else selectors.own_matches_with(request.user, opportunity)
    states = selectors.introduction_states(request.user, matches + mine)
    for m in matches + mine:
        m.reason_texts = render_reasons(m.reasons)
        m.intro = states.get(m.pk)
    return render(request, "matching/detail.html", {
        "o": opportunity, "manages": manages, "matches": matches, "mine": mine, "external": external,
        "owner": opportunity.enterprise_id in own,
        "region_labels": [label for code, label in Region.choices if code in (opportunity.target_regions or [])],
        "secretariat": is_secretariat(request.user), "interest_form": InterestForm()})


def _own_enterprises(user) -> list:
    return selectors.posting_enterprises(user)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    enterprises = _own_enterprises(request.user)
    if not enterprises:  # say how to become eligible instead of a bare 403
        return render(request, "matching/not_member.html", status=403)
    form = OpportunityForm(request.POST or None, initial={"kind": "need", "subtype": "sourcing"})
    enterprise = enterprises[0]
    if request.method == "POST":
        chosen = request.POST.get("enterprise")
        enterprise = next((e for e in enterprises if str(e.pk) == chosen), enterprises[0])
        if form.is_valid():
            try:
                opp = services.opportunity_create(actor=request.user, enterprise=enterprise, values=form.values(),
                                                  markets=list(form.cleaned_data["target_markets"]),
                                                  submit="submit" in request.POST)
            except ValidationError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("已提交秘書處審核。") if opp.status == "pending" else _("已儲存為草稿。"))
                return redirect("matching:mine")
    return render(request, "matching/form.html", {"form": form, "enterprises": enterprises,
                                                  "enterprise": enterprise, "creating": True})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    opp = access.opportunity_for_user(request.user, pk, write=True)
    initial = {f: getattr(opp, f) for f in services.FIELDS} | {"target_markets": selectors.opportunity_markets(opp),
                                                                "industry": opp.industry}
    form = OpportunityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(actor=request.user, opportunity=opp, values=form.values(),
                                        markets=list(form.cleaned_data["target_markets"]))
            opp.refresh_from_db()
            if "submit" in request.POST and opp.status in ("draft", "returned"):
                services.opportunity_submit(actor=request.user, opportunity=opp)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已更新。"))
            return redirect("matching:mine")
    return render(request, "matching/form.html", {"form": form, "o": opp, "creating": False})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/mine.html", {"opportunities": selectors.own_opportunities(request.user),
                                                  "can_post": bool(own_enterprise_ids(request.user))})


ACTIONS = {
    "submit": services.opportunity_submit, "renew": services.opportunity_renew,
    "close": services.opportunity_close, "withdraw": services.opportunity_withdraw,
}


@login_required
@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    opp = access.opportunity_for_user(request.user, pk, write=True)
    func = ACTIONS.get(name)
    if func is None:
        return HttpResponse(status=404)
    try:
        func(actor=request.user, opportunity=opp)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已更新。"))
    return redirect(safe_next(request, reverse("matching:mine")))


@login_required
@require_POST
def interest(request: HttpRequest, pk: int) -> HttpResponse:
    match = access.match_for_user(request.user, pk)
    form = InterestForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        intro = introductions.introduction_request(actor=request.user, match=match, message=message)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
        intro = None
    if request.htmx:
        match.intro = intro
        return render(request, "matching/_match_actions.html", {"m": match})
    if intro:
        messages.success(request, _("已通知對方，對方同意後會交換聯絡資料。"))
    return redirect(safe_next(request, match.opportunity.get_absolute_url()))


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    match = access.match_for_user(request.user, pk)
    opportunity = match.opportunity
    try:
        introductions.match_dismiss(actor=request.user, match=match)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    if request.htmx:
        return HttpResponse("")
    return redirect(opportunity.get_absolute_url())


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    boxes = selectors.inbox(request.user)
    meetings.expire_linked(user=request.user)
    notices = list(selectors.unread_notices(request.user)[:20])
    introductions.notifications_mark_read(user=request.user)
    return render(request, "matching/inbox.html", {
        "received": boxes["received"], "sent": boxes["sent"], "notices": notices,
        "own": own_enterprise_ids(request.user),
        "meeting_form": MeetingForm(), "outcome_form": OutcomeForm()})


INTRO_ACTIONS = {"accept", "decline", "meeting", "outcome"}


@login_required
@require_POST
def introduction_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in INTRO_ACTIONS:
        return HttpResponse(status=404)
    intro = access.introduction_for_user(request.user, pk, side="target" if name in ("accept", "decline") else "party")
    try:
        if name == "accept":
            introductions.introduction_accept(actor=request.user, introduction=intro)
        elif name == "decline":
            introductions.introduction_decline(actor=request.user, introduction=intro)
        elif name == "meeting":
            introductions.introduction_request_meeting(actor=request.user, introduction=intro,
                                                       note=request.POST.get("note", ""))
        else:
            introductions.introduction_record_outcome(actor=request.user, introduction=intro,
                                                      outcome=request.POST.get("outcome", ""),
                                                      note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已更新。"))
    return redirect("matching:inbox")


@login_required
def introduction_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Request a meeting at an event both sides attend (B2B meetings of the events app)."""
    intro = access.introduction_for_user(request.user, pk, side="party")
    if intro.status != intro.Status.ACCEPTED:
        messages.error(request, _("雙方同意引薦後才可約見。"))
        return redirect("matching:inbox")
    options = meetings.event_options(actor=request.user, introduction=intro)
    form = EventMeetingForm(request.POST or None, options=options,
                            initial={"reason": meetings.default_reason(intro), "priority": 10,
                                     "event": options[0].event.pk if len(options) == 1 else None})
    if request.method == "POST" and form.is_valid():
        event = next(o.event for o in options if o.event.pk == form.cleaned_data["event"])
        try:
            meetings.introduction_request_event_meeting(
                actor=request.user, introduction=intro, event=event, priority=form.cleaned_data["priority"],
                reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已在「%(event)s」向對方提出洽談邀請。") % {"event": event.title})
            return redirect("matching:inbox")
    return render(request, "matching/meeting.html", {
        "intro": intro, "options": options, "form": form, "live": meetings.live_request(intro),
        "other": intro.target if intro.requester_id in own_enterprise_ids(request.user) else intro.requester,
        "meeting_form": MeetingForm()})


def opportunity_status_label(status: str) -> str:
    return str(dict(Opportunity.Status.choices).get(status, status))
