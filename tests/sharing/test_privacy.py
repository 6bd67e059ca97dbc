"""Booking messages, their attachments, request notes, reviews and disputes are in the personal-data
export and erasure (core.privacy), keyed by the person's login account."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shanglian.core.privacy import personal_data_erase, personal_data_export, subject_for
from shanglian.directory.models import Person
from shanglian.sharing import services
from shanglian.sharing.models import Booking, Message
from tests.sharing.conftest import next_day_at

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_messages_and_attachments_exported_and_erased(desks, requester, provider, east_enterprise, settings,
                                                      tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    person = Person.objects.create(name_zh="東區陳生", phone="+85291110000", user=requester)
    booking = services.booking_request(actor=requester, listing=desks, enterprise=east_enterprise,
                                       starts_at=next_day_at(10), ends_at=next_day_at(12), message="請預留近窗座位")
    mine = services.message_post(actor=requester, booking=booking, side="requester", body="會帶投影機",
                                 attachment=SimpleUploadedFile("floor-plan.pdf", PDF, content_type="application/pdf"))
    theirs = services.message_post(actor=provider, booking=booking, side="provider", body="沒問題")
    path = mine.attachment.path

    subject = subject_for(person_ids=[person.pk])  # the directory resolver brings the account
    rows = personal_data_export(subject)["sharing"]
    kinds = {r["kind"]: r for r in rows}
    assert kinds["booking_request"]["message"] == "請預留近窗座位"
    assert kinds["booking_message"]["body"] == "會帶投影機"
    assert kinds["booking_message"]["attachment"] == "floor-plan.pdf"
    assert all(r.get("body") != "沒問題" for r in rows)  # the other side's words are theirs
    assert personal_data_export(subject_for(phones=["+85261234567"]))["sharing"] == []

    counts = personal_data_erase(subject=subject)
    assert counts["sharing"] == 2
    mine.refresh_from_db()
    assert (mine.body, mine.attachment_name, mine.author_id, bool(mine.attachment)) == ("（已刪除）", "", None, False)
    import os

    assert not os.path.exists(path)
    assert Message.objects.get(pk=theirs.pk).body == "沒問題"  # the thread keeps the other side
    b = Booking.objects.get(pk=booking.pk)
    assert (b.message, b.requested_by_id, b.status) == ("", None, booking.status)  # the booking stays
    assert personal_data_erase(subject=subject)["sharing"] == 0  # idempotent
