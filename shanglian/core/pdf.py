"""Fonts for PDFs with Chinese text (reportlab's built-in CID fonts: nothing to download).

``register_cjk_fonts()`` once per process, then ``font_for(text)`` picks Helvetica for ASCII,
MSung-Light (Traditional, CNS) for text in Big5-HKSCS, else STSong-Light (Simplified and more).
``wrap(text, font, size, width)`` breaks a line by measured width (CJK has no spaces).
"""

from __future__ import annotations


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


def register_cjk_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    names = pdfmetrics.getRegisteredFontNames()
    if "STSong-Light" not in names:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if "MSung-Light" not in names:
        pdfmetrics.registerFont(_traditional_font())


def font_for(text: str) -> str:
    if text.isascii():
        return "Helvetica"
    try:
        text.encode("big5hkscs")
    except UnicodeEncodeError:
        return "STSong-Light"
    return "MSung-Light"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase import pdfmetrics

    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        line = ""
        for ch in paragraph:
            if pdfmetrics.stringWidth(line + ch, font, size) > width and line:
                cut = line.rfind(" ") if font == "Helvetica" and " " in line else -1
                if cut > 0:
                    lines.append(line[:cut])
                    line = line[cut + 1:] + ch
                else:
                    lines.append(line)
                    line = ch
            else:
                line += ch
        lines.append(line)
    return lines


def text_pdf(*, title: str, blocks: list[tuple[str, str]]) -> bytes:
    """A simple A4 document: ``blocks`` of (style, text), style one of "h1", "h2", "p", "small"."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    register_cjk_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    page_w, page_h = A4
    margin = 20 * mm
    y = page_h - margin
    sizes = {"h1": 18, "h2": 13, "p": 11, "small": 9}
    for style, text in blocks:
        size = sizes.get(style, 11)
        font = font_for(text)
        for line in wrap(text, font, size, page_w - 2 * margin):
            if y < margin + size:
                pdf.showPage()
                y = page_h - margin
            pdf.setFont(font, size)
            pdf.drawString(margin, y - size, line)
            y -= size * 1.5
        y -= size * 0.6 if style.startswith("h") else size * 0.4
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
