"""Who sees what in the competition. Entrants see their own entries (with their names); judges
see entries by code only; the public sees public images of live entries; the secretariat runs it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shanglian.competition.models import Competition, Entry, Judge, JudgeInvitation, Round
from shanglian.core.errors import Forbidden, NotFound
from shanglian.directory import access as directory_access


def is_secretariat(user: Any) -> bool:
    return directory_access.is_secretariat(user)


def public_competitions() -> QuerySet[Competition]:
    return Competition.objects.exclude(status=Competition.Status.DRAFT)


def competition_public(pk: int | None) -> Competition:
    found = public_competitions().filter(pk=pk).first() if pk else None
    if found is None:
        raise NotFound()
    return found


def competition_for_staff(user: Any, pk: int | None) -> Competition:
    found = Competition.objects.filter(pk=pk).first() if pk and is_secretariat(user) else None
    if found is None:
        raise NotFound()
    return found


def judge_for_user(user: Any, competition: Competition) -> Judge:
    found = (Judge.objects.filter(competition=competition, user=user).first()
             if getattr(user, "is_authenticated", False) else None)
    if found is None:
        raise NotFound()
    return found


def is_judge(user: Any, competition: Competition) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and Judge.objects.filter(
        competition=competition, user=user).exists()


def entry_public(pk: int | None) -> Entry:
    found = (Entry.objects.select_related("competition").filter(
        pk=pk, status=Entry.Status.SUBMITTED).exclude(competition__status=Competition.Status.DRAFT).first()
        if pk else None)
    if found is None:
        raise NotFound()
    return found


def entry_for_owner(user: Any, pk: int | None) -> Entry:
    """The entrant's own entry (or any, for the secretariat)."""
    qs = Entry.objects.select_related("competition", "category", "age_group")
    found = qs.filter(pk=pk).first() if pk else None
    if found is None or not (is_secretariat(user) or (getattr(user, "is_authenticated", False)
                                                      and found.user_id == user.pk)):
        raise NotFound()
    return found


def entry_for_judge(user: Any, pk: int | None) -> tuple[Entry, Judge]:
    found = Entry.objects.select_related("competition").filter(pk=pk).first() if pk else None
    if found is None:
        raise NotFound()
    return found, judge_for_user(user, found.competition)


def can_see_original(user: Any, entry: Entry) -> bool:
    return is_secretariat(user) or is_judge(user, entry.competition) or (
        getattr(user, "is_authenticated", False) and entry.user_id == user.pk)


def round_for_staff(user: Any, pk: int | None) -> Round:
    found = Round.objects.select_related("competition").filter(pk=pk).first() if pk and is_secretariat(user) else None
    if found is None:
        raise NotFound()
    return found


def entry_for_original(user: Any, pk: int | None) -> Entry:
    """The uploaded file with its EXIF: the entrant, the judges and the secretariat."""
    found = Entry.objects.select_related("competition").filter(pk=pk).first() if pk else None
    if found is None or not can_see_original(user, found):
        raise NotFound()
    return found


def require_secretariat(user: Any) -> None:
    if not is_secretariat(user):
        raise Forbidden()


def judge_invitation_for_staff(user: Any, pk: int | None) -> JudgeInvitation:
    found = JudgeInvitation.objects.filter(pk=pk).first() if pk and is_secretariat(user) else None
    if found is None:
        raise NotFound()
    return found


def entry_for_staff(user: Any, competition: Competition, pk: int | None) -> Entry:
    found = (Entry.objects.select_related("competition", "user").filter(pk=pk, competition=competition).first()
             if pk and is_secretariat(user) else None)
    if found is None:
        raise NotFound()
    return found
