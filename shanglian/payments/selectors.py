"""Reads of payments for pages: the state of payable objects, transfers awaiting confirmation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from shanglian.payments import providers
from shanglian.payments.models import Payment
from shanglian.payments.purposes import get_purpose

S = Payment.Status
_RANK = {S.PAID: 0, S.PENDING: 1, S.REFUNDED: 2, S.FAILED: 3, S.EXPIRED: 4}


def payments_by_object(purpose: str, object_ids: Iterable[Any]) -> dict[str, Payment]:
    """The payment that tells each object's state: a paid one, else the latest pending one, else
    the latest of any (keys: object ids as strings)."""
    ids = [str(i) for i in object_ids]
    out: dict[str, Payment] = {}
    for p in Payment.objects.filter(purpose=purpose, object_id__in=ids).select_related("confirmed_by"):
        best = out.get(p.object_id)
        if best is None or (_RANK[p.status], -p.created_at.timestamp()) < (_RANK[best.status],
                                                                            -best.created_at.timestamp()):
            out[p.object_id] = p
    return out


def transfers_to_confirm(user: Any, *, limit: int = 200) -> list[Payment]:
    """Pending bank transfers this user may confirm (organisers, association admins, secretariat)."""
    from shanglian.payments.services import can_confirm

    qs = Payment.objects.filter(provider=Payment.Provider.BANK, status=S.PENDING).select_related("payer")
    return [p for p in qs.order_by("created_at")[:limit * 5] if can_confirm(user, p)][:limit]


def provider_choices() -> list[dict[str, Any]]:
    """For the "pay now" form: code, label, sandbox or not."""
    available = providers.available()
    return [{"code": c, "label": label, "sandbox": providers.is_sandbox(c)}
            for c, label in Payment.Provider.choices if c in available]


def bank_account() -> dict[str, str]:
    return dict(getattr(settings, "PAYMENTS_BANK_ACCOUNT", {}) or {})


def next_url(payment: Payment) -> str:
    purpose = get_purpose(payment.purpose)
    obj = purpose.get(payment.object_id) if purpose else None
    return purpose.next_url(obj) if (obj is not None and purpose.next_url) else ""
