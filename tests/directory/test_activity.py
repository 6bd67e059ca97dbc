"""The association activity log: its admins see their members' changes, nobody else's."""

from __future__ import annotations

from django.urls import reverse

from shanglian.core.models import AuditEntry
from shanglian.directory import services
from tests.conftest import PASSWORD


def test_admin_sees_own_association_changes_with_labels(client, kt_admin, kt_enterprise, east_enterprise, secretariat):
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise, values={"website": "https://kt.example"})
    services.enterprise_update(actor=secretariat, enterprise=east_enterprise, values={"website": "https://east.example"})
    client.login(username="kt-admin", password=PASSWORD)
    page = client.get(reverse("directory:activity", args=["kwun-tong"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "更新企業資料" in html and "https://kt.example" in html
    assert "新增企業" in html
    assert "東區的士車行" not in html and "https://east.example" not in html


def test_filter_by_action(client, kt_admin, kt_enterprise, secretariat):
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise, values={"website": "https://kt.example"})
    client.login(username="kt-admin", password=PASSWORD)
    url = reverse("directory:activity", args=["kwun-tong"])
    html = client.get(url, {"action": "enterprise.create"}).content.decode()
    assert "https://kt.example" not in html
    assert "觀塘資訊科技有限公司" in html


def test_other_association_admin_and_members_are_refused(client, kt_admin, eastern, kt_member):
    before = AuditEntry.objects.count()
    client.login(username="kt-admin", password=PASSWORD)
    assert client.get(reverse("directory:activity", args=["eastern"])).status_code in (403, 404)
    client.logout()
    client.login(username="kt-member", password=PASSWORD)
    assert client.get(reverse("directory:activity", args=["kwun-tong"])).status_code in (403, 404)
    assert AuditEntry.objects.count() == before


def test_anonymous_is_sent_to_log_in(client, kwun_tong):
    response = client.get(reverse("directory:activity", args=["kwun-tong"]))
    assert response.status_code == 302 and "/login/" in response["Location"]
