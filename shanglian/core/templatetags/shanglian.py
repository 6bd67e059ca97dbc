from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from shanglian.core import formatting, reading
from shanglian.core.covers import cover_svg, emblem_svg
from shanglian.core.reading import for_reader
from shanglian.core.validation import format_phone

register = template.Library()


@register.filter
def masked_phone(value: str) -> str:
    """+85291235678 → +852 ****5678: a phone shown to someone who is not its owner."""
    from shanglian.core.privacy import mask_phone

    return mask_phone(value)


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


@register.filter
def join_list(items) -> str:
    """{{ names|join_list }}: 甲、乙 in Chinese, "A, B" in English (escaped by the template)."""
    return formatting.join_list(items)


@register.filter
def paren(value) -> str:
    """{{ person.title|paren }}: （經理） in Chinese, " (Manager)" in English; empty stays empty."""
    return formatting.paren(value)


@register.simple_tag
def list_sep() -> str:
    """Between items written out in a loop: {% if not forloop.last %}{% list_sep %}{% endif %}."""
    return formatting.list_separator()


@register.simple_tag
def colon() -> str:
    """<strong>{% translate "狀態" %}</strong>{% colon %}…: "：" or ": "."""
    return formatting.colon()


@register.filter
def with_place(name, place) -> str:
    """{{ shop.name|with_place:shop.district.name }} — the district once, in the reader's punctuation."""
    return formatting.with_place(name, place)


@register.filter
def money(amount, currency: str = "HKD") -> str:
    """{{ event.fee|money }} → HK$6,800."""
    return formatting.money(amount, currency)


@register.filter
def tz_label(name) -> str:
    """{{ tz|tz_label }} → 香港時間（HKT） / Hong Kong time (HKT)."""
    return formatting.tz_label(name)
@register.inclusion_tag("core/_privacy_notice.html", takes_context=True)
def privacy_notice(context, purpose: str, cross_border: bool = True, errors=None):
    """The collection notice and consent boxes for a form that collects a phone or an ID number
    (see core.privacy). ``errors`` is the dict from ``consent_errors``."""
    from django.conf import settings

    from shanglian.core.privacy import CONSENT_FIELD, CROSS_BORDER_FIELD, NOTICE_VERSION

    request = context.get("request")
    posted = request.POST if request is not None and request.method == "POST" else {}
    return {"purpose": purpose, "cross_border": cross_border, "errors": errors or {},
            "version": NOTICE_VERSION, "consent_field": CONSENT_FIELD, "cross_border_field": CROSS_BORDER_FIELD,
            "consent_checked": bool(posted.get(CONSENT_FIELD)),
            "cross_border_checked": bool(posted.get(CROSS_BORDER_FIELD)),
            "verification_days": settings.PHONE_VERIFICATION_RETENTION_DAYS,
            "coupon_days": settings.COUPON_PHONE_RETENTION_DAYS}
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
@register.inclusion_tag("core/_search_note.html")
def search_note(query: str | None) -> dict:
    """A note above search results when the query was cut (core.search reads MAX_QUERY_CHARS)."""
    from shanglian.core.search import search_query_info

    info = search_query_info(query)
    return {"truncated": info.truncated, "max_chars": info.max_chars}
