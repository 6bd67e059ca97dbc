"""{{ text|rich }}: Markdown / pasted HTML rendered and sanitised (core.richtext)."""

from __future__ import annotations

from django import template

from shanglian.core.richtext import render_rich

register = template.Library()


@register.filter
def rich(value: object) -> str:
    return render_rich(str(value) if value else "")
