"""One access helper per entity. Missing → 404; not allowed → 403.

Rules: everyone reads published opportunities; an enterprise's own users read and change its
opportunities in any status; the secretariat (is_staff) reads everything and reviews. A member
never sees another member's unpublished post, nor introductions it is not a side of.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from shanglian.directory.access import is_secretariat, own_enterprise_ids
from shanglian.matching.models import Introduction, Match, Opportunity


def can_manage_opportunity(user: Any, opportunity: Opportunity) -> bool:
    return is_secretariat(user) or opportunity.enterprise_id in own_enterprise_ids(user)


def can_see_matches(user: Any, opportunity: Opportunity) -> bool:
    """The ranked counterparts (scores, reasons) of a post are private to its owners and the
    secretariat: the page and the API both ask this."""
    return can_manage_opportunity(user, opportunity)


def opportunity_matches_for_user(user: Any, pk: int) -> Opportunity:
    """An opportunity whose match list ``user`` may read: 404 when they may not see the post at
    all, 403 when it is public but not theirs."""
    opportunity = opportunity_for_user(user, pk)
    if not can_see_matches(user, opportunity):
        raise PermissionDenied
    return opportunity


def opportunity_for_user(user: Any, pk: int, *, write: bool = False) -> Opportunity:
    opportunity = (Opportunity.objects.select_related("enterprise", "industry", "author")
                   .filter(pk=pk).first())
    if opportunity is None:
        raise Http404
    manages = can_manage_opportunity(user, opportunity)
    if write:
        if not manages:
            # An unpublished post of someone else stays invisible (404), a public one is 403.
            if not opportunity.is_public:
                raise Http404
            raise PermissionDenied
    elif not opportunity.is_public and not manages:
        raise Http404
    return opportunity


def opportunities_visible_to(user: Any) -> QuerySet[Opportunity]:
    if is_secretariat(user):
        return Opportunity.objects.all()
    return Opportunity.objects.filter(
        Q(status=Opportunity.Status.PUBLISHED) | Q(enterprise_id__in=own_enterprise_ids(user)))


def introductions_for_user(user: Any) -> QuerySet[Introduction]:
    if is_secretariat(user):
        return Introduction.objects.all()
    own = own_enterprise_ids(user)
    return Introduction.objects.filter(Q(requester_id__in=own) | Q(target_id__in=own))


def introduction_for_user(user: Any, pk: int, *, side: str = "any") -> Introduction:
    """``side``: "any" (read), "target" (accept/decline), "party" (meeting, outcome)."""
    intro = (Introduction.objects.select_related("requester", "target", "opportunity", "counterpart")
             .filter(pk=pk).first())
    if intro is None:
        raise Http404
    own = own_enterprise_ids(user)
    is_party = intro.requester_id in own or intro.target_id in own
    if not is_party and not (side == "any" and is_secretariat(user)):
        if not is_secretariat(user):
            raise Http404
        raise PermissionDenied
    if side == "target" and intro.target_id not in own:
        raise PermissionDenied
    return intro


def match_for_user(user: Any, pk: int) -> Match:
    """A match is acted on from its opportunity's side: its owners (or the secretariat)."""
    match = Match.objects.select_related("opportunity", "counterpart", "counterpart_enterprise").filter(pk=pk).first()
    if match is None:
        raise Http404
    if not can_manage_opportunity(user, match.opportunity):
        raise Http404 if not match.opportunity.is_public else PermissionDenied
    return match


def require_secretariat(user: Any) -> None:
    if not is_secretariat(user):
        raise PermissionDenied
