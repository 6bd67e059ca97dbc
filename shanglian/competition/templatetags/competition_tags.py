from django import template

from shanglian.competition.certificates import place_label as _place_label

register = template.Library()


@register.filter
def place_label(place: int) -> str:
    return _place_label(place)
