"""The customs workbench's Excel import against hostile files: a stale <dimension> tag does not
hide rows or columns, and a zip bomb is refused before openpyxl expands anything."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from shanglian.customs import workbench
from tests.customs.test_pages import GOOD as ROW
from tests.customs.test_pages import xlsx
from tests.directory.test_import_hostile import raw_xlsx, sheet_xml


def _with_dimension(data: bytes, ref: str) -> bytes:
    """The same workbook with the sheet's <dimension> tag rewritten to ``ref`` (as some exporters leave it)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), body)
                assert f'<dimension ref="{ref}"/>'.encode() in body
            target.writestr(item, body)
    return out.getvalue()


def test_stale_dimension_tag_does_not_hide_rows_or_columns():
    rows = [ROW | {"orderNo": f"ORD{n}", "itemNo": f"SKU{n}"} for n in range(5)]
    data = _with_dimension(xlsx(rows), "A1:B2")  # says: 2 rows, 2 columns
    parsed = workbench.parse_rows(data)
    assert [values["orderNo"] for _, values in parsed] == [f"ORD{n}" for n in range(5)]
    assert all(values["weight"] == ROW["weight"] for _, values in parsed)  # the last column is read too


def test_zip_bomb_is_refused_before_parsing():
    data = raw_xlsx(sheet_xml([["orderNo"], ["ORD1"]], dimension="A1:A2"), shared_chunks=24)  # 24 MB → ~25 KB
    assert len(data) < 1024 * 1024
    with pytest.raises(workbench.WorkbenchRefused):
        workbench.parse_rows(data)
