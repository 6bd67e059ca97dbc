"""What mailings hold about a person (by the e-mail addresses of their accounts and directory
records): deliveries, suppressions and direct-marketing consents, registered with core.privacy
for export and erasure. Erasure deletes deliveries and consents but keeps suppressions (an
opt-out must keep working: the address stays on the do-not-mail list, PDPO s.35G)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from shanglian.core.privacy import Subject, register_personal_data
from shanglian.directory.models import Person
from shanglian.mailings.models import Delivery, MarketingConsent, Suppression


def _emails(subject: Subject) -> set[str]:
    emails = set(get_user_model().objects.filter(pk__in=subject.user_ids).values_list("email", flat=True))
    emails |= set(Person.objects.filter(pk__in=subject.person_ids).values_list("email", flat=True))
    return {e.strip().lower() for e in emails if e}


def export(subject: Subject) -> list[dict[str, Any]]:
    emails = _emails(subject)
    rows: list[dict[str, Any]] = []
    for d in Delivery.objects.filter(email__in=emails).select_related("mailing"):
        rows.append({"kind": "delivery", "email": d.email, "mailing": d.mailing.subject_zh_hant, "status": d.status,
                     "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                     "opened_at": d.opened_at.isoformat() if d.opened_at else None})
    for s in Suppression.objects.filter(email__in=emails).select_related("topic"):
        rows.append({"kind": "suppression", "email": s.email, "topic": s.topic.slug if s.topic else None,
                     "reason": s.reason})
    for c in MarketingConsent.objects.filter(email__in=emails):
        rows.append({"kind": "marketing_consent", "email": c.email, "given_at": c.given_at.isoformat(),
                     "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None})
    return rows


def erase(subject: Subject) -> int:
    emails = _emails(subject)
    n = Delivery.objects.filter(email__in=emails).delete()[0]
    n += MarketingConsent.objects.filter(email__in=emails).delete()[0]
    return n


def register() -> None:
    register_personal_data("mailings", export=export, erase=erase)
