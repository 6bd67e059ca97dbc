"""The store's adapter over the compliance engine (``shanglian.customs``) and other apps' helpers.

The store depends on customs, never the reverse. Where customs exposes a function, it is used;
where it does not, the store falls back to its own ``rules`` module and says so in the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from shanglian.crossborder import rules
from shanglian.festival.photos import process_photo  # noqa: F401 - the project's one photo pipeline


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str = ""
    note: str = ""


def positive_list(hs_code: str, *, modes: list[str]) -> Verdict:
    code = (hs_code or "").strip()
    if not (code.isascii() and code.isdigit() and len(code) in (8, 10)):
        return Verdict(False, _("商品編碼須為 8 或 10 位數字。"))
    return Verdict(True, note=_("正面清單待合規引擎核對"))


def line_tax(*, value: Decimal, vat: Decimal, ct: Decimal, within_limits: bool = True,
             tariff: Decimal = Decimal("0")) -> Decimal:
    return rules.line_tax(value=value, vat=vat, ct=ct, within_limits=within_limits, tariff=tariff)


def declare(*, order: Any, payment: Any, actor: Any = None) -> None:
    """Hand the paid order's documents to the compliance engine (no-op until it is there)."""
    return None


def register_listener(callback: Any) -> None:
    return None


def on_customs_status(order_no: str, status: str, note: str = "") -> None:
    from shanglian.crossborder.services import order_customs_status

    order_customs_status(order_no=order_no, status=status, note=note)
