"""The workbench import: an .xlsx of orders, one row per order line (rows with the same orderNo form
one order) → parse (no database) → validate with the rules in force (reads only) → a preview with
every row's problems in the reader's language → commit (services.batch_commit: all or nothing).

The sheet's header row names the columns by their message field names (``orderNo``, ``gcode`` …);
the template's headers add the Chinese label after a space ("orderNo 訂單編號"), which is ignored.
Tax and the paid amount are computed by us (the workbench is for orders paid in full as shown).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shanglian.core.errors import DomainError
from shanglian.core.excel import workbook_bytes
from shanglian.core.uploads import UploadRefused, check_zip_archive
from shanglian.customs import rules
from shanglian.customs.documents import OrderDoc, OrderLine, PaymentDoc, WaybillDoc, to_dict

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

COLUMNS: list[tuple[str, Any, bool]] = [
    # key, label, required
    ("orderNo", gettext_lazy("訂單編號"), True),
    ("buyerRegNo", gettext_lazy("訂購人帳號"), True),
    ("buyerName", gettext_lazy("訂購人姓名"), True),
    ("buyerIdNumber", gettext_lazy("訂購人身份證號碼"), True),
    ("buyerTelephone", gettext_lazy("訂購人電話"), True),
    ("consignee", gettext_lazy("收貨人"), True),
    ("consigneeTelephone", gettext_lazy("收貨人電話"), True),
    ("consigneeAddress", gettext_lazy("收貨地址"), True),
    ("freight", gettext_lazy("運費"), False),
    ("discount", gettext_lazy("折扣"), False),
    ("itemNo", gettext_lazy("貨號"), True),
    ("itemName", gettext_lazy("商品名稱"), True),
    ("gcode", gettext_lazy("商品編碼（HS）"), True),
    ("gmodel", gettext_lazy("規格型號"), True),
    ("qty", gettext_lazy("數量"), True),
    ("unit", gettext_lazy("計量單位代碼"), True),
    ("price", gettext_lazy("單價（人民幣）"), True),
    ("country", gettext_lazy("原產國代碼"), True),
    ("netWeight", gettext_lazy("淨重（千克）"), False),
    ("barCode", gettext_lazy("條碼"), False),
    ("payCode", gettext_lazy("支付企業代碼"), True),
    ("payName", gettext_lazy("支付企業名稱"), True),
    ("payTransactionId", gettext_lazy("支付交易編號"), True),
    ("logisticsCode", gettext_lazy("物流企業代碼"), True),
    ("logisticsName", gettext_lazy("物流企業名稱"), True),
    ("logisticsNo", gettext_lazy("運單編號"), True),
    ("weight", gettext_lazy("毛重（千克）"), True),
]
KEYS = {key.lower(): key for key, _label, _req in COLUMNS}
DECIMALS = {"freight", "discount", "qty", "price", "netWeight", "weight"}
ORDER_FIELDS = ("buyerRegNo", "buyerName", "buyerIdNumber", "buyerTelephone", "consignee", "consigneeTelephone",
                "consigneeAddress", "freight", "discount", "payCode", "payName", "payTransactionId", "logisticsCode",
                "logisticsName", "logisticsNo", "weight")

ROW_MESSAGES = {
    "missing": gettext_lazy("「{name}」是空的。"),
    "number": gettext_lazy("「{name}」不是數字：{value}"),
    "differs": gettext_lazy("同一訂單的「{name}」與第 {first} 行不同。"),
}


class WorkbenchRefused(DomainError):
    default_code = "workbench_refused"


@dataclass
class RowProblem:
    row: int
    code: str
    field: str = ""
    params: dict[str, Any] = dc_field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "code": self.code, "field": self.field,
                "params": {k: str(v) for k, v in self.params.items()}}


def problem_text(item: dict[str, Any]) -> str:
    """A stored row problem in the active language."""
    code = item.get("code", "")
    params = item.get("params") or {}
    if code in ROW_MESSAGES:
        try:
            return str(ROW_MESSAGES[code]).format(**params)
        except (KeyError, IndexError, ValueError):
            return str(ROW_MESSAGES[code])
    return rules.Problem(code=code, field=item.get("field", ""), params=params).message


def template_bytes() -> bytes:
    headers = [f"{key} {label}" for key, label, _req in COLUMNS]
    example = ["SO20260001", "buyer-1", "张三", "11010519491231002X", "13800138000", "张三", "13800138000",
               "福建省厦门市思明区湖滨南路1号", "10", "0", "SKU-1", "保湿面霜", "3304990010", "50ml", "1", "142",
               "180", "116", "0.1", "4901234567890", "3120960001", "示范支付", "PAY20260001", "3502980003",
               "示范物流", "WB20260001", "0.5"]
    return workbook_bytes(_("訂單"), headers, [example])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, {key: text}) for each non-empty row under the header. Raises WorkbenchRefused."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not data:
        raise WorkbenchRefused(message=_("檔案是空的。"))
    if len(data) > MAX_BYTES:
        raise WorkbenchRefused(message=_("檔案太大（上限 5 MB）。"))
    if not data.startswith(b"PK"):
        raise WorkbenchRefused(message=_("此檔案不是 Excel（.xlsx）檔案。"))
    try:
        check_zip_archive(data)
    except UploadRefused as exc:
        raise WorkbenchRefused(message=exc.message) from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise WorkbenchRefused(message=_("無法讀取此 Excel 檔案，檔案可能已損壞。")) from exc
    try:
        sheet = wb.worksheets[0] if wb.worksheets else None
        if sheet is None:
            raise WorkbenchRefused(message=_("Excel 檔案內沒有工作表。"))
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # every row and column there is, not what a stale <dimension> tag says
        rows = sheet.iter_rows()
        mapping: dict[int, str] = {}
        out: list[tuple[int, dict[str, str]]] = []
        for number, row in enumerate(rows, start=1):
            cells = list(row)
            for cell in cells:
                if getattr(cell, "data_type", None) == "f":
                    raise WorkbenchRefused(message=_("儲存格 %(cell)s 含有公式，請先轉為數值。")
                                           % {"cell": getattr(cell, "coordinate", "?")})
            values = [_cell(getattr(c, "value", None)) for c in cells]
            if not mapping:
                for i, text in enumerate(values):
                    key = KEYS.get(text.split()[0].lower()) if text else None
                    if key:
                        mapping[i] = key
                if mapping and "orderNo" not in mapping.values():
                    raise WorkbenchRefused(message=_("標題列沒有 orderNo 欄，請下載範本參考。"))
                if not mapping and number >= 5:
                    raise WorkbenchRefused(message=_("找不到標題列，請下載範本參考。"))
                continue
            if not any(values):
                continue
            out.append((number, {key: values[i] if i < len(values) else "" for i, key in mapping.items()}))
            if len(out) > MAX_ROWS:
                raise WorkbenchRefused(message=_("一次最多匯入 %(n)d 行。") % {"n": MAX_ROWS})
        if not mapping:
            raise WorkbenchRefused(message=_("找不到標題列，請下載範本參考。"))
        if not out:
            raise WorkbenchRefused(message=_("檔案只有標題列，沒有任何資料行。"))
        return out
    finally:
        wb.close()


@dataclass
class ParsedOrder:
    rows: list[int]
    order: OrderDoc | None
    payment: PaymentDoc | None
    waybill: WaybillDoc | None


def _decimal(row: int, values: dict[str, str], key: str, problems: list[RowProblem]) -> Decimal:
    text = values.get(key, "").replace(",", "")
    if not text:
        return Decimal(0)
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.append(RowProblem(row, "number", key, {"name": key, "value": text[:30]}))
        return Decimal(0)
    if not value.is_finite():
        problems.append(RowProblem(row, "number", key, {"name": key, "value": text[:30]}))
        return Decimal(0)
    return value


def validate(rows: list[tuple[int, dict[str, str]]], *, snapshot: rules.RulesSnapshot, mode: str, ebp: tuple[str, str],
             ebc: tuple[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """→ (orders as JSON-ready dicts {rows, order, payment, waybill}, row problems as dicts)."""
    problems: list[RowProblem] = []
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, values in rows:
        for key, _label, required in COLUMNS:
            if required and not values.get(key, "").strip():
                problems.append(RowProblem(number, "missing", key, {"name": key}))
        groups.setdefault(values.get("orderNo", "").strip() or f"?{number}", []).append((number, values))
    orders: list[dict[str, Any]] = []
    for order_no, members in groups.items():
        first_row, first = members[0]
        for number, values in members[1:]:
            for key in ORDER_FIELDS:
                if values.get(key, "") != first.get(key, ""):
                    problems.append(RowProblem(number, "differs", key, {"name": key, "first": first_row}))
        lines = []
        for gnum, (number, values) in enumerate(members, start=1):
            qty, price = _decimal(number, values, "qty", problems), _decimal(number, values, "price", problems)
            net = _decimal(number, values, "netWeight", problems) if values.get("netWeight") else None
            lines.append(OrderLine(gnum=gnum, itemNo=values.get("itemNo", ""), itemName=values.get("itemName", ""),
                                   gcode=values.get("gcode", ""), gmodel=values.get("gmodel", ""), qty=qty,
                                   unit=values.get("unit", ""), price=price, totalPrice=rules.money(qty * price),
                                   country=values.get("country", ""), barCode=values.get("barCode", ""),
                                   netWeight=net))
        freight = _decimal(first_row, first, "freight", problems)
        discount = _decimal(first_row, first, "discount", problems)
        weight = _decimal(first_row, first, "weight", problems)
        goods = sum((line.totalPrice for line in lines), Decimal(0))
        order = OrderDoc(orderNo=order_no, ebpCode=ebp[0], ebpName=ebp[1], ebcCode=ebc[0], ebcName=ebc[1],
                         goodsValue=goods, freight=freight, discount=discount, taxTotal=Decimal(0),
                         acturalPaid=Decimal(0), buyerRegNo=first.get("buyerRegNo", ""),
                         buyerName=first.get("buyerName", ""), buyerIdNumber=first.get("buyerIdNumber", ""),
                         buyerTelephone=first.get("buyerTelephone", ""), consignee=first.get("consignee", ""),
                         consigneeTelephone=first.get("consigneeTelephone", ""),
                         consigneeAddress=first.get("consigneeAddress", ""), lines=lines)
        order.taxTotal = rules.order_tax(order, snapshot).total
        order.acturalPaid = rules.money(goods + freight - discount + order.taxTotal)
        payment = PaymentDoc(payCode=first.get("payCode", ""), payName=first.get("payName", ""),
                             payTransactionId=first.get("payTransactionId", ""), orderNo=order_no,
                             amountPaid=order.acturalPaid, payerIdType="1",
                             payerIdNumber=order.buyerIdNumber, payerName=order.buyerName)
        waybill = WaybillDoc(logisticsCode=first.get("logisticsCode", ""), logisticsName=first.get("logisticsName", ""),
                             logisticsNo=first.get("logisticsNo", ""), orderNo=order_no, freight=freight,
                             weight=weight, consignee=order.consignee, consigneeAddress=order.consigneeAddress,
                             consigneeTelephone=order.consigneeTelephone)
        unreadable = any(p.code == "number" and p.row in {n for n, _v in members} for p in problems)
        if not order_no.startswith("?") and not unreadable:  # an unreadable number would only add noise
            found = rules.check_order(order, snapshot, payment=payment, waybill=waybill, mode=mode)
            for p in found:
                if p.code == "required" and p.field in {k for k, _l, _r in COLUMNS}:
                    continue  # already reported per row
                row = members[p.line - 1][0] if p.line and p.line <= len(members) else first_row
                problems.append(RowProblem(row, p.code, p.field, dict(p.params)))
        orders.append({"rows": [n for n, _v in members], "order": to_dict(order), "payment": to_dict(payment),
                       "waybill": to_dict(waybill)})
    problems.sort(key=lambda p: (p.row, p.field))
    return orders, [p.as_dict() for p in problems]
