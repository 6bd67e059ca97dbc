"""Template tags for the hook templates (dashboard card, home section) and the dashboard page."""

from __future__ import annotations

from typing import Any

from django import template

from shanglian.directory.access import own_enterprise_ids
from shanglian.matching import selectors
from shanglian.matching.models import Opportunity

register = template.Library()


@register.simple_tag
def matching_dashboard(user: Any) -> dict:
    if not getattr(user, "is_authenticated", False):
        return {"show": False}
    member = bool(own_enterprise_ids(user))
    return {
        "show": member or user.is_staff, "member": member,
        "recommended": selectors.recommended_for(user) if member else [],
        "unread": selectors.unread_notices(user).count(),
        "pending": Opportunity.objects.filter(status="pending").count() if user.is_staff else 0,
    }


@register.simple_tag
def matching_latest(n: int = 4) -> list[Opportunity]:
    return list(selectors.public_opportunities().order_by("-published_at", "-id")[:n])


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    return mapping.get(key, []) if hasattr(mapping, "get") else []
