"""Reads of the shared reference data (places, industries) for the apps' filters and forms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from shanglian.core.models import Industry, Place
from shanglian.core.params import page_window


def places(*, kinds: Iterable[str] | None = None, exclude_kinds: Iterable[str] | None = None) -> QuerySet[Place]:
    qs = Place.objects.all()
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    if exclude_kinds is not None:
        qs = qs.exclude(kind__in=list(exclude_kinds))
    return qs


def top_industries() -> QuerySet[Industry]:
    return Industry.objects.filter(parent__isnull=True)


def industry_by_code(code: str) -> Industry | None:
    return Industry.objects.filter(code=code[:40]).first() if code else None


def places_by_code(codes: Iterable[str]) -> list[Place]:
    return list(Place.objects.filter(code__in=[c[:40] for c in codes]))


@dataclass(frozen=True)
class Page:
    """One page of a query: the total ``count`` and this page's ``items`` (already fetched)."""

    count: int
    page: int
    page_size: int
    items: list[Any]
    count_capped: bool = False  # a search count that stopped at core.search.COUNT_CAP


def paginate(qs: QuerySet[Any] | Sequence[Any], page: Any, page_size: Any, *, max_size: int = 100,
             default_size: int = 20) -> Page:
    """The API's pagination in one place: page and size clamped (``core.params.page_window``, never
    raising for junk or numbers past 64-bit), the rows of that page fetched and the total counted."""
    page, size = page_window(page, page_size, max_size=max_size, default_size=default_size)
    start = (page - 1) * size
    items = list(qs[start:start + size])
    count = qs.count() if isinstance(qs, QuerySet) else len(qs)
    capped = bool(getattr(qs, "count_capped", False))  # set by a search_filter result's count()
    return Page(count=count, page=page, page_size=size, items=items, count_capped=capped)
