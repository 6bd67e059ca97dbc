"""Excel exports of any directory list, streamed row by row (write-only workbook)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from shanglian.core.validation import format_phone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value: Any) -> Any:
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
        ws.append([_safe(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def enterprise_rows(enterprises: QuerySet) -> Iterable[list[Any]]:
    for e in enterprises.iterator(chunk_size=1000):
        yield [
            e.pk, e.name_zh, e.name_en, "、".join(a.name_zh for a in e.current_associations()),
            e.place.name if e.place else "", e.industry.name if e.industry else "", e.description,
            format_phone(e.phone), e.email, e.br_number or "", e.website, e.address,
        ]


def enterprise_headers() -> list[str]:
    return [_("編號"), _("中文名稱"), _("英文名稱"), _("所屬商會"), _("地區"), _("行業"), _("簡介"),
            _("電話"), _("電郵"), _("商業登記號碼"), _("網站"), _("地址")]


def enterprises_xlsx_response(enterprises: QuerySet, *, filename: str) -> HttpResponse:
    content = workbook_bytes(_("企業"), enterprise_headers(), enterprise_rows(enterprises))
    return xlsx_response(content, filename)


def memberships_xlsx_response(memberships: QuerySet, *, filename: str,
                              contacts: Callable[[Any], bool] = lambda m: True) -> HttpResponse:
    """``contacts(membership)`` says whether that row's phone and e-mail may be written."""
    headers = [_("會員"), _("英文名稱"), _("會員類別"), _("狀態"), _("開始日期"), _("屆滿日期"),
               _("會費（港元）"), _("繳費狀態"), _("電話"), _("電郵")]

    def rows():
        for m in memberships:
            member = m.enterprise or m.person
            shown = contacts(m)
            yield [member.name_zh, member.name_en, m.get_type_display(), m.get_status_display(), m.start_date,
                   m.end_date, float(m.dues_amount), m.get_dues_status_display(),
                   format_phone(member.phone) if shown else "", member.email if shown else ""]

    return xlsx_response(workbook_bytes(_("會員"), headers, rows()), filename)
