"""Matchmaking API: /api/v1/matching/…  Reads are public (published posts only); writes need a
logged-in member (session auth + CSRF, like the pages)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from shanglian.core.errors import DomainError, Forbidden, NotFound
from shanglian.core.selectors import industry_by_code, paginate, places_by_code
from shanglian.directory.access import enterprise_for_user, own_enterprise_ids
from shanglian.matching import access, introductions, meetings, selectors, services
from shanglian.matching.models import Opportunity
from shanglian.matching.reasons import render_reasons

router = Router()
MAX_PAGE_SIZE = 100


class OpportunityOut(Schema):
    id: int
    kind: str
    subtype: str
    title: str
    description: str
    language: str
    status: str
    enterprise_id: int
    enterprise: str
    industry: str | None = None
    category: str = ""
    target_regions: list[str] = []
    target_markets: list[str] = []
    expires_on: datetime.date
    published_at: datetime.datetime | None = None


class OpportunityPage(Schema):
    count: int
    count_capped: bool = False  # count stopped at the search's cap (core.search.COUNT_CAP): "more than"
    page: int
    page_size: int
    items: list[OpportunityOut]


class MatchOut(Schema):
    id: int
    score: float
    curated: bool
    reasons: list[str]
    opportunity: OpportunityOut | None = None
    enterprise_id: int
    enterprise: str


class MatchList(Schema):
    count: int
    items: list[MatchOut]


class OpportunityIn(Schema):
    kind: str
    subtype: str
    title: str
    description: str
    enterprise_id: int | None = None
    industry: str | None = None
    category: str = ""
    target_regions: list[str] = []
    target_markets: list[str] = []
    budget: str = ""
    quantity: str = ""
    expires_on: datetime.date | None = None
    submit: bool = True


class InterestIn(Schema):
    message: str = ""


class IntroductionOut(Schema):
    id: int
    status: str
    requester_id: int
    target_id: int


def _out(o: Opportunity) -> dict:
    return {
        "id": o.pk, "kind": o.kind, "subtype": o.subtype, "title": o.title, "description": o.description,
        "language": o.language, "status": o.status, "enterprise_id": o.enterprise_id, "enterprise": o.enterprise.name,
        "industry": o.industry.code if o.industry_id else None, "category": o.category,
        "target_regions": list(o.target_regions or []), "target_markets": selectors.market_codes(o),
        "expires_on": o.expires_on, "published_at": o.published_at,
    }


@router.get("/opportunities", response=OpportunityPage, summary="Search published opportunities")
def list_opportunities(request: HttpRequest, q: str = "", kind: str = "", industry: str = "", market: str = "",
                       page: int = 1, page_size: int = 20):
    filters = selectors.SearchFilters(q=q[:200], kind=kind, industry=industry, market=market)
    rows = paginate(selectors.search_with_markets(filters), page, page_size, max_size=MAX_PAGE_SIZE)
    return {"count": rows.count, "count_capped": rows.count_capped, "page": rows.page, "page_size": rows.page_size,
            "items": [_out(o) for o in rows.items]}


@router.get("/opportunities/{opportunity_id}", response=OpportunityOut, summary="One opportunity")
def get_opportunity(request: HttpRequest, opportunity_id: int):
    return _out(access.opportunity_for_user(request.user, opportunity_id))


@router.get("/opportunities/{opportunity_id}/matches", response=MatchList, auth=django_auth,
            summary="Ranked counterparts with score and reasons, for the post's owners (in the request's language)")
def list_matches(request: HttpRequest, opportunity_id: int, limit: int = 20):
    opp = access.opportunity_matches_for_user(request.user, opportunity_id)  # PermissionDenied: JSON 403
    items = []
    for m in selectors.matches_for(opp, limit=min(max(limit, 1), 50)):
        cp = m.counterpart
        ent = cp.enterprise if cp else m.counterpart_enterprise
        items.append({"id": m.pk, "score": m.score, "curated": m.curated, "reasons": render_reasons(m.reasons),
                      "opportunity": _out(cp) if cp else None, "enterprise_id": ent.pk, "enterprise": ent.name})
    return {"count": len(items), "items": items}


@router.post("/opportunities", response={201: OpportunityOut}, auth=django_auth, summary="Post an opportunity")
def create_opportunity(request: HttpRequest, payload: OpportunityIn):
    own = own_enterprise_ids(request.user)
    ent_id = payload.enterprise_id or (min(own) if own else None)
    if ent_id is None or ent_id not in own:
        raise Forbidden("not_member", _("你不是此企業的成員。"))
    values = payload.dict(exclude={"enterprise_id", "target_markets", "submit", "industry"})
    values["industry"] = industry_by_code(payload.industry or "")
    opp = services.opportunity_create(actor=request.user, enterprise=enterprise_for_user(request.user, ent_id),
                                      values=values, submit=payload.submit,
                                      markets=places_by_code(payload.target_markets))
    return Status(201, _out(opp))


@router.post("/opportunities/{opportunity_id}/{action}", response=OpportunityOut, auth=django_auth,
             summary="submit / renew / close / withdraw one of your opportunities")
def opportunity_action(request: HttpRequest, opportunity_id: int, action: str):
    funcs = {"submit": services.opportunity_submit, "renew": services.opportunity_renew,
             "close": services.opportunity_close, "withdraw": services.opportunity_withdraw}
    if action not in funcs:
        raise NotFound("unknown_action", _("不支援此操作。"))
    opp = access.opportunity_for_user(request.user, opportunity_id, write=True)
    opp = funcs[action](actor=request.user, opportunity=opp)
    return _out(opp)


@router.post("/matches/{match_id}/interest", response={201: IntroductionOut}, auth=django_auth,
             summary="Express interest in a match (the other side is asked for consent)")
def express_interest(request: HttpRequest, match_id: int, payload: InterestIn):
    match = access.match_for_user(request.user, match_id)
    intro = introductions.introduction_request(actor=request.user, match=match, message=payload.message)
    return Status(201, {"id": intro.pk, "status": intro.status, "requester_id": intro.requester_id,
                        "target_id": intro.target_id})


class MeetingEventOut(Schema):
    id: int
    slug: str
    title: str
    starts_at: datetime.datetime


class EventMeetingIn(Schema):
    event_id: int
    priority: int = 10
    reason: str = ""


class EventMeetingOut(Schema):
    id: int
    event_id: int
    status: str
    priority: int
    deadline: datetime.datetime | None


@router.get("/introductions/{introduction_id}/meeting-events", response=list[MeetingEventOut], auth=django_auth,
            summary="Upcoming events with B2B meeting slots where both sides have a confirmed registration")
def meeting_events(request: HttpRequest, introduction_id: int):
    intro = access.introduction_for_user(request.user, introduction_id, side="party")
    options = meetings.event_options(actor=request.user, introduction=intro)
    return [{"id": o.event.pk, "slug": o.event.slug, "title": o.event.title, "starts_at": o.event.starts_at}
            for o in options]


@router.post("/introductions/{introduction_id}/meeting", response={201: EventMeetingOut}, auth=django_auth,
             summary="Request a B2B meeting at an event (accepted introductions, either side)")
def request_event_meeting(request: HttpRequest, introduction_id: int, payload: EventMeetingIn):
    intro = access.introduction_for_user(request.user, introduction_id, side="party")
    event = next((o.event for o in meetings.event_options(actor=request.user, introduction=intro)
                  if o.event.pk == payload.event_id), None)
    if event is None and intro.status == intro.Status.ACCEPTED:
        raise DomainError("invalid", _("雙方未有在此活動確認報名，或活動沒有洽談時段。"), status=422,
                          fields={"event_id": [_("雙方未有在此活動確認報名，或活動沒有洽談時段。")]})
    req = meetings.introduction_request_event_meeting(
        actor=request.user, introduction=intro, event=event, priority=payload.priority, reason=payload.reason)
    return Status(201, {"id": req.pk, "event_id": req.event_id, "status": req.status, "priority": req.priority,
                        "deadline": req.deadline})
