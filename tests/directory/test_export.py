"""Excel exports: only for those entitled (see test_access_membership.py), and user text never becomes a formula."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shanglian.directory import services
from tests.directory.conftest import login


def cells(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]


@pytest.mark.django_db
def test_directory_export_needs_login(client, kt_enterprise):
    response = client.get(reverse("directory:enterprises"), {"format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("evil", ["=1+1", "=2+5+cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example")', "@SUM(A1)"])
def test_export_never_writes_formulas(client, secretariat, kt_enterprise, evil):
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise, values={"description": evil})
    login(client, secretariat)
    rows = cells(client.get(reverse("directory:enterprises"), {"format": "xlsx", "q": "观塘"}))
    assert len(rows) == 2  # header + the one match
    assert all(kind != "f" for row in rows for _, kind in row)
    assert "'" + evil in [value for value, _ in rows[1]]
    assert "+852 2123 4567" in [value for value, _ in rows[1]]  # phones stay as they are


@pytest.mark.django_db
def test_members_export_for_own_association_only(client, kt_admin, kt_enterprise, east_enterprise, kwun_tong, eastern):
    login(client, kt_admin)
    url = reverse("directory:manage_members", args=[kwun_tong.slug])
    rows = cells(client.get(url, {"format": "xlsx"}))
    text = " ".join(str(value) for row in rows for value, _ in row)
    assert "觀塘資訊科技有限公司" in text and "東區的士車行" not in text
    assert client.get(reverse("directory:manage_members", args=[eastern.slug]), {"format": "xlsx"}).status_code == 403
