from django import template

from shanglian.core.validation import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """+85221234567 → +852 2123 4567 (stored E.164, shown grouped)."""
    return format_phone(value or "")
