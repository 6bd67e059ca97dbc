"""Import pages: upload → preview → confirm → progress → result; template and errors downloads;
only the secretariat may import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from shanglian.core.models import AuditEntry
from shanglian.directory.models import Enterprise, ImportBatch, Membership
from tests.conftest import PASSWORD

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = xlsx([
    ["中文名稱", "英文名稱", "所屬商會", "地區", "行業", "簡介", "電話", "電郵", "商業登記號碼"],
    ["觀塘精密五金有限公司", "KT Precision Ltd", "香港觀塘工商業聯合會", "觀塘", "製造業", "五金加工", "2345 6789",
     "info@example.com", "41234567"],
    ["深圳云端科技有限公司", "", "kwun-tong", "深圳", "信息技术", "云计算服务", "+86 755 8888 1234", "",
     "91440300MA5D12345W"],
    ["", "", "kwun-tong", "", "", "", "", "", ""],
    ["東區貿易", "", "不存在的商會", "", "", "", "12", "", ""],
])


def upload(client, data: bytes = GOOD, name: str = "members.xlsx"):
    return client.post(reverse("directory:import"), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def staff_client(client, secretariat):
    client.login(username=secretariat.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_upload_preview_confirm_progress_result(staff_client, kwun_tong, django_capture_on_commit_callbacks):
    response = upload(staff_client)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    assert (batch.status, batch.created_count, batch.updated_count, batch.rejected_count) == ("previewed", 2, 0, 2)
    assert not Enterprise.objects.exists()  # preview writes nothing to the directory

    page = staff_client.get(batch.get_absolute_url() + "?show=all").content.decode()
    assert "觀塘精密五金有限公司" in page and "缺少名稱" in page and "找不到商會「不存在的商會」" in page
    assert "確認匯入有效資料" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(batch.get_absolute_url())
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "done", batch.error_message
    assert set(Enterprise.objects.values_list("br_number", flat=True)) == {"41234567", "91440300MA5D12345W"}
    assert Membership.objects.filter(association=kwun_tong).count() == 2
    page = staff_client.get(batch.get_absolute_url()).content.decode()
    assert "匯入完成" in page and "確認匯入有效資料" not in page
    partial = staff_client.get(batch.get_absolute_url() + "?partial=progress", HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_progress_fragment_polls_while_committing(staff_client, kwun_tong):
    upload(staff_client)
    ImportBatch.objects.update(status="committing", progress_done=2, progress_total=8)
    batch = ImportBatch.objects.get()
    response = staff_client.get(batch.get_absolute_url() + "?partial=progress")
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and 'data-width="25"' in html and "HX-Refresh" not in response
    assert 'class="progress"' in staff_client.get(batch.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_errors_download_lists_rejected_rows_with_reason(staff_client, kwun_tong):
    upload(staff_client)
    batch = ImportBatch.objects.get()
    response = staff_client.get(reverse("directory:import_errors", args=[batch.pk]))
    assert response["Content-Type"] == XLSX
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "中文名稱" and rows[0][-1] == "拒絕原因"
    assert [r[-2] for r in rows[1:]] == [4, 5]
    assert "缺少名稱" in rows[1][-1] and "電話" in rows[2][-1]


@pytest.mark.django_db
def test_template_download_has_headers_and_explained_values(staff_client, kwun_tong):
    response = staff_client.get(reverse("directory:import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    wb = load_workbook(io.BytesIO(response.content))
    data, help_sheet = wb.worksheets
    headers = [c.value for c in data[1]]
    assert headers[:9] == ["中文名稱", "英文名稱", "所屬商會", "地區", "行業", "簡介", "電話", "電郵", "商業登記號碼"]
    text = " ".join(str(v) for row in help_sheet.iter_rows(values_only=True) for v in row if v)
    for expected in ("香港觀塘工商業聯合會", "kwun-tong", "sham-shui-po", "深水埗", "Information technology",
                     "信息技术", "Blank cells never overwrite"):
        assert expected in text
    # The template itself, with one row filled in, imports.
    data.append(["新公司", "", "kwun-tong"])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert upload(staff_client, buffer.getvalue(), "template.xlsx").status_code == 302
    assert ImportBatch.objects.get().created_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize("data,name,message", [
    (b"%PDF-1.4 \x00\x01\x02", "members.xlsx", "不是 Excel"),
    (xlsx([["中文名稱", "電話"], ["甲", "=A1"]]), "members.xlsx", "B2"),
    (xlsx([["中文名稱", "所屬商會"]]), "members.xlsx", "沒有任何資料行"),
    (xlsx([["hello", "world"], [1, 2]]), "members.xlsx", "標題列"),
])
def test_bad_files_refused_with_message_and_nothing_saved(staff_client, kwun_tong, data, name, message):
    response = upload(staff_client, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists() and not Enterprise.objects.exists()


@pytest.mark.django_db
@override_settings(IMPORT_MAX_BYTES=1024)
def test_oversized_upload_refused(staff_client, kwun_tong):
    response = upload(staff_client, "中文名稱,所屬商會\n".encode() + b"abc,kwun-tong\n" * 200, "big.csv")
    assert response.status_code == 400 and "太大" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["kt_admin", "outsider"])
def test_non_staff_are_refused_and_nothing_changes(client, request, secretariat, kwun_tong, persona,
                                                    django_capture_on_commit_callbacks):
    staff = request.getfixturevalue("secretariat")
    client.login(username=staff.username, password=PASSWORD)
    upload(client)
    batch = ImportBatch.objects.get()
    client.logout()
    user = request.getfixturevalue(persona)
    client.login(username=user.username, password=PASSWORD)
    audit_before = AuditEntry.objects.count()
    assert client.get(reverse("directory:import")).status_code == 403
    assert upload(client).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(batch.get_absolute_url()).status_code == 403
    assert client.get(batch.get_absolute_url()).status_code == 403
    assert client.get(reverse("directory:import_template")).status_code == 403
    assert client.get(reverse("directory:import_errors", args=[batch.pk])).status_code == 403
    batch.refresh_from_db()
    assert batch.status == "previewed" and ImportBatch.objects.count() == 1
    assert not Enterprise.objects.exists() and AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("directory:import"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.django_db
def test_upload_page_lists_recent_batches_and_has_empty_state(staff_client, kwun_tong):
    page = staff_client.get(reverse("directory:import")).content.decode()
    assert "尚未有任何匯入" in page and reverse("directory:import_template") in page
    upload(staff_client)
    assert "members.xlsx" in staff_client.get(reverse("directory:import")).content.decode()
