from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from shanglian.core.covers import cover_svg, emblem_svg
from shanglian.core.validation import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """+85221234567 → +852 2123 4567 (stored E.164, shown grouped)."""
    return format_phone(value or "")


@register.simple_tag
def cover(seed, code: str = "", label: str = "", sublabel: str = "", ratio: str = "4:3") -> str:
    """Generated cover art (core.covers) for a record without a photo."""
    return mark_safe(cover_svg(seed=str(seed), code=str(code or ""), label=str(label or ""),  # noqa: S308
                               sublabel=str(sublabel or ""), ratio=ratio))


@register.simple_tag
def emblem(association, size: int = 56) -> str:
    """An association's logo, or its generated emblem in its own colour."""
    logo = getattr(association, "logo", None)
    if logo:
        return format_html('<img class="emblem" src="{}" alt="" width="{}" height="{}">', logo.url, size, size)
    return mark_safe(emblem_svg(text=association.emblem_text, colour=association.brand_colour,  # noqa: S308
                                size=size))
