"""competition API: /api/v1/competition/…  The public vote takes a verified phone as the
``X-Phone-Token`` header (the festival's phone verification: ``festival/phone`` or its API)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from shanglian.competition import access, selectors, services
from shanglian.core.api_errors import ErrorOut, error_body
from shanglian.core.http import client_ip
from shanglian.festival import claims

router = Router()


class CompetitionOut(Schema):
    id: int
    title: str
    status: str
    entry_deadline: datetime.datetime
    vote_opens: datetime.datetime
    vote_closes: datetime.datetime
    entries: int


class VoteOut(Schema):
    entry: int
    competition: int


@router.get("/competitions", response=list[CompetitionOut], summary="Competitions (not drafts)")
def list_competitions(request: HttpRequest):
    return [{"id": c.pk, "title": str(c.title), "status": c.status, "entry_deadline": c.entry_deadline,
             "vote_opens": c.vote_opens, "vote_closes": c.vote_closes,
             "entries": selectors.live_count(c)} for c in selectors.open_competitions()[:50]]


@router.post("/entries/{entry_id}/vote", response={201: VoteOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                                                     429: ErrorOut},
             summary="Public vote: one per verified phone (X-Phone-Token) per competition")
def vote(request: HttpRequest, entry_id: int):
    phone = claims.phone_from_token(request.headers.get("X-Phone-Token"))
    if not phone:
        return Status(401, error_body(401, "phone_unverified", _("請先驗證手機號碼。")))
    entry = access.entry_public(entry_id)
    services.vote_rate_check(ip=client_ip(request), phone=phone)
    services.vote_cast(competition=entry.competition, entry_id=entry.pk, phone=phone, ip=client_ip(request))
    return Status(201, {"entry": entry.pk, "competition": entry.competition_id})
