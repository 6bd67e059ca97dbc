import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from shanglian.core.models import UserPreference
from shanglian.directory.models import Membership


@pytest.mark.django_db(transaction=True)
def test_reminder_in_recipient_language_once(kt_member, kt_enterprise):
    UserPreference.objects.create(user=kt_member, language="en")
    today = datetime.date.today()
    Membership.objects.filter(enterprise=kt_enterprise).update(end_date=today + datetime.timedelta(days=10))
    call_command("memberships_daily")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [kt_member.email]
    assert "membership" in message.subject.lower()
    call_command("memberships_daily")
    assert len(mail.outbox) == 1  # not twice


@pytest.mark.django_db
def test_expire_due(kt_enterprise):
    Membership.objects.filter(enterprise=kt_enterprise).update(end_date=datetime.date(2024, 6, 30))
    call_command("memberships_daily")
    assert kt_enterprise.memberships.get().status == Membership.Status.EXPIRED
