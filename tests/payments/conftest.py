"""Payments fixtures: a paid forum (HKD 300) organised by Kwun Tong, with one registrant."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from shanglian.events import services as events
from shanglian.events.models import Event


@pytest.fixture
def paid_forum(kwun_tong, secretariat) -> Event:
    start = timezone.now() + datetime.timedelta(days=10)
    event = events.event_save(actor=secretariat, values={
        "type": "forum", "title_zh_hant": "大灣區論壇", "title_en": "GBA Forum", "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=4), "association": kwun_tong, "capacity": 20,
        "audience": "public", "is_published": True, "venue_zh_hant": "會展"})
    Event.objects.filter(pk=event.pk).update(fee=Decimal("300.00"))
    event.refresh_from_db()
    return event


@pytest.fixture
def registration(paid_forum, outsider):
    (reg,) = events.registration_create(actor=outsider, event=paid_forum, language="en", attendees=[
        events.Attendee(name_zh="陳大文", email="chan@example.invalid", user=outsider)])
    return reg
