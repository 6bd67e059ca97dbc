"""The 9710 / 9810 B2B export dossier as PDF (reportlab, STSong-Light for Chinese) and as Excel."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from shanglian.core.excel import workbook_bytes
from shanglian.customs.models import ExportDossier

LINE_KEYS = ("gcode", "name", "qty", "unit", "price", "origin")


def line_total(line: dict[str, Any]) -> Decimal:
    try:
        return (Decimal(str(line.get("qty") or 0)) * Decimal(str(line.get("price") or 0))).quantize(Decimal("0.01"))
    except ArithmeticError:
        return Decimal(0)


def dossier_total(dossier: ExportDossier) -> Decimal:
    return sum((line_total(line) for line in dossier.lines), Decimal(0))


def header_rows(dossier: ExportDossier) -> list[tuple[str, str]]:
    return [
        (_("監管方式"), dossier.get_mode_display()),
        (_("出口企業"), str(dossier.enterprise)),
        (_("合同號"), dossier.contract_no), (_("發票號"), dossier.invoice_no),
        (_("境外買家"), dossier.buyer_name), (_("運抵國（地區）代碼"), dossier.destination_country),
        (_("成交方式"), dossier.incoterm), (_("幣制代碼"), dossier.currency), (_("離境口岸"), dossier.port or "—"),
        (_("總價"), f"{dossier_total(dossier):,.2f}"),
    ]


def line_headers() -> list[str]:
    return [_("項號"), _("商品編碼"), _("商品名稱"), _("數量"), _("單位"), _("單價"), _("總價"), _("原產地")]


def line_rows(dossier: ExportDossier) -> list[list[Any]]:
    return [[i, line.get("gcode", ""), line.get("name", ""), line.get("qty", ""), line.get("unit", ""),
             line.get("price", ""), f"{line_total(line):.2f}", line.get("origin", "")]
            for i, line in enumerate(dossier.lines, start=1)]


def xlsx_bytes(dossier: ExportDossier) -> bytes:
    rows: list[list[Any]] = [[label, value] for label, value in header_rows(dossier)]
    rows.append([])
    rows.append(line_headers())
    rows.extend(line_rows(dossier))
    return workbook_bytes(_("出口檔案"), [_("跨境電商B2B出口檔案"), dossier.contract_no], rows)


def pdf_bytes(dossier: ExportDossier) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{dossier.mode} {dossier.contract_no}")
    width, height = A4
    y = height - 20 * mm
    pdf.setFont(font, 16)
    pdf.drawString(20 * mm, y, _("跨境電商B2B出口檔案"))
    y -= 10 * mm
    pdf.setFont(font, 10)
    for label, value in header_rows(dossier):
        pdf.drawString(20 * mm, y, f"{label}：{value}"[:110])
        y -= 6 * mm
    y -= 4 * mm
    xs = [20, 30, 55, 110, 128, 142, 160, 182]
    pdf.setFont(font, 9)
    for x, text in zip(xs, line_headers(), strict=True):
        pdf.drawString(x * mm, y, text)
    y -= 5 * mm
    for row in line_rows(dossier):
        if y < 20 * mm:
            pdf.showPage()
            pdf.setFont(font, 9)
            y = height - 20 * mm
        for x, value in zip(xs, row, strict=True):
            pdf.drawString(x * mm, y, str(value)[:28])
        y -= 5 * mm
    pdf.setFont(font, 8)
    pdf.drawString(20 * mm, 12 * mm, _("本檔案供申報企業填寫出口報關單及清單之用，非海關文件。"))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
