"""Event registrations, registered with ``core.privacy``: found by phone or login account;
erasure blanks the attendee's name, contact data and answers (the row stays for head counts)."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat

from shanglian.core.privacy import Subject, register_personal_data
from shanglian.events.models import Registration, RegistrationAnswer

ERASED_NAME = "（已刪除）"


def _registrations(subject: Subject):
    if not subject.phones and not subject.user_ids:
        return Registration.objects.none()
    return Registration.objects.filter(Q(phone__in=subject.phones) | Q(user_id__in=subject.user_ids))


def export(subject: Subject) -> list[dict[str, Any]]:
    rows = []
    for r in _registrations(subject).select_related("event").prefetch_related("answers"):
        rows.append({"kind": "event_registration", "event": str(r.event), "name_zh": r.name_zh, "name_en": r.name_en,
                     "title": r.title, "company": r.company, "email": r.email, "phone": r.phone,
                     "status": r.status, "registered_at": r.created_at.isoformat(),
                     "answers": [a.value for a in r.answers.all()]})
    return rows


def erase(subject: Subject) -> int:
    regs = _registrations(subject).exclude(name_zh=ERASED_NAME, phone="")
    ids = list(regs.values_list("pk", flat=True))
    RegistrationAnswer.objects.filter(registration_id__in=ids).delete()
    return Registration.objects.filter(pk__in=ids).update(
        name_zh=ERASED_NAME, name_en="", title="", company="", phone="",
        email=Concat(Value("erased-"), Cast("pk", CharField()), Value("@invalid.example")))


def register() -> None:
    register_personal_data("events", export=export, erase=erase)
