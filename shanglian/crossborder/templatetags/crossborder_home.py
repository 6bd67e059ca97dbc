from django import template

register = template.Library()


@register.simple_tag
def crossborder_products(limit: int = 4):
    from shanglian.crossborder.selectors import home_products

    return home_products(limit)


@register.filter
def hkd(value):
    """A CNY amount shown in HKD (the rate in settings)."""
    from shanglian.crossborder.rules import money
    from shanglian.crossborder.services import hkd_rate

    try:
        return money(value * hkd_rate())
    except TypeError:
        return ""
