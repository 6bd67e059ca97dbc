"""Reads for the account pages (applications, invitations), scoped to the viewer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shanglian.accounts.models import Invitation, MembershipApplication
from shanglian.directory.access import managed_association_ids, own_enterprises
from shanglian.directory.models import Association, Enterprise


def applying_enterprises(user: Any) -> QuerySet[Enterprise]:
    return own_enterprises(user)


def member_association(slug: str) -> Association | None:
    return Association.objects.filter(slug=slug, kind=Association.Kind.MEMBER).first()


def my_applications(user: Any) -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.filter(applicant=user).select_related("association", "enterprise")


def association_applications(association: Association, *, pending_only: bool) -> QuerySet[MembershipApplication]:
    qs = association.applications.select_related("enterprise", "applicant", "reviewed_by")
    if pending_only:
        qs = qs.filter(status=MembershipApplication.Status.PENDING)
    return qs[:200]


def reviewing_associations(user: Any) -> QuerySet[Association]:
    if getattr(user, "is_staff", False):
        return Association.objects.none()
    return (Association.objects.filter(pk__in=managed_association_ids(user), kind=Association.Kind.MEMBER)
            .order_by("sort"))


def pending_invitations(enterprise: Enterprise) -> QuerySet[Invitation]:
    return Invitation.objects.filter(enterprise=enterprise, status=Invitation.Status.PENDING)


def invitation_page(user: Any) -> list[Invitation]:
    from shanglian.accounts.access import invitations_visible_to

    return list(invitations_visible_to(user).select_related("enterprise", "registration__event", "created_by")
                .order_by("-created_at")[:200])


def sees_invitations(user: Any) -> bool:
    from shanglian.accounts.access import invitations_visible_to

    return invitations_visible_to(user).exists()
