"""Who may edit which enterprise, and what a refusal leaves behind (nothing)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shanglian.core.models import AuditEntry
from tests.directory.conftest import enterprise_state, login


def edit_url(enterprise) -> str:
    return reverse("directory:enterprise_edit", args=[enterprise.pk])


def form_data(enterprise, **changes) -> dict:
    data = {
        "name_zh": enterprise.name_zh, "name_en": enterprise.name_en, "br_number": enterprise.br_number or "",
        "industry": enterprise.industry_id or "", "place": enterprise.place_id or "", "address": enterprise.address,
        "phone": enterprise.phone, "email": enterprise.email, "website": enterprise.website,
        "description": enterprise.description, "employees": enterprise.employees,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_association_admin_edits_own_member(client, kt_admin, kt_enterprise):
    login(client, kt_admin)
    response = client.get(edit_url(kt_enterprise))
    assert response.status_code == 200
    assert "觀塘資訊科技有限公司" in response.content.decode()

    response = client.post(edit_url(kt_enterprise), form_data(kt_enterprise, description="新的簡介：雲端服務"))
    assert response.status_code == 302
    assert response["Location"] == kt_enterprise.get_absolute_url()
    kt_enterprise.refresh_from_db()
    assert kt_enterprise.description == "新的簡介：雲端服務"

    entry = AuditEntry.objects.get(action="enterprise.update", actor=kt_admin)
    assert entry.target_type == "directory.enterprise"
    assert entry.target_id == str(kt_enterprise.pk)
    assert entry.target_repr == "觀塘資訊科技有限公司"
    assert entry.changes["description"] == ["提供網上商店及資訊科技顧問服務", "新的簡介：雲端服務"]
    assert "name_zh" not in entry.changes  # only what changed
    assert entry.at is not None


@pytest.mark.django_db
def test_association_admin_refused_on_other_association_member(client, kt_admin, east_enterprise):
    before = enterprise_state(east_enterprise.pk)
    audit_count = AuditEntry.objects.count()
    login(client, kt_admin)
    assert client.get(edit_url(east_enterprise)).status_code == 403
    response = client.post(edit_url(east_enterprise),
                           form_data(east_enterprise, name_zh="被改名", description="入侵", phone="+85221234567"))
    assert response.status_code == 403
    assert enterprise_state(east_enterprise.pk) == before
    assert AuditEntry.objects.count() == audit_count
    assert not AuditEntry.objects.filter(actor=kt_admin).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["kt_enterprise", "east_enterprise"])
def test_outsider_refused_everywhere(client, outsider, target, request):
    enterprise = request.getfixturevalue(target)
    before = enterprise_state(enterprise.pk)
    audit_count = AuditEntry.objects.count()
    login(client, outsider)
    assert client.get(edit_url(enterprise)).status_code == 403
    assert client.post(edit_url(enterprise), form_data(enterprise, description="x")).status_code == 403
    assert enterprise_state(enterprise.pk) == before
    assert AuditEntry.objects.count() == audit_count


@pytest.mark.django_db
def test_enterprise_owner_edits_own_enterprise_only(client, kt_member, kt_enterprise, east_enterprise):
    login(client, kt_member)
    assert client.get(edit_url(kt_enterprise)).status_code == 200
    response = client.post(edit_url(kt_enterprise), form_data(kt_enterprise, name_en="KT IT Ltd"))
    assert response.status_code == 302
    kt_enterprise.refresh_from_db()
    assert kt_enterprise.name_en == "KT IT Ltd"
    assert AuditEntry.objects.filter(action="enterprise.update", actor=kt_member).count() == 1

    before = enterprise_state(east_enterprise.pk)
    assert client.post(edit_url(east_enterprise), form_data(east_enterprise, name_en="Mine")).status_code == 403
    assert enterprise_state(east_enterprise.pk) == before


@pytest.mark.django_db
def test_secretariat_edits_any_member(client, secretariat, east_enterprise):
    login(client, secretariat)
    response = client.post(edit_url(east_enterprise), form_data(east_enterprise, description="秘書處更新"))
    assert response.status_code == 302
    east_enterprise.refresh_from_db()
    assert east_enterprise.description == "秘書處更新"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_and_changes_nothing(client, kt_enterprise):
    before = enterprise_state(kt_enterprise.pk)
    audit_count = AuditEntry.objects.count()
    for response in (client.get(edit_url(kt_enterprise)),
                     client.post(edit_url(kt_enterprise), form_data(kt_enterprise, description="anon"))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    assert enterprise_state(kt_enterprise.pk) == before
    assert AuditEntry.objects.count() == audit_count


@pytest.mark.django_db
def test_missing_enterprise_is_404(client, kt_admin):
    login(client, kt_admin)
    assert client.get(reverse("directory:enterprise_edit", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_manage_members_own_and_other(client, kt_admin, kt_enterprise, east_enterprise, kwun_tong, eastern):
    login(client, kt_admin)
    response = client.get(reverse("directory:manage_members", args=[kwun_tong.slug]))
    assert response.status_code == 200
    assert "觀塘資訊科技有限公司" in response.content.decode()
    assert "東區的士車行" not in response.content.decode()
    assert client.get(reverse("directory:manage_members", args=[eastern.slug])).status_code == 403
    assert client.get(reverse("directory:manage_members", args=[eastern.slug]) + "?format=xlsx").status_code == 403
    assert client.get(reverse("directory:manage_members", args=["no-such-association"])).status_code == 404


@pytest.mark.django_db
def test_manage_members_refused_to_outsider_and_member(client, outsider, kt_member, kwun_tong):
    url = reverse("directory:manage_members", args=[kwun_tong.slug])
    assert client.get(url).status_code == 302  # anonymous: to login
    for user in (outsider, kt_member):
        login(client, user)
        assert client.get(url).status_code == 403
