"""What the register holds about a person: an external organisation's contact (name, title,
e-mail, phone), registered with ``core.privacy`` for export and erasure by phone number. Contact
phones are typed freely (overseas numbers too), so they are compared after normalising."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from shanglian.agreements.models import Organisation
from shanglian.core.privacy import Subject, register_personal_data
from shanglian.core.validation import normalise_phone


def _phone(raw: str) -> str:
    try:
        return normalise_phone(raw or "")
    except ValidationError:
        return ""


def _contacts(subject: Subject) -> list[Organisation]:
    if not subject.phones:
        return []
    return [o for o in Organisation.objects.exclude(contact_phone="").only(
        "pk", "name_zh_hant", "contact_name", "contact_title", "contact_email", "contact_phone")
        if _phone(o.contact_phone) in subject.phones]


def export(subject: Subject) -> list[dict[str, Any]]:
    return [{"kind": "organisation_contact", "organisation": o.name_zh_hant, "name": o.contact_name,
             "title": o.contact_title, "email": o.contact_email, "phone": o.contact_phone}
            for o in _contacts(subject)]


def erase(subject: Subject) -> int:
    ids = [o.pk for o in _contacts(subject)]
    return Organisation.objects.filter(pk__in=ids).update(contact_name="", contact_title="", contact_email="",
                                                          contact_phone="")


def register() -> None:
    register_personal_data("agreements", export=export, erase=erase)
