"""Events, agenda sessions, organisers, itinerary stops and registration questions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record, diff, snapshot
from shanglian.core.errors import DomainError
from shanglian.events.models import Event, EventOrganiser, ItineraryStop, RegistrationQuestion, Session

EVENT_FIELDS = (
    "type", "title_zh_hant", "title_zh_hans", "title_en", "description_zh_hant", "description_zh_hans",
    "description_en", "starts_at", "ends_at", "timezone", "venue_zh_hant", "venue_zh_hans", "venue_en",
    "association", "capacity", "registration_opens_at", "registration_closes_at", "audience",
    "approval_required", "fee", "is_published", "meeting_tables", "meeting_response_hours", "slug",
)


def _unique_slug(base: str, exclude_pk: int | None) -> str:
    base = slugify(base)[:60] or "event"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check(values: dict[str, Any], event: Event | None) -> None:
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts and ends and ends < starts:
        raise DomainError.field("ends_at", _("結束時間不可早於開始時間。"))
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and closes < opens:
        raise DomainError.field("registration_closes_at", _("報名截止不可早於報名開始。"))
    capacity = values.get("capacity")
    if event is not None and capacity is not None and capacity < event.seats_taken:
        message = _("名額不可少於已確認及待審批的人數（%(n)s）。") % {"n": event.seats_taken}
        raise DomainError.field("capacity", message)


@transaction.atomic
def event_save(*, actor: Any, values: dict[str, Any], event: Event | None = None) -> Event:
    values = {k: v for k, v in values.items() if k in EVENT_FIELDS}
    for key in ("title_zh_hant", "title_zh_hans", "title_en"):
        if isinstance(values.get(key), str):
            values[key] = values[key].strip()
    if event is not None:
        event = Event.objects.select_for_update().get(pk=event.pk)
    _check(values, event)
    before = snapshot(event) if event else {}
    if event is None:
        event = Event(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    old_capacity = event.capacity if event.pk else None
    for key, value in values.items():
        setattr(event, key, value)
    if not event.slug:
        event.slug = _unique_slug(values.get("title_en") or f"{event.type}-{event.starts_at:%Y%m%d}", event.pk)
    event.save()
    audit_record(actor=actor, action="event.update" if before else "event.create", target=event,
                 association_id=event.association_id, changes=diff(before, snapshot(event)))
    if before and (event.capacity is None or (old_capacity is not None and event.capacity > old_capacity)):
        from shanglian.events.services.registrations import promote_after_capacity_change

        promote_after_capacity_change(actor=actor, event=event)
    return event


@transaction.atomic
def session_save(*, actor: Any, event: Event, values: dict[str, Any], session: Session | None = None) -> Session:
    if values["ends_at"] < values["starts_at"]:
        raise DomainError.field("ends_at", _("結束時間不可早於開始時間。"))
    before = snapshot(session) if session else {}
    session = session or Session(event=event)
    for key in ("title_zh_hant", "title_zh_hans", "title_en", "starts_at", "ends_at", "room", "speakers"):
        if key in values:
            setattr(session, key, values[key])
    session.save()
    audit_record(actor=actor, action="event.session_save", target=session, association_id=event.association_id,
                 changes=diff(before, snapshot(session)))
    return session


@transaction.atomic
def session_delete(*, actor: Any, session: Session) -> None:
    audit_record(actor=actor, action="event.session_delete", target=session,
                 association_id=session.event.association_id, changes=snapshot(session))
    session.delete()


@transaction.atomic
def organiser_add(*, actor: Any, event: Event, role: str, name_zh: str = "", name_en: str = "",
                  association_id: int | None = None) -> EventOrganiser:
    if not (name_zh.strip() or name_en.strip()):
        raise DomainError("invalid", _("請填寫機構名稱。"))
    org = EventOrganiser.objects.create(event=event, role=role, name_zh=name_zh.strip(), name_en=name_en.strip(),
                                        association_id=association_id, sort=event.organisers.count())
    audit_record(actor=actor, action="event.organiser_add", target=org, association_id=event.association_id)
    return org


@transaction.atomic
def itinerary_stop_add(*, actor: Any, event: Event, values: dict[str, Any]) -> ItineraryStop:
    stop = ItineraryStop.objects.create(event=event, **values)
    audit_record(actor=actor, action="event.itinerary_add", target=stop, association_id=event.association_id)
    return stop


@transaction.atomic
def question_add(*, actor: Any, event: Event, values: dict[str, Any]) -> RegistrationQuestion:
    question = RegistrationQuestion.objects.create(event=event, sort=event.questions.count(), **values)
    audit_record(actor=actor, action="event.question_add", target=question, association_id=event.association_id)
    return question
