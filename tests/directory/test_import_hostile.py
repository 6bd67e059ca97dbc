"""Hostile spreadsheets, made here from raw XML: zip bombs are refused before openpyxl expands
anything, and a stale <dimension> tag does not hide rows."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.test import override_settings
from django.utils import translation

from shanglian.directory.importing.parse import ImportRefused, parse_file
from shanglian.directory.models import Enterprise, ImportBatch
from tests.directory.test_import_views import upload

SHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SHEETML}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEETML}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEETML}.sharedStrings+xml"/>
</Types>"""
RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="企業" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: list[list[str]], dimension: str) -> str:
    body = "".join(f'<row r="{r}">' + "".join(_cell(f"{'ABCDE'[c]}{r}", v) for c, v in enumerate(row)) + "</row>"
                   for r, row in enumerate(rows, start=1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>')


def raw_xlsx(sheet: str, shared_strings: bytes | None = None, shared_chunks: int = 0) -> bytes:
    """A workbook written part by part; ``shared_chunks`` MB of repetitive shared strings make a bomb."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            chunk = b"<si><t>" + b"A" * 1000 + b"</t></si>"
            for _ in range(shared_chunks * 1024 // len(chunk) * 1024):
                out.write(chunk)
            out.write(shared_strings or b"")
            out.write(b"</sst>")
    return buffer.getvalue()


HEADER = ["中文名稱", "英文名稱", "所屬商會", "電話", "電郵"]
FIVE_ROWS = [[f"甲{n}公司", f"Jia {n} Ltd", "kwun-tong", f"2123 456{n}", f"a{n}@example.invalid"] for n in range(5)]


def test_stale_dimension_tag_does_not_hide_rows():
    data = raw_xlsx(sheet_xml([HEADER, *FIVE_ROWS], dimension="A1:E2"))
    parsed = parse_file(data, "members.xlsx")
    assert [values["name_zh"] for _, values in parsed.rows] == [f"甲{n}公司" for n in range(5)]


def test_shared_strings_bomb_is_refused_from_the_zip_directory():
    data = raw_xlsx(sheet_xml([HEADER, *FIVE_ROWS], dimension="A1:E6"), shared_chunks=24)  # 24 MB → ~25 KB
    assert len(data) < 1024 * 1024
    with translation.override("en"), pytest.raises(ImportRefused) as info:
        parse_file(data, "bomb.xlsx")
    assert info.value.code == "archive_ratio" and "sharedStrings.xml" in info.value.message
    assert "compressed abnormally" in info.value.message  # translated


@override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=2 * 1024 * 1024)
def test_total_expanded_size_is_capped():
    noise = os.urandom(3 * 1024 * 1024).hex().encode()  # compresses only ~2×: no ratio alarm, just big
    data = raw_xlsx(sheet_xml([HEADER, *FIVE_ROWS], dimension="A1:E6"), shared_strings=b"<!--" + noise + b"-->")
    with pytest.raises(ImportRefused) as info:
        parse_file(data, "big.xlsx")
    assert info.value.code == "archive_too_large" and "2 MB" in info.value.message


@pytest.mark.django_db
def test_bomb_upload_answers_400_with_the_reason_and_saves_nothing(client, secretariat, kwun_tong):
    client.force_login(secretariat)
    response = upload(client, raw_xlsx(sheet_xml([HEADER], "A1:E1"), shared_chunks=24), "bomb.xlsx")
    assert response.status_code == 400 and "壓縮比例異常" in response.content.decode()
    assert not ImportBatch.objects.exists() and not Enterprise.objects.exists()
