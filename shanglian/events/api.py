"""Events API: /api/v1/events/…  Public events without login; registration and check-in need a
session login (``django_auth``: the same cookie as the pages, CSRF token on writes)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from shanglian.core import privacy
from shanglian.core.api_errors import ErrorOut
from shanglian.core.errors import DomainError
from shanglian.core.selectors import paginate
from shanglian.events import access, selectors, services, tickets
from shanglian.events.models import Event, Registration

router = Router()
MAX_PAGE_SIZE = 100


class EventOut(Schema):
    id: int
    slug: str
    type: str
    title_zh_hant: str
    title_zh_hans: str
    title_en: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    timezone: str
    venue: str
    association: str
    capacity: int | None
    seats_left: int | None
    audience: str
    approval_required: bool
    fee: str
    registration_open: bool
    url: str


class SessionOut(Schema):
    id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    room: str
    speakers: list[str]


class OrganiserOut(Schema):
    role: str
    name_zh: str
    name_en: str


class StopOut(Schema):
    date: datetime.date
    city: str
    host: str


class EventDetailOut(EventOut):
    description: str
    sessions: list[SessionOut]
    organisers: list[OrganiserOut]
    itinerary: list[StopOut]


class EventPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EventOut]


class AttendeeIn(Schema):
    name_zh: str = ""
    name_en: str = ""
    email: str
    phone: str = ""
    title: str = ""
    company: str = ""
    answers: dict[int, str] = {}


class RegisterIn(Schema):
    attendees: list[AttendeeIn]
    language: str | None = None
    privacy_consent: bool = Field(False, description="agreed to the collection notice (core.privacy.NOTICE_VERSION), "
                                                     "as on the registration page")
    cross_border_consent: bool = Field(False, description="an attendee with a +86 number: separate consent to the "
                                                          "cross-border transfer")


class RegistrationOut(Schema):
    id: int
    event_id: int
    name_zh: str
    name_en: str
    company: str
    status: str
    ticket_code: str | None
    checked_in_at: datetime.datetime | None


class ScanIn(Schema):
    code: str
    client_id: str | None = None
    scanned_at: datetime.datetime | None = None


class ScanOut(Schema):
    status: str
    ok: bool
    replay: bool
    message: str
    name: str
    company: str
    checked_in_at: str | None
    checked_in_by: str


def _event(e: Event) -> dict:
    return {
        "id": e.pk, "slug": e.slug, "type": e.type, "title_zh_hant": e.title_zh_hant, "title_zh_hans": e.title_zh_hans,
        "title_en": e.title_en, "starts_at": e.starts_at, "ends_at": e.ends_at, "timezone": e.timezone,
        "venue": e.venue, "association": e.association.slug, "capacity": e.capacity, "seats_left": e.seats_left,
        "audience": e.audience, "approval_required": e.approval_required, "fee": str(e.fee),
        "registration_open": e.registration_open(), "url": e.get_absolute_url(),
    }


def _registration(r: Registration) -> dict:
    return {"id": r.pk, "event_id": r.event_id, "name_zh": r.name_zh, "name_en": r.name_en, "company": r.company,
            "status": r.status, "checked_in_at": r.checked_in_at,
            "ticket_code": tickets.display(r.ticket_code) if r.status == "confirmed" else None}


def _lookup(request: HttpRequest, event_id: int, *, write: bool = False) -> Event:
    return access.event_for_user(request.user, event_id, write=write)  # Http404 / PermissionDenied: JSON 404 / 403


@router.get("/events", response=EventPage, summary="Published events (upcoming first; past=true for past ones)")
def list_events(request: HttpRequest, type: str = "", past: bool = False, page: int = 1, page_size: int = 20):
    rows = paginate(selectors.published_events(kind=type, past=past), page, page_size, max_size=MAX_PAGE_SIZE)
    return {"count": rows.count, "page": rows.page, "page_size": rows.page_size,
            "items": [_event(e) for e in rows.items]}


@router.get("/events/{event_id}", response=EventDetailOut, summary="One event with its agenda")
def get_event(request: HttpRequest, event_id: int):
    e = _lookup(request, event_id)
    agenda = selectors.event_agenda(e)
    return {**_event(e), "description": e.description,
            "sessions": [{"id": s.pk, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at, "room": s.room,
                          "speakers": s.speaker_list()} for s in agenda["sessions"]],
            "organisers": [{"role": o.role, "name_zh": o.name_zh, "name_en": o.name_en} for o in agenda["organisers"]],
            "itinerary": [{"date": s.date, "city": s.city, "host": s.host} for s in agenda["itinerary"]]}


@router.post("/events/{event_id}/registrations",
             response={201: list[RegistrationOut], 400: ErrorOut, 409: ErrorOut, 422: ErrorOut},
             auth=django_auth, summary="Register oneself or a group (all or nothing)")
def register(request: HttpRequest, event_id: int, payload: RegisterIn):
    event = _lookup(request, event_id)
    own = access.own_enterprise_ids(request.user)
    attendees = [services.Attendee(name_zh=a.name_zh, name_en=a.name_en, email=a.email, phone=a.phone, title=a.title,
                                   company=a.company, answers=a.answers, enterprise_id=min(own) if own else None,
                                   user=request.user if i == 0 and len(payload.attendees) == 1 else None)
                 for i, a in enumerate(payload.attendees)]
    language = payload.language if payload.language in ("zh-hant", "zh-hans", "en") else get_language()
    # The same notice and consent as the registration page (names, e-mails and phones are collected).
    refused = privacy.consent_errors(payload.dict(), phone=privacy.mainland_phone(a.phone for a in attendees))
    if refused:
        raise DomainError("consent_required", next(iter(refused.values())), status=422, fields=refused)
    created = services.registration_create(actor=request.user, event=event, attendees=attendees, language=language)
    for r in created:
        privacy.consent_record(purpose="event_registration", phone=r.phone, user=request.user,
                               cross_border=privacy.needs_cross_border(r.phone))
    return Status(201, [_registration(r) for r in created])



@router.get("/registrations", response=list[RegistrationOut], auth=django_auth, summary="My registrations")
def my_registrations(request: HttpRequest):
    return [_registration(r) for r in selectors.user_registrations_newest(request.user, limit=200)]


@router.post("/registrations/{registration_id}/cancel", response={200: RegistrationOut, 400: ErrorOut, 409: ErrorOut},
             auth=django_auth, summary="Cancel a registration (the waitlist moves up)")
def cancel(request: HttpRequest, registration_id: int):
    registration = access.registration_for_user(request.user, registration_id)
    services.registration_cancel(actor=request.user, registration=registration)  # refusals: JSON 400 / 409
    return Status(200, _registration(registration))


@router.post("/events/{event_id}/checkin", response=ScanOut, auth=django_auth,
             summary="Check a ticket in (organisers); idempotent per client_id")
def checkin(request: HttpRequest, event_id: int, payload: ScanIn):
    from shanglian.events.views_checkin import result_json

    event = _lookup(request, event_id, write=True)
    result = services.checkin_scan(actor=request.user, event=event, code=payload.code[:200],
                                   client_id=(payload.client_id or "")[:64] or None, scanned_at=payload.scanned_at)
    return result_json(result)
