"""The home page's festival section: featured offers of the current edition."""

from __future__ import annotations

from django import template

from shanglian.festival.selectors import OfferFilters, offer_search

register = template.Library()


@register.simple_tag
def featured_offers(n: int = 4) -> list:
    return list(offer_search(OfferFilters())[:n])
