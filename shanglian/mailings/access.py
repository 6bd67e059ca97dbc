"""Who may compose and send mailings, and to whom: the secretariat everything; an association
admin only their own association's mailings, to their own association's members and office
bearers. Others' mailings are 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from shanglian.directory.access import is_secretariat, managed_association_ids
from shanglian.mailings.models import Mailing

ADMIN_AUDIENCES = (Mailing.Audience.MEMBERS, Mailing.Audience.OFFICE_BEARERS)


def can_mail(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or managed_association_ids(user)))


def sender_association_ids(user: Any) -> set[int] | None:
    """Associations the user may mail for; None = the secretariat (any, or the federation itself)."""
    if is_secretariat(user):
        return None
    return managed_association_ids(user)


def allowed_audiences(user: Any) -> tuple[str, ...]:
    return tuple(Mailing.Audience.values) if is_secretariat(user) else tuple(ADMIN_AUDIENCES)


def mailing_for_user(user: Any, pk: int | None) -> Mailing:
    if pk is None or not can_mail(user):
        raise Http404
    mailing = Mailing.objects.select_related("topic", "association").filter(pk=pk).first()
    if mailing is None:
        raise Http404
    scope = sender_association_ids(user)
    if scope is not None and mailing.association_id not in scope:
        raise Http404
    return mailing
