"""Amounts in Hong Kong dollars from untrusted text: positive, at most two decimals, at most
HK$10 million (``MAX_AMOUNT``); everything else is refused with a message that says why."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from shanglian.charity.models import MAX_AMOUNT
from shanglian.core.errors import DomainError

_SHAPE = re.compile(r"^\d{1,30}(\.\d{1,2})?$")


def parse_amount(raw: Any, *, field: str = "amount") -> Decimal:
    text = str(raw if raw is not None else "").strip().replace(",", "").replace("HK$", "").replace("$", "")

    def refuse(message: str) -> DomainError:
        return DomainError("amount", message, fields={field: message})

    if not text:
        raise refuse(_("請輸入金額。"))
    if text.startswith("-"):
        raise refuse(_("金額必須大於零。"))
    if not text.isascii():
        raise refuse(_("金額只可以包含數字及小數點。"))
    if re.fullmatch(r"\d+\.\d{3,}", text):
        raise refuse(_("金額最多只可有兩位小數。"))
    if not _SHAPE.match(text):
        raise refuse(_("金額只可以包含數字及小數點。"))
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already refused it
        raise refuse(_("金額只可以包含數字及小數點。")) from None
    if value <= 0:
        raise refuse(_("金額必須大於零。"))
    if value > MAX_AMOUNT:
        raise refuse(_("金額超過上限（港幣 %(max)s 元）；如屬真實大額捐款，請與秘書處聯絡。")
                     % {"max": f"{MAX_AMOUNT:,.0f}"})
    return value.quantize(Decimal("0.01"))
