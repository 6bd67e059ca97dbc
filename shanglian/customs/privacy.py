"""Personal data in declarations: the buyer's name, ID number, phone and address (in the stored
documents and the XML). Customs records are kept at least 3 years (issue 13; 海關總署公告2018年第194號
asks platforms to keep them); after ``CUSTOMS_RETENTION_DAYS`` (default 5 years) from the declaration,
the retention purge removes the messages and receipts and blanks the personal fields, keeping the
amounts and the status history for the statistics."""

from __future__ import annotations

import datetime

from django.conf import settings

from shanglian.core.privacy import register_retention
from shanglian.customs.models import Declaration, Message, Receipt

PERSONAL = {"order_doc": ("buyerName", "buyerIdNumber", "buyerTelephone", "consignee", "consigneeTelephone",
                          "consigneeAddress", "buyerRegNo"),
            "payment_doc": ("payerIdNumber", "payerName", "telephone"),
            "waybill_doc": ("consignee", "consigneeAddress", "consigneeTelephone")}


def retention_days() -> int:
    return max(int(getattr(settings, "CUSTOMS_RETENTION_DAYS", 5 * 365)), 3 * 366)


def purge_declarations(now: datetime.datetime) -> int:
    cutoff = now - datetime.timedelta(days=retention_days())
    old = Declaration.objects.filter(created_at__lt=cutoff).exclude(buyer_name="")
    count = 0
    for d in old.iterator():
        for field, keys in PERSONAL.items():
            doc = getattr(d, field)
            if doc:
                setattr(d, field, {**doc, **{k: "" for k in keys if k in doc}})
        d.buyer_name = ""
        d.save(update_fields=["order_doc", "payment_doc", "waybill_doc", "buyer_name"])
        Message.objects.filter(declaration=d).delete()
        Receipt.objects.filter(declaration=d).delete()
        count += 1
    return count


def register() -> None:
    register_retention("customs.declarations", purge_declarations)
