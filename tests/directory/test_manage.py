"""Association admins manage their own members, dues, contacts and terms — and nothing else."""

import datetime

import pytest
from django.urls import reverse

from shanglian.core.models import AuditEntry
from shanglian.directory.models import Membership, OfficeBearer, Person, Term
from tests.conftest import PASSWORD


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.mark.django_db
def test_admin_renews_own_member_and_history_is_kept(client, kt_admin, kt_enterprise, kwun_tong):
    membership = kt_enterprise.memberships.get()
    Membership.objects.filter(pk=membership.pk).update(end_date=datetime.date(2024, 12, 31))
    login(client, kt_admin)
    url = reverse("directory:membership_renew", args=[kwun_tong.slug, membership.pk])
    response = client.post(url, {"end_date": "2025-12-31", "dues_amount": "1200"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.RENEWED
    renewal = membership.renewal
    assert renewal.status == Membership.Status.ACTIVE
    assert renewal.start_date == datetime.date(2025, 1, 1)
    assert renewal.dues_amount == 1200
    assert AuditEntry.objects.filter(action="membership.renew", actor=kt_admin).exists()
    # Renewing the same (now renewed) period again is refused and changes nothing.
    count = Membership.objects.count()
    client.post(url, {"end_date": "2026-12-31"})
    assert Membership.objects.count() == count


@pytest.mark.django_db
def test_admin_cannot_renew_other_association_member(client, kt_admin, east_enterprise, eastern):
    membership = east_enterprise.memberships.get()
    login(client, kt_admin)
    for slug in (eastern.slug, "kwun-tong"):
        url = reverse("directory:membership_renew", args=[slug, membership.pk])
        assert client.post(url, {"end_date": "2030-12-31"}).status_code == 403
        url = reverse("directory:membership_payment", args=[slug, membership.pk])
        assert client.post(url, {"paid_on": "2025-01-01"}).status_code == 403
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE and membership.dues_status == Membership.Dues.UNPAID
    assert Membership.objects.filter(enterprise=east_enterprise).count() == 1
    assert not AuditEntry.objects.filter(actor=kt_admin).exists()


@pytest.mark.django_db
def test_admin_records_payment(client, kt_admin, kt_enterprise, kwun_tong):
    membership = kt_enterprise.memberships.get()
    login(client, kt_admin)
    client.post(
        reverse("directory:membership_payment", args=[kwun_tong.slug, membership.pk]), {"paid_on": "2025-02-01"}
    )
    membership.refresh_from_db()
    assert membership.dues_status == Membership.Dues.PAID
    assert membership.dues_paid_on == datetime.date(2025, 2, 1)


@pytest.mark.django_db
def test_admin_adds_member_with_validation(client, kt_admin, kwun_tong):
    login(client, kt_admin)
    url = reverse("directory:member_add", args=[kwun_tong.slug])
    bad = client.post(
        url, {"name_zh": "新公司", "phone": "12", "membership_type": "corporate", "start_date": "2025-01-01"}
    )
    assert bad.status_code == 200
    assert "不是有效的" in bad.content.decode()
    assert not kwun_tong.memberships.exists()
    ok = client.post(
        url,
        {"name_zh": "新公司", "phone": "+852 2345 6789", "membership_type": "corporate", "start_date": "2025-01-01"},
    )
    assert ok.status_code == 302
    assert kwun_tong.enterprises.get().phone == "+85223456789"


@pytest.mark.django_db
def test_outsider_cannot_add_member(client, outsider, kwun_tong):
    login(client, outsider)
    url = reverse("directory:member_add", args=[kwun_tong.slug])
    assert (
        client.post(url, {"name_zh": "X", "membership_type": "corporate", "start_date": "2025-01-01"}).status_code
        == 403
    )
    assert not kwun_tong.memberships.exists()


@pytest.mark.django_db
def test_contacts_allow_and_deny(client, kt_admin, kt_enterprise, east_enterprise):
    login(client, kt_admin)
    url = reverse("directory:contacts", args=[kt_enterprise.pk])
    assert client.post(url, {"name_zh": "陳大文", "title": "經理", "phone": "91234567",
                             "privacy_consent": "1"}).status_code == 302
    assert Person.objects.get(enterprise=kt_enterprise).phone == "+85291234567"
    other = reverse("directory:contacts", args=[east_enterprise.pk])
    assert client.post(other, {"name_zh": "李小明", "privacy_consent": "1"}).status_code == 403
    assert not Person.objects.filter(enterprise=east_enterprise).exists()


@pytest.mark.django_db
def test_terms_and_office_bearers(client, kt_admin, kt_enterprise, kwun_tong, eastern):
    person = Person.objects.create(name_zh="黃志強", enterprise=kt_enterprise)
    login(client, kt_admin)
    response = client.post(
        reverse("directory:terms_manage", args=[kwun_tong.slug]),
        {"number": 17, "start_date": "2017-04-01", "end_date": "2019-03-31"},
    )
    assert response.status_code == 302
    term = Term.objects.get(association=kwun_tong, number=17)
    assert term.label == "第十七屆"
    dup = client.post(
        reverse("directory:terms_manage", args=[kwun_tong.slug]), {"number": 17, "start_date": "2017-04-01"}
    )
    assert dup.status_code == 200 and Term.objects.filter(association=kwun_tong).count() == 1
    client.post(
        reverse("directory:term_bearers", args=[kwun_tong.slug, 17]), {"person": person.pk, "position": "president"}
    )
    assert OfficeBearer.objects.get(term=term).position == "president"
    page = client.get(reverse("directory:term", args=[kwun_tong.slug, 17]))
    assert "黃志強" in page.content.decode()
    # Not their association: refused, nothing created.
    assert (
        client.post(
            reverse("directory:terms_manage", args=[eastern.slug]), {"number": 1, "start_date": "2020-01-01"}
        ).status_code
        == 403
    )
    assert not Term.objects.filter(association=eastern).exists()
