"""One access helper per entity: every lookup from a request goes through these.

Rules (the ONE place every app asks about the directory):
- Secretariat staff (``is_staff``) read and change everything.
- An association admin reads and changes their own association's records, and the enterprises
  that are *current* members of it. A membership is current when its status is live (pending,
  active; or renewed while its own period still runs) and its end date is not past — the daily
  ``memberships_daily`` job may not have flipped the status yet, so the dates are read too
  (``current_memberships``). An enterprise whose membership expired, or that is now only in
  another association, is no longer the admin's.
- An enterprise's own users (``EnterpriseRole``) change their enterprise.
- Contact details (the enterprise's phone, e-mail and address, its people) and the Excel export
  are for the same three: never for any other logged-in account.
- Everyone may read public (active) records. Missing → 404, not allowed → 403.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from shanglian.core.params import id_param
from shanglian.directory.models import (
    Association,
    AssociationRole,
    Enterprise,
    EnterpriseRole,
    ImportBatch,
    Membership,
    Person,
    Term,
)

CURRENT_STATUSES = (Membership.Status.PENDING, Membership.Status.ACTIVE, Membership.Status.RENEWED)


def _today(today: datetime.date | None = None) -> datetime.date:
    return today or timezone.localdate()


def current_membership_q(*, prefix: str = "", today: datetime.date | None = None) -> Q:
    """The rule for "a membership that counts today", as a Q on Membership (``prefix`` for joins)."""
    day = _today(today)
    return (Q(**{f"{prefix}status__in": CURRENT_STATUSES})
            & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day}))
            # a renewed period counts only while it runs (its successor starts after it)
            & ~Q(**{f"{prefix}status": Membership.Status.RENEWED, f"{prefix}start_date__gt": day}))


def current_memberships(*, today: datetime.date | None = None) -> QuerySet[Membership]:
    return Membership.objects.filter(current_membership_q(today=today))


def membership_is_current(membership: Membership, *, today: datetime.date | None = None) -> bool:
    day = _today(today)
    if membership.status not in CURRENT_STATUSES:
        return False
    if membership.end_date is not None and membership.end_date < day:
        return False
    return not (membership.status == Membership.Status.RENEWED and membership.start_date > day)


def membership_last_end(enterprise_id: int) -> datetime.date | None:
    """The latest end date of ``enterprise_id``'s memberships (what other apps show a lapsed member)."""
    return (Membership.objects.filter(enterprise_id=enterprise_id, end_date__isnull=False)
            .order_by("-end_date").values_list("end_date", flat=True).first())


def current_member_roles() -> QuerySet[EnterpriseRole]:
    """The users' roles in enterprises that are current members today (demo data of other apps)."""
    return EnterpriseRole.objects.filter(enterprise_id__in=current_memberships().values("enterprise_id"))


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


def managed_associations(user: Any) -> QuerySet[Association]:
    """Associations an association admin manages (none listed for the secretariat, who has all)."""
    if is_secretariat(user):
        return Association.objects.none()
    return Association.objects.filter(pk__in=managed_association_ids(user)).order_by("sort", "id")


def is_association_admin(user: Any) -> bool:
    return bool(managed_association_ids(user)) and not is_secretariat(user)


def own_enterprise_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(EnterpriseRole.objects.filter(user=user).values_list("enterprise_id", flat=True))


def own_enterprises(user: Any) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(pk__in=own_enterprise_ids(user)).order_by("name_zh", "pk")


def current_member_enterprise_ids(user: Any, *, association_id: int | None = None) -> set[int]:
    """The user's own enterprises that are current members (of ``association_id``, or of any)."""
    own = own_enterprise_ids(user)
    if not own:
        return set()
    qs = current_memberships().filter(enterprise_id__in=own)
    if association_id is not None:
        qs = qs.filter(association_id=association_id)
    return set(qs.values_list("enterprise_id", flat=True))


def is_current_member(user: Any) -> bool:
    """A login acting for an enterprise with a current membership (members-only events, coupons)."""
    return bool(current_member_enterprise_ids(user))


def association_for_user(user: Any, slug_or_pk: str | int, *, write: bool = False) -> Association:
    lookup = {"pk": slug_or_pk} if isinstance(slug_or_pk, int) else {"slug": str(slug_or_pk)[:60]}
    association = Association.objects.filter(**lookup).first()
    if association is None:
        raise Http404
    if write and association.pk not in managed_association_ids(user):
        raise PermissionDenied
    return association


def _admin_enterprise_ids_q(user: Any) -> Q:
    """Enterprises that are current members of an association the user administers."""
    ids = managed_association_ids(user)
    return Q(pk__in=current_memberships().filter(association_id__in=ids).values("enterprise_id"))


def enterprises_managed_by(user: Any) -> QuerySet[Enterprise]:
    if is_secretariat(user):
        return Enterprise.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Enterprise.objects.none()
    return Enterprise.objects.filter(_admin_enterprise_ids_q(user) | Q(pk__in=own_enterprise_ids(user)))


def can_manage_enterprise(user: Any, enterprise: Enterprise) -> bool:
    if is_secretariat(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if enterprise.pk in own_enterprise_ids(user):
        return True
    ids = managed_association_ids(user)
    return bool(ids) and current_memberships().filter(enterprise_id=enterprise.pk, association_id__in=ids).exists()


def can_see_enterprise_contacts(user: Any, enterprise: Enterprise) -> bool:
    """Phones, e-mails, address and people of an enterprise: the same people who manage it."""
    return can_manage_enterprise(user, enterprise)


def can_see_contacts(user: Any) -> bool:
    """An association's own office contact (address, phone, e-mail) is for logged-in users."""
    return bool(getattr(user, "is_authenticated", False))


def export_scope(user: Any) -> QuerySet[Enterprise] | None:
    """Enterprises whose rows (with contacts and BR numbers) ``user`` may export; None = no export."""
    if is_secretariat(user):
        return Enterprise.objects.all()
    if not getattr(user, "is_authenticated", False):
        return None
    if not managed_association_ids(user) and not own_enterprise_ids(user):
        return None
    return enterprises_managed_by(user)


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
    """A membership is the association's record: its admins (and the secretariat) read and change
    it whatever its status; the member's own users may read it."""
    membership = Membership.objects.select_related("association", "enterprise", "person").filter(pk=pk).first()
    if membership is None:
        raise Http404
    if membership.association_id in managed_association_ids(user):
        return membership
    if not write and membership.enterprise_id and membership.enterprise_id in own_enterprise_ids(user):
        return membership
    raise PermissionDenied


def term_for_user(user: Any, association: Association, number: int) -> Term:
    term = Term.objects.filter(association=association, number=number).first()
    if term is None:
        raise Http404
    return term


def person_for_user(user: Any, enterprise: Enterprise, pk: Any) -> Person:
    """A contact of ``enterprise`` (whose write access the caller has already checked); 404 otherwise."""
    pk = id_param(pk)  # 'abc', '²' and ids past 64-bit: 404, not a 500
    person = Person.objects.filter(pk=pk, enterprise=enterprise).first() if pk else None
    if person is None:
        raise Http404
    return person


def import_batch_for_user(user: Any, pk: int) -> ImportBatch:
    """Only the secretariat sees import batches (403); missing → 404."""
    if not is_secretariat(user):
        raise PermissionDenied
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch
