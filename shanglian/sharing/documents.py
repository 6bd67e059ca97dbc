"""Quotes and invoices (PDF, reportlab's built-in CID fonts render Chinese: MSung for Traditional,
STSong for Simplified — the same choice as events' badges) and .ics feeds."""

from __future__ import annotations

import io
import zoneinfo

from django.core import signing
from django.utils.translation import gettext as _

from shanglian.core.formatting import money
from shanglian.sharing.models import Booking, Unit

FEED_SALT = "sharing.member-feed"


def feed_token(enterprise_id: int) -> str:
    return signing.dumps(enterprise_id, salt=FEED_SALT, compress=True)


def feed_enterprise(token: str) -> int | None:
    try:
        value = signing.loads(token[:200], salt=FEED_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import CIDFont, UnicodeCIDFont, widthsByUnichar

    names = pdfmetrics.getRegisteredFontNames()
    if "STSong-Light" not in names:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    if "MSung-Light" not in names:
        class MSungLight(UnicodeCIDFont):
            def __init__(self) -> None:
                CIDFont.__init__(self, "MSung-Light", "UniCNS-UCS2-H")
                self.language = "cht"
                self.name = self.fontName = "MSung-Light"
                self.vertical = self.isHalfWidth = False
                self.unicodeWidths = widthsByUnichar[self.name]

        pdfmetrics.registerFont(MSungLight())


def _font(text: str) -> str:
    if text.isascii():
        return "Helvetica"
    try:
        text.encode("big5hkscs")
    except UnicodeEncodeError:
        return "STSong-Light"
    return "MSung-Light"


def booking_pdf(booking: Booking, *, kind: str) -> bytes:
    """``kind`` "quote" (before confirmation) or "invoice" (confirmed / completed), in the
    booking's currency. The platform holds no money: payment goes straight to the provider."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    _fonts()
    listing = booking.listing
    zone = zoneinfo.ZoneInfo(listing.time_zone)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    heading = _("報價單") if kind == "quote" else _("發票")
    number = f"{booking.number}-{'Q' if kind == 'quote' else 'I'}"
    pdf.setTitle(f"{number}")
    y = A4[1] - 25 * mm

    def line(text: str, size: float = 11, gap: float = 7) -> None:
        nonlocal y
        text = str(text)
        pdf.setFont(_font(text), size)
        pdf.drawString(20 * mm, y, text)
        y -= gap * mm

    amount = booking.counter_amount if booking.status == Booking.Status.COUNTERED and booking.counter_amount else (
        booking.amount)
    L0 = _("提供企業")
    L1 = _("預約企業")
    L2 = _("項目")
    L3 = _("地址")
    L4 = _("時間")
    L5 = _("數量")
    L6 = _("計價單位")
    L7 = _("單價")
    L8 = _("金額")
    L9 = _("按金")
    L10 = _("取消費")
    L11 = _("已付款")
    L12 = _("報價另議")
    line(f"{heading}  {number}", 18, 12)
    line(f"{L0}: {listing.enterprise.name_zh or listing.enterprise.name_en}")
    line(f"{L1}: {booking.enterprise.name_zh or booking.enterprise.name_en}")
    line(f"{L2}: {listing.title_zh_hant}")
    line(f"{L3}: {listing.address}")
    line(f"{L4}: {booking.starts_at.astimezone(zone):%Y-%m-%d %H:%M} – "
         f"{booking.ends_at.astimezone(zone):%Y-%m-%d %H:%M} ({listing.time_zone})")
    line(f"{L5}: {booking.quantity}   {L6}: {Unit(listing.unit).label}")
    line(f"{L7}: {money(listing.price, booking.currency) if listing.price is not None else L12}")
    line(f"{L8}: {money(amount, booking.currency) if amount is not None else L12} ({booking.currency})",
         13, 9)
    if booking.deposit:
        line(f"{L9}: {money(booking.deposit, booking.currency)}")
    if booking.cancel_fee:
        line(f"{L10}: {money(booking.cancel_fee, booking.currency)}")
    if booking.settled_at:
        line(f"{L11}: {booking.settled_at:%Y-%m-%d} {booking.settlement_method} {booking.settlement_ref}")
    y -= 5 * mm
    line(_("本平台不代收款項：請以銀行轉帳或轉數快直接付款予提供企業。"), 9)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
