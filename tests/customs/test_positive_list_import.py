"""The secretariat imports an official positive-list version (Excel or CSV: tariff code, name,
remark …) through a page: preview with translated per-row problems, atomic commit, the new
version in force from its start date. Tested with generated 1,500-row files, valid and hostile."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from shanglian.core.errors import DomainError
from shanglian.customs import selectors, services
from shanglian.customs.models import PositiveListImport, PositiveListItem, PositiveListVersion
from shanglian.customs.reference import load_rules

pytestmark = pytest.mark.django_db

START = datetime.date(2031, 3, 1)
HEADER = ["序号", "税则号列", "商品名称", "备注"]


@pytest.fixture(autouse=True)
def _rules(db):
    if not PositiveListVersion.objects.exists():
        load_rules()


def official_rows(n: int = 1500) -> list[list[str]]:
    """``n`` distinct, plausible 10-digit lines (chapters 01–97), some with remarks."""
    rows = []
    for i in range(n):
        chapter = 1 + i % 97
        code = f"{chapter:02d}{(i // 97):04d}{i % 10}000"[:10]
        remark = "仅限网购保税商品" if i % 7 == 0 else ("每件净重不超过5千克" if i % 11 == 0 else "")
        rows.append([str(i + 1), code, f"商品{i + 1}（第{chapter}章）", remark])
    assert len({r[1] for r in rows}) == n
    return rows


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8-sig") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _create(secretariat, data: bytes, filename: str = "list.csv", code: str = "2022-official"):
    return services.positive_list_import_create(actor=secretariat, filename=filename, data=data, code=code,
                                                title="跨境電子商務零售進口商品清單（2022年版）", valid_from=START,
                                                source="2022年第7號")


def test_valid_1500_rows_csv_commits_atomically_and_takes_effect_on_its_start_date(secretariat):
    before = selectors.positive_list_in_force(START - datetime.timedelta(days=1))
    batch = _create(secretariat, csv_bytes(official_rows()))
    assert batch.rows == 1500 and batch.problem_count == 0 and len(batch.items) == 1500
    assert not PositiveListVersion.objects.filter(code="2022-official").exists()  # a preview only
    version = services.positive_list_import_commit(actor=secretariat, batch=batch)
    assert version.items.count() == 1500 and version.official_count == 1500
    assert selectors.positive_list_in_force(START - datetime.timedelta(days=1)) == before
    assert selectors.positive_list_in_force(START) == version
    before.refresh_from_db()
    assert before.valid_to == START - datetime.timedelta(days=1)
    item = version.items.get(hs_code=official_rows()[0][1])
    assert item.name_zh_hans == "商品1（第1章）" and item.name_zh_hant == "商品1（第1章）"
    assert item.remark_zh_hans == "仅限网购保税商品" and item.remark_zh_hant.startswith("僅限網購")  # reference.hant
    snapshot = selectors.rules_snapshot(START)
    assert snapshot.positive_list_version == "2022-official" and len(snapshot.positive_list) == 1500
    with pytest.raises(DomainError) as exc:  # twice: refused
        services.positive_list_import_commit(actor=secretariat, batch=batch)
    assert exc.value.code == "committed"


def test_valid_xlsx_with_english_headers_and_extra_columns(secretariat):
    rows = [[r[1], r[2], f"Goods {r[0]}", r[3], "1210" if r[3] else "", "5" if r[0] == "12" else ""]
            for r in official_rows(1500)]
    data = xlsx_bytes(rows, header=["HS code", "Name", "Name EN", "Remarks", "Modes", "max_net_weight"])
    batch = _create(secretariat, data, filename="清单.xlsx")
    assert batch.problem_count == 0 and len(batch.items) == 1500, batch.problems[:3]
    version = services.positive_list_import_commit(actor=secretariat, batch=batch)
    assert version.items.filter(modes="1210").count() == sum(1 for r in rows if r[4])
    assert version.items.get(hs_code=rows[11][0]).max_net_weight == 5


def hostile_rows() -> tuple[list[list[str]], set[str]]:
    rows = official_rows(1500)
    expected = set()
    rows[3][1] = rows[2][1]; expected.add("hs_duplicate")          # noqa: E702
    rows[10][1] = "04021000"; expected.add("hs_format")            # noqa: E702 - 8 digits
    rows[11][1] = "０４０２１０００００"; expected.add("hs_format")    # noqa: E702 - full-width digits
    rows[12][1] = ""; expected.add("hs_missing")                   # noqa: E702
    rows[13][2] = ""; expected.add("name_missing")                 # noqa: E702
    rows[14][2] = "=HYPERLINK(\"http://evil\",\"x\")"; expected.add("formula")  # noqa: E702
    rows[15][2] = "名" * 301; expected.add("too_long")             # noqa: E702
    rows[16][3] = "备注\x07\x1b"; expected.add("control")          # noqa: E702
    rows[17][1] = "0402100000; DROP TABLE"; expected.add("hs_format")  # noqa: E702
    rows[18][1] = "-1e5"; expected.add("hs_format")                # noqa: E702
    return rows, expected


def test_hostile_1500_rows_preview_every_problem_and_import_nothing(secretariat):
    rows, expected = hostile_rows()
    batch = _create(secretariat, csv_bytes(rows))
    assert {p["code"] for p in batch.problems} == expected
    assert batch.problem_count == 10 and batch.rows == 1500
    assert sorted(p["row"] for p in batch.problems) == [5, 12, 13, 14, 15, 16, 17, 18, 19, 20]  # header = row 1
    count = PositiveListItem.objects.count()
    with pytest.raises(DomainError) as exc:
        services.positive_list_import_commit(actor=secretariat, batch=batch)
    assert exc.value.code == "problems"
    assert PositiveListItem.objects.count() == count and not PositiveListVersion.objects.filter(
        code="2022-official").exists()


@pytest.mark.parametrize("data,filename,fragment", [
    (b"", "a.csv", "空"),
    (b"\x00\x01\x02garbage", "a.bin", "Excel"),
    (b"PK\x03\x04not a zip", "a.xlsx", "損壞"),
    ("税则号列,商品名称\n".encode(), "a.csv", "沒有任何資料行"),
    (b"foo,bar\n1,2\n", "a.csv", "標題列"),
    ("税则号列,备注\n0402100000,x\n".encode(), "a.csv", "商品名稱"),
])
def test_unreadable_files_are_refused_with_a_translated_message(secretariat, data, filename, fragment):
    with pytest.raises(DomainError) as exc:
        _create(secretariat, data, filename=filename)
    assert fragment in exc.value.message and not PositiveListImport.objects.exists()


def test_gb18030_csv_and_formula_cells_in_xlsx(secretariat):
    batch = _create(secretariat, csv_bytes(official_rows(20), encoding="gb18030"), code="gbk")
    assert batch.problem_count == 0 and batch.items[0]["name"] == "商品1（第1章）"
    rows = official_rows(3)
    rows[1][2] = "=1+1"
    wb_rows: list[list[object]] = [list(r) for r in rows]
    data = xlsx_bytes(wb_rows)
    with pytest.raises(DomainError) as exc:
        _create(secretariat, data, filename="f.xlsx", code="formula")
    assert "公式" in exc.value.message


def test_too_many_rows_is_refused(secretariat):
    with pytest.raises(DomainError) as exc:
        _create(secretariat, csv_bytes(_many(5001)))
    assert "5000" in exc.value.message or "5,000" in exc.value.message


def _many(n: int) -> list[list[str]]:
    return [[str(i), f"{i:010d}", f"商品{i}", ""] for i in range(1, n + 1)]


def test_only_the_secretariat(kt_member, secretariat):
    with pytest.raises(DomainError) as exc:
        _create(kt_member, csv_bytes(official_rows(3)))
    assert exc.value.status == 403


@pytest.mark.parametrize("lang,text", [("zh-hant", "稅則號列須為 10 位數字"), ("zh-hans", "税则号列须为 10 位数字"),
                                       ("en", "10 digits")])
def test_pages_upload_preview_commit_in_three_languages(client, secretariat, lang, text):
    client.force_login(secretariat)
    url = f"/{lang}/customs/staff/positive-list/"
    assert client.get(url).status_code == 200
    rows, _expected = hostile_rows()
    r = client.post(url, {"code": "bad-list", "title": "壞清單", "valid_from": "2031-03-01",
                          "file": SimpleUploadedFile("list.csv", csv_bytes(rows), "text/csv")})
    assert r.status_code == 302
    batch = PositiveListImport.objects.get(code="bad-list")
    page = client.get(f"/{lang}/customs/staff/positive-list/imports/{batch.pk}/").content.decode()
    assert text in page and "04021000" in page
    r = client.post(f"/{lang}/customs/staff/positive-list/imports/{batch.pk}/")
    assert r.status_code == 302 and not PositiveListVersion.objects.filter(code="bad-list").exists()
    r = client.post(url, {"code": "good-list", "title": "好清單", "valid_from": "2031-03-01",
                          "file": SimpleUploadedFile("list.csv", csv_bytes(official_rows()), "text/csv")})
    batch = PositiveListImport.objects.get(code="good-list")
    r = client.post(reverse("customs:positive_list_import", args=[batch.pk]))
    assert r.status_code == 302 and PositiveListVersion.objects.get(code="good-list").items.count() == 1500
    # a bad form is a translated error, never a 500
    r = client.post(url, {"code": "x y", "title": "", "valid_from": "not a date"})
    assert r.status_code == 200


def test_pages_are_staff_only(client, kt_member):
    client.force_login(kt_member)
    assert client.get(reverse("customs:positive_list")).status_code in (302, 403, 404)
