"""agreements API: /api/v1/agreements/…

- ``GET /api/v1/agreements/?kind=&page=&page_size=`` → {count, items}: the agreements the
  federation chose to publish (合作成果), with their parties and outcomes. Public, read-only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from shanglian.agreements import selectors
from shanglian.core.selectors import paginate

router = Router()


class PartyOut(Schema):
    name: str
    kind: str
    signatory: str
    signatory_title: str


class AgreementOut(Schema):
    id: int
    reference: str
    kind: str
    title_zh_hant: str
    title_zh_hans: str
    title_en: str
    association: str
    status: str
    signed_on: datetime.date | None = None
    effective_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    languages: list[str]
    prevailing_language: str
    parties: list[PartyOut]
    news_url: str


class AgreementPage(Schema):
    count: int
    items: list[AgreementOut]
    total_investment: Decimal
    total_jobs: int


@router.get("/", response=AgreementPage, summary="Published agreements (合作成果)", auth=None)
def list_agreements(request: HttpRequest, kind: str = "", page: int = 1, page_size: int = 20) -> dict:
    rows = paginate(selectors.public_agreements(kind=kind[:40]), page, page_size)
    figures = selectors.public_figures()
    items = [
        {
            "id": a.pk,
            "reference": a.reference,
            "kind": a.kind,
            "title_zh_hant": a.title_zh_hant,
            "title_zh_hans": a.title_zh_hans,
            "title_en": a.title_en,
            "association": a.association.name_zh,
            "status": a.status,
            "signed_on": a.signed_on,
            "effective_on": a.effective_on,
            "expires_on": a.expires_on,
            "languages": a.language_list(),
            "prevailing_language": a.prevailing_language,
            "news_url": a.news_url,
            "parties": [
                {
                    "name": str(p.target),
                    "kind": (
                        "association" if p.association_id else "enterprise" if p.enterprise_id else "organisation"
                    ),
                    "signatory": p.signatory_name,
                    "signatory_title": p.signatory_title,
                }
                for p in selectors.agreement_parties(a)
            ],
        }
        for a in rows.items
    ]
    return {"count": rows.count, "items": items, "total_investment": figures["amount"], "total_jobs": figures["jobs"]}
