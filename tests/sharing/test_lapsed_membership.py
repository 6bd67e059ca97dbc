"""Access reads membership status AND validity dates: once the provider's membership has run out
(its end date past, even while the status still says active, before the daily job flips it), its
listing leaves search, the page and the API, cannot be booked, changed or resubmitted. And booking
times out of range are refused, not a 500."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from shanglian.core.errors import Conflict, Forbidden
from shanglian.directory.models import Membership
from shanglian.sharing import access, selectors, services
from shanglian.sharing.models import Listing
from tests.sharing.conftest import listing_values, next_day_at

pytestmark = pytest.mark.django_db


def _lapse(enterprise):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Membership.objects.filter(enterprise=enterprise).update(start_date=yesterday - datetime.timedelta(days=400),
                                                            end_date=yesterday)  # status untouched: still "active"


def test_lapsed_provider_listing_is_hidden_and_unbookable(client, desks, provider, provider_enterprise, requester,
                                                          east_enterprise):
    assert desks in selectors.search_listings(selectors.ListingFilters.from_query({}))
    _lapse(provider_enterprise)
    assert Membership.objects.filter(enterprise=provider_enterprise, status="active").exists()
    assert desks not in selectors.search_listings(selectors.ListingFilters.from_query({}))
    with pytest.raises(Http404):
        access.listing_for_user(requester, desks.pk)
    assert access.listing_for_user(provider, desks.pk) == desks  # the owner still sees it
    assert client.get(f"/api/v1/sharing/listings/{desks.pk}").status_code == 404
    assert desks.pk not in [x["id"] for x in client.get("/api/v1/sharing/listings").json()["items"]]
    with pytest.raises(Conflict):
        services.booking_request(actor=requester, listing=desks, enterprise=east_enterprise,
                                 starts_at=next_day_at(10), ends_at=next_day_at(11))


def test_lapsed_member_cannot_change_or_resubmit(provider, provider_enterprise, secretariat):
    listing = services.listing_save(actor=provider, enterprise=provider_enterprise, values=listing_values())
    _lapse(provider_enterprise)
    with pytest.raises(Forbidden):
        services.listing_save(actor=provider, listing=listing, values=listing_values(title_en="Changed"))
    with pytest.raises(Forbidden):
        services.listing_submit(actor=provider, listing=listing)
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.DRAFT
    services.listing_submit(actor=secretariat, listing=listing)  # the secretariat still can


@pytest.mark.parametrize("starts_at,ends_at", [
    ("9999-12-31T23:00:00-12:00", "9999-12-31T23:59:59-12:00"),  # moved to UTC: year 10000
    ("0001-01-01T00:00:00+14:00", "0001-01-01T01:00:00+14:00"),  # moved to UTC: year 0
])
def test_booking_with_extreme_dates_is_refused_not_a_500(client, desks, requester, east_enterprise, starts_at,
                                                         ends_at):
    """Regression: an OverflowError from astimezone() answered 500."""
    import json

    client.force_login(requester)
    response = client.post("/api/v1/sharing/bookings", json.dumps({
        "listing_id": desks.pk, "enterprise_id": east_enterprise.pk, "starts_at": starts_at, "ends_at": ends_at}),
        content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "bad_time"
