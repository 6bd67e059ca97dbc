"""The secretariat's admin: every page opens, edits are audited and searchable, the audit log
is readable but not writable."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from shanglian.core.models import AuditEntry
from shanglian.directory.models import Enterprise
from shanglian.directory.selectors import DirectoryFilters, enterprise_directory
from tests.conftest import PASSWORD


@pytest.fixture
def staff_client(client, secretariat):
    assert client.login(username=secretariat.username, password=PASSWORD)
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_page_opens(staff_client, kt_enterprise, kt_admin, kt_member, model):
    assert staff_client.get(admin_url(model, "changelist")).status_code == 200
    model_admin = admin.site._registry[model]
    if model_admin.search_fields:
        assert staff_client.get(admin_url(model, "changelist"), {"q": "觀塘"}).status_code == 200
    add = staff_client.get(admin_url(model, "add"))
    assert add.status_code == (200 if model_admin.has_add_permission(add.wsgi_request) else 403)
    obj = model._default_manager.first()
    if obj is not None:
        assert staff_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.django_db
def test_admin_is_for_staff_only(client, kt_admin):
    assert client.login(username=kt_admin.username, password=PASSWORD)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_audit_log_is_read_only(staff_client, kt_enterprise):
    entry = AuditEntry.objects.get(action="enterprise.create")
    html = staff_client.get(admin_url(AuditEntry, "changelist")).content.decode()
    assert "enterprise.create" in html and "觀塘資訊科技有限公司" in html
    staff_client.post(admin_url(AuditEntry, "change", entry.pk), {"action": "forged"})
    staff_client.post(admin_url(AuditEntry, "delete", entry.pk), {"post": "yes"})
    entry.refresh_from_db()
    assert entry.action == "enterprise.create"


@pytest.mark.django_db
def test_admin_edit_is_audited_and_searchable(staff_client, secretariat, kt_enterprise, kwun_tong):
    url = admin_url(Enterprise, "change", kt_enterprise.pk)
    membership = kt_enterprise.memberships.get()
    data = {
        "name_zh": "觀塘雲端科技有限公司", "name_en": "Kwun Tong Cloud Ltd", "br_kind": "", "br_number": "",
        "industry": kt_enterprise.industry_id, "place": kt_enterprise.place_id, "address": "", "phone": "",
        "email": "", "website": "", "description": "雲端服務", "employees": "", "is_active": "on",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1", "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000", "memberships-0-id": membership.pk,
        "memberships-0-enterprise": kt_enterprise.pk, "memberships-0-association": kwun_tong.pk,
        "memberships-0-type": "corporate", "memberships-0-status": "active", "memberships-0-start_date": "2024-01-01",
        "memberships-0-end_date": "", "memberships-0-dues_amount": "0", "memberships-0-dues_status": "unpaid",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = AuditEntry.objects.get(action="admin.change", actor=secretariat)
    assert entry.changes["name_zh"] == ["觀塘資訊科技有限公司", "觀塘雲端科技有限公司"]
    assert [e.pk for e in enterprise_directory(DirectoryFilters(q="云端"))] == [kt_enterprise.pk]


@pytest.mark.django_db
def test_admin_add_with_membership_is_searchable_by_association(staff_client, eastern):
    data = {
        "name_zh": "筲箕灣五金行", "name_en": "", "br_kind": "", "br_number": "", "industry": "", "place": "",
        "address": "", "phone": "", "email": "", "website": "", "description": "", "employees": "", "is_active": "on",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0", "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000", "memberships-0-association": eastern.pk,
        "memberships-0-type": "corporate", "memberships-0-status": "active", "memberships-0-start_date": "2024-01-01",
        "memberships-0-end_date": "", "memberships-0-dues_amount": "0", "memberships-0-dues_status": "unpaid",
    }
    response = staff_client.post(admin_url(Enterprise, "add"), data)
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(name_zh="筲箕灣五金行")
    assert list(enterprise.associations.all()) == [eastern]
    assert [e.pk for e in enterprise_directory(DirectoryFilters(q="五金"))] == [enterprise.pk]
    # The association's name is part of what a member is found by.
    assert [e.pk for e in enterprise_directory(DirectoryFilters(q="东区工商业联合会"))] == [enterprise.pk]
