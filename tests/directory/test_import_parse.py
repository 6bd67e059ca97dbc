"""Reading uploads: header mapping in Chinese or English, and every kind of bad file refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import override_settings
from openpyxl import Workbook

from shanglian.directory.importing.parse import ImportRefused, map_headers, parse_file


def xlsx(rows: list[list[object]], title: str = "企業", extra_sheets: dict | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for name, sheet_rows in (extra_sheets or {}).items():
        other = wb.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def refused(data: bytes, filename: str = "f.xlsx") -> str:
    with pytest.raises(ImportRefused) as info:
        parse_file(data, filename)
    return info.value.message


def test_headers_in_chinese_english_simplified_any_case_and_spacing():
    mapping, ignored, _ = map_headers(["中文名稱", " Name_EN ", "所属商会", "DISTRICT", "行業", "簡介",
                                       "Phone", "電郵", "BR Number", "網站", "address", "會員類別",
                                       "Start Date", "備註"])
    assert list(mapping.values()) == ["name_zh", "name_en", "association", "district", "industry",
                                      "description", "phone", "email", "br_number", "website", "address",
                                      "membership_type", "start_date"]
    assert ignored == ["備註"]


def test_duplicate_header_refused():
    with pytest.raises(ImportRefused) as info:
        map_headers(["中文名稱", "name_zh"])
    assert "中文名稱" in info.value.message


def test_xlsx_rows_keyed_by_field_and_cells_as_text():
    data = xlsx([["Name_ZH", "br_number", "電話", "入會日期"],
                 ["甲公司", 12345678, 21234567, "2024-01-31"],
                 [None, None, None, None],
                 ["乙公司", "", "", ""]])
    parsed = parse_file(data, "a.xlsx")
    assert parsed.columns == ["name_zh", "br_number", "phone", "start_date"]
    assert parsed.rows[0] == (2, {"name_zh": "甲公司", "br_number": "12345678", "phone": "21234567",
                                  "start_date": "2024-01-31"})
    assert parsed.rows[1][0] == 4  # blank row skipped, file row numbers kept


def test_header_row_found_below_a_title_and_on_a_later_sheet():
    data = xlsx([["說明"], ["nothing here"]], title="Notes",
                extra_sheets={"Data": [["會員名單 2024"], ["中文名稱", "所屬商會"], ["甲公司", "eastern"]]})
    parsed = parse_file(data, "a.xlsx")
    assert parsed.sheet == "Data"
    assert parsed.rows == [(3, {"name_zh": "甲公司", "association": "eastern"})]


def test_csv_utf8_with_bom():
    data = "\ufeff中文名稱,所屬商會\n甲公司,eastern\n".encode()
    assert parse_file(data, "a.csv").rows == [(2, {"name_zh": "甲公司", "association": "eastern"})]


@pytest.mark.parametrize("encoding", ["big5", "gb18030"])
def test_csv_in_big5_or_gb18030_is_read(encoding):
    name = "觀塘電子有限公司" if encoding == "big5" else "深圳电子有限公司"
    data = f"中文名稱,所屬商會,地區\n{name},香港觀塘工商業聯合會,觀塘\n".encode(encoding) if encoding == "big5" \
        else f"中文名称,所属商会,地区\n{name},东区工商业联合会,深圳\n".encode(encoding)
    parsed = parse_file(data, "a.csv")
    assert parsed.rows[0][1]["name_zh"] == name


def test_csv_in_undecodable_encoding_refused():
    data = b"name_zh,association\n" + b"\xff\xfe\xfa\x80\x81\xff" * 3 + b",x\n"
    message = refused(data, "a.csv")
    assert "UTF-8" in message


def test_not_a_spreadsheet_refused_even_with_xlsx_extension():
    assert "不是 Excel" in refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x01", "report.xlsx")
    assert "不是 Excel" in refused(bytes(range(256)) * 10, "data.csv")


def test_text_named_xlsx_refused():
    assert "內容不是 Excel" in refused("中文名稱,所屬商會\n甲,乙\n".encode(), "fake.xlsx")


def test_zip_that_is_not_a_workbook_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "不是 Excel" in refused(buffer.getvalue(), "a.xlsx")


def test_old_xls_refused_with_advice():
    assert ".xlsx" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls")


def test_no_recognisable_header_refused():
    assert "標題列" in refused(xlsx([["foo", "bar"], ["1", "2"]]))
    assert "標題列" in refused(b"foo,bar\n1,2\n", "a.csv")


def test_empty_and_header_only_refused():
    assert "空" in refused(b"", "a.csv")
    assert "空" in refused(xlsx([]))
    assert "沒有任何資料行" in refused(xlsx([["中文名稱", "所屬商會"]]))
    assert "沒有任何資料行" in refused("中文名稱,所屬商會\n,\n".encode(), "a.csv")


def test_formula_refused_naming_the_cell():
    message = refused(xlsx([["中文名稱", "電話"], ["甲公司", "=1+1"]]))
    assert "B2" in message and "企業" in message
    assert "第 2 行" in refused("中文名稱,電話\n甲公司,=HYPERLINK(\"x\")\n".encode(), "a.csv")


def test_over_size_limit_refused():
    assert "太大" in refused(b"a" * (50 * 1024 * 1024 + 1), "big.csv")
    with override_settings(IMPORT_MAX_BYTES=100):
        assert "上限為 0 MB" in refused("中文名稱,所屬商會\n".encode() + b"x,y\n" * 40, "a.csv")


def test_csv_with_semicolons_or_tabs_and_quoted_commas():
    assert parse_file("中文名稱;所屬商會\n甲公司;eastern\n".encode(), "a.csv").rows[0][1]["association"] == "eastern"
    assert parse_file("name_zh\tassociation\n甲\teastern\n".encode(), "a.csv").rows[0][1]["name_zh"] == "甲"
    data = '中文名稱,簡介,所屬商會\n甲公司,"五金, 機械; 維修",eastern\n'.encode()
    assert parse_file(data, "a.csv").rows[0][1]["description"] == "五金, 機械; 維修"
