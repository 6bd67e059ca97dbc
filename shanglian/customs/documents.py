"""The customs documents as plain dataclasses (no Django): the interface every seller-side app uses.

Field names follow the 海关跨境电子商务进出境统一版信息化系统 message specification
(《跨境电子商务零售进口统一版信息化系统企业接入报文规范》) where it names them — including its
spelling ``acturalPaid`` and ``consigneeDitrict``. Money is ``Decimal`` in yuan (CNY, currency code
"142"); quantities are ``Decimal``. These objects carry no behaviour beyond (de)serialisation:
checks live in ``rules.py``, XML in ``messages.py``, storage in ``services.py``.

The store (or the workbench) fills an ``OrderDoc`` with its ``OrderLine`` s, a ``PaymentDoc`` (what the
payment company pushes to customs) and a ``WaybillDoc`` (what the logistics company declares), and
calls ``shanglian.customs.services.declaration_prepare``.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

MODE_DIRECT = "9610"   # 直購進口: one parcel per order, mailed from Hong Kong
MODE_BONDED = "1210"   # 網購保稅進口: from bonded-warehouse stock
MODES = (MODE_DIRECT, MODE_BONDED)
EXPORT_MODES = ("9710", "9810")  # B2B direct export / export to an overseas warehouse (dossier only)

CURRENCY_CNY = "142"
ID_TYPE_PRC = "1"       # 身份證
COUNTRY_HK = "110"      # customs country code of Hong Kong


@dataclass
class OrderLine:
    """One line of the order (CEB311 OrderList; the same goods feed CEB621 InventoryList)."""

    gnum: int                    # line number from 1
    itemNo: str                  # the seller's item number (SKU)
    itemName: str                # goods name in Chinese
    gcode: str                   # HS code (10 digits, 商品編碼)
    gmodel: str                  # specification / model (規格型號)
    qty: Decimal
    unit: str                    # unit code (e.g. "011" 件, "035" 千克, "142" 瓶)
    price: Decimal               # unit price, CNY
    totalPrice: Decimal          # qty × price, CNY
    country: str = COUNTRY_HK    # country of origin, customs code (e.g. "116" Japan, "110" Hong Kong)
    barCode: str = ""
    itemDescribe: str = ""
    note: str = ""
    netWeight: Decimal | None = None   # kg per line (for positive-list weight remarks and CEB621)
    vatRate: Decimal | None = None     # e.g. Decimal("0.13"); None → the rules' default
    ctRate: Decimal | None = None      # ad-valorem consumption tax, e.g. Decimal("0.15"); None → 0
    tariffRate: Decimal | None = None  # MFN tariff, used only when full tax applies (single-item exception)


@dataclass
class OrderDoc:
    """The electronic order (CEB311 OrderHead + OrderList)."""

    orderNo: str
    ebpCode: str                 # e-commerce platform's customs code (電商平台代碼)
    ebpName: str
    ebcCode: str                 # e-commerce enterprise (the seller) customs code (電商企業代碼)
    ebcName: str
    goodsValue: Decimal          # Σ totalPrice
    freight: Decimal
    discount: Decimal            # non-cash deductions (coupons)
    taxTotal: Decimal            # tax withheld for the buyer
    acturalPaid: Decimal         # (sic) goodsValue + freight − discount + taxTotal
    buyerRegNo: str              # the buyer's account on the platform
    buyerName: str
    buyerIdNumber: str
    buyerTelephone: str
    consignee: str
    consigneeTelephone: str
    consigneeAddress: str
    lines: list[OrderLine] = field(default_factory=list)
    currency: str = CURRENCY_CNY
    buyerIdType: str = ID_TYPE_PRC
    consigneeDitrict: str = ""   # (sic) administrative division code of the address
    orderType: str = "I"         # I = import
    note: str = ""
    batchNumbers: str = ""
    insuredFee: Decimal = Decimal("0")


@dataclass
class PaymentDoc:
    """The payment record (CEB411, pushed to customs by the payment company itself)."""

    payCode: str                 # payment company's customs code
    payName: str
    payTransactionId: str
    orderNo: str
    amountPaid: Decimal
    payerIdType: str
    payerIdNumber: str
    payerName: str
    payTime: datetime.datetime | None = None
    telephone: str = ""
    currency: str = CURRENCY_CNY
    note: str = ""


@dataclass
class WaybillDoc:
    """The waybill (CEB511 LogisticsHead)."""

    logisticsCode: str           # logistics company's customs code
    logisticsName: str
    logisticsNo: str             # waybill number
    orderNo: str
    freight: Decimal
    weight: Decimal              # gross weight, kg
    consignee: str
    consigneeAddress: str
    consigneeTelephone: str
    insuredFee: Decimal = Decimal("0")
    currency: str = CURRENCY_CNY
    packNo: int = 1
    goodsInfo: str = ""
    billNo: str = ""
    note: str = ""


@dataclass
class Declarant:
    """Who files: the Mainland declaration agent and the customs/port codes for CEB621."""

    agentCode: str = ""          # 申報企業代碼 (the agent holding the signing key)
    agentName: str = ""
    customsCode: str = ""        # 申報海關 (e.g. "3701" 廈門關區 … demo values)
    portCode: str = ""           # 口岸海關
    areaCode: str = ""           # 區內企業 (bonded warehouse) code, mode 1210
    areaName: str = ""
    emsNo: str = ""              # 賬冊編號 (bonded ledger), mode 1210
    assureCode: str = ""         # 擔保企業代碼
    copCode: str = ""            # BaseTransfer: the sender's code
    copName: str = ""
    dxpId: str = ""
    trafMode: str = "4"          # 運輸方式 (4 = road)
    loctNo: str = ""


# ------------------------------------------------------------------------------ (de)serialisation

def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_dict(doc: Any) -> dict[str, Any] | None:
    """A JSON-ready dict (Decimals as strings) of any document above; None stays None."""
    if doc is None:
        return None
    return _plain(dataclasses.asdict(doc))


def _build(cls: type, data: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    hints = {f.name: f for f in dataclasses.fields(cls)}
    for name, f in hints.items():
        if name not in data:
            continue
        value = data[name]
        kind = str(f.type)
        if value is not None and "Decimal" in kind:
            value = Decimal(str(value))
        elif value and "datetime" in kind and isinstance(value, str):
            value = datetime.datetime.fromisoformat(value)
        elif name == "lines":
            value = [_build(OrderLine, line) for line in value]
        kwargs[name] = value
    return cls(**kwargs)


def order_from_dict(data: dict[str, Any]) -> OrderDoc:
    return _build(OrderDoc, data)


def payment_from_dict(data: dict[str, Any] | None) -> PaymentDoc | None:
    return _build(PaymentDoc, data) if data else None


def waybill_from_dict(data: dict[str, Any] | None) -> WaybillDoc | None:
    return _build(WaybillDoc, data) if data else None


def declarant_from_dict(data: dict[str, Any] | None) -> Declarant:
    return _build(Declarant, data) if data else Declarant()
