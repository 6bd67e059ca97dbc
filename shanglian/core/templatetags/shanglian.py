from django import template

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
