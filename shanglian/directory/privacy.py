"""The directory's people, registered with ``core.privacy``: a person id brings its phone and
login account into the subject; export lists the person's record; erasure blanks its contact data
(the record stays, so memberships and office-bearer history keep their shape)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from shanglian.core.privacy import Subject, register_personal_data, register_subject_resolver
from shanglian.directory.models import Person

ERASED_NAME = "（已刪除）"


def _people(subject: Subject):
    if not subject.person_ids and not subject.phones:
        return Person.objects.none()
    return Person.objects.filter(Q(pk__in=subject.person_ids) | Q(phone__in=subject.phones))


def resolve(subject: Subject) -> None:
    for phone, user_id in Person.objects.filter(pk__in=subject.person_ids).values_list("phone", "user_id"):
        if phone:
            subject.phones.add(phone)
        if user_id:
            subject.user_ids.add(user_id)


def export(subject: Subject) -> list[dict[str, Any]]:
    return [{"kind": "person", "id": p.pk, "name_zh": p.name_zh, "name_en": p.name_en, "title": p.title,
             "enterprise": str(p.enterprise) if p.enterprise_id else None, "email": p.email, "phone": p.phone}
            for p in _people(subject).select_related("enterprise")]


def erase(subject: Subject) -> int:
    return _people(subject).exclude(name_zh=ERASED_NAME, email="", phone="").update(
        name_zh=ERASED_NAME, name_en="", title="", email="", phone="")


def register() -> None:
    register_subject_resolver(resolve)
    register_personal_data("directory", export=export, erase=erase)
