"""Events fixtures: a published forum owned by Kwun Tong, and a helper to register people."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from shanglian.events import services
from shanglian.events.models import Event
from tests.conftest import PASSWORD


def login(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def forum(kwun_tong, secretariat) -> Event:
    start = timezone.now() + datetime.timedelta(days=10)
    return services.event_save(actor=secretariat, values={
        "type": "forum", "title_zh_hant": "大灣區 香港新機遇 城際論壇", "title_en": "GBA Forum",
        "starts_at": start, "ends_at": start + datetime.timedelta(hours=4), "association": kwun_tong,
        "capacity": 2, "audience": "public", "is_published": True, "venue_zh_hant": "香港會議展覽中心",
    })


def person(n: int, **extra) -> services.Attendee:
    return services.Attendee(name_zh=f"陳{n}", name_en=f"Chan {n}", email=f"p{n}@example.invalid",
                             company="觀塘資訊科技", **extra)


def register(event, actor, *people, language="zh-hant"):
    return services.registration_create(actor=actor, event=event, attendees=list(people), language=language)
