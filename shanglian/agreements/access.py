"""One access helper per entity, used by views and API alike.

- the secretariat (is_staff) sees and manages everything;
- an association's admins manage the agreements and projects their association is responsible
  for, and see those their association is party to or pledged to;
- a member enterprise's users see the published agreements and those their enterprise is party to;
- everyone sees the published ones (the 合作成果 page).
Missing or not visible → 404; visible but not manageable → 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from shanglian.agreements.models import Agreement, Organisation, Pledge, Project
from shanglian.directory.models import Association, AssociationRole, EnterpriseRole


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_secretariat(user: Any) -> bool:
    return _authenticated(user) and bool(user.is_staff)


def admin_association_ids(user: Any) -> list[int]:
    if not _authenticated(user):
        return []
    return list(AssociationRole.objects.filter(user=user).values_list("association_id", flat=True))


def enterprise_ids(user: Any) -> list[int]:
    if not _authenticated(user):
        return []
    return list(EnterpriseRole.objects.filter(user=user).values_list("enterprise_id", flat=True))


def can_manage_any(user: Any) -> bool:
    return is_secretariat(user) or bool(admin_association_ids(user))


def managed_associations(user: Any) -> QuerySet[Association]:
    if is_secretariat(user):
        return Association.objects.all()
    return Association.objects.filter(pk__in=admin_association_ids(user))


def visible_agreements(user: Any) -> QuerySet[Agreement]:
    if is_secretariat(user):
        return Agreement.objects.all()
    if not _authenticated(user):
        return Agreement.objects.filter(is_public=True)
    assocs, ents = admin_association_ids(user), enterprise_ids(user)
    party = Q(parties__association_id__in=assocs) | Q(parties__enterprise_id__in=ents)
    ids = Agreement.objects.filter(Q(association_id__in=assocs) | party).values("pk")
    return Agreement.objects.filter(Q(is_public=True) | Q(pk__in=ids))


def managed_agreements(user: Any) -> QuerySet[Agreement]:
    if is_secretariat(user):
        return Agreement.objects.all()
    return Agreement.objects.filter(association_id__in=admin_association_ids(user))


def can_manage_agreement(user: Any, agreement: Agreement) -> bool:
    return is_secretariat(user) or agreement.association_id in admin_association_ids(user)


def agreement_for_user(user: Any, pk: int | None, *, write: bool = False) -> Agreement:
    agreement = visible_agreements(user).select_related("association").filter(pk=pk).first() if pk else None
    if agreement is None:
        raise Http404
    if write and not can_manage_agreement(user, agreement):
        raise PermissionDenied
    return agreement


def is_party(user: Any, agreement: Agreement) -> bool:
    assocs, ents = admin_association_ids(user), enterprise_ids(user)
    return agreement.parties.filter(Q(association_id__in=assocs) | Q(enterprise_id__in=ents)).exists()


def can_see_files(user: Any, agreement: Agreement) -> bool:
    """The signed PDFs: the agreement's managers and the parties' own users, not every reader."""
    return can_manage_agreement(user, agreement) or is_party(user, agreement)


def public_agreement(pk: int | None) -> Agreement:
    agreement = Agreement.objects.filter(pk=pk, is_public=True).select_related("association").first() if pk else None
    if agreement is None:
        raise Http404
    return agreement


def can_manage_organisations(user: Any) -> bool:
    return can_manage_any(user)


def organisation_for_user(user: Any, pk: int | None, *, write: bool = False) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first() if pk else None
    if organisation is None:
        raise Http404
    if write and not is_secretariat(user):
        raise PermissionDenied
    return organisation


def visible_projects(user: Any) -> QuerySet[Project]:
    if is_secretariat(user):
        return Project.objects.all()
    if not _authenticated(user):
        return Project.objects.none()
    assocs, ents = admin_association_ids(user), enterprise_ids(user)
    pledged = Pledge.objects.filter(Q(association_id__in=assocs) | Q(enterprise_id__in=ents)).values("project_id")
    return Project.objects.filter(Q(association_id__in=assocs) | Q(pk__in=pledged))


def can_manage_project(user: Any, project: Project) -> bool:
    return is_secretariat(user) or project.association_id in admin_association_ids(user)


def project_for_user(user: Any, pk: int | None, *, write: bool = False) -> Project:
    project = visible_projects(user).select_related("association").filter(pk=pk).first() if pk else None
    if project is None:
        raise Http404
    if write and not can_manage_project(user, project):
        raise PermissionDenied
    return project


def pledge_for_user(user: Any, pk: int | None, *, write: bool = False) -> Pledge:
    """The project's managers, and the pledger's own admins / users (for the letter)."""
    pledge = Pledge.objects.select_related("project", "association", "enterprise").filter(pk=pk).first() if pk else None
    if pledge is None:
        raise Http404
    if can_manage_project(user, pledge.project):
        return pledge
    own = (pledge.association_id in admin_association_ids(user)) or (pledge.enterprise_id in enterprise_ids(user))
    if not own:
        raise Http404
    if write:
        raise PermissionDenied
    return pledge
