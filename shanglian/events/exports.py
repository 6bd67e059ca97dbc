"""Exports for organisers: attendee list, check-in report, meeting schedule and per-table sheets
(.xlsx), and name badges (PDF: Chinese and English names and the ticket QR code)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from shanglian.core.excel import excel_safe as _safe
from shanglian.events import tickets
from shanglian.events.models import Event, Meeting, Registration


def _local(dt, event: Event) -> str:
    return timezone.localtime(dt, event.tz).strftime("%Y-%m-%d %H:%M") if dt else ""


def attendee_rows(event: Event) -> tuple[list[str], list[list[Any]]]:
    headers = [_("中文姓名"), _("英文姓名"), _("職銜"), _("公司"), _("電郵"), _("電話"), _("狀態"), _("付款"),
               _("門票編號"), _("報名時間"), _("簽到時間")]
    questions = list(event.questions.all())
    headers += [q.text for q in questions]
    rows = []
    qs = (Registration.objects.filter(event=event).exclude(status__in=("cancelled", "rejected"))
          .prefetch_related("answers").order_by("status", "company", "name_zh", "pk"))
    for r in qs:
        answers = {a.question_id: a.value for a in r.answers.all()}
        rows.append([r.name_zh, r.name_en, r.title, r.company, r.email, r.phone, r.get_status_display(),
                     _("是") if r.paid else _("否"), tickets.display(r.ticket_code), _local(r.created_at, event),
                     _local(r.checked_in_at, event)] + [answers.get(q.pk, "") for q in questions])
    return headers, rows


def checkin_rows(event: Event) -> tuple[list[str], list[list[Any]]]:
    headers = [_("中文姓名"), _("英文姓名"), _("公司"), _("簽到時間"), _("簽到職員")]
    qs = (Registration.objects.filter(event=event, status="confirmed").select_related("checked_in_by")
          .order_by("checked_in_at", "name_zh", "pk"))
    rows = [[r.name_zh, r.name_en, r.company, _local(r.checked_in_at, event) or _("未簽到"),
             r.checked_in_by.username if r.checked_in_by else ""] for r in qs]
    return headers, rows


def _meetings(event: Event):
    return (Meeting.objects.filter(event=event).exclude(status="cancelled")
            .select_related("slot", "request__requester", "request__recipient").order_by("slot__starts_at", "table"))


def meeting_rows(event: Event) -> tuple[list[str], list[list[Any]]]:
    headers = [_("時段"), _("桌號"), _("參加者甲"), _("公司甲"), _("參加者乙"), _("公司乙"), _("優先次序"), _("狀態")]
    rows = [[_local(m.slot.starts_at, event), m.table, m.request.requester.display_name, m.request.requester.company,
             m.request.recipient.display_name, m.request.recipient.company, m.request.get_priority_display(),
             m.get_status_display()] for m in _meetings(event)]
    return headers, rows


def table_sheets(event: Event) -> list[tuple[str, list[str], list[list[Any]]]]:
    by_table: dict[int, list[Meeting]] = {}
    for m in _meetings(event):
        by_table.setdefault(m.table, []).append(m)
    headers = [_("時段"), _("參加者甲"), _("公司甲"), _("參加者乙"), _("公司乙")]
    return [(_("第 %(n)s 桌") % {"n": t}, headers,
             [[_local(m.slot.starts_at, event), m.request.requester.display_name, m.request.requester.company,
               m.request.recipient.display_name, m.request.recipient.company] for m in ms])
            for t, ms in sorted(by_table.items())]


def workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    any_sheet = False
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        cells = []
        for h in headers:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        for row in rows:
            ws.append([_safe(v) for v in row])
        any_sheet = True
    if not any_sheet:
        wb.create_sheet(title="-")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---- badges -----------------------------------------------------------------------------

def _cid_font(text: str) -> str:
    """Helvetica for plain ASCII, MSung-Light (Traditional, CNS) when the text is in Big5-HKSCS,
    else STSong-Light (GB: Simplified, and more)."""
    if text.isascii():
        return "Helvetica"
    try:
        text.encode("big5hkscs")
    except UnicodeEncodeError:
        return "STSong-Light"
    return "MSung-Light"


def _traditional_font():
    """MSung-Light with the CNS CMap: reportlab's table gives it the GB one (UniGB-UCS2-H), which
    PDF readers reject for an Adobe-CNS1 font, so its Traditional text would not show."""
    from reportlab.pdfbase.cidfonts import CIDFont, UnicodeCIDFont, widthsByUnichar

    class MSungLight(UnicodeCIDFont):
        def __init__(self) -> None:
            CIDFont.__init__(self, "MSung-Light", "UniCNS-UCS2-H")
            self.language = "cht"
            self.name = self.fontName = "MSung-Light"
            self.vertical = self.isHalfWidth = False
            self.unicodeWidths = widthsByUnichar[self.name]

    return MSungLight()


def badges_pdf(event: Event, registrations: Iterable[Registration]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if "MSung-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_traditional_font())
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{event.title_zh_hant} badges")
    page_w, page_h = A4
    cols, rows, margin = 2, 4, 10 * mm
    w, h = (page_w - 2 * margin) / cols, (page_h - 2 * margin) / rows
    title = event.title_zh_hant

    def fit(text: str, font: str, size: float, width: float) -> float:
        while size > 7 and pdfmetrics.stringWidth(text, font, size) > width:
            size -= 0.5
        return size

    for i, r in enumerate(registrations):
        if i and i % (cols * rows) == 0:
            pdf.showPage()
        k = i % (cols * rows)
        x, y = margin + (k % cols) * w, page_h - margin - (k // cols + 1) * h
        pdf.setStrokeColorRGB(0.75, 0.75, 0.75)
        pdf.setDash(2, 2)
        pdf.rect(x, y, w, h)
        pdf.setDash()
        pdf.setFillColorRGB(0.64, 0.07, 0.13)
        pdf.rect(x, y + h - 11 * mm, w, 11 * mm, stroke=0, fill=1)
        pdf.setFillColorRGB(1, 1, 1)
        font = _cid_font(title)
        pdf.setFont(font, fit(title, font, 11, w - 8 * mm))
        pdf.drawString(x + 4 * mm, y + h - 7.5 * mm, title)
        pdf.setFillColorRGB(0, 0, 0)
        text_w = w - 40 * mm
        zh, en = r.name_zh or r.name_en, r.name_en if r.name_zh else ""
        font = _cid_font(zh)
        pdf.setFont(font, fit(zh, font, 22, text_w))
        pdf.drawString(x + 5 * mm, y + h - 26 * mm, zh)
        if en:
            pdf.setFont("Helvetica-Bold", fit(en, "Helvetica-Bold", 13, text_w))
            pdf.drawString(x + 5 * mm, y + h - 34 * mm, en)
        if r.company:
            font = _cid_font(r.company)
            pdf.setFont(font, fit(r.company, font, 10, text_w))
            pdf.drawString(x + 5 * mm, y + h - 43 * mm, r.company)
        pdf.setFont("Helvetica", 7)
        pdf.drawString(x + 5 * mm, y + 5 * mm, tickets.display(r.ticket_code))
        qr = ImageReader(io.BytesIO(tickets.qr_png(r.ticket_code, scale=4)))
        pdf.drawImage(qr, x + w - 36 * mm, y + 6 * mm, 32 * mm, 32 * mm)
    if not registrations:
        pdf.setFont("STSong-Light", 14)
        pdf.drawString(margin, page_h - margin - 20, _("暫無已確認的參加者。"))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
