"""Thank-you letters (PDF) in the donor's language."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.charity.models import Pledge
from shanglian.core.pdf import text_pdf


def thank_you_pdf(pledge: Pledge) -> bytes:
    campaign = pledge.campaign
    what = (f"HK$ {pledge.received_amount or pledge.amount:,.2f}" if (pledge.received_amount or pledge.amount)
            else pledge.in_kind)
    blocks = [
        ("h1", _("感謝信")),
        ("small", str(timezone.localdate())),
        ("p", _("致 %(name)s：") % {"name": pledge.donor_name}),
        ("p", _("衷心感謝 閣下支持「%(campaign)s」，捐助 %(what)s 予 %(charity)s。")
         % {"campaign": campaign.title, "what": what, "charity": campaign.beneficiary_name}),
        ("p", _("善款由受惠機構直接收取及發出收據，本會並不經手任何款項。")),
    ]
    if pledge.receipt_number:
        blocks.append(("p", _("收據編號：%(no)s") % {"no": pledge.receipt_number}))
    blocks.append(("small", _("受惠機構稅務局第88條檔案編號：%(s88)s") % {"s88": campaign.beneficiary_s88}))
    if campaign.permit_number:
        blocks.append(("small", _("公開籌款許可證編號：%(no)s") % {"no": campaign.permit_number}))
    blocks.append(("p", _("商聯 謹啟")))
    return text_pdf(title=_("感謝信"), blocks=blocks)
