"""Directory services refuse with core.errors.DomainError (code, status, translated message, field
errors); the pages that catch them keep showing the message."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from shanglian.core.errors import Conflict, DomainError
from shanglian.directory import services
from shanglian.directory.models import Membership
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_second_membership_and_second_renewal_are_conflicts(secretariat, kt_enterprise, kwun_tong):
    with pytest.raises(Conflict) as caught:
        services.membership_create(actor=secretariat, association=kwun_tong, enterprise=kt_enterprise,
                                   start_date=datetime.date(2025, 1, 1))
    assert (caught.value.code, caught.value.status) == ("membership_exists", 409)
    membership = kt_enterprise.memberships.get()
    with pytest.raises(DomainError) as caught:  # an end date before the next period starts
        services.membership_renew(actor=secretariat, membership=membership, end_date=datetime.date(2000, 1, 1))
    assert caught.value.code == "bad_end_date" and list(caught.value.fields) == ["end_date"]
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.RENEWED)
    with translation.override("en"), pytest.raises(Conflict) as caught:
        services.membership_renew(actor=secretariat, membership=membership, end_date=datetime.date(2030, 1, 1))
    assert caught.value.code == "membership_closed" and str(caught.value.message).isascii()
    assert caught.value.as_dict() == {"code": "membership_closed", "message": str(caught.value.message),
                                      "fields": None}


def test_enterprise_field_errors_and_taken_registration(secretariat, kt_enterprise, east_enterprise):
    with pytest.raises(DomainError) as caught:
        services.enterprise_update(actor=secretariat, enterprise=east_enterprise, values={"phone": "12"})
    assert caught.value.code == "invalid" and "phone" in caught.value.fields
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise, values={"br_number": "12345678"})
    with pytest.raises(Conflict) as caught:
        services.enterprise_update(actor=secretariat, enterprise=east_enterprise, values={"br_number": "12345678"})
    assert caught.value.code == "br_number_taken" and list(caught.value.fields) == ["br_number"]


def test_renew_page_shows_the_refusal(client, kt_admin, kt_enterprise, kwun_tong):
    membership = kt_enterprise.memberships.get()
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.RENEWED)
    assert client.login(username=kt_admin.username, password=PASSWORD)
    url = reverse("directory:membership_renew", args=[kwun_tong.slug, membership.pk])
    response = client.post(url, {"end_date": "2030-12-31"}, follow=True)
    assert "此會籍已續會或已終止，不能再續。" in response.content.decode()
