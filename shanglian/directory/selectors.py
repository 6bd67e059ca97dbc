"""Reads scoped to a viewer: the directory search used by pages, exports and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from shanglian.core.search import search_filter
from shanglian.directory.models import LIVE_STATUSES, Association, Enterprise, Membership, OfficeBearer, Term
from shanglian.directory.services import SEARCH_KIND


@dataclass
class DirectoryFilters:
    q: str = ""
    association: str = ""  # slug
    place: str = ""  # Place.code
    industry: str = ""  # Industry.code

    @classmethod
    def from_mapping(cls, data: Any) -> DirectoryFilters:
        return cls(**{k: (data.get(k) or "").strip()[:200] for k in ("q", "association", "place", "industry")})


def _sort_name(prefix: str) -> Coalesce:
    """Chinese name, or the English one when there is none (so English-only names don't sort first)."""
    return Coalesce(NullIf(f"{prefix}name_zh", Value("")), f"{prefix}name_en")


def live_memberships_prefetch() -> Prefetch:
    """Prefetch used by Enterprise.current_associations(): live memberships with their association."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(status__in=LIVE_STATUSES).select_related("association")
        .only("id", "enterprise_id", "association_id", "association__slug", "association__name_zh",
              "association__name_en").order_by("id"),
        to_attr="live_memberships",
    )


def enterprise_directory(
    filters: DirectoryFilters, *, base: QuerySet[Enterprise] | None = None
) -> QuerySet[Enterprise]:
    """Active enterprises matching the filters, best match first when there is a query."""
    qs = (base if base is not None else Enterprise.objects.filter(is_active=True))
    if filters.association:
        qs = qs.filter(memberships__association__slug=filters.association,
                       memberships__status__in=["active", "pending"])
    if filters.place:
        qs = qs.filter(Q(place__code=filters.place))
    if filters.industry:
        qs = qs.filter(Q(industry__code=filters.industry) | Q(industry__parent__code=filters.industry))
    qs = qs.select_related("industry", "place").prefetch_related(live_memberships_prefetch())
    if filters.q:
        return search_filter(qs, kind=SEARCH_KIND, query=filters.q).order_by("-search_rank", "id")
    return qs.annotate(sort_name=_sort_name("")).order_by("sort_name", "id")


def association_members(association: Association, *, include_inactive: bool = False) -> QuerySet[Membership]:
    qs = association.memberships.select_related("enterprise", "person", "enterprise__industry", "enterprise__place")
    if not include_inactive:
        qs = qs.filter(status__in=["active", "pending"])
    return qs.annotate(sort_name=_sort_name("enterprise__")).order_by("sort_name", "person__name_zh", "id")


def current_term(association: Association, *, today: datetime.date | None = None) -> Term | None:
    today = today or datetime.date.today()
    return (association.terms.filter(start_date__lte=today)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).order_by("-number").first()
            or association.terms.order_by("-number").first())


def term_office_bearers(term: Term) -> QuerySet[OfficeBearer]:
    return term.office_bearers.select_related("person", "person__enterprise").order_by("sort", "id")


def home_context(user: Any) -> dict[str, Any]:
    """What the platform's home page shows of the directory."""
    return {
        "associations": Association.objects.filter(kind=Association.Kind.MEMBER).order_by("sort"),
        "federation": Association.objects.filter(kind=Association.Kind.FEDERATION).first(),
        "enterprise_count": Enterprise.objects.filter(is_active=True).count(),
    }


def dashboard_context(user: Any) -> dict[str, Any]:
    """The viewer's associations to manage and own enterprises, for their dashboard."""
    from shanglian.directory.access import managed_associations, own_enterprises

    return {"managed": managed_associations(user), "own_enterprises": own_enterprises(user)}
