"""PDFs of the agreements app (reportlab, the CID fonts that render Chinese, as events' badges do):
the run-of-show of a signing ceremony and a pledge's acknowledgement letter."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.agreements.models import Agreement, Pledge


def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if "MSung-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_traditional_font())


def _traditional_font() -> Any:
    """MSung-Light with the CNS CMap (reportlab's table gives it the GB one, which PDF readers
    reject for an Adobe-CNS1 font); the same fix as the events app's badges."""
    from reportlab.pdfbase.cidfonts import CIDFont, UnicodeCIDFont, widthsByUnichar

    class MSungLight(UnicodeCIDFont):
        def __init__(self) -> None:
            CIDFont.__init__(self, "MSung-Light", "UniCNS-UCS2-H")
            self.language = "cht"
            self.name = self.fontName = "MSung-Light"
            self.vertical = self.isHalfWidth = False
            self.unicodeWidths = widthsByUnichar[self.name]

    return MSungLight()


def font_for(text: str) -> str:
    """Helvetica for ASCII, MSung-Light (Traditional) when the text fits Big5-HKSCS, else STSong-Light."""
    if text.isascii():
        return "Helvetica"
    try:
        text.encode("big5hkscs")
    except UnicodeEncodeError:
        return "STSong-Light"
    return "MSung-Light"


class _Writer:
    def __init__(self, title: str) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        _fonts()
        self.buffer = io.BytesIO()
        self.pdf = canvas.Canvas(self.buffer, pagesize=A4)
        self.pdf.setTitle(title)
        self.width, self.height = A4
        self.margin = 50
        self.y = self.height - self.margin

    def line(self, text: str, size: float = 11, gap: float = 6, indent: float = 0) -> None:
        from reportlab.pdfbase import pdfmetrics

        text = str(text)
        max_w = self.width - 2 * self.margin - indent
        # wrap by characters (CJK has no spaces)
        chunks, current = [], ""
        for ch in text:
            font = font_for(current + ch)
            if pdfmetrics.stringWidth(current + ch, font, size) > max_w and current:
                chunks.append(current)
                current = ch
            else:
                current += ch
        chunks.append(current)
        for chunk in chunks:
            if self.y < self.margin + size:
                self.pdf.showPage()
                self.y = self.height - self.margin
            self.pdf.setFont(font_for(chunk), size)
            self.pdf.drawString(self.margin + indent, self.y - size, chunk)
            self.y -= size + gap

    def space(self, height: float = 10) -> None:
        self.y -= height

    def bytes(self) -> bytes:
        self.pdf.showPage()
        self.pdf.save()
        return self.buffer.getvalue()


def run_of_show_pdf(agreement: Agreement, ceremony: Any, parties: list[Any]) -> bytes:
    w = _Writer(f"{agreement.reference} run of show")
    w.line(_("簽約儀式流程"), size=18, gap=10)
    w.line(agreement.title_zh_hant, size=14)
    if agreement.title_en:
        w.line(agreement.title_en, size=12)
    w.space()
    if ceremony is not None:
        tz = timezone.get_current_timezone()
        w.line(f"{_('活動')}: {ceremony.event.title_zh_hant}", size=11)
        w.line(
            f"{_('時間')}: {timezone.localtime(ceremony.starts_at, tz):%Y-%m-%d %H:%M} – "
            f"{timezone.localtime(ceremony.ends_at, tz):%H:%M}",
            size=11,
        )
        if ceremony.room:
            w.line(f"{_('場地')}: {ceremony.room}", size=11)
        w.space()
        w.line(_("背板文字"), size=13, gap=8)
        for text in (ceremony.backdrop_zh_hant, ceremony.backdrop_zh_hans, ceremony.backdrop_en):
            if text:
                w.line(text, size=16, gap=8, indent=10)
        w.space()
    else:
        w.line(_("尚未安排簽約儀式。"), size=11)
    w.line(_("簽署次序及座位"), size=13, gap=8)
    for party in parties:
        seat = f" [{_('座位')} {party.seat}]" if party.seat else ""
        w.line(f"{party.order}. {party.target}{seat}", size=12, indent=10)
        if party.signatory_name:
            w.line(f"{party.signatory_name} · {party.signatory_title}".strip(" ·"), size=11, indent=28)
    if ceremony is not None and ceremony.notes:
        w.space()
        w.line(_("流程備註"), size=13, gap=8)
        for note in ceremony.notes.splitlines():
            w.line(note, size=11, indent=10)
    return w.bytes()


def pledge_letter_pdf(pledge: Pledge) -> bytes:
    from shanglian.agreements.selectors import pledge_totals

    project = pledge.project
    w = _Writer(f"pledge {pledge.pk}")
    w.line(str(project.association.name), size=12)
    w.line(f"{timezone.localdate():%Y-%m-%d}", size=10)
    w.space(20)
    w.line(_("認捐致謝函"), size=18, gap=14)
    w.line(_("致 %(name)s：") % {"name": pledge.pledger}, size=12, gap=10)
    w.line(
        _("承蒙 貴方慷慨認捐「%(project)s」港幣 %(amount)s 元，謹此致以衷心感謝。")
        % {"project": project.name, "amount": f"{pledge.amount:,.2f}"},
        size=12,
        gap=10,
    )
    w.line(_("分期安排如下（本平台不經手任何款項）："), size=12, gap=10)
    for i, instalment in enumerate(pledge.instalments.all(), start=1):
        paid = f" · {_('已收')} {instalment.paid_on:%Y-%m-%d}" if instalment.paid_on else ""
        w.line(f"{i}. {instalment.due_on:%Y-%m-%d}  HK$ {instalment.amount:,.2f}{paid}", size=11, indent=14)
    totals = pledge_totals(pledge)
    w.space()
    w.line(
        _("已收：港幣 %(paid)s 元；尚餘：港幣 %(left)s 元。")
        % {"paid": f"{totals['paid']:,.2f}", "left": f"{totals['outstanding']:,.2f}"},
        size=11,
    )
    w.space(24)
    w.line(str(project.association.name), size=12)
    return w.bytes()
