from typing import Any

from django import template

from shanglian.customs import selectors

register = template.Library()


@register.simple_tag
def customs_is_agent(user: Any) -> bool:
    """Whether the agent inbox link leads somewhere for this user."""
    return bool(getattr(user, "is_staff", False) or selectors.agent_ids(user))
