"""Pages: search list, listing, booking form errors, booking page with messages and PDFs, feeds,
secretariat pages, e-mails in the recipient's language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.core.models import UserPreference
from shanglian.sharing import documents, services
from shanglian.sharing.models import Booking, Message
from tests.conftest import PASSWORD
from tests.sharing.conftest import next_day_at

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_search_and_listing_pages(client, desks):
    page = client.get(reverse("sharing:home"),
                      {"q": "辦公桌", "kind": "space", "sort": "distance", "city": "hong-kong"})
    html = page.content.decode()
    assert page.status_code == 200 and "觀塘共享" in html and "辦公桌</mark>" in html
    assert "✓" in page.content.decode()  # trust badge: current member of 觀塘
    page = client.get(reverse("sharing:home"), {"kind": "vehicle", "capacity": "x", "max_price": "nan", "lat": "inf"})
    assert page.status_code == 200 and "找不到符合條件" in page.content.decode()
    page = client.get(reverse("sharing:listing", args=[desks.pk]))
    assert page.status_code == 200 and "未來四星期" in page.content.decode()
    ics = client.get(reverse("sharing:listing_ics", args=[desks.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VCALENDAR" in ics.content


def test_booking_form_errors_write_nothing(client, desks, requester, east_enterprise):
    login(client, requester)
    url = reverse("sharing:book", args=[desks.pk])
    start, end = next_day_at(12), next_day_at(10)
    page = client.post(url, {"enterprise": east_enterprise.pk, "quantity": 1,
                             "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": end.strftime("%Y-%m-%dT%H:%M")})
    assert page.status_code == 200 and "結束時間必須遲於開始時間" in page.content.decode()
    assert not Booking.objects.exists()
    page = client.post(url, {"enterprise": east_enterprise.pk, "quantity": 2,
                             "starts_at": next_day_at(10).strftime("%Y-%m-%dT%H:%M"),
                             "ends_at": next_day_at(12).strftime("%Y-%m-%dT%H:%M")})
    booking = Booking.objects.get()
    assert page.status_code == 302 and booking.quantity == 2 and booking.status == "confirmed"
    assert booking.starts_at == next_day_at(10)  # read in the listing's zone


def test_booking_page_messages_pdf_and_mail_language(client, room, provider, requester, east_enterprise):
    UserPreference.objects.create(user=provider, language="en")
    mail.outbox.clear()
    booking = services.booking_request(actor=requester, listing=room, enterprise=east_enterprise,
                                       starts_at=next_day_at(10), ends_at=next_day_at(11))
    login(client, requester)
    url = reverse("sharing:booking", args=[booking.pk])
    bad = client.post(url, {"body": "看附件", "attachment": SimpleUploadedFile("x.exe", b"MZ\x90\x00 not allowed")})
    assert "附件只可以是 PDF 或相片" in bad.content.decode() and not Message.objects.exists()
    ok = client.post(url, {"body": "請問有投影機嗎？",
                           "attachment": SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert ok.status_code == 302
    page = client.get(url)
    assert "請問有投影機嗎" in page.content.decode()
    message = Message.objects.get()
    file = client.get(reverse("sharing:attachment", args=[booking.pk, message.pk]))
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")
    pdf = client.get(reverse("sharing:booking_pdf", args=[booking.pk, "quote"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("sharing:booking_pdf", args=[booking.pk, "invoice"])).status_code == 404


def test_mail_in_recipient_language(django_capture_on_commit_callbacks, room, provider, requester, east_enterprise):
    UserPreference.objects.create(user=provider, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_request(actor=requester, listing=room, enterprise=east_enterprise,
                                 starts_at=next_day_at(10), ends_at=next_day_at(11))
    sent = [m for m in mail.outbox if provider.email in m.to]
    assert sent and "New booking request" in sent[0].subject


def test_member_feed_is_signed(client, desks, requester, east_enterprise, provider_enterprise):
    services.booking_request(actor=requester, listing=desks, enterprise=east_enterprise, starts_at=next_day_at(10),
                             ends_at=next_day_at(11))
    token = documents.feed_token(provider_enterprise.pk)
    feed = client.get(reverse("sharing:feed", args=[token]))
    assert feed.status_code == 200 and b"VEVENT" in feed.content
    assert client.get(reverse("sharing:feed", args=[token[:-2] + "xx"])).status_code == 404


def test_secretariat_pages(client, desks, secretariat, provider):
    login(client, secretariat)
    for name in ("sharing:review_queue", "sharing:usage", "sharing:disputes", "sharing:mine"):
        assert client.get(reverse(name)).status_code == 200
    login(client, provider)
    page = client.get(reverse("sharing:mine"))
    assert page.status_code == 200 and "觀塘共享辦公桌" in page.content.decode()
    html = client.get(reverse("sharing:home")).content.decode()
    assert 'href="/zh-hant/sharing/"' in html  # the nav link (共享)


def test_secretariat_writes_on_a_booking(desks, requester, east_enterprise, secretariat):
    booking = services.booking_request(actor=requester, listing=desks, enterprise=east_enterprise,
                                       starts_at=next_day_at(10), ends_at=next_day_at(11))
    message = services.message_post(actor=secretariat, booking=booking, side="secretariat", body="秘書處跟進")
    assert Message.objects.get(pk=message.pk).side == "secretariat"
