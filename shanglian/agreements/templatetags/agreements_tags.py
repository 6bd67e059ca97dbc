from __future__ import annotations

from typing import Any

from django import template

from shanglian.agreements import selectors

register = template.Library()


@register.simple_tag
def achievements_teaser(limit: int = 3) -> list[Any]:
    return list(selectors.public_agreements()[:limit])


@register.simple_tag(takes_context=True)
def agreements_dashboard(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return selectors.dashboard_summary(user)
