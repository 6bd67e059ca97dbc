"""Read API for the directory: /api/v1/directory/…  Public fields only without login."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from shanglian.core.reading import shown
from shanglian.core.selectors import paginate
from shanglian.core.validation import format_phone
from shanglian.directory import access, selectors
from shanglian.directory.models import Enterprise

router = Router()
MAX_PAGE_SIZE = 100


READER_NAME = Field(description="the name to show: English for English readers where one exists, else the Chinese "
                                "name in the reader's script (繁 s2hk / 简 hk2s, from Accept-Language)")


class AssociationOut(Schema):
    id: int
    slug: str
    name: str = READER_NAME
    name_zh: str
    name_en: str


class EnterpriseOut(Schema):
    id: int
    name: str = READER_NAME
    name_zh: str
    name_en: str
    associations: list[AssociationOut]
    industry: str | None = None
    district: str | None = None
    description: str = ""
    website: str = ""


class EnterpriseDetailOut(EnterpriseOut):
    # Contact fields: null unless the caller may see them (secretariat, the enterprise's association
    # admins while it is a current member, its own users).
    phone: str | None = None
    email: str | None = None
    address: str | None = None


class EnterprisePage(Schema):
    count: int
    count_capped: bool = False  # count stopped at the search's cap (core.search.COUNT_CAP): "more than"
    page: int
    page_size: int
    items: list[EnterpriseOut]


def _out(e: Enterprise, *, contacts: bool = False) -> dict:
    data = {
        "id": e.pk, "name": shown(e.name), "name_zh": e.name_zh, "name_en": e.name_en,
        "associations": [{"id": a.pk, "slug": a.slug, "name": shown(a.name), "name_zh": a.name_zh, "name_en": a.name_en}
                         for a in e.current_associations()],
        "industry": e.industry.code if e.industry else None,
        "district": e.place.code if e.place else None,
        "description": e.description, "website": e.website,
    }
    if contacts:
        data.update(phone=format_phone(e.phone), email=e.email, address=e.address)
    return data


@router.get("/enterprises", response=EnterprisePage, summary="Search the member directory")
def list_enterprises(request: HttpRequest, q: str = "", association: str = "", district: str = "",
                     industry: str = "", page: int = 1, page_size: int = 20):
    filters = selectors.DirectoryFilters(q=q[:200], association=association, place=district, industry=industry)
    rows = paginate(selectors.enterprise_directory(filters), page, page_size, max_size=MAX_PAGE_SIZE)
    return {"count": rows.count, "count_capped": rows.count_capped, "page": rows.page, "page_size": rows.page_size,
            "items": [_out(e) for e in rows.items]}


@router.get("/enterprises/{enterprise_id}", response=EnterpriseDetailOut, summary="One enterprise")
def get_enterprise(request: HttpRequest, enterprise_id: int):
    enterprise = access.enterprise_for_user(request.user, enterprise_id)
    return _out(enterprise, contacts=access.can_see_enterprise_contacts(request.user, enterprise))
