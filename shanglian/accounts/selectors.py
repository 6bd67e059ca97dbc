"""Reads for the accounts pages, scoped to the viewer (the views hold no ORM queries)."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet

from shanglian.accounts import access
from shanglian.accounts.models import Invitation, MembershipApplication
from shanglian.directory.access import managed_association_ids, own_enterprise_ids
from shanglian.directory.models import Association, Enterprise


def own_enterprises(user: Any) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(pk__in=own_enterprise_ids(user))


def member_association(slug: str) -> Association | None:
    """The member association a link like ``?association=<slug>`` names, if any (odd values: None)."""
    if not re.fullmatch(r"[-\w]{1,60}", slug or "", flags=re.ASCII):
        return None
    return Association.objects.filter(slug=slug, kind=Association.Kind.MEMBER).first()


def applications_of(user: Any) -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.filter(applicant=user).select_related("association", "enterprise")


def application_queue(association: Association, *, pending_only: bool) -> list[MembershipApplication]:
    applications = association.applications.select_related("enterprise", "applicant", "reviewed_by")
    if pending_only:
        applications = applications.filter(status=MembershipApplication.Status.PENDING)
    return list(applications[:200])


def reviewing_associations(user: Any) -> QuerySet[Association]:
    if user.is_staff:
        return Association.objects.none()
    return Association.objects.filter(pk__in=managed_association_ids(user),
                                      kind=Association.Kind.MEMBER).order_by("sort")


def may_see_invitations(user: Any) -> bool:
    return bool(user.is_staff or access.admin_association_ids(user) or access.invitations_visible_to(user).exists())


def pending_invitations(enterprise: Enterprise) -> QuerySet[Invitation]:
    return Invitation.objects.filter(enterprise=enterprise, status=Invitation.Status.PENDING)


def invitations_for(user: Any) -> tuple[list[Invitation], list[Invitation]]:
    """(pending, recently done) invitations the viewer may manage."""
    invitations = list(access.invitations_visible_to(user)
                       .select_related("enterprise", "registration__event", "created_by").order_by("-created_at")[:200])
    pending = [i for i in invitations if i.status == Invitation.Status.PENDING]
    done = [i for i in invitations if i.status != Invitation.Status.PENDING][:50]
    return pending, done
