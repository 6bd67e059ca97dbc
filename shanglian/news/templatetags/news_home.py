from django import template

from shanglian.news import selectors

register = template.Library()


@register.simple_tag
def latest_news(limit: int = 3):
    return selectors.latest_articles(limit)
