"""One access helper per entity. The secretariat (is_staff) sees everything; an applicant sees
only their own applications; a reviewer sees only applications assigned to them and not in
conflict; others' records are 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from shanglian.incubation.models import Application, Assignment, Call, Incubatee, Instalment, Reviewer, TeamMember


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


def call_for_public(slug: str) -> Call:
    call = Call.objects.select_related("programme").filter(slug=slug).first()
    if call is None or not call.is_published:
        raise Http404
    return call


def call_for_staff(user: Any, slug: str) -> Call:
    if not is_staff(user):
        raise Http404
    call = Call.objects.select_related("programme").filter(slug=slug).first()
    if call is None:
        raise Http404
    return call


def application_for_user(user: Any, pk: int | None, *, write: bool = False) -> Application:
    """The applicant's own application, or any for the secretariat (write: the applicant only)."""
    application = (
        Application.objects.select_related("call__programme", "applicant").filter(pk=pk).first() if pk else None
    )
    if application is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if application.applicant_id == user.pk or (is_staff(user) and not write):
        return application
    raise Http404


def application_for_staff(user: Any, pk: int | None) -> Application:
    if not is_staff(user) or not pk:
        raise Http404
    application = Application.objects.select_related("call__programme", "applicant").filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def assignment_for_reviewer(user: Any, pk: int | None) -> Assignment:
    """The reviewer's own assignment while they have no conflict on its application."""
    if not getattr(user, "is_authenticated", False) or not pk:
        raise Http404
    assignment = (
        Assignment.objects.select_related("application__call__programme", "reviewer__panel")
        .filter(pk=pk, reviewer__user=user)
        .first()
    )
    if assignment is None or assignment.application.conflicts.filter(user=user).exists():
        raise Http404
    return assignment


def is_reviewer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and Reviewer.objects.filter(user=user).exists())


def member_for_user(user: Any, pk: int | None) -> TeamMember:
    member = TeamMember.objects.select_related("application").filter(pk=pk).first() if pk else None
    if member is None or not getattr(user, "is_authenticated", False) or member.application.applicant_id != user.pk:
        raise Http404
    return member


def is_mentor(user: Any) -> bool:
    """A mentor whose enterprise is a current member today (the directory's one rule: status and
    validity dates); a mentor of a lapsed member no longer sees start-ups' pages."""
    from shanglian.directory.access import current_memberships
    from shanglian.incubation.models import Mentor

    return bool(getattr(user, "is_authenticated", False) and Mentor.objects.filter(
        user=user, enterprise_id__in=current_memberships().values("enterprise_id")).exists())


def incubatee_for_user(user: Any, pk: int | None, *, mentors: bool = False) -> Incubatee:
    """The start-up's own founder and the secretariat; with ``mentors``, the base's mentors too."""
    incubatee = Incubatee.objects.select_related("application", "enterprise").filter(pk=pk).first() if pk else None
    if incubatee is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if is_staff(user) or incubatee.application.applicant_id == user.pk or (mentors and is_mentor(user)):
        return incubatee
    raise Http404


def instalment_for_user(user: Any, pk: int | None, *, founder: bool = False) -> Instalment:
    """Evidence is uploaded by the start-up's founder (``founder``); release is the secretariat's."""
    instalment = Instalment.objects.select_related("incubatee__application").filter(pk=pk).first() if pk else None
    if instalment is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if founder and instalment.incubatee.application.applicant_id == user.pk:
        return instalment
    if not founder and is_staff(user):
        return instalment
    raise Http404


def space_for_staff(user: Any, pk: int | None):
    from shanglian.incubation.models import Space

    if not is_staff(user) or not pk:
        raise Http404
    space = Space.objects.filter(pk=pk).first()
    if space is None:
        raise Http404
    return space
