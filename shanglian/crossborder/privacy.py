"""What the store holds about a buyer (phone, real name, ID number, addresses, orders), registered
with ``core.privacy`` for export and erasure. Orders are customs records kept at least three years
(海关总署公告2018年第194号): erasure anonymises the profile and addresses at once, and the order's
identity columns only after ``CROSSBORDER_ORDER_RETENTION_DAYS`` (default 3 × 365 + 1)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

from shanglian.core.privacy import Subject, register_personal_data, register_retention
from shanglian.crossborder.models import Address, Buyer, Order


def _retention_days() -> int:
    return int(getattr(settings, "CROSSBORDER_ORDER_RETENTION_DAYS", 3 * 365 + 1))


def export(subject: Subject) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for buyer in Buyer.objects.filter(phone__in=subject.phones):
        rows.append({"kind": "buyer", "phone": buyer.phone, "real_name": buyer.real_name,
                     "id_number": buyer.id_number, "email": buyer.email,
                     "id_consent_at": buyer.id_consent_at.isoformat() if buyer.id_consent_at else None,
                     "transfer_consent_at": (buyer.transfer_consent_at.isoformat()
                                             if buyer.transfer_consent_at else None)})
        for a in buyer.addresses.all():
            rows.append({"kind": "address", "consignee": a.consignee, "phone": a.phone, "address": str(a)})
        for o in buyer.orders.all():
            rows.append({"kind": "order", "order_no": o.order_no, "status": o.status, "paid": str(o.actural_paid),
                         "created_at": o.created_at.isoformat(), "consignee": o.consignee,
                         "address": o.consignee_address})
    return rows


def erase(subject: Subject) -> int:
    buyers = Buyer.objects.filter(phone__in=subject.phones)
    changed = Address.objects.filter(buyer__in=buyers).delete()[0]
    changed += buyers.exclude(real_name="", id_number="", email="").update(
        real_name="", id_number="", email="", id_consent_at=None, transfer_consent_at=None)
    return changed


def purge_orders(now: datetime.datetime) -> int:
    cutoff = now - datetime.timedelta(days=_retention_days())
    return Order.objects.filter(created_at__lt=cutoff).exclude(buyer_id_number="").update(
        buyer_name="", buyer_id_number="", buyer_phone="", consignee="", consignee_phone="", consignee_address="")


def register() -> None:
    register_personal_data("crossborder", export=export, erase=erase)
    register_retention("crossborder.orders", purge_orders)
