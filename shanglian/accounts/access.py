"""Who may invite, review and see invitations and applications. Missing → 404, not allowed → 403.

- The secretariat invites people of any enterprise and reviews every application.
- An association admin invites people of enterprises with an *active, unexpired* membership in
  their own association, and reviews applications to their own association.
- The company contact who registered a staff member for an event (or the event's organiser)
  invites that staff member to get their own login.
- Anyone with an account applies for an enterprise they act for, or for a new one.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from shanglian.accounts.models import Invitation, MembershipApplication
from shanglian.directory.access import current_membership_q, is_secretariat, managed_association_ids
from shanglian.directory.models import Association, AssociationRole, Enterprise, Membership

MAX_PK = 2**63 - 1


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _check_pk(pk: int) -> None:
    """Ids past 64 bits exist nowhere (and would make the database driver raise): 404."""
    if not 0 < pk <= MAX_PK:
        raise Http404


def admin_association_ids(user: Any) -> set[int]:
    """Associations the user is an admin of (not only staff), for invitations."""
    if not _authenticated(user):
        return set()
    return set(AssociationRole.objects.filter(user=user, role=AssociationRole.Role.ADMIN)
               .values_list("association_id", flat=True))


def active_membership_q(today: datetime.date | None = None) -> Q:
    """directory.access's one rule for a current membership (status and dates), without pending ones."""
    return current_membership_q(today=today) & ~Q(status=Membership.Status.PENDING)


def inviting_associations(user: Any, enterprise: Enterprise) -> list[Association]:
    """The user's associations in which ``enterprise`` is an active member (its admins may invite)."""
    ids = admin_association_ids(user)
    if not ids:
        return []
    return list(Association.objects.filter(
        pk__in=Membership.objects.filter(active_membership_q(), enterprise=enterprise, association_id__in=ids)
        .values("association_id")))


def can_invite_for_enterprise(user: Any, enterprise: Enterprise) -> bool:
    return is_secretariat(user) or bool(inviting_associations(user, enterprise))


def enterprise_for_inviter(user: Any, pk: int) -> Enterprise:
    _check_pk(pk)
    enterprise = Enterprise.objects.filter(pk=pk).first()
    if enterprise is None:
        raise Http404
    if not can_invite_for_enterprise(user, enterprise):
        raise PermissionDenied
    return enterprise


def invitations_visible_to(user: Any) -> QuerySet[Invitation]:
    if not _authenticated(user):
        return Invitation.objects.none()
    if is_secretariat(user):
        return Invitation.objects.all()
    return Invitation.objects.filter(Q(created_by=user) | Q(association_id__in=admin_association_ids(user)))


def invitation_for_user(user: Any, pk: int) -> Invitation:
    """An invitation the user may revoke or resend (404 for everyone else: e-mails are private)."""
    _check_pk(pk)
    invitation = invitations_visible_to(user).select_related("enterprise", "registration").filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def can_invite_registration(user: Any, registration: Any) -> bool:
    """The company contact who registered a staff member without a login, or the organiser."""
    from shanglian.events.access import can_organise

    if not _authenticated(user) or registration.user_id is not None:
        return False
    return registration.registered_by_id == user.pk or can_organise(user, registration.event)


def registration_for_inviter(user: Any, pk: int) -> Any:
    from shanglian.events.access import registration_for_user

    _check_pk(pk)
    registration = registration_for_user(user, pk)  # 404 / 403 for others' registrations
    if not registration.is_active or not can_invite_registration(user, registration):
        raise PermissionDenied
    return registration


def reviewable_association(user: Any, slug: str) -> Association:
    association = Association.objects.filter(slug=slug).first()
    if association is None:
        raise Http404
    if association.pk not in managed_association_ids(user):
        raise PermissionDenied
    return association


def can_review(user: Any, application: MembershipApplication) -> bool:
    return application.association_id in managed_association_ids(user)


def application_for_user(user: Any, pk: int, *, review: bool = False) -> MembershipApplication:
    _check_pk(pk)
    application = (MembershipApplication.objects.select_related("association", "enterprise", "applicant")
                   .filter(pk=pk).first())
    if application is None or not _authenticated(user):
        raise Http404
    reviewer = can_review(user, application)
    if review and not reviewer:
        raise PermissionDenied
    if not reviewer and application.applicant_id != user.pk:
        raise Http404
    return application


def invitation_by_token(token: str) -> Invitation:
    """The invitation a link opens; 404 for an unknown token (pending or not: the page explains)."""
    from shanglian.accounts.services import token_hash

    if not token or len(token) > 100:
        raise Http404
    invitation = (Invitation.objects.select_related("enterprise", "registration__event", "created_by")
                  .filter(token_hash=token_hash(token)).first())
    if invitation is None:
        raise Http404
    return invitation
