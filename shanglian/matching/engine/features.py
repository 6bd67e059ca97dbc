"""Structured features: industry, category, offer↔need complementarity, markets, freshness."""

from __future__ import annotations

import datetime
import math

import numpy as np

# Broad regions each kind of core Place belongs to (Place has cities/districts, not regions).
PLACE_REGIONS: dict[str, tuple[str, ...]] = {
    "hk_district": ("hk", "gba"),
    "macao": ("macao", "gba"),
    "gba_city": ("gba", "mainland"),
    "mainland": ("mainland",),
    "overseas": ("overseas",),
}

# How well a counterpart's subtype answers ours (symmetric; unknown pairs get DEFAULT_COMPLEMENT).
_PAIRS: dict[tuple[str, str], float] = {
    ("product", "sourcing"): 1.0,
    ("capacity", "sourcing"): 0.9,
    ("product", "distributor"): 0.8,
    ("agency", "distributor"): 0.7,
    ("distribution", "distributor"): 1.0,
    ("distribution", "market_entry"): 0.9,
    ("agency", "partner"): 0.8,
    ("service", "market_entry"): 0.9,
    ("service", "partner"): 0.7,
    ("service", "sourcing"): 0.7,
    ("investment_available", "investment_wanted"): 1.0,
    ("capacity", "site"): 0.4,
    ("capacity", "partner"): 0.6,
    ("product", "partner"): 0.5,
    ("distribution", "partner"): 0.6,
    ("investment_available", "partner"): 0.5,
    ("service", "site"): 0.5,
    # Same-kind pairs that still complement each other (a brand seeking agents ↔ a distributor).
    ("agency", "distribution"): 0.8,
}
COMPLEMENT = {**_PAIRS, **{(b, a): v for (a, b), v in _PAIRS.items()}}
DEFAULT_COMPLEMENT = 0.2


REGIONS = ("hk", "macao", "gba", "mainland", "overseas")
SUBTYPES = ("", "product", "service", "capacity", "investment_available", "agency", "distribution",
            "sourcing", "partner", "distributor", "investment_wanted", "market_entry", "site")
SUBTYPE_INDEX = {name: i for i, name in enumerate(SUBTYPES)}


def _matrix() -> np.ndarray:
    m = np.full((len(SUBTYPES), len(SUBTYPES)), DEFAULT_COMPLEMENT, dtype=np.float64)
    for (a, b), v in COMPLEMENT.items():
        m[SUBTYPE_INDEX[a], SUBTYPE_INDEX[b]] = v
    return m


COMPLEMENT_MATRIX = _matrix()


def region_mask(regions: frozenset[str]) -> int:
    return sum(1 << i for i, r in enumerate(REGIONS) if r in regions)


def complement(a: str, b: str) -> float:
    return COMPLEMENT.get((a, b), DEFAULT_COMPLEMENT)


def industry(a: int | None, a_parent: int | None, b: int | None, b_parent: int | None) -> float:
    if a is None or b is None:
        return 0.0
    if a == b:
        return 1.0
    roots_a = {a, a_parent} - {None}
    roots_b = {b, b_parent} - {None}
    return 0.5 if roots_a & roots_b else 0.0


def market_keys(places: dict[str, str], regions: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(place codes, region codes) of a post; ``places`` maps code → Place.kind."""
    region_set = set(regions)
    for kind in places.values():
        region_set.update(PLACE_REGIONS.get(kind, ()))
    return frozenset(places), frozenset(region_set)


def market(a: tuple[frozenset[str], frozenset[str]], b: tuple[frozenset[str], frozenset[str]]
           ) -> tuple[float, list[str], list[str]]:
    """(score, common places, common regions). Unknown markets on either side are neutral (0.3)."""
    if not (a[0] or a[1]) or not (b[0] or b[1]):
        return 0.3, [], []
    places = sorted(a[0] & b[0])
    if places:
        return 1.0, places, []
    regions = sorted(a[1] & b[1])
    if regions:
        return 0.6, [], regions
    return 0.0, [], []


def category_overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def freshness(published: datetime.date | None, today: datetime.date) -> float:
    if published is None:
        return 0.5
    days = max(0, (today - published).days)
    return math.exp(-days / 90)
