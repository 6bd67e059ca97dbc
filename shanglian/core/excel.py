"""Excel helpers shared by every app: cell values that never become formulas, a streamed
write-only workbook, and the download response."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def excel_safe(value: Any) -> Any:
    # A text cell starting with "=" would be a formula in Excel: neutralise (CSV/formula injection).
    # "=" always (openpyxl writes "=1+1" as a formula); "+", "-", "@" unless a number follows
    # (phones like "+852 …" stay readable).
    if isinstance(value, str) and (value[:1] == "=" or (value[:1] in ("+", "-", "@") and not value[1:2].isdigit())):
        return "'" + value
    return value


def workbook_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append([excel_safe(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
