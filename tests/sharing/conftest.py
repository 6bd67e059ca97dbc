"""Sharing fixtures: a provider (觀塘 IT, a current member of 觀塘) with a published 8-desk listing
in Kwun Tong, a requester (東區的士, a member of 東區) and a Shenzhen requester (cross-border)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from shanglian.core.models import Industry, Place
from shanglian.directory import services as directory
from shanglian.directory.models import EnterpriseRole
from shanglian.sharing import services

HK = zoneinfo.ZoneInfo("Asia/Hong_Kong")


def listing_values(**extra):
    values = {"kind": "space", "title_zh_hant": "觀塘共享辦公桌", "title_zh_hans": "观塘共享办公桌",
              "title_en": "Kwun Tong hot desks", "description_zh_hant": "近港鐵站的共享辦公室，八張辦公桌。",
              "city": "hong-kong", "district": Place.objects.get(code="kwun-tong"), "address": "觀塘道 1 號",
              "lat": 22.3120, "lng": 114.2250, "capacity": 8, "unit": "hour", "currency": "HKD", "price": "50",
              "deposit": "0", "policy": "moderate", "lead_time_hours": 0, "instant_booking": True,
              "opens_at": datetime.time(8), "closes_at": datetime.time(22), "weekdays": []}
    values.update(extra)
    return values


def next_day_at(hour: int, days: int = 3) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), HK)


@pytest.fixture
def provider(kt_member):
    return kt_member


@pytest.fixture
def provider_enterprise(kt_enterprise):
    return kt_enterprise


@pytest.fixture
def requester(make_user, east_enterprise):
    user = make_user("east-member")
    EnterpriseRole.objects.create(user=user, enterprise=east_enterprise, role=EnterpriseRole.Role.OWNER)
    return user


@pytest.fixture
def sz_enterprise(eastern, secretariat):
    return directory.enterprise_create(
        actor=secretariat, association=eastern, start_date=datetime.date(2024, 1, 1),
        values={"name_zh": "深圳電子有限公司", "name_en": "Shenzhen Electronics", "description": "電子",
                "industry": Industry.objects.get(code="electronics"), "place": Place.objects.get(code="shenzhen")})


@pytest.fixture
def sz_requester(make_user, sz_enterprise):
    user = make_user("sz-member")
    EnterpriseRole.objects.create(user=user, enterprise=sz_enterprise, role=EnterpriseRole.Role.OWNER)
    return user


def publish(listing, secretariat):
    services.listing_submit(actor=secretariat, listing=listing)
    return services.listing_review(actor=secretariat, listing=listing, approve=True)


@pytest.fixture
def desks(provider, provider_enterprise, secretariat):
    listing = services.listing_save(actor=provider, enterprise=provider_enterprise, values=listing_values())
    return publish(listing, secretariat)


@pytest.fixture
def room(provider, provider_enterprise, secretariat):
    listing = services.listing_save(actor=provider, enterprise=provider_enterprise, values=listing_values(
        title_zh_hant="觀塘會議室", title_en="Kwun Tong meeting room", capacity=1, instant_booking=False,
        price="300", policy="strict"))
    return publish(listing, secretariat)
