"""Reads for the events pages and API, scoped to a viewer where it matters. Views and the API call
these (and access.py); they hold no query of their own."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from shanglian.core.search import search_filter, search_objects
from shanglian.directory.access import own_enterprises
from shanglian.directory.models import Enterprise, Person
from shanglian.events.models import (
    Event,
    Exhibitor,
    ExhibitorBookmark,
    Meeting,
    MeetingAvailability,
    MeetingRequest,
    MeetingSlot,
    Registration,
)

ROLE_ORDER = ["organiser", "co_organiser", "supporter"]


# ------------------------------------------------------------------------------- public pages
def published_events(*, kind: str = "", past: bool = False) -> QuerySet[Event]:
    qs = Event.objects.filter(is_published=True).select_related("association")
    if kind:
        qs = qs.filter(type=kind)
    now = timezone.now()
    return qs.filter(ends_at__lt=now).order_by("-starts_at") if past else qs.filter(ends_at__gte=now)


def event_page(event: Event, user: Any) -> dict[str, Any]:
    """What the event page shows: agenda, itinerary, organisers, the viewer's live registrations."""
    mine = []
    if getattr(user, "is_authenticated", False):
        mine = list(Registration.objects.filter(event=event).filter(Q(user=user) | Q(registered_by=user))
                    .exclude(status__in=("cancelled", "rejected")))
    return {
        "sessions": list(event.sessions.all()), "itinerary": list(event.itinerary.all()),
        "organisers": sorted(event.organisers.all(), key=lambda o: (ROLE_ORDER.index(o.role), o.sort, o.pk)),
        "mine": mine, "has_exhibitors": event.exhibitors.exists(), "has_meetings": event.meeting_slots.exists(),
    }


def own_registration(event: Event, user: Any, mine: list[Registration] | None = None) -> Registration | None:
    """The viewer's own live registration (not the staff they registered), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    if mine is None:
        mine = list(Registration.objects.filter(event=event, user=user).exclude(status__in=("cancelled", "rejected")))
    return next((r for r in mine if r.user_id == user.pk), None)


def event_questions(event: Event) -> list:
    return list(event.questions.all())


def registering_enterprises(user: Any) -> list[Enterprise]:
    """The enterprises a login registers for (its own), oldest role first."""
    return list(own_enterprises(user).order_by("pk"))


def person_of(user: Any) -> Person | None:
    return Person.objects.filter(user=user).first() if getattr(user, "is_authenticated", False) else None


def user_registrations(user: Any) -> QuerySet[Registration]:
    """The viewer's registrations and those they made for others, newest event first."""
    return (Registration.objects.filter(Q(user=user) | Q(registered_by=user)).select_related("event")
            .annotate(has_slots=Exists(MeetingSlot.objects.filter(event=OuterRef("event"))))
            .order_by("-event__starts_at", "pk"))


# ------------------------------------------------------------------------------- organisers
def organised_events(user: Any) -> QuerySet[Event]:
    from shanglian.events.access import events_organised_by

    return events_organised_by(user).select_related("association").order_by("-starts_at")


def setup_lists(event: Event) -> dict[str, list]:
    return {"sessions": list(event.sessions.all()), "organisers": list(event.organisers.all()),
            "itinerary": list(event.itinerary.all()), "questions": list(event.questions.all())}


def event_registrations(event: Event, *, status: str = "", q: str = "") -> QuerySet[Registration]:
    qs = Registration.objects.filter(event=event).select_related("checked_in_by").order_by("created_at", "pk")
    if status in Registration.Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = search_objects(qs, query=q, fields=["name_zh", "name_en", "company", "email"])
    return qs


def badge_registrations(event: Event) -> list[Registration]:
    return list(Registration.objects.filter(event=event, status="confirmed").order_by("company", "name_zh", "pk"))


# ------------------------------------------------------------------------------- B2B meetings
def meeting_slots(event: Event) -> list[MeetingSlot]:
    return list(event.meeting_slots.all())


def meetings_home(me: Registration, mine: list[Registration]) -> dict[str, Any]:
    """A participant's B2B page: requests in and out, declared slots, and per person they act for
    how many requests wait for an answer (sets ``waiting`` on each of ``mine``)."""
    waiting = dict(MeetingRequest.objects.filter(recipient__in=mine, status=MeetingRequest.Status.PENDING)
                   .values("recipient").annotate(n=Count("pk")).values_list("recipient", "n"))
    for r in mine:
        r.waiting = waiting.get(r.pk, 0)
    return {
        "incoming": (MeetingRequest.objects.filter(recipient=me)
                     .exclude(status__in=(MeetingRequest.Status.BLOCKED, MeetingRequest.Status.PROPOSED))
                     .select_related("requester")),
        "outgoing": (MeetingRequest.objects.filter(requester=me).exclude(status=MeetingRequest.Status.PROPOSED)
                     .select_related("recipient")),
        "declared": MeetingAvailability.objects.filter(registration=me).count(),
    }


def availability_state(me: Registration) -> dict[str, Any]:
    event = me.event
    return {"slots": list(event.meeting_slots.all()), "sessions": list(event.sessions.all()),
            "chosen": set(MeetingAvailability.objects.filter(registration=me).values_list("slot_id", flat=True)),
            "attending": set(me.sessions.values_list("pk", flat=True))}


def meeting_partners(event: Event, *, exclude: list[Registration], q: str = "") -> QuerySet[Registration]:
    """Confirmed participants someone can answer for (a login of their own, or the contact who
    registered them), without the viewer's own."""
    qs = (Registration.objects.filter(event=event, status="confirmed")
          .filter(Q(user__isnull=False) | Q(registered_by__isnull=False)).exclude(pk__in=[r.pk for r in exclude])
          .order_by("company", "name_zh", "pk"))
    if q:
        qs = search_objects(qs, query=q, fields=["name_zh", "name_en", "company", "title"])
    return qs


def requests_sent(me: Registration) -> dict[int, str]:
    return dict(MeetingRequest.objects.filter(requester=me).exclude(
        status__in=("cancelled", "expired", "declined", "proposed")).values_list("recipient_id", "status"))


def schedule_grid(event: Event):
    slots = list(event.meeting_slots.all())
    meetings = list(Meeting.objects.filter(event=event).exclude(status="cancelled")
                    .select_related("request__requester", "request__recipient", "slot"))
    by_cell = {(m.slot_id, m.table): m for m in meetings}
    tables = range(1, event.meeting_tables + 1)
    rows = [{"slot": s, "cells": [by_cell.get((s.pk, t)) for t in tables],
             "meetings": [m for m in meetings if m.slot_id == s.pk]} for s in slots]
    return slots, meetings, list(tables), rows


def meeting_request_stats(event: Event) -> dict[str, int]:
    return MeetingRequest.objects.filter(event=event).aggregate(
        pending=Count("pk", filter=Q(status="pending")), accepted=Count("pk", filter=Q(status="accepted")),
        declined=Count("pk", filter=Q(status="declined")), expired=Count("pk", filter=Q(status="expired")),
        proposed=Count("pk", filter=Q(status="proposed")),
        proposed_placed=Count("pk", distinct=True, filter=Q(status="proposed",
                                                            meetings__status__in=("draft", "published"))))


def unscheduled_requests(event: Event) -> QuerySet[MeetingRequest]:
    return (MeetingRequest.objects.filter(event=event, status="accepted").exclude(unscheduled_reason="")
            .exclude(meetings__status__in=("draft", "published")).select_related("requester", "recipient"))


# ------------------------------------------------------------------------------- expo
def exhibitor_list(event: Event, *, q: str = "", bookmarked_by: Any = None) -> QuerySet[Exhibitor]:
    from shanglian.events.services.expo import SEARCH_KIND

    qs = Exhibitor.objects.filter(event=event).prefetch_related("products")
    if q:
        qs = search_filter(qs, kind=SEARCH_KIND, query=q).order_by("-search_rank", "booth")
    if bookmarked_by is not None:
        qs = qs.filter(bookmarks__user=bookmarked_by)
    return qs


def bookmarked_exhibitor_ids(user: Any, event: Event) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(ExhibitorBookmark.objects.filter(user=user, exhibitor__event=event)
               .values_list("exhibitor_id", flat=True))


def is_bookmarked(user: Any, exhibitor: Exhibitor) -> bool:
    return bool(getattr(user, "is_authenticated", False)
                and ExhibitorBookmark.objects.filter(user=user, exhibitor=exhibitor).exists())


def exhibitor_products(exhibitor: Exhibitor):
    return exhibitor.products.select_related("category")


def event_participant_contacts(event_id: int) -> list[tuple[str, str, str]]:
    """Active registrations of an event as mailing contacts: (e-mail, name, language as registered).
    A public selector for the mailings app's "event participants" segment."""
    from shanglian.events.models.registration import ACTIVE_STATUSES

    rows = Registration.objects.filter(event_id=event_id, status__in=ACTIVE_STATUSES).exclude(email="").values_list(
        "email", "name_zh", "name_en", "language").order_by("pk")
    return [(email, name_zh or name_en, language) for email, name_zh, name_en, language in rows]


def events_for_mailing(limit: int = 50) -> list[Event]:
    """Recent and coming events to choose a mailing's participants from (newest first)."""
    return list(Event.objects.order_by("-starts_at")[:limit])


def event_agenda(event: Event) -> dict[str, list[Any]]:
    """The event's sessions, organisers and itinerary stops (for the API's detail)."""
    return {"sessions": list(event.sessions.all()), "organisers": list(event.organisers.all()),
            "itinerary": list(event.itinerary.all())}


def user_registrations_newest(user: Any, limit: int = 200) -> list[Registration]:
    """The viewer's registrations, the most recently made first (the API's list)."""
    return list(user_registrations(user).order_by("-created_at")[:limit])
