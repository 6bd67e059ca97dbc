"""Membership dues through the shared payments layer: the "dues" purpose (registered in
DirectoryConfig.ready). Paid → ``membership_record_payment`` (dues_status paid, dues_paid_on),
the same service the association admin uses by hand."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shanglian.core.mail import user_language
from shanglian.directory import access
from shanglian.directory.models import EnterpriseRole, Membership
from shanglian.payments.purposes import Due, register_purpose

PURPOSE = "dues"


def describe(membership: Membership) -> Due:
    period = f"{membership.start_date or ''}–{membership.end_date or ''}"
    text = gettext("%(association)s 會費（%(period)s）") % {"association": membership.association.name,
                                                           "period": period}
    return Due(amount=membership.dues_amount, currency="HKD", description=text,
               outstanding=bool(membership.dues_amount > 0 and membership.dues_status == Membership.Dues.UNPAID
                                and membership.enterprise_id))


def can_pay(user: Any, membership: Membership) -> bool:
    """The member enterprise's own admin (an owner role)."""
    if not getattr(user, "is_authenticated", False) or not membership.enterprise_id:
        return False
    return EnterpriseRole.objects.filter(user=user, enterprise_id=membership.enterprise_id,
                                         role=EnterpriseRole.Role.OWNER).exists()


def can_confirm(user: Any, membership: Membership) -> bool:
    """The association's admins and the secretariat."""
    return access.is_secretariat(user) or membership.association_id in access.managed_association_ids(user)


def on_paid(membership: Membership, payment: Any) -> None:
    from shanglian.directory.services import membership_record_payment

    membership_record_payment(actor=payment.confirmed_by, membership=membership,
                              paid_on=timezone.localdate(payment.paid_at))


def on_refunded(membership: Membership, payment: Any) -> None:
    from shanglian.directory.services import membership_record_payment

    membership_record_payment(actor=payment.refunded_by, membership=membership, paid_on=None,
                              status=Membership.Dues.UNPAID)


def recipients(membership: Membership, payment: Any) -> list[tuple[str, str]]:
    payer = payment.payer
    return [(payer.email, user_language(payer))] if payer is not None and payer.email else []


def register() -> None:
    register_purpose(PURPOSE, model="directory.membership", label=_("會費"), describe=describe, can_pay=can_pay,
                     can_confirm=can_confirm, on_paid=on_paid, on_refunded=on_refunded,
                     next_url=lambda m: m.enterprise.get_absolute_url() if m.enterprise_id else "",
                     recipients=recipients)
