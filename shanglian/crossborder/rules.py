"""Pure functions the store needs at checkout: the ID checksum, tax per line, the limits.

This is the store's adapter over the compliance engine (``shanglian.customs.rules``): where the
customs app exposes a function it is used; what it does not (yet) expose is computed here from
the published rules (财关税〔2016〕18号, 财关税〔2018〕49号: ¥5,000 per order, ¥26,000 per year,
tariff 0 %, VAT and consumption tax at 70 %). No Django, no database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ANNUAL_LIMIT = Decimal("26000")
ORDER_LIMIT = Decimal("5000")
RATE_WITHIN_LIMITS = Decimal("0.7")
CENT = Decimal("0.01")

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def id_number_problem(value: str, *, today: datetime.date | None = None) -> str | None:
    """None when ``value`` is a valid 18-digit resident ID (GB 11643-1999), otherwise a code:
    'length', 'characters', 'birth_date' or 'checksum'."""
    text = (value or "").strip().upper()
    if len(text) != 18:
        return "length"
    if not (text[:17].isascii() and text[:17].isdigit()) or text[17] not in "0123456789X":
        return "characters"
    try:
        born = datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return "birth_date"
    if born.year < 1900 or born > (today or datetime.date.today()):
        return "birth_date"
    total = sum(int(d) * w for d, w in zip(text[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != text[17]:
        return "checksum"
    return None


def id_check_digit(first17: str) -> str:
    """The check character for 17 digits (tests and demo data build valid numbers with it)."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def combined_rate(*, vat: Decimal, ct: Decimal, within_limits: bool = True, tariff: Decimal = Decimal("0")) -> Decimal:
    """Tax as a share of the customs value. Within the limits: (CT + VAT) / (1 − CT) × 70 % and no
    tariff (13 % VAT alone → 9.1 %). Outside (the single indivisible item over ¥5,000): full tariff,
    CT and VAT as in general trade: t + (1 + t)(CT + VAT) / (1 − CT)."""
    vat, ct, tariff = Decimal(vat), Decimal(ct), Decimal(tariff)
    if ct >= 1:
        raise ValueError("consumption tax rate must be below 100 %")
    if within_limits:
        return (ct + vat) / (1 - ct) * RATE_WITHIN_LIMITS
    return tariff + (1 + tariff) * (ct + vat) / (1 - ct)


def line_tax(*, value: Decimal, vat: Decimal, ct: Decimal, within_limits: bool = True,
             tariff: Decimal = Decimal("0")) -> Decimal:
    return money(Decimal(value) * combined_rate(vat=vat, ct=ct, within_limits=within_limits, tariff=tariff))


@dataclass(frozen=True)
class LimitCheck:
    ok: bool
    code: str = ""  # "order_limit" | "annual_limit" | ""
    within_limits: bool = True  # False: the single-item exception (full tax)


def check_limits(*, order_value: Decimal, year_used: Decimal, lines: int, total_qty: int,
                 indivisible: bool) -> LimitCheck:
    """The personal limits for one order of ``order_value`` given ``year_used`` so far this year.
    An order over ¥5,000 passes only as one indivisible item (one line, quantity 1) and only if the
    year still has room for it; it then pays full tax."""
    order_value, year_used = Decimal(order_value), Decimal(year_used)
    if order_value > ORDER_LIMIT:
        if not (lines == 1 and total_qty == 1 and indivisible):
            return LimitCheck(False, "order_limit")
        if year_used + order_value > ANNUAL_LIMIT:
            return LimitCheck(False, "annual_limit")
        return LimitCheck(True, within_limits=False)
    if year_used + order_value > ANNUAL_LIMIT:
        return LimitCheck(False, "annual_limit")
    return LimitCheck(True)


def freight(*, weight_kg: Decimal | int | str, first_kg: Decimal | int | str, per_kg: Decimal | int | str) -> Decimal:
    """A seller's freight (CNY) for a parcel of ``weight_kg``: ``first_kg`` covers the first
    kilogram (or less), and each further kilogram begun costs ``per_kg`` (首重 + 續重). An empty
    parcel costs nothing; 0 / 0 is free shipping."""
    weight = Decimal(weight_kg)
    if weight <= 0:
        return money(0)
    extra = max(Decimal(0), weight - 1)
    started = int(extra.to_integral_value(rounding="ROUND_CEILING"))
    return money(Decimal(first_kg) + Decimal(per_kg) * started)


def coupon_discount(*, kind: str, goods_value: Decimal, value_hkd: Decimal | None, percent: int | None,
                    hkd_per_cny: Decimal) -> Decimal:
    """The ``discount`` (CNY) a festival coupon gives on an order of ``goods_value``: a cash coupon's
    face value in HKD converted at ``hkd_per_cny`` (rounded down to the cent, so never more than the
    coupon is worth), a percentage coupon's share of the goods; never more than the goods."""
    if kind == "value":
        amount = (Decimal(value_hkd or 0) / Decimal(hkd_per_cny)).quantize(CENT, rounding="ROUND_DOWN")
    else:
        amount = money(Decimal(goods_value) * Decimal(percent or 0) / 100)
    return max(Decimal(0), min(amount, money(goods_value)))


def returned_share(*, amount: Decimal, qty: int, before: int, returned: int) -> Decimal:
    """The part of a line's ``amount`` (its goods value, taxable value or tax, in cents) that
    ``returned`` more units give back when ``before`` of its ``qty`` units were returned already.

    Rounded **cumulatively**: the share of the first ``before + returned`` units, rounded half-up to
    the cent, less the share of the first ``before`` units rounded the same way. So returns of a
    line in any number of steps add up to exactly ``amount`` once every unit is back, never more,
    and the same units give the same cents whatever the steps (3 × ⅓ of ¥10.00 → 3.33, 3.34, 3.33)."""
    if qty <= 0 or returned < 0 or before < 0 or before + returned > qty:
        raise ValueError("returned units out of range")
    amount = Decimal(amount)
    return money(amount * (before + returned) / qty) - money(amount * before / qty)
