from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from shanglian.core.covers import cover_svg, emblem_svg
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
