"""Rich text written by editors: Markdown (raw HTML allowed) rendered, then sanitised with nh3.

One function for news articles and mailings: ``render_rich(text)`` returns safe HTML. Whatever
the editor typed or pasted, <script>, event handlers (onerror=…), style attributes, javascript:
URLs and iframes are removed (nh3 = the Ammonia sanitiser); links get rel="noopener noreferrer".
The policy's CSP forbids inline styles and scripts anyway; sanitising keeps stored HTML honest in
feeds and e-mails too, where no CSP applies.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "blockquote", "code", "pre",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption",
    "span", "sub", "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
                      "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False, "breaks": True}).enable("table")


def sanitise_html(html: str) -> str:
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)


def render_rich(text: str | None) -> SafeString:
    """Markdown (with any inline HTML) → sanitised HTML, safe to put in a page, feed or e-mail."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty
    return mark_safe(sanitise_html(_markdown().render(text)))  # noqa: S308 - sanitised by nh3 above


def plain_text(text: str | None) -> str:
    """The text without markup (for e-mail text parts, summaries and search)."""
    cleaned = nh3.clean(_markdown().render(text or ""), tags=set(), strip_comments=True)
    import html

    return "\n".join(line.strip() for line in html.unescape(cleaned).splitlines() if line.strip())
