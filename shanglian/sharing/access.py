"""One access helper per entity. Who acts for which enterprise is the directory's rule
(``directory.access.can_manage_enterprise``: its own users, its association's admins while it is a
current member, the secretariat). Listings: published ones are public; drafts and pending ones are
for their managers only (404 for others). Bookings: the two sides and the secretariat (404 for
everyone else)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from shanglian.directory import access as directory
from shanglian.directory.models import Enterprise
from shanglian.sharing.models import Booking, Dispute, Listing

PROVIDER, REQUESTER, SECRETARIAT = "provider", "requester", "secretariat"


def is_secretariat(user: Any) -> bool:
    return directory.is_secretariat(user)


def acting_enterprises(user: Any) -> list[Enterprise]:
    """Enterprises ``user`` may list and book for: their own enterprises that are current members."""
    ids = directory.current_member_enterprise_ids(user)
    return list(Enterprise.objects.filter(pk__in=ids).order_by("name_zh", "pk"))


def acting_enterprises_qs(user: Any):
    return Enterprise.objects.filter(pk__in=directory.current_member_enterprise_ids(user)).order_by("name_zh", "pk")


def provider_is_current(listing: Listing) -> bool:
    """The listing's enterprise is a current member today (status and validity dates, the
    directory's one rule): only then is the listing shown and bookable."""
    return directory.current_memberships().filter(enterprise_id=listing.enterprise_id).exists()


def can_manage_listing(user: Any, listing: Listing) -> bool:
    return directory.can_manage_enterprise(user, listing.enterprise)


def listing_for_user(user: Any, pk: int, *, write: bool = False) -> Listing:
    listing = Listing.objects.select_related("enterprise", "district").filter(pk=pk).first()
    if listing is None:
        raise Http404
    manages = can_manage_listing(user, listing)
    if write:
        if manages:
            return listing
        if listing.status != Listing.Status.PUBLISHED or not provider_is_current(listing):
            raise Http404
        raise PermissionDenied
    if not manages and (listing.status != Listing.Status.PUBLISHED or not provider_is_current(listing)):
        raise Http404  # a lapsed member's listing is not shown, though it stays published for when they renew
    return listing


def booking_side(user: Any, booking: Booking) -> str | None:
    if directory.can_manage_enterprise(user, booking.listing.enterprise) and not is_secretariat(user):
        return PROVIDER
    if directory.can_manage_enterprise(user, booking.enterprise) and not is_secretariat(user):
        return REQUESTER
    if is_secretariat(user):
        return SECRETARIAT
    return None


def booking_for_user(user: Any, pk: int, *, sides: tuple[str, ...] = (PROVIDER, REQUESTER, SECRETARIAT)
                     ) -> tuple[Booking, str]:
    booking = (Booking.objects.select_related("listing__enterprise", "enterprise", "requested_by")
               .filter(pk=pk).first())
    if booking is None:
        raise Http404
    side = booking_side(user, booking)
    if side is None:
        raise Http404
    if side not in sides:
        raise PermissionDenied
    return booking, side


def dispute_for_staff(user: Any, pk: int) -> Dispute:
    if not is_secretariat(user):
        raise PermissionDenied
    dispute = Dispute.objects.select_related("booking__listing").filter(pk=pk).first()
    if dispute is None:
        raise Http404
    return dispute


def require_secretariat(user: Any) -> None:
    if not is_secretariat(user):
        raise PermissionDenied
