"""Permission rows of the sharing platform (issue 14).

World: enterprise A (member_a; admin_a manages it) publishes ``sharing_listing`` (8 desks, instant
booking) and keeps ``sharing_draft`` unpublished; enterprise B (member_b; admin_b) booked the
listing (``sharing_booking``, confirmed) and wrote a message with a PDF attached; a dispute is open.
The provider's side: member_a, admin_a. The requester's side: member_b, admin_b. The secretariat
reads every booking and writes messages but takes no provider/requester action."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.permissions.matrix import GP, P, logged_in, only, public, row
from tests.sharing.conftest import next_day_at

LABELS = ("sharing",)
PROVIDER = ("member_a", "admin_a")
REQUESTER = ("member_b", "admin_b")
BOTH = (*PROVIDER, *REQUESTER)
VIEWERS = (*BOTH, "secretariat")
ENT_A = (*PROVIDER, "secretariat")
LISTING = {"pk": "sharing_listing.pk"}
BOOKING = {"pk": "sharing_booking.pk"}


def build(w) -> None:
    from shanglian.sharing import documents, services
    from shanglian.sharing.models import Listing

    values = {"kind": "space", "title_zh_hant": "甲共享辦公桌", "description_zh_hant": "八張辦公桌",
              "city": "hong-kong",
              "address": "觀塘道 1 號", "lat": 22.31, "lng": 114.22, "capacity": 8, "unit": "hour", "currency": "HKD",
              "price": "50", "lead_time_hours": 0, "instant_booking": True, "opens_at": datetime.time(0),
              "closes_at": datetime.time(23, 59), "weekdays": []}
    listing = services.listing_save(actor=w.member_a, enterprise=w.enterprise_a, values=values)
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.PUBLISHED, published_at=timezone.now())
    listing.refresh_from_db()
    w.sharing_listing = listing
    w.sharing_draft = services.listing_save(actor=w.member_a, enterprise=w.enterprise_a,
                                            values={**values, "title_zh_hant": "甲草稿"})
    # 11:00 in Hong Kong three days on, whatever the hour the suite runs at (an hour taken from
    # "now" crossed the listing's midnight when run at 14:00–16:00 UTC).
    start = next_day_at(11)
    w.sharing_booking = services.booking_request(actor=w.member_b, listing=listing, enterprise=w.enterprise_b,
                                                 starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    w.sharing_message = services.message_post(
        actor=w.member_b, booking=w.sharing_booking, side="requester", body="附上公司資料",
        attachment=SimpleUploadedFile("profile.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"))
    w.sharing_dispute = services.dispute_open(actor=w.member_b, booking=w.sharing_booking, side="requester",
                                              reason="測試爭議")
    w.sharing_feed = SimpleNamespace(token=documents.feed_token(w.enterprise_a.pk))


PAGES = {
    "sharing:home": row(public()),
    "sharing:home#filters": row(public(), route="sharing:home",
                                query={"kind": "space", "city": "hong-kong", "side": "hk", "date": "2031-01-06",
                                       "start": "09:00", "end": "11:00", "max_price": "100", "capacity": "2",
                                       "sort": "distance", "lat": "22.3", "lng": "114.2", "q": "辦公桌"}),
    "sharing:home#district": row(public(), route="sharing:home", query={"district": "kwun-tong", "kind": "space"}),
    "sharing:listing": row(public(), kwargs=LISTING),
    "sharing:listing#draft": row(only(*ENT_A, anonymous="deny", consumer="deny"), route="sharing:listing",
                                 kwargs={"pk": "sharing_draft.pk"}),
    "sharing:listing_ics": row(public(), kwargs=LISTING),
    "sharing:feed": row(public(), kwargs={"token": "sharing_feed.token"}),
    "sharing:need": row(public(), kwargs={"pk": "opportunity_a.pk"}),
    "sharing:mine": row(logged_in()),
    "sharing:new": row(logged_in(), methods=GP, data={}),
    "sharing:edit": row(only(*ENT_A), kwargs=LISTING, methods=GP, data={}),
    "sharing:submit": row(only(*ENT_A), kwargs={"pk": "sharing_draft.pk"}, methods=P),
    "sharing:withdraw": row(only(*ENT_A), kwargs=LISTING, methods=P),
    "sharing:blocks": row(only(*ENT_A), kwargs=LISTING, methods=GP, data={}),
    "sharing:book": row(logged_in(), kwargs=LISTING, methods=GP, data={}),
    "sharing:booking": row(only(*VIEWERS), kwargs=BOOKING, methods=GP, data={"body": "你好"}),
    "sharing:booking_counter": row(only(*PROVIDER), kwargs=BOOKING, methods=P, data={"amount": "80"}),
    "sharing:booking_settle": row(only(*PROVIDER), kwargs=BOOKING, methods=P,
                                  data={"method": "fps", "reference": "FPS123", "paid_on": "2030-01-01"}),
    "sharing:booking_review": row(only(*BOTH), kwargs=BOOKING, methods=P, data={"rating": "5"}),
    "sharing:booking_dispute": row(only(*BOTH), kwargs=BOOKING, methods=P, data={"reason": "未有收到鎖匙"}),
    "sharing:booking_pdf": row(only(*VIEWERS), kwargs={**BOOKING, "kind": "quote"}),
    "sharing:attachment": row(only(*VIEWERS), kwargs={**BOOKING, "message_id": "sharing_message.pk"}),
    "sharing:booking_action": row(only(*BOTH), kwargs={**BOOKING, "name": "cancel"}, methods=P),
    "sharing:review_queue": row(only("secretariat")),
    "sharing:review_decision": row(only("secretariat"), kwargs={"pk": "sharing_draft.pk", "decision": "approve"},
                                   methods=P),
    "sharing:usage": row(only("secretariat")),
    "sharing:disputes": row(only("secretariat")),
    "sharing:dispute_resolve": row(only("secretariat"), kwargs={"pk": "sharing_dispute.pk"}, methods=P,
                                   data={"resolution": "雙方同意退款"}),
}

API = {
    "shanglian_sharing_api_list_listings": row(public()),
    "shanglian_sharing_api_get_listing": row(public(), kwargs={"listing_id": "sharing_listing.pk"}),
    "shanglian_sharing_api_create_booking": row(
        only("member_b"), data={"listing_id": "sharing_listing.pk", "enterprise_id": "enterprise_b.pk",
                                "starts_at": "2031-01-06T10:00:00+08:00", "ends_at": "2031-01-06T11:00:00+08:00",
                                "quantity": 1}),
    "shanglian_sharing_api_get_booking": row(only(*VIEWERS), kwargs={"booking_id": "sharing_booking.pk"}),
}
