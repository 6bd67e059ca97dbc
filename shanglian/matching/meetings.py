"""From an accepted introduction to a B2B meeting request at an event (商貿對接).

The events app owns meeting requests (priority, deadline, duplicates, "do not meet", mail to the
recipient); this module only finds the events where both sides have a confirmed registration
someone can answer for, calls ``events.services.meetings.meeting_request_create`` and links the
result to the introduction so both sides see "meeting requested at <event>" with its live status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError
from shanglian.directory.access import own_enterprise_ids
from shanglian.directory.models import Enterprise
from shanglian.events.models import Event, MeetingRequest, Registration
from shanglian.events.services import meetings as event_meetings
from shanglian.matching.introductions import _enterprise_users, _other_side
from shanglian.matching.models import Introduction, Notification

LIVE = (MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED)
PRIORITIES = (MeetingRequest.Priority.MUST, MeetingRequest.Priority.WOULD_LIKE)


@dataclass(frozen=True)
class EventOption:
    event: Event
    mine: Registration
    theirs: Registration


def _own_side(actor: Any, intro: Introduction) -> Enterprise:
    return intro.requester if intro.requester_id in own_enterprise_ids(actor) else intro.target


def _side_registrations(enterprise: Enterprise) -> QuerySet[Registration]:
    """Confirmed registrations that belong to ``enterprise`` (registered for it, or by one of its
    users) and that someone can answer for: a login of their own, or staff registered as a group,
    for whom the contact who registered them acts (events.access.acts_for)."""
    return Registration.objects.filter(status=Registration.Status.CONFIRMED).filter(
        Q(user__isnull=False) | Q(registered_by__isnull=False)).filter(
        Q(enterprise=enterprise) | Q(user__enterprise_roles__enterprise=enterprise)).distinct()


def upcoming_meeting_events(now=None) -> QuerySet[Event]:
    return Event.objects.filter(is_published=True, ends_at__gte=now or timezone.now(),
                                meeting_slots__isnull=False).distinct().order_by("starts_at", "pk")


def event_options(*, actor: Any, introduction: Introduction, now=None) -> list[EventOption]:
    """Upcoming events with meeting slots where both sides have a confirmed participant.

    On our side the actor's own registration comes first, then a colleague's."""
    other = _other_side(actor, introduction)
    own = _own_side(actor, introduction)
    events = list(upcoming_meeting_events(now))
    if not events:
        return []
    ids = [e.pk for e in events]
    # Ours: the actor's own place, then a colleague with a login, then staff registered as a group.
    mine: dict[int, Registration] = {}
    for reg in sorted(_side_registrations(own).filter(event_id__in=ids),
                      key=lambda r: (r.user_id != actor.pk, r.user_id is None, r.pk)):
        mine.setdefault(reg.event_id, reg)
    theirs: dict[int, Registration] = {}
    for reg in sorted(_side_registrations(other).filter(event_id__in=ids), key=lambda r: (r.user_id is None, r.pk)):
        if reg.pk != getattr(mine.get(reg.event_id), "pk", None):
            theirs.setdefault(reg.event_id, reg)
    return [EventOption(event=e, mine=mine[e.pk], theirs=theirs[e.pk])
            for e in events if e.pk in mine and e.pk in theirs]


def default_reason(introduction: Introduction) -> str:
    theirs = introduction.counterpart.title if introduction.counterpart_id else introduction.target.name
    return f"{introduction.opportunity.title} ↔ {theirs}"[:300]


def live_request(introduction: Introduction) -> MeetingRequest | None:
    req = introduction.meeting_request
    if req is None:
        return None
    event_meetings.meeting_requests_expire(event=req.event)
    req.refresh_from_db()
    return req if req.status in LIVE else None


@transaction.atomic
def introduction_request_event_meeting(*, actor: Any, introduction: Introduction, event: Event,
                                       priority: int = MeetingRequest.Priority.MUST,
                                       reason: str | None = None) -> MeetingRequest:
    """Create the events MeetingRequest between the two sides' registrations and link it."""
    other = _other_side(actor, introduction)  # PermissionDenied for anyone but the two parties
    intro = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if intro.status != Introduction.Status.ACCEPTED:
        raise Conflict(None, _("雙方同意引薦後才可約見。"))
    if priority not in PRIORITIES:
        raise DomainError.field("priority", _("請選擇優先次序。"))
    if intro.meeting_request_id and live_request(intro) is not None:
        raise Conflict(None, _("已在「%(event)s」提出洽談邀請，請等待回覆。") % {
            "event": intro.meeting_request.event.title})
    option = next((o for o in event_options(actor=actor, introduction=intro) if o.event.pk == event.pk), None)
    if option is None:
        raise DomainError.field("event", _("雙方未有在此活動確認報名，或活動沒有洽談時段。"))
    reason = (reason or "").strip() or default_reason(intro)
    req = event_meetings.meeting_request_create(actor=actor, requester=option.mine, recipient=option.theirs,
                                                priority=priority, reason=reason[:300])
    Introduction.objects.filter(pk=intro.pk).update(meeting_request=req, meeting_requested_at=timezone.now())
    introduction.refresh_from_db()
    audit_record(actor=actor, action="introduction.event_meeting", target=introduction,
                 changes={"event": event.pk, "meeting_request": req.pk, "priority": priority})
    # In-site notice for the other side; the e-mail is the events app's own request mail.
    Notification.objects.bulk_create([
        Notification(user=u, verb=Notification.Verb.MEETING, opportunity=intro.opportunity, introduction=intro)
        for u in _enterprise_users(other)])
    return req


def expire_linked(*, user: Any) -> int:
    """Mark overdue event requests linked to the user's introductions, so the inbox shows it."""
    own = own_enterprise_ids(user)
    events = set(Introduction.objects.filter(Q(requester_id__in=own) | Q(target_id__in=own),
                                             meeting_request__status=MeetingRequest.Status.PENDING)
                 .values_list("meeting_request__event_id", flat=True))
    return sum(event_meetings.meeting_requests_expire(event=e) for e in Event.objects.filter(pk__in=events))
