"""Who may see what in payments (used by views; 404 for the rest)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from shanglian.payments.models import Payment
from shanglian.payments.purposes import Purpose, get_purpose
from shanglian.payments.services import can_confirm


def payable_for_user(user: Any, purpose_code: str, object_id: str) -> tuple[Purpose, Any]:
    """The object a user wants to pay: 404 if unknown, 403 if not theirs to pay."""
    purpose = get_purpose(purpose_code)
    obj = purpose.get(object_id) if purpose else None
    if obj is None:
        raise Http404
    if not purpose.can_pay(user, obj):
        raise PermissionDenied
    return purpose, obj


def payment_for_user(user: Any, reference: str, *, confirm: bool = False, payer: bool = False) -> Payment:
    """The payer, whoever may pay the object, or whoever may confirm it; only whoever may confirm
    it (``confirm``; never the payer), only the payer (``payer``)."""
    payment = Payment.objects.filter(reference=reference).first()
    if payment is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if payer:
        if payment.payer_id != user.pk:
            raise Http404
        return payment
    if confirm:
        if not can_confirm(user, payment):
            raise PermissionDenied
        return payment
    if payment.payer_id == user.pk or can_confirm(user, payment):
        return payment
    purpose = get_purpose(payment.purpose)
    obj = purpose.get(payment.object_id) if purpose else None
    if obj is not None and purpose.can_pay(user, obj):
        return payment
    raise Http404
