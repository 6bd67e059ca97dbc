"""Excel exports of any directory list, streamed row by row (write-only workbook)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from shanglian.core.excel import XLSX, excel_safe, workbook_bytes, xlsx_response  # noqa: F401 (re-exported)
from shanglian.core.validation import format_phone

# The generic helpers live in core (every app exports); these names stay for the directory's callers.
_safe = excel_safe


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
