"""The cross-border retail import rules as pure functions (no Django) over a ``RulesSnapshot``.

A snapshot is the rules in force on one day, read from the dated tables by
``shanglian.customs.selectors.rules_snapshot(day)`` (or built by hand in tests). Sources
(see docs/customs.md): 財關稅〔2016〕18號 (tax policy), 財關稅〔2018〕49號 (limits ¥5,000 / ¥26,000,
single indivisible item), the 2022 positive list announcement (財政部等8部門公告2022年第7號).

- ``check_id_number(s)``: 18-character PRC resident ID, ISO 7064 MOD 11-2 check character, real
  birth date.
- ``line_tax(...)``: within the limits tariff 0 %, VAT and consumption tax at 70 %; that is
  base × (ct + vat) / (1 − ct) × 70 % (13 % VAT alone → 9.1 %). With full tax (the single-item
  exception) tariff, CT and VAT are charged in full on base + tariff.
- ``order_tax(order, rules)``: the tax of each line (freight and discount shared over the lines
  in proportion to their value: the taxable value is the actual transaction price incl. freight).
- ``check_order(order, rules, *, year_used, payment=None, waybill=None, mode=…)``: every problem the
  customs checks would raise, as ``Problem`` s (code, field, line, params) — empty means it passes.

Messages are written in Traditional Chinese and marked with ``gettext_noop`` so the app's catalogue
holds them; ``Problem.message`` translates through the translator the app installs at start-up
(``set_translator``; the customs AppConfig installs Django's ``gettext``), so this module stays pure.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from shanglian.customs.documents import MODE_BONDED, MODE_DIRECT, MODES, OrderDoc, PaymentDoc, WaybillDoc

CENT = Decimal("0.01")
ZERO = Decimal("0")


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogue (makemessages extracts gettext_noop calls)."""
    return message


_translate: Callable[[str], str] = lambda message: message  # noqa: E731 — replaced at app start


def set_translator(translate: Callable[[str], str]) -> None:
    global _translate
    _translate = translate


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------------ the snapshot

@dataclass(frozen=True)
class PositiveEntry:
    """One line of a positive-list version: an HS code (or prefix) with its remark's restrictions."""

    hs_code: str
    name: str = ""
    remark: str = ""
    modes: frozenset[str] = frozenset()           # empty = both 9610 and 1210
    max_net_weight: Decimal | None = None         # kg per line, when the remark limits weight
    excluded_names: tuple[str, ...] = ()          # goods names the remark excludes (e.g. 嬰兒配方)
    vat_rate: Decimal | None = None
    ct_rate: Decimal | None = None
    tariff_rate: Decimal | None = None


@dataclass(frozen=True)
class RulesSnapshot:
    per_order_limit: Decimal = Decimal("5000")
    annual_limit: Decimal = Decimal("26000")
    tax_factor: Decimal = Decimal("0.7")
    default_vat_rate: Decimal = Decimal("0.13")
    amount_tolerance: Decimal = Decimal("0.05")   # yuan: acturalPaid vs goods + freight − discount + tax
    positive_list: tuple[PositiveEntry, ...] = ()
    positive_list_version: str = ""
    id_types: frozenset[str] = frozenset({"1"})
    currencies: frozenset[str] = frozenset({"142"})
    on: datetime.date | None = None

    def entry_for(self, gcode: str) -> PositiveEntry | None:
        """The most specific positive-list entry whose code is a prefix of ``gcode`` (10 digits)."""
        gcode = (gcode or "").strip()
        best: PositiveEntry | None = None
        for entry in self.positive_list:
            if gcode.startswith(entry.hs_code) and (best is None or len(entry.hs_code) > len(best.hs_code)):
                best = entry
        return best


# ------------------------------------------------------------------------------ problems

MESSAGES: dict[str, str] = {
    "order_limit_multi": gettext_noop(
        "訂單完稅價格 ¥{value} 超過單次交易限值 ¥{limit}；只有一件不可分割的商品才可超過限值。"),
    "annual_limit": gettext_noop("購買人本年度已用 ¥{used}，加上本單 ¥{value} 將超過年度限值 ¥{limit}。"),
    "not_on_list": gettext_noop("第 {line} 項商品編碼 {gcode} 不在跨境電商零售進口商品清單（{version}）內。"),
    "list_mode": gettext_noop("第 {line} 項商品編碼 {gcode} 按清單備註只限 {modes} 模式：{remark}"),
    "list_weight": gettext_noop("第 {line} 項淨重 {weight} 千克超過清單備註上限 {limit} 千克：{remark}"),
    "list_name": gettext_noop("第 {line} 項「{name}」屬清單備註排除的商品：{remark}"),
    "goods_value": gettext_noop("商品價格合計 ¥{sum} 與訂單 goodsValue ¥{value} 不符。"),
    "line_total": gettext_noop("第 {line} 項數量 × 單價 ¥{expected} 與總價 ¥{value} 不符。"),
    "paid_mismatch": gettext_noop(
        "實付金額 ¥{paid} 與商品 + 運費 − 折扣 + 稅款 ¥{expected} 不符（容許差額 ¥{tolerance}）。"),
    "tax_mismatch": gettext_noop("訂單稅款 ¥{value} 與按規則計算的 ¥{expected} 不符。"),
    "id_number": gettext_noop("購買人身份證號碼無效（18 位，末位校驗碼不符或出生日期不正確）。"),
    "id_type": gettext_noop("不支援的證件類型 {value}。"),
    "currency": gettext_noop("幣制 {value} 不是人民幣（142）。"),
    "mode": gettext_noop("進口模式 {value} 無效：只可 9610 或 1210。"),
    "no_lines": gettext_noop("訂單沒有商品。"),
    "negative": gettext_noop("{name} 不可為負數。"),
    "quantity": gettext_noop("第 {line} 項數量必須大於零。"),
    "required": gettext_noop("必填欄位 {name} 是空的。"),
    "payment_missing": gettext_noop("未有支付單：海關要求訂單、支付單、運單三單對碰。"),
    "payer_mismatch": gettext_noop("支付人與訂購人不是同一人（姓名或證件號碼不同）。"),
    "payment_order": gettext_noop("支付單的訂單編號 {value} 與訂單 {orderNo} 不符。"),
    "payment_amount": gettext_noop("支付金額 ¥{value} 與訂單實付金額 ¥{paid} 不符。"),
    "waybill_missing": gettext_noop("未有運單：海關要求訂單、支付單、運單三單對碰。"),
    "waybill_order": gettext_noop("運單的訂單編號 {value} 與訂單 {orderNo} 不符。"),
    "waybill_consignee": gettext_noop("運單收貨人與訂單收貨人不同。"),
    "schema": gettext_noop("報文 {kind} 不符合規範：{error}"),
    "waybill_freight": gettext_noop("運單運費 ¥{value} 與訂單運費 ¥{freight} 不符。"),
}


@dataclass(frozen=True)
class Problem:
    code: str
    field: str = ""
    line: int | None = None
    params: dict[str, Any] = dc_field(default_factory=dict, hash=False, compare=False)

    @property
    def message(self) -> str:
        """The message in the active language (through the installed translator)."""
        template = _translate(MESSAGES.get(self.code, self.code))
        try:
            return template.format(**{k: v for k, v in self.params.items()})
        except (KeyError, IndexError, ValueError):
            return template

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "field": self.field, "line": self.line,
                "params": {k: str(v) for k, v in self.params.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(code=data.get("code", ""), field=data.get("field", ""), line=data.get("line"),
                   params=dict(data.get("params") or {}))


# ------------------------------------------------------------------------------ ID numbers

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_character(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def check_id_number(value: str) -> bool:
    """An 18-character PRC resident ID: 17 digits, a MOD 11-2 check character (0-9 or X), a real
    birth date (1900 or later)."""
    s = (value or "").strip().upper()
    if len(s) != 18 or not s[:17].isascii() or not s[:17].isdigit() or s[17] not in "0123456789X":
        return False
    try:
        born = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if born.year < 1900:
        return False
    return id_check_character(s[:17]) == s[17]


# ------------------------------------------------------------------------------ tax

@dataclass(frozen=True)
class LineTax:
    base: Decimal          # taxable value (完稅價格)
    tariff: Decimal
    consumption: Decimal
    vat: Decimal

    @property
    def total(self) -> Decimal:
        return self.tariff + self.consumption + self.vat


def effective_rate(*, vat_rate: Decimal, ct_rate: Decimal = ZERO, factor: Decimal = Decimal("0.7")) -> Decimal:
    """(CT + VAT) / (1 − CT) × factor: the combined rate on the taxable value within the limits."""
    return (ct_rate + vat_rate) / (1 - ct_rate) * factor


def line_tax(*, base: Decimal, vat_rate: Decimal, ct_rate: Decimal = ZERO, tariff_rate: Decimal = ZERO,
             factor: Decimal = Decimal("0.7"), full: bool = False) -> LineTax:
    """Tax on one line's taxable value. Within the limits (``full=False``): tariff 0 %, CT and VAT at
    ``factor`` (70 %). Full tax: tariff, then CT on (base + tariff) / (1 − CT), then VAT on
    base + tariff + CT. Amounts are rounded to the cent."""
    base = Decimal(base)
    if not (ZERO <= ct_rate < 1):
        raise ValueError("consumption tax rate must be in [0, 1)")
    if full:
        tariff = base * tariff_rate
        ct = (base + tariff) / (1 - ct_rate) * ct_rate
        vat = (base + tariff + ct) * vat_rate
        return LineTax(base=money(base), tariff=money(tariff), consumption=money(ct), vat=money(vat))
    ct = base / (1 - ct_rate) * ct_rate * factor
    vat = base / (1 - ct_rate) * vat_rate * factor
    return LineTax(base=money(base), tariff=ZERO.quantize(CENT), consumption=money(ct), vat=money(vat))


@dataclass(frozen=True)
class TaxResult:
    lines: tuple[LineTax, ...]
    taxable_value: Decimal       # goods + freight − discount (counts toward the limits)
    full_tax: bool               # the single-item exception applies

    @property
    def total(self) -> Decimal:
        return sum((t.total for t in self.lines), ZERO).quantize(CENT)


def _shares(values: list[Decimal], amount: Decimal) -> list[Decimal]:
    """``amount`` split over ``values`` in proportion, to the cent, the remainder on the last line."""
    total = sum(values, ZERO)
    if not values:
        return []
    if total <= 0:
        out = [ZERO] * len(values)
        out[-1] = money(amount)
        return out
    out = [money(amount * v / total) for v in values]
    out[-1] += money(amount) - sum(out, ZERO)
    return out


shares = _shares  # public name: the store shares freight − discount over its lines the same way


def taxable_value(order: OrderDoc) -> Decimal:
    goods = sum((Decimal(line.totalPrice) for line in order.lines), ZERO)
    return money(goods + Decimal(order.freight) + Decimal(order.insuredFee) - Decimal(order.discount))


def is_single_item(order: OrderDoc) -> bool:
    """One indivisible item: one line with quantity 1."""
    return len(order.lines) == 1 and Decimal(order.lines[0].qty) == 1


def order_tax(order: OrderDoc, rules: RulesSnapshot) -> TaxResult:
    values = [Decimal(line.totalPrice) for line in order.lines]
    extra = Decimal(order.freight) + Decimal(order.insuredFee) - Decimal(order.discount)
    shares = _shares(values, extra)
    value = taxable_value(order)
    full = value > rules.per_order_limit and is_single_item(order)
    taxes = []
    for line, own, share in zip(order.lines, values, shares, strict=True):
        entry = rules.entry_for(line.gcode)
        vat = line.vatRate if line.vatRate is not None else (
            entry.vat_rate if entry and entry.vat_rate is not None else rules.default_vat_rate)
        ct = line.ctRate if line.ctRate is not None else (
            entry.ct_rate if entry and entry.ct_rate is not None else ZERO)
        tariff = line.tariffRate if line.tariffRate is not None else (
            entry.tariff_rate if entry and entry.tariff_rate is not None else ZERO)
        taxes.append(line_tax(base=max(own + share, ZERO), vat_rate=Decimal(vat), ct_rate=Decimal(ct),
                              tariff_rate=Decimal(tariff), factor=rules.tax_factor, full=full))
    return TaxResult(lines=tuple(taxes), taxable_value=value, full_tax=full)


# ------------------------------------------------------------------------------ the checks

def _same_person(a: str, b: str) -> bool:
    return "".join((a or "").split()).upper() == "".join((b or "").split()).upper()


REQUIRED_ORDER = ("orderNo", "ebpCode", "ebpName", "ebcCode", "ebcName", "buyerRegNo", "buyerName", "buyerIdNumber",
                  "buyerTelephone", "consignee", "consigneeTelephone", "consigneeAddress")
REQUIRED_LINE = ("itemNo", "itemName", "gcode", "unit", "country")


def check_order(order: OrderDoc, rules: RulesSnapshot, *, year_used: Decimal = ZERO, payment: PaymentDoc | None = None,
                waybill: WaybillDoc | None = None, mode: str = MODE_DIRECT, three_documents: bool = False,
                check_tax: bool = True) -> list[Problem]:
    """Every problem customs would raise for this order. ``year_used``: the buyer's taxable value
    already counted this year (without this order). ``three_documents=True`` also requires the
    payment and the waybill (the local 三單對碰); given ones are always compared."""
    problems: list[Problem] = []
    add = problems.append
    if mode not in MODES:
        add(Problem("mode", "mode", params={"value": mode}))
    for name in REQUIRED_ORDER:
        if not str(getattr(order, name, "") or "").strip():
            add(Problem("required", name, params={"name": name}))
    if order.currency not in rules.currencies:
        add(Problem("currency", "currency", params={"value": order.currency}))
    if order.buyerIdType not in rules.id_types:
        add(Problem("id_type", "buyerIdType", params={"value": order.buyerIdType}))
    elif order.buyerIdType == "1" and order.buyerIdNumber and not check_id_number(order.buyerIdNumber):
        add(Problem("id_number", "buyerIdNumber"))
    for name in ("goodsValue", "freight", "discount", "taxTotal", "acturalPaid"):
        if Decimal(getattr(order, name)) < 0:
            add(Problem("negative", name, params={"name": name}))
    if not order.lines:
        add(Problem("no_lines", "lines"))
        return problems

    # lines: arithmetic and the positive list with its remarks
    for line in order.lines:
        for name in REQUIRED_LINE:
            if not str(getattr(line, name, "") or "").strip():
                add(Problem("required", name, line=line.gnum, params={"name": name}))
        if Decimal(line.qty) <= 0:
            add(Problem("quantity", "qty", line=line.gnum, params={"line": line.gnum}))
        expected = money(Decimal(line.qty) * Decimal(line.price))
        if abs(expected - money(line.totalPrice)) > CENT:
            add(Problem("line_total", "totalPrice", line=line.gnum,
                        params={"line": line.gnum, "expected": expected, "value": money(line.totalPrice)}))
        entry = rules.entry_for(line.gcode)
        if entry is None:
            add(Problem("not_on_list", "gcode", line=line.gnum,
                        params={"line": line.gnum, "gcode": line.gcode, "version": rules.positive_list_version}))
            continue
        if entry.modes and mode in MODES and mode not in entry.modes:
            add(Problem("list_mode", "gcode", line=line.gnum, params={
                "line": line.gnum, "gcode": line.gcode, "modes": "/".join(sorted(entry.modes)),
                "remark": entry.remark}))
        if entry.max_net_weight is not None and line.netWeight is not None and line.netWeight > entry.max_net_weight:
            add(Problem("list_weight", "netWeight", line=line.gnum, params={
                "line": line.gnum, "weight": line.netWeight, "limit": entry.max_net_weight, "remark": entry.remark}))
        text = f"{line.itemName} {line.gmodel} {line.itemDescribe}"
        if any(word and word in text for word in entry.excluded_names):
            add(Problem("list_name", "itemName", line=line.gnum,
                        params={"line": line.gnum, "name": line.itemName, "remark": entry.remark}))

    goods = money(sum((Decimal(line.totalPrice) for line in order.lines), ZERO))
    if abs(goods - money(order.goodsValue)) > CENT:
        add(Problem("goods_value", "goodsValue", params={"sum": goods, "value": money(order.goodsValue)}))

    # limits
    value = taxable_value(order)
    if value > rules.per_order_limit and not is_single_item(order):
        add(Problem("order_limit_multi", "goodsValue", params={"value": value, "limit": rules.per_order_limit}))
    if Decimal(year_used) + value > rules.annual_limit:
        add(Problem("annual_limit", "goodsValue",
                    params={"used": money(year_used), "value": value, "limit": rules.annual_limit}))

    # tax and the paid amount
    if check_tax:
        tax = order_tax(order, rules).total
        if abs(tax - money(order.taxTotal)) > rules.amount_tolerance:
            add(Problem("tax_mismatch", "taxTotal", params={"value": money(order.taxTotal), "expected": tax}))
    expected_paid = money(Decimal(order.goodsValue) + Decimal(order.freight) + Decimal(order.insuredFee)
                          - Decimal(order.discount) + Decimal(order.taxTotal))
    if abs(expected_paid - money(order.acturalPaid)) > rules.amount_tolerance:
        add(Problem("paid_mismatch", "acturalPaid", params={
            "paid": money(order.acturalPaid), "expected": expected_paid, "tolerance": rules.amount_tolerance}))

    # the three documents
    if payment is None:
        if three_documents:
            add(Problem("payment_missing", "payment"))
    else:
        if payment.orderNo != order.orderNo:
            add(Problem("payment_order", "payment.orderNo",
                        params={"value": payment.orderNo, "orderNo": order.orderNo}))
        if not (_same_person(payment.payerName, order.buyerName) and _same_person(payment.payerIdNumber,
                                                                                  order.buyerIdNumber)
                and payment.payerIdType == order.buyerIdType):
            add(Problem("payer_mismatch", "payment.payerIdNumber"))
        if abs(money(payment.amountPaid) - money(order.acturalPaid)) > rules.amount_tolerance:
            add(Problem("payment_amount", "payment.amountPaid",
                        params={"value": money(payment.amountPaid), "paid": money(order.acturalPaid)}))
    if waybill is None:
        if three_documents:
            add(Problem("waybill_missing", "waybill"))
    else:
        if waybill.orderNo != order.orderNo:
            add(Problem("waybill_order", "waybill.orderNo",
                        params={"value": waybill.orderNo, "orderNo": order.orderNo}))
        if not (_same_person(waybill.consignee, order.consignee)
                and _same_person(waybill.consigneeTelephone, order.consigneeTelephone)):
            add(Problem("waybill_consignee", "waybill.consignee"))
        if abs(money(waybill.freight) - money(order.freight)) > rules.amount_tolerance:
            add(Problem("waybill_freight", "waybill.freight",
                        params={"value": money(waybill.freight), "freight": money(order.freight)}))
    return problems


def codes(problems: Iterable[Problem]) -> list[str]:
    return [p.code for p in problems]


__all__ = ["MODE_BONDED", "MODE_DIRECT", "LineTax", "PositiveEntry", "Problem", "RulesSnapshot", "TaxResult",
           "check_id_number", "check_order", "effective_rate", "line_tax", "order_tax", "taxable_value"]
