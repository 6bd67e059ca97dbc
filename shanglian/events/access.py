"""One access helper per entity for events. Missing → 404, not allowed → 403.

Organisers are the secretariat (all events) and association admins (their association's events).
Unpublished events are visible only to their organisers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from shanglian.core.params import id_param
from shanglian.directory.access import is_secretariat, managed_association_ids, own_enterprise_ids
from shanglian.directory.models import Association
from shanglian.events.models import Event, Exhibitor, Meeting, MeetingRequest, MeetingSlot, Registration, Session


def can_organise(user: Any, event: Event) -> bool:
    if is_secretariat(user):
        return True
    return event.association_id in managed_association_ids(user)


def organiser_associations(user: Any) -> QuerySet[Association]:
    if is_secretariat(user):
        return Association.objects.all()
    return Association.objects.filter(pk__in=managed_association_ids(user))


def is_organiser(user: Any) -> bool:
    return is_secretariat(user) or bool(managed_association_ids(user))


def events_organised_by(user: Any) -> QuerySet[Event]:
    if is_secretariat(user):
        return Event.objects.all()
    return Event.objects.filter(association_id__in=managed_association_ids(user))


def event_for_user(user: Any, slug_or_pk: str | int, *, write: bool = False) -> Event:
    lookup = {"pk": slug_or_pk} if isinstance(slug_or_pk, int) else {"slug": slug_or_pk}
    event = Event.objects.select_related("association").filter(**lookup).first()
    if event is None:
        raise Http404
    if can_organise(user, event):
        return event
    if not event.is_published:
        raise Http404
    if write:
        raise PermissionDenied
    return event


def can_see_registration(user: Any, registration: Registration) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if registration.user_id == user.pk or registration.registered_by_id == user.pk:
        return True
    if registration.enterprise_id and registration.enterprise_id in own_enterprise_ids(user):
        return True
    return can_organise(user, registration.event)


def registration_for_user(user: Any, pk: int, *, organiser: bool = False) -> Registration:
    registration = Registration.objects.select_related("event", "event__association").filter(pk=pk).first()
    if registration is None:
        raise Http404
    allowed = can_organise(user, registration.event) if organiser else can_see_registration(user, registration)
    if not allowed:
        raise PermissionDenied
    return registration


def acts_for(user: Any, registration: Registration) -> bool:
    """B2B meetings are taken part in by the registration's own login or, for staff registered as a
    group without a login of their own, by the company contact who registered them."""
    if not getattr(user, "is_authenticated", False):
        return False
    return registration.user_id == user.pk or (registration.user_id is None
                                               and registration.registered_by_id == user.pk)


def my_participations(user: Any, event: Event) -> list[Registration]:
    """Confirmed registrations at ``event`` the viewer acts for in B2B: their own first, then staff
    they registered as a group (by name)."""
    if not getattr(user, "is_authenticated", False):
        return []
    regs = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).filter(
        Q(user=user) | Q(user__isnull=True, registered_by=user))
    return sorted(regs, key=lambda r: (r.user_id != user.pk, r.display_name, r.pk))


def acting_query(registration: Registration) -> str:
    """``?as=N`` for links to the B2B pages of staff registered without a login (whoever acts for
    them picks them with it); empty for a registration with its own login."""
    return f"?as={registration.pk}" if registration.user_id is None else ""


def meeting_request_for_user(user: Any, pk: int) -> MeetingRequest:
    req = (MeetingRequest.objects.select_related("event", "requester", "recipient").filter(pk=pk).first())
    if req is None:
        raise Http404
    if acts_for(user, req.requester) or acts_for(user, req.recipient):
        return req
    if can_organise(user, req.event):
        return req
    raise PermissionDenied


def meeting_for_organiser(user: Any, event: Event, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("request", "slot").filter(pk=pk, event=event).first()
    if meeting is None:
        raise Http404
    if not can_organise(user, event):
        raise PermissionDenied
    return meeting


def exhibitor_for_user(user: Any, event: Event, pk: int, *, write: bool = False) -> Exhibitor:
    exhibitor = Exhibitor.objects.filter(pk=pk, event=event).first()
    if exhibitor is None:
        raise Http404
    if write and not can_organise(user, event):
        raise PermissionDenied
    return exhibitor


def session_for_organiser(user: Any, event: Event, pk: int) -> Session:
    session = Session.objects.filter(pk=pk, event=event).first()
    if session is None:
        raise Http404
    if not can_organise(user, event):
        raise PermissionDenied
    return session


def meeting_slot_for_organiser(user: Any, event: Event, pk: Any) -> MeetingSlot | None:
    """The event's slot ``pk`` for its organisers (None when there is no such slot)."""
    if not can_organise(user, event):
        raise PermissionDenied
    pk = id_param(pk)  # '²', 'abc' and ids past 64-bit are no slot, not a 500
    return MeetingSlot.objects.filter(event=event, pk=pk).first() if pk else None


def meeting_partner(event: Event, pk: int) -> Registration:
    """A confirmed participant of ``event`` one may ask for a meeting (404 otherwise)."""
    recipient = Registration.objects.filter(pk=pk, event=event, status=Registration.Status.CONFIRMED).first()
    if recipient is None:
        raise Http404
    return recipient
