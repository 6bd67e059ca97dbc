from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from shanglian.core import reading
from shanglian.core.covers import cover_svg, emblem_svg
from shanglian.core.reading import for_reader
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


# ---- read in your own script (core.reading) ----------------------------------------------------
@register.filter
def reader(value: Any) -> Any:
    """User content in the reader's script: ``{{ enterprise.description|reader }}``."""
    return for_reader(value)


@register.filter
def highlight(value: Any, query: str | None) -> str:
    """Escaped text with the query's terms marked, across scripts: ``{{ e.name|highlight:q }}``."""
    return reading.highlight(value, query)


@register.simple_tag
def original(value: Any) -> str:
    """A small "原文 / original" toggle with the text as written, when the reader sees it converted.

    ``{% original enterprise.name %}`` after the converted value; nothing when nothing changed."""
    shown = for_reader(value)
    if not isinstance(shown, reading.ReaderText) or not shown.converted:
        return ""
    return format_html('<details class="original"><summary>{}</summary><span lang="{}">{}</span></details>',
                       _("原文"), reading.lang_of(shown.original), shown.original)


@register.simple_tag(takes_context=True)
def marked(context, value: Any) -> str:
    """``{% marked e.name %}``: like ``|highlight`` with the page's search query (``filters.q`` or
    ``q`` in the context), so a card included from a page without a search needs nothing."""
    query = None
    filters = context.get("filters")
    if filters is not None:
        query = filters.get("q") if isinstance(filters, dict) else getattr(filters, "q", None)
    if query is None:
        query = context.get("q")
    return reading.highlight(value, query if isinstance(query, str) else None)
