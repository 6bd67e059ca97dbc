"""sharing API: /api/v1/sharing/…

- ``GET listings?q=&kind=&city=&side=&date=&start=&end=&max_price=&capacity=&sort=&lat=&lng=`` → {count, items}
- ``GET listings/{id}`` → one published listing (or your own)
- ``POST bookings`` {listing_id, enterprise_id, starts_at, ends_at, quantity, currency?, transfer_consent?}
  → 201; 409 when the range is taken; 400 bad input (past, end before start, wrong time zone or
  currency). Times: ISO 8601; naive times are read in the listing's zone.
- ``GET bookings/{id}`` → a booking of one of your enterprises (either side).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from shanglian.core.api_errors import ErrorOut as Error
from shanglian.core.errors import Forbidden
from shanglian.core.selectors import paginate
from shanglian.sharing import access, selectors, services
from shanglian.sharing.models import Booking, Listing

router = Router()


class ListingOut(Schema):
    id: int
    kind: str
    title: str
    title_zh_hant: str
    title_zh_hans: str
    title_en: str
    enterprise: str
    city: str
    side: str
    address: str
    lat: float | None = None
    lng: float | None = None
    time_zone: str
    capacity: int
    unit: str
    currency: str
    price: Decimal | None = None
    deposit: Decimal
    policy: str
    instant_booking: bool
    status: str
    badges: list[str]


class ListingPage(Schema):
    count: int
    count_capped: bool = False  # count stopped at the search's cap (core.search.COUNT_CAP): "more than"
    page: int
    page_size: int
    items: list[ListingOut]


class BookingIn(Schema):
    listing_id: int
    enterprise_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    quantity: int = 1
    currency: str | None = None
    message: str = ""
    transfer_consent: bool = False


class BookingOut(Schema):
    id: int
    number: str
    listing_id: int
    enterprise_id: int
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    quantity: int
    currency: str
    amount: Decimal | None = None


def _listing(x: Listing, badges: dict[int, list[str]]) -> dict:
    return {"id": x.pk, "kind": x.kind, "title": x.title_zh_hant, "title_zh_hant": x.title_zh_hant,
            "title_zh_hans": x.title_zh_hans, "title_en": x.title_en, "enterprise": x.enterprise.name_zh or
            x.enterprise.name_en, "city": x.city, "side": x.side, "address": x.address, "lat": x.lat, "lng": x.lng,
            "time_zone": x.time_zone, "capacity": x.capacity, "unit": x.unit, "currency": x.currency,
            "price": x.price, "deposit": x.deposit, "policy": x.policy, "instant_booking": x.instant_booking,
            "status": x.status, "badges": [str(b) for b in badges.get(x.enterprise_id, [])]}


def _booking(b: Booking) -> dict:
    return {"id": b.pk, "number": b.number, "listing_id": b.listing_id, "enterprise_id": b.enterprise_id,
            "status": b.status, "starts_at": b.starts_at, "ends_at": b.ends_at, "quantity": b.quantity,
            "currency": b.currency, "amount": b.amount}


@router.get("/listings", response=ListingPage, summary="Search published listings")
def list_listings(request: HttpRequest, page: int = 1, page_size: int = 20):
    rows = paginate(selectors.search_listings(selectors.ListingFilters.from_query(request.GET)), page, page_size)
    badges = selectors.badges([x.enterprise_id for x in rows.items])
    return {"count": rows.count, "count_capped": rows.count_capped, "page": rows.page, "page_size": rows.page_size,
            "items": [_listing(x, badges) for x in rows.items]}


@router.get("/listings/{listing_id}", response=ListingOut, summary="One listing")
def get_listing(request: HttpRequest, listing_id: int):
    x = access.listing_for_user(request.user, listing_id)
    return _listing(x, selectors.badges([x.enterprise_id]))


@router.post("/bookings", response={201: BookingOut, 400: Error, 403: Error, 404: Error, 409: Error},
             auth=django_auth, summary="Request (or instantly book) a listing")
def create_booking(request: HttpRequest, payload: BookingIn):
    listing = access.listing_for_user(request.user, payload.listing_id)
    enterprise = next((e for e in access.acting_enterprises(request.user) if e.pk == payload.enterprise_id), None)
    if enterprise is None:
        raise Forbidden("not_member", _("你不能代表此企業預約。"))
    booking = services.booking_request(  # refusals: DomainError, mapped once by core.api_errors
        actor=request.user, listing=listing, enterprise=enterprise, starts_at=payload.starts_at,
        ends_at=payload.ends_at, quantity=payload.quantity, currency=payload.currency, message=payload.message,
        transfer_consent=payload.transfer_consent)
    return Status(201, _booking(booking))


@router.get("/bookings/{booking_id}", response=BookingOut, auth=django_auth, summary="One of your bookings")
def get_booking(request: HttpRequest, booking_id: int):
    booking, _side = access.booking_for_user(request.user, booking_id)
    return _booking(booking)
