from django import template

from shanglian.core.validation import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """+85221234567 → +852 2123 4567 (stored E.164, shown grouped)."""
    return format_phone(value or "")


@register.inclusion_tag("core/_search_note.html")
def search_note(query: str | None) -> dict:
    """A note above search results when the query was cut (core.search reads MAX_QUERY_CHARS)."""
    from shanglian.core.search import search_query_info

    info = search_query_info(query)
    return {"truncated": info.truncated, "max_chars": info.max_chars}
