"""The events demo's paid delegation: one fee awaiting a bank transfer, one paid; idempotent."""

from __future__ import annotations

import pytest

from shanglian.events import services as events
from shanglian.events.demo import _fees
from shanglian.events.models import Registration
from shanglian.payments.models import Payment

pytestmark = pytest.mark.django_db


def test_demo_fees(paid_forum, registration, make_user, secretariat):
    other = make_user("other")
    (second,) = events.registration_create(actor=other, event=paid_forum, language="zh-hant", attendees=[
        events.Attendee(name_zh="李小明", email="lee@example.invalid", user=other)])
    for _ in range(2):
        _fees(paid_forum, registration, second, secretariat)
    assert sorted(Payment.objects.values_list("status", flat=True)) == ["paid", "pending"]
    assert not Registration.objects.get(pk=registration.pk).paid and Registration.objects.get(pk=second.pk).paid
