"""One access helper per entity: every lookup from a request goes through these.

Rules: secretariat staff (is_staff) read and change everything. An association admin reads and
changes their own association and its members' records. An enterprise's own users change
their enterprise. Everyone may read public (active) records. Missing → 404, not allowed → 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from shanglian.directory.models import Association, AssociationRole, Enterprise, EnterpriseRole, Membership


def is_secretariat(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


def managed_association_ids(user: Any) -> set[int]:
    """Associations whose records ``user`` may manage (all of them for the secretariat)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_staff:
        return set(Association.objects.values_list("id", flat=True))
    cache = getattr(user, "_managed_association_ids", None)
    if cache is None:
        cache = set(AssociationRole.objects.filter(user=user).values_list("association_id", flat=True))
        user._managed_association_ids = cache
    return cache


def is_association_admin(user: Any) -> bool:
    return bool(managed_association_ids(user)) and not is_secretariat(user)


def own_enterprise_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(EnterpriseRole.objects.filter(user=user).values_list("enterprise_id", flat=True))


def can_see_contacts(user: Any) -> bool:
    """Contact details (phones, e-mails of people) are for logged-in members and staff only."""
    return bool(getattr(user, "is_authenticated", False))


def association_for_user(user: Any, slug_or_pk: str | int, *, write: bool = False) -> Association:
    lookup = {"pk": slug_or_pk} if isinstance(slug_or_pk, int) else {"slug": slug_or_pk}
    association = Association.objects.filter(**lookup).first()
    if association is None:
        raise Http404
    if write and association.pk not in managed_association_ids(user):
        raise PermissionDenied
    return association


def enterprises_managed_by(user: Any) -> QuerySet[Enterprise]:
    if is_secretariat(user):
        return Enterprise.objects.all()
    ids = managed_association_ids(user)
    own = own_enterprise_ids(user)
    return Enterprise.objects.filter(pk__in=Membership.objects.filter(association_id__in=ids)
                                     .values("enterprise_id")) | Enterprise.objects.filter(pk__in=own)


def can_manage_enterprise(user: Any, enterprise: Enterprise) -> bool:
    if is_secretariat(user):
        return True
    if enterprise.pk in own_enterprise_ids(user):
        return True
    ids = managed_association_ids(user)
    return bool(ids) and enterprise.memberships.filter(association_id__in=ids).exists()


def enterprise_for_user(user: Any, pk: int, *, write: bool = False) -> Enterprise:
    enterprise = Enterprise.objects.select_related("industry", "place").filter(pk=pk).first()
    if enterprise is None:
        raise Http404
    if write:
        if not can_manage_enterprise(user, enterprise):
            raise PermissionDenied
    elif not enterprise.is_active and not can_manage_enterprise(user, enterprise):
        raise Http404
    return enterprise


def membership_for_user(user: Any, pk: int, *, write: bool = False) -> Membership:
    membership = Membership.objects.select_related("association", "enterprise", "person").filter(pk=pk).first()
    if membership is None:
        raise Http404
    allowed = membership.association_id in managed_association_ids(user)
    if not allowed and (write or not can_see_contacts(user)):
        raise PermissionDenied
    return membership
