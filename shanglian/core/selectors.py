"""Reads of the shared reference data (places, industries) for the apps' filters and forms."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from shanglian.core.models import Industry, Place


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
