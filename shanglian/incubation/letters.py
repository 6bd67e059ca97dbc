"""Decision letters as PDF (reportlab), in the applicant's language. Chinese text uses the CID
fonts every PDF reader has (MSung-Light for Traditional, STSong-Light for Simplified), as the
events app's badges do."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _

from shanglian.incubation.models import Application


def _traditional_font():
    from reportlab.pdfbase.cidfonts import CIDFont, UnicodeCIDFont, widthsByUnichar

    class MSungLight(UnicodeCIDFont):
        def __init__(self) -> None:
            CIDFont.__init__(self, "MSung-Light", "UniCNS-UCS2-H")
            self.language = "cht"
            self.name = self.fontName = "MSung-Light"
            self.vertical = self.isHalfWidth = False
            self.unicodeWidths = widthsByUnichar[self.name]

    return MSungLight()


def _font_for(text: str) -> str:
    if text.isascii():
        return "Helvetica"
    try:
        text.encode("big5hkscs")
    except UnicodeEncodeError:
        return "STSong-Light"
    return "MSung-Light"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase import pdfmetrics

    lines, line = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(line + ch, font, size) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line else lines


def letter_pdf(application: Application) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if "MSung-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_traditional_font())
    with translation.override(application.language):
        call = application.call
        heading = {
            Application.Status.OFFERED: _("取錄通知書"),
            Application.Status.WAITLISTED: _("候補通知書"),
            Application.Status.REJECTED: _("申請結果通知書"),
            Application.Status.ACCEPTED: _("取錄通知書"),
        }.get(application.status, _("申請結果通知書"))
        body = {
            Application.Status.OFFERED: _(
                "恭喜！你的項目「%(project)s」獲%(call)s取錄。請於平台上載已簽署的協議以接受取錄。"
            ),
            Application.Status.ACCEPTED: _(
                "恭喜！你的項目「%(project)s」獲%(call)s取錄。請於平台上載已簽署的協議以接受取錄。"
            ),
            Application.Status.WAITLISTED: _(
                "你的項目「%(project)s」已列入%(call)s的候補名單；如有名額，我們會再通知你。"
            ),
        }.get(application.status, _("感謝你申請%(call)s。經評審後，你的項目「%(project)s」今次未獲取錄。"))
        lines = [
            str(heading),
            "",
            _("申請編號：%(ref)s") % {"ref": application.reference or application.pk},
            "",
            body % {"project": application.project_name, "call": str(call.title)},
            "",
            str(call.programme.get_base_display()),
            application.decided_at.strftime("%Y-%m-%d") if application.decided_at else "",
        ]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(str(heading))
    width, height = A4
    y = height - 30 * mm
    for i, text in enumerate(lines):
        size = 18 if i == 0 else 11
        font = _font_for(text)
        for part in _wrap(text, font, size, width - 50 * mm) or [""]:
            pdf.setFont(font, size)
            pdf.drawString(25 * mm, y, part)
            y -= size * 1.6
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
