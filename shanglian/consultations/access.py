"""Who may see and change consultations: the secretariat runs them; current member enterprises in
the audience answer them. 404 for everything else."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shanglian.consultations.models import Consultation, Submission
from shanglian.core.errors import NotFound
from shanglian.directory import access as directory_access


def is_secretariat(user: Any) -> bool:
    return directory_access.is_secretariat(user)


def audience_enterprise_ids(user: Any, consultation: Consultation) -> list[int]:
    """The user's current member enterprises that the consultation asks (sorted)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if consultation.audience_all:
        return sorted(directory_access.current_member_enterprise_ids(user))
    ids: set[int] = set()
    for association_id in consultation.associations.values_list("pk", flat=True):
        ids |= directory_access.current_member_enterprise_ids(user, association_id=association_id)
    return sorted(ids)


def visible_consultations(user: Any) -> QuerySet[Consultation]:
    if is_secretariat(user):
        return Consultation.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    memberships = directory_access.current_memberships().filter(
        enterprise_id__in=directory_access.own_enterprise_ids(user))
    association_ids = list(memberships.values_list("association_id", flat=True))
    if not association_ids:
        return Consultation.objects.none()
    return (Consultation.objects.exclude(status=Consultation.Status.DRAFT)
            .filter(Q(audience_all=True) | Q(associations__in=association_ids)).distinct())


def consultation_for_user(user: Any, pk: int | None, *, write: bool = False) -> Consultation:
    qs = Consultation.objects.all() if write and is_secretariat(user) else (
        Consultation.objects.none() if write else visible_consultations(user))
    found = qs.filter(pk=pk).first() if pk else None
    if found is None:
        raise NotFound()
    return found


def submission_for_user(user: Any, pk: int | None) -> Submission:
    found = Submission.objects.select_related("consultation").filter(pk=pk).first() if (
        pk and is_secretariat(user)) else None
    if found is None:
        raise NotFound()
    return found
