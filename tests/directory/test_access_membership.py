"""Leaks 1 and 2 (issue 10): access reads membership status and dates; contacts and the export
only for the secretariat, the enterprise's association admins while it is a current member, and
the enterprise's own users. Each deny test checks that nothing changed."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shanglian.core.models import AuditEntry
from shanglian.directory import access, services
from shanglian.directory.models import Membership
from tests.directory.conftest import enterprise_state, login
from tests.directory.test_access import edit_url, form_data

pytestmark = pytest.mark.django_db
SECRETS = ["21234567", "2123 4567", "陳大文", "91234567", "chan@kt-it", "kt-it@example.invalid", "觀塘道 1 號"]


def with_contacts(secretariat, enterprise):
    return services.enterprise_update(actor=secretariat, enterprise=enterprise,
                                      values={"email": "kt-it@example.invalid", "address": "觀塘道 1 號"})


def expire(enterprise, *, status=Membership.Status.EXPIRED) -> Membership:
    """End the enterprise's membership yesterday (``status`` ACTIVE: the daily job has not run)."""
    membership = enterprise.memberships.get()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Membership.objects.filter(pk=membership.pk).update(status=status, end_date=yesterday,
                                                       start_date=datetime.date(2024, 1, 1))
    return membership


def assert_edit_refused(client, user, enterprise, kt_contact=None):
    before = enterprise_state(enterprise.pk)
    audit = AuditEntry.objects.count()
    login(client, user)
    assert client.get(edit_url(enterprise)).status_code == 403
    assert client.post(edit_url(enterprise), form_data(enterprise, description="改")).status_code == 403
    contacts = reverse("directory:contacts", args=[enterprise.pk])
    assert client.get(contacts).status_code == 403
    assert client.post(contacts, {"name_zh": "新人", "phone": "91234000"}).status_code == 403
    assert enterprise_state(enterprise.pk) == before
    assert AuditEntry.objects.count() == audit


@pytest.mark.parametrize("status", [Membership.Status.EXPIRED, Membership.Status.ACTIVE, Membership.Status.TERMINATED])
def test_admin_loses_edit_rights_when_membership_ends(client, kt_admin, kt_enterprise, status):
    expire(kt_enterprise, status=status)
    assert not access.can_manage_enterprise(kt_admin, kt_enterprise)
    assert_edit_refused(client, kt_admin, kt_enterprise)
    html = client.get(kt_enterprise.get_absolute_url()).content.decode()
    assert edit_url(kt_enterprise) not in html


def test_enterprise_moved_to_another_association(client, kt_admin, make_user, secretariat, kt_enterprise, eastern):
    expire(kt_enterprise)
    services.membership_create(actor=secretariat, association=eastern, enterprise=kt_enterprise,
                               start_date=timezone.localdate())
    assert_edit_refused(client, kt_admin, kt_enterprise)
    # Eastern's admin now manages it.
    east_admin = make_user("east-admin")
    east_admin.association_roles.create(association=eastern)
    login(client, east_admin)
    assert client.get(edit_url(kt_enterprise)).status_code == 200


def test_renewed_early_still_current(client, kt_admin, kt_enterprise):
    membership = kt_enterprise.memberships.get()
    today = timezone.localdate()
    Membership.objects.filter(pk=membership.pk).update(end_date=today + datetime.timedelta(days=5))
    membership.refresh_from_db()
    services.membership_renew(actor=kt_admin, membership=membership, end_date=today + datetime.timedelta(days=400))
    assert access.can_manage_enterprise(kt_admin, kt_enterprise)  # old period (renewed) still runs
    login(client, kt_admin)
    assert client.get(edit_url(kt_enterprise)).status_code == 200


def test_admin_still_renews_an_expired_membership_of_own_association(client, kt_admin, kt_enterprise, kwun_tong):
    membership = expire(kt_enterprise)
    login(client, kt_admin)
    url = reverse("directory:membership_renew", args=[kwun_tong.slug, membership.pk])
    assert client.post(url, {"end_date": "2031-12-31"}).status_code == 302
    assert client.get(edit_url(kt_enterprise)).status_code == 200  # current again


# ------------------------------------------------------------------------- contacts (leak 2)
@pytest.fixture
def cashier_like(make_user):
    """Any logged-in account with no role in the directory (e.g. a festival cashier)."""
    return make_user("festival-cashier")


def test_profile_hides_contacts_from_unrelated_logged_in_users(client, secretariat, cashier_like, kt_enterprise,
                                                               kt_contact):
    with_contacts(secretariat, kt_enterprise)
    login(client, cashier_like)
    html = client.get(kt_enterprise.get_absolute_url()).content.decode()
    assert "觀塘資訊科技有限公司" in html
    for secret in SECRETS:
        assert secret not in html
    data = client.get(f"/api/v1/directory/enterprises/{kt_enterprise.pk}").json()
    assert data["phone"] is None and data["email"] is None and data["address"] is None
    assert "2123" not in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("who", ["secretariat", "kt_admin", "kt_member"])
def test_profile_shows_contacts_to_those_entitled(client, secretariat, kt_enterprise, kt_contact, who, request):
    with_contacts(secretariat, kt_enterprise)
    login(client, request.getfixturevalue(who))
    html = client.get(kt_enterprise.get_absolute_url()).content.decode()
    for shown in ["21234567", "陳大文", "91234567", "chan@kt-it.example.invalid", "kt-it@example.invalid"]:
        assert shown in html
    data = client.get(f"/api/v1/directory/enterprises/{kt_enterprise.pk}").json()
    assert data["phone"] == "+852 2123 4567" and data["email"] == "kt-it@example.invalid"


def test_other_association_admin_and_expired_admin_see_no_contacts(client, secretariat, kt_admin, make_user,
                                                                   kt_enterprise, kt_contact, eastern):
    with_contacts(secretariat, kt_enterprise)
    east_admin = make_user("east-admin")
    east_admin.association_roles.create(association=eastern)
    expire(kt_enterprise)
    for user in (east_admin, kt_admin):
        login(client, user)
        html = client.get(kt_enterprise.get_absolute_url()).content.decode()
        assert not any(secret in html for secret in SECRETS)
        assert client.get(f"/api/v1/directory/enterprises/{kt_enterprise.pk}").json()["phone"] is None


def rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_export_refused_to_unrelated_logged_in_users(client, cashier_like, kt_enterprise, east_enterprise):
    login(client, cashier_like)
    response = client.get(reverse("directory:enterprises"), {"format": "xlsx"})
    assert response.status_code == 403
    assert b"PK" not in response.content[:2]
    assert "format=xlsx" not in client.get(reverse("directory:enterprises")).content.decode()


def test_export_scoped_to_own_current_members(client, kt_admin, secretariat, kt_enterprise, east_enterprise):
    login(client, kt_admin)
    text = str(rows(client.get(reverse("directory:enterprises"), {"format": "xlsx"})))
    assert "觀塘資訊科技有限公司" in text and "東區的士車行" not in text
    expire(kt_enterprise)
    assert len(rows(client.get(reverse("directory:enterprises"), {"format": "xlsx"}))) == 1  # header only
    login(client, secretariat)
    text = str(rows(client.get(reverse("directory:enterprises"), {"format": "xlsx"})))
    assert "觀塘資訊科技有限公司" in text and "東區的士車行" in text


def test_members_export_leaves_out_former_members_contacts(client, kt_admin, kt_enterprise, kwun_tong):
    login(client, kt_admin)
    url = reverse("directory:manage_members", args=[kwun_tong.slug])
    assert "+852 2123 4567" in str(rows(client.get(url, {"format": "xlsx"})))
    expire(kt_enterprise)
    text = str(rows(client.get(url, {"format": "xlsx", "all": "1"})))
    assert "觀塘資訊科技有限公司" in text and "2123" not in text


def test_activity_log_stops_at_the_end_of_membership(client, kt_admin, secretariat, kt_enterprise, kwun_tong,
                                                     eastern):
    expire(kt_enterprise)
    services.membership_create(actor=secretariat, association=eastern, enterprise=kt_enterprise,
                               start_date=timezone.localdate())
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise, values={"phone": "+85239998888"})
    login(client, kt_admin)
    html = client.get(reverse("directory:activity", args=[kwun_tong.slug])).content.decode()
    assert "3999" not in html


def test_directory_lists_current_members_under_their_association(client, kt_enterprise, kwun_tong):
    def listed() -> set[int]:
        data = client.get("/api/v1/directory/enterprises", {"association": kwun_tong.slug}).json()
        return {item["id"] for item in data["items"]}

    assert listed() == {kt_enterprise.pk}
    expire(kt_enterprise, status=Membership.Status.ACTIVE)  # past its end date, the daily job not yet run
    assert listed() == set()
    data = client.get(f"/api/v1/directory/enterprises/{kt_enterprise.pk}").json()
    assert data["associations"] == []


def test_office_bearers_only_from_current_members(client, kt_admin, secretariat, kt_enterprise, kt_contact, kwun_tong,
                                                 eastern):
    services.term_create(actor=secretariat, association=kwun_tong, number=1, start_date=datetime.date(2024, 1, 1))
    url = reverse("directory:term_bearers", args=[kwun_tong.slug, 1])
    login(client, kt_admin)
    assert "陳大文" in client.get(url).content.decode()
    expire(kt_enterprise)
    services.membership_create(actor=secretariat, association=eastern, enterprise=kt_enterprise,
                               start_date=timezone.localdate())
    assert "陳大文" not in client.get(url).content.decode()
    audit = AuditEntry.objects.count()
    response = client.post(url, {"person": kt_contact.pk, "position": "president"})
    assert response.status_code == 200  # the form refuses the choice
    assert not kt_contact.offices.exists() and AuditEntry.objects.count() == audit
