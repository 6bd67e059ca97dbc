"""Who sees and changes what in charity drives. Campaign pages are public once opened; pledges
are seen by whoever made them, the charity's recorders and the secretariat."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shanglian.charity.models import Campaign, Pledge
from shanglian.core.errors import NotFound
from shanglian.directory import access as directory_access
from shanglian.directory.models import Association, Enterprise


def is_secretariat(user: Any) -> bool:
    return directory_access.is_secretariat(user)


def public_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.exclude(status=Campaign.Status.DRAFT)


def campaign_public(pk: int | None) -> Campaign:
    found = public_campaigns().filter(pk=pk).first() if pk else None
    if found is None:
        raise NotFound()
    return found


def can_record(user: Any, campaign: Campaign) -> bool:
    if is_secretariat(user):
        return True
    return bool(getattr(user, "is_authenticated", False)) and campaign.recorders.filter(pk=user.pk).exists()


def campaign_for_recorder(user: Any, pk: int | None) -> Campaign:
    found = Campaign.objects.filter(pk=pk).first() if pk else None
    if found is None or not can_record(user, found):
        raise NotFound()
    return found


def pledge_for_user(user: Any, pk: int | None, *, record: bool = False) -> Pledge:
    found = Pledge.objects.select_related("campaign").filter(pk=pk).first() if pk else None
    if found is None:
        raise NotFound()
    if can_record(user, found.campaign):
        return found
    if not record and getattr(user, "is_authenticated", False) and found.user_id == user.pk:
        return found
    raise NotFound()


def pledge_sides(user: Any) -> dict[str, list]:
    """On whose behalf this user may pledge: associations they administer, their enterprises."""
    if not getattr(user, "is_authenticated", False):
        return {"associations": [], "enterprises": []}
    return {"associations": list(Association.objects.filter(pk__in=directory_access.managed_association_ids(user))
                                 .order_by("sort", "pk")) if not is_secretariat(user) else [],
            "enterprises": list(Enterprise.objects.filter(pk__in=directory_access.own_enterprise_ids(user)))}


def recorder_campaigns(user: Any) -> QuerySet[Campaign]:
    if is_secretariat(user):
        return Campaign.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Campaign.objects.none()
    return Campaign.objects.filter(recorders=user)
