"""The home page's events section: the next published events."""

from __future__ import annotations

from django import template
from django.utils import timezone

from shanglian.events.models import Event

register = template.Library()


@register.simple_tag
def upcoming_events(n: int = 3) -> list[Event]:
    return list(Event.objects.filter(is_published=True, ends_at__gte=timezone.now())
                .select_related("association").order_by("starts_at")[:n])
