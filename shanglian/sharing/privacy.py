"""What sharing holds about a person, registered with ``core.privacy`` for export and erasure.

The subject's login accounts (``Subject.user_ids``, filled by the directory's resolver from a person
or phone) are the key: sharing stores no phone or e-mail of its own, only what a person *wrote*
and which account wrote it —
- booking messages (text, attachment file and its original name),
- the note sent with a booking request (``Booking.message``, ``requested_by``),
- reviews (text; the rating stays, it belongs to the booking's two enterprises),
- disputes raised.
Erasure blanks the text, deletes the attachment file and unlinks the account; the rows stay,
because bookings, reviews and disputes are the two enterprises' business records and the other
side's messages must keep their thread. Idempotent (a second erase changes nothing).
"""

from __future__ import annotations

from typing import Any

from shanglian.core.privacy import Subject, register_personal_data
from shanglian.sharing.models import Booking, Dispute, Message, Review

ERASED = "（已刪除）"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export(subject: Subject) -> list[dict[str, Any]]:
    users = subject.user_ids
    if not users:
        return []
    rows: list[dict[str, Any]] = []
    for b in Booking.objects.filter(requested_by_id__in=users).select_related("listing", "enterprise"):
        rows.append({"kind": "booking_request", "booking": b.pk, "listing": b.listing.title_zh_hant,
                     "enterprise": str(b.enterprise), "starts_at": _iso(b.starts_at), "ends_at": _iso(b.ends_at),
                     "message": b.message, "created_at": _iso(b.created_at)})
    for m in Message.objects.filter(author_id__in=users).select_related("booking__listing"):
        rows.append({"kind": "booking_message", "booking": m.booking_id, "listing": m.booking.listing.title_zh_hant,
                     "side": m.side, "body": m.body, "attachment": m.attachment_name or None,
                     "created_at": _iso(m.created_at)})
    for r in Review.objects.filter(author_id__in=users):
        rows.append({"kind": "review", "booking": r.booking_id, "side": r.side, "rating": r.rating, "text": r.text,
                     "created_at": _iso(r.created_at)})
    for d in Dispute.objects.filter(raised_by_id__in=users):
        rows.append({"kind": "dispute", "booking": d.booking_id, "side": d.side, "reason": d.reason,
                     "status": d.status, "created_at": _iso(d.created_at)})
    return rows


def erase(subject: Subject) -> int:
    users = subject.user_ids
    if not users:
        return 0
    changed = 0
    for m in Message.objects.filter(author_id__in=users):
        if m.attachment:
            m.attachment.delete(save=False)  # the file goes from storage too
        m.body, m.attachment, m.attachment_name, m.author = ERASED, "", "", None
        m.save(update_fields=["body", "attachment", "attachment_name", "author"])
        changed += 1
    changed += Booking.objects.filter(requested_by_id__in=users).update(message="", requested_by=None)
    changed += Review.objects.filter(author_id__in=users).update(text="", author=None)
    changed += Dispute.objects.filter(raised_by_id__in=users).update(reason=ERASED, raised_by=None)
    return changed


def register() -> None:
    register_personal_data("sharing", export=export, erase=erase)
