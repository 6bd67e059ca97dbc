"""Listings and bookings: review before publication, request → accept / counter → confirmed →
completed, instant booking, capacity, cancellation policy, bad input writes nothing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from shanglian.core.errors import Conflict, DomainError, Forbidden
from shanglian.core.models import AuditEntry
from shanglian.sharing import selectors, services
from shanglian.sharing.models import Block, Booking, Listing, Occupancy, Review, Transfer
from tests.sharing.conftest import listing_values, next_day_at, publish

pytestmark = pytest.mark.django_db


def counts():
    return (Listing.objects.count(), Booking.objects.count(), Occupancy.objects.count(), Block.objects.count(),
            AuditEntry.objects.count())


def test_listing_needs_review_before_it_is_public(provider, provider_enterprise, secretariat):
    listing = services.listing_save(actor=provider, enterprise=provider_enterprise, values=listing_values())
    assert listing.side == "hk" and listing.time_zone == "Asia/Hong_Kong"
    assert not selectors.search_listings(selectors.ListingFilters()).filter(pk=listing.pk).exists()
    services.listing_submit(actor=provider, listing=listing)
    with pytest.raises(Forbidden):
        services.listing_review(actor=provider, listing=listing, approve=True)
    publish_ok = services.listing_review(actor=secretariat, listing=listing, approve=True)
    assert publish_ok.status == Listing.Status.PUBLISHED
    assert selectors.search_listings(selectors.ListingFilters()).filter(pk=listing.pk).exists()
    assert selectors.badges([provider_enterprise.pk])[provider_enterprise.pk]  # member of 觀塘


def test_outsider_cannot_list_for_an_enterprise(outsider, provider_enterprise):
    with pytest.raises(Forbidden):
        services.listing_save(actor=outsider, enterprise=provider_enterprise, values=listing_values())
    assert Listing.objects.count() == 0


def test_instant_booking_and_quantity(desks, requester, east_enterprise):
    s, e = next_day_at(10), next_day_at(12)
    b1 = services.booking_request(actor=requester, listing=desks, enterprise=east_enterprise, starts_at=s, ends_at=e,
                                  quantity=5)
    assert b1.status == Booking.Status.CONFIRMED and b1.amount == Decimal("500.00")  # 50 × 2 h × 5
    assert Occupancy.objects.filter(booking=b1).count() == 5
    with pytest.raises(Conflict):
        services.booking_request(actor=requester, listing=desks, enterprise=east_enterprise,
                                 starts_at=next_day_at(11), ends_at=next_day_at(13), quantity=4)
    b2 = services.booking_request(actor=requester, listing=desks, enterprise=east_enterprise,
                                  starts_at=next_day_at(11), ends_at=next_day_at(13), quantity=3)
    assert sorted(b2.occupancies.values_list("unit_no", flat=True)) == [6, 7, 8]
    b3 = services.booking_request(actor=requester, listing=desks, enterprise=east_enterprise,
                                  starts_at=next_day_at(12), ends_at=next_day_at(14), quantity=5)  # b1 ended
    assert b3.status == Booking.Status.CONFIRMED
    day = selectors.availability(desks, start=s.date(), days=1)[0]
    assert day["taken"] == 8 and day["full"]


def test_request_counter_accept_complete_review(room, provider, requester, east_enterprise):
    s, e = next_day_at(10), next_day_at(11)
    b = services.booking_request(actor=requester, listing=room, enterprise=east_enterprise, starts_at=s, ends_at=e)
    assert b.status == Booking.Status.REQUESTED and not Occupancy.objects.exists()
    with pytest.raises(Forbidden):
        services.booking_counter(actor=requester, booking=b, amount="200")
    b = services.booking_counter(actor=provider, booking=b, amount="250", starts_at=next_day_at(14),
                                 ends_at=next_day_at(15))
    assert b.status == Booking.Status.COUNTERED
    b = services.booking_accept(actor=requester, booking=b)
    assert b.status == Booking.Status.CONFIRMED and b.amount == Decimal("250.00")
    assert b.starts_at == next_day_at(14)
    later = b.ends_at + datetime.timedelta(hours=1)
    with pytest.raises(Conflict):
        services.booking_complete(actor=provider, booking=b)  # not over yet
    b = services.booking_complete(actor=provider, booking=b, now=later)
    r1 = services.review_post(actor=requester, booking=b, side="requester", rating=5, text="好地方")
    assert not selectors.review_visible(r1)  # waits for the other side, or 14 days
    assert selectors.review_visible(r1, now=later + datetime.timedelta(days=15))
    services.review_post(actor=provider, booking=b, side="provider", rating=4)
    assert selectors.review_visible(r1)
    with pytest.raises(Conflict):
        services.review_post(actor=provider, booking=b, side="provider", rating=4)
    assert Review.objects.count() == 2


def test_cancellation_policy(room, provider, requester, east_enterprise):
    b = services.booking_request(actor=requester, listing=room, enterprise=east_enterprise, starts_at=next_day_at(10),
                                 ends_at=next_day_at(12))
    b = services.booking_accept(actor=provider, booking=b)
    b = services.booking_cancel(actor=requester, booking=b)
    assert b.cancel_fee == Decimal("600.00")  # strict: all
    assert not Occupancy.objects.filter(booking=b).exists()
    again = services.booking_request(actor=requester, listing=room, enterprise=east_enterprise,
                                     starts_at=next_day_at(10), ends_at=next_day_at(12))
    assert services.booking_accept(actor=provider, booking=again).status == Booking.Status.CONFIRMED


def test_cross_border_booking_needs_consent_and_records_the_transfer(desks, sz_requester, sz_enterprise):
    args = {"actor": sz_requester, "listing": desks, "enterprise": sz_enterprise, "starts_at": next_day_at(10),
            "ends_at": next_day_at(11)}
    before = counts()
    with pytest.raises(DomainError) as err:
        services.booking_request(**args)
    assert err.value.code == "transfer_consent" and counts() == before
    b = services.booking_request(**args, transfer_consent=True)
    t = Transfer.objects.get(booking=b)
    assert (t.from_side, t.to_side, t.basis) == ("mainland", "hk", "gba_contract") and t.consent.cross_border


@pytest.mark.parametrize("case, code", [
    ("past", "in_past"), ("end_before_start", "end_before_start"), ("wrong_currency", "wrong_currency"),
    ("bad_currency", "bad_currency"), ("wrong_zone", "wrong_time_zone"), ("too_many", "bad_quantity"),
    ("outside_hours", "outside_hours"),
])
def test_bad_booking_input_is_refused_and_writes_nothing(desks, requester, east_enterprise, case, code):
    import zoneinfo

    args = {"actor": requester, "listing": desks, "enterprise": east_enterprise, "starts_at": next_day_at(10),
            "ends_at": next_day_at(11)}
    if case == "past":
        args["starts_at"] = timezone.now() - datetime.timedelta(hours=2)
        args["ends_at"] = timezone.now() - datetime.timedelta(hours=1)
    elif case == "end_before_start":
        args["ends_at"] = next_day_at(9)
    elif case == "wrong_currency":
        args["currency"] = "CNY"
    elif case == "bad_currency":
        args["currency"] = "USD"
    elif case == "wrong_zone":
        args["starts_at"] = next_day_at(10).replace(tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))
    elif case == "too_many":
        args["quantity"] = 9
    elif case == "outside_hours":
        args["starts_at"], args["ends_at"] = next_day_at(21), next_day_at(23)
    before = counts()
    with pytest.raises(DomainError) as err:
        services.booking_request(**args)
    assert err.value.code == code
    assert str(err.value.message)  # a sentence, translated
    assert counts() == before


def test_bad_listing_input(provider, provider_enterprise):
    before = counts()
    not_image = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(DomainError) as err:
        services.listing_save(actor=provider, enterprise=provider_enterprise, values=listing_values(),
                              photos=[not_image])
    assert err.value.code == "not_image" and "photos" in err.value.fields
    with pytest.raises(DomainError) as err:
        services.listing_save(actor=provider, enterprise=provider_enterprise, values=listing_values(currency="USD"))
    assert err.value.code == "bad_currency"
    with pytest.raises(DomainError) as err:
        services.listing_save(actor=provider, enterprise=provider_enterprise, values=listing_values(),
                              time_zone="Asia/Shanghai")
    assert err.value.code == "wrong_time_zone"
    with pytest.raises(DomainError):
        services.listing_save(actor=provider, enterprise=provider_enterprise, values=listing_values(price="-1"))
    assert counts() == before
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(png, "PNG")
    ok = services.listing_save(actor=provider, enterprise=provider_enterprise,
                               values=listing_values(city="macao", district=None),
                               photos=[SimpleUploadedFile("p.png", png.getvalue(), content_type="image/png")])
    assert ok.photos.count() == 1 and ok.time_zone == "Asia/Macau" and ok.side == "macao" and ok.district is None


def test_blocks(desks, provider, requester, east_enterprise):
    services.block_add(actor=provider, listing=desks, starts_at=next_day_at(8), ends_at=next_day_at(12),
                       reason="維修")
    before = counts()
    with pytest.raises(Conflict):
        services.block_add(actor=provider, listing=desks, starts_at=next_day_at(11), ends_at=next_day_at(13))
    with pytest.raises(DomainError):
        services.block_add(actor=provider, listing=desks, starts_at=next_day_at(15), ends_at=next_day_at(14))
    with pytest.raises(Conflict):
        services.booking_request(actor=requester, listing=desks, enterprise=east_enterprise,
                                 starts_at=next_day_at(10), ends_at=next_day_at(11))
    assert counts() == before
    f = selectors.ListingFilters.from_query({"date": next_day_at(9).date().isoformat(), "start": "09:00",
                                             "end": "10:00"})
    assert not selectors.search_listings(f).filter(pk=desks.pk).exists()
    f = selectors.ListingFilters.from_query({"date": next_day_at(9).date().isoformat(), "start": "13:00",
                                             "end": "14:00"})
    assert selectors.search_listings(f).filter(pk=desks.pk).exists()


def test_search_filters_and_distance(desks, room, provider, provider_enterprise, secretariat):
    sz = publish(services.listing_save(actor=provider, enterprise=provider_enterprise, values=listing_values(
        title_zh_hant="深圳倉庫", title_zh_hans="深圳仓库", title_en="Shenzhen warehouse", kind="space",
        city="shenzhen", district=None, lat=22.55, lng=114.05, currency="CNY", capacity=1)), secretariat)
    f = selectors.ListingFilters.from_query({"side": "mainland"})
    assert list(selectors.search_listings(f)) == [sz]
    f = selectors.ListingFilters.from_query({"q": "仓库"})  # either script
    assert sz in list(selectors.search_listings(f))
    f = selectors.ListingFilters.from_query({"sort": "distance", "lat": "22.54", "lng": "114.06"})
    assert list(selectors.search_listings(f))[0] == sz
    f = selectors.ListingFilters.from_query({"capacity": "5"})
    assert list(selectors.search_listings(f)) == [desks]
    f = selectors.ListingFilters.from_query({"max_price": "100", "kind": "space"})
    assert room not in list(selectors.search_listings(f))
