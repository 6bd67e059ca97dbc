"""charity API: /api/v1/charity/…  Campaigns are public; pledges need a session login."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from shanglian.charity import access, selectors, services
from shanglian.core.api_errors import ErrorOut

router = Router()


class CampaignOut(Schema):
    id: int
    title: str
    beneficiary_name: str
    beneficiary_s88: str
    permit_number: str
    goal: Decimal
    deadline: datetime.datetime
    status: str
    pledged: Decimal
    received: Decimal


class PledgeIn(Schema):
    kind: str = "individual"
    amount: str = ""
    in_kind: str = ""
    donor_name: str = ""
    association_id: int | None = None
    enterprise_id: int | None = None
    leaderboard_consent: bool = False


class PledgeOut(Schema):
    id: int
    campaign: int
    kind: str
    donor_name: str
    amount: Decimal | None
    in_kind: str
    status: str


@router.get("/campaigns", response=list[CampaignOut], summary="Charity drives (opened ones)")
def list_campaigns(request: HttpRequest):
    out = []
    for c in access.public_campaigns()[:100]:
        t = selectors.totals(c)
        out.append({"id": c.pk, "title": str(c.title), "beneficiary_name": c.beneficiary_name,
                    "beneficiary_s88": c.beneficiary_s88, "permit_number": c.permit_number, "goal": c.goal,
                    "deadline": c.deadline, "status": c.status, "pledged": t["pledged"], "received": t["received"]})
    return out


@router.post("/campaigns/{campaign_id}/pledges", auth=django_auth,
             response={201: PledgeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             summary="Pledge money or goods (amounts in HK$, two decimals at most)")
def pledge(request: HttpRequest, campaign_id: int, payload: PledgeIn):
    campaign = access.campaign_public(campaign_id)
    p = services.pledge_create(actor=request.user, campaign=campaign, **payload.dict())
    return 201, {"id": p.pk, "campaign": campaign.pk, "kind": p.kind, "donor_name": p.donor_name,
                 "amount": p.amount, "in_kind": p.in_kind, "status": p.status}
