"""CEB messages: build (311 order, 511 waybill, 621 inventory list, 623 cancellation, 625 return) and
read receipts (312, 512, 622, 624, 626), validated against our XML Schemas in ``schemas/``.

No Django here either: the functions take the documents of ``documents.py`` and return bytes.
Receipts are parsed by ``parse_receipt`` with a parser that refuses any DOCTYPE (so no external
entity, no entity expansion: XXE and "billion laughs" are refused before libxml2 sees them), no
network, no huge trees, and a size limit; anything that is not a schema-valid receipt raises
``MessageError`` with a code the caller turns into a translated message.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from lxml import etree

from shanglian.customs.documents import Declarant, OrderDoc, OrderLine, PaymentDoc, WaybillDoc

NS = "http://www.chinaport.gov.cn/ceb"
NSMAP = {"ceb": NS}
VERSION = "1.0"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
BUILT = ("CEB311", "CEB511", "CEB621", "CEB623", "CEB625")
RECEIPTS = {"CEB312": "OrderReturn", "CEB512": "LogisticsReturn", "CEB622": "InventoryReturn",
            "CEB624": "InvtCancelReturn", "CEB626": "InvtRefundReturn"}
MAX_RECEIPT_BYTES = 2 * 1024 * 1024


class MessageError(ValueError):
    """``code``: too_large, encoding, doctype, syntax, unknown_root, schema; ``detail``: the parser's words."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail[:500]


# ------------------------------------------------------------------------------ schemas

_schemas: dict[str, etree.XMLSchema] = {}
_lock = threading.Lock()
_SCHEMA_FILES = {"CEB311": "CEB311.xsd", "CEB511": "CEB511.xsd", "CEB621": "CEB621.xsd", "CEB623": "CEB623.xsd",
                 "CEB625": "CEB625.xsd", **{kind: "receipts.xsd" for kind in RECEIPTS}}


def schema(kind: str) -> etree.XMLSchema:
    """The compiled schema for a message kind (compiled once per process; the files are ours)."""
    name = _SCHEMA_FILES[kind]
    with _lock:
        if name not in _schemas:
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            _schemas[name] = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name), parser))
        return _schemas[name]


def validate(kind: str, root: etree._Element) -> list[str]:
    """Schema errors of a built or parsed message (empty: valid)."""
    s = schema(kind)
    if s.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in s.error_log][:20]


# ------------------------------------------------------------------------------ building

def _text(value: object) -> str:
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
        return text
    return "" if value is None else str(value)


def _amount(value: Decimal | int | str | None) -> str:
    return format(Decimal(str(value or 0)).quantize(Decimal("0.01")), "f")


def _qty(value: Decimal | int | str) -> str:
    d = Decimal(str(value))
    return format(d.quantize(Decimal(1)) if d == d.to_integral() else d.normalize(), "f")


def _fields(parent: etree._Element, pairs: list[tuple[str, object, bool]]) -> None:
    """Children in schema order: (name, value, required). Optional empty values are left out."""
    for name, value, required in pairs:
        text = value if isinstance(value, str) else _text(value)
        if text == "" and not required:
            continue
        etree.SubElement(parent, f"{{{NS}}}{name}").text = text


def _root(kind: str, guid: str | None = None) -> etree._Element:
    return etree.Element(f"{{{NS}}}{kind}Message", nsmap=NSMAP, guid=guid or str(uuid.uuid4()).upper(),
                         version=VERSION)


def _base_transfer(root: etree._Element, declarant: Declarant, fallback_code: str, fallback_name: str) -> None:
    bt = etree.SubElement(root, f"{{{NS}}}BaseTransfer")
    _fields(bt, [("copCode", declarant.copCode or fallback_code, True),
                 ("copName", declarant.copName or fallback_name, True), ("dxpMode", "DXP", True),
                 ("dxpId", declarant.dxpId or "DXPENT0000000000", True)])


def app_time(at: datetime.datetime | None = None) -> str:
    return (at or datetime.datetime.now()).strftime("%Y%m%d%H%M%S")


def order_message(order: OrderDoc, payment: PaymentDoc | None, *, declarant: Declarant | None = None,
                  guid: str | None = None, at: datetime.datetime | None = None, app_type: str = "1") -> etree._Element:
    declarant = declarant or Declarant()
    root = _root("CEB311", guid)
    o = etree.SubElement(root, f"{{{NS}}}Order")
    head = etree.SubElement(o, f"{{{NS}}}OrderHead")
    _fields(head, [
        ("guid", str(uuid.uuid4()).upper(), True), ("appType", app_type, True), ("appTime", app_time(at), True),
        ("appStatus", "2", True), ("orderType", order.orderType, True), ("orderNo", order.orderNo, True),
        ("ebpCode", order.ebpCode, True), ("ebpName", order.ebpName, True), ("ebcCode", order.ebcCode, True),
        ("ebcName", order.ebcName, True), ("goodsValue", _amount(order.goodsValue), True),
        ("freight", _amount(order.freight), True), ("discount", _amount(order.discount), True),
        ("taxTotal", _amount(order.taxTotal), True), ("acturalPaid", _amount(order.acturalPaid), True),
        ("currency", order.currency, True), ("buyerRegNo", order.buyerRegNo, True),
        ("buyerName", order.buyerName, True), ("buyerTelephone", order.buyerTelephone, True),
        ("buyerIdType", order.buyerIdType, True), ("buyerIdNumber", order.buyerIdNumber, True),
        ("payCode", payment.payCode if payment else "", False), ("payName", payment.payName if payment else "", False),
        ("payTransactionId", payment.payTransactionId if payment else "", False),
        ("batchNumbers", order.batchNumbers, False), ("consignee", order.consignee, True),
        ("consigneeTelephone", order.consigneeTelephone, True), ("consigneeAddress", order.consigneeAddress, True),
        ("consigneeDitrict", order.consigneeDitrict, False), ("note", order.note, False)])
    for line in order.lines:
        item = etree.SubElement(o, f"{{{NS}}}OrderList")
        _fields(item, [
            ("gnum", str(line.gnum), True), ("itemNo", line.itemNo, False), ("itemName", line.itemName, True),
            ("gmodel", line.gmodel, True), ("itemDescribe", line.itemDescribe, False), ("barCode", line.barCode, False),
            ("unit", line.unit, True), ("qty", _qty(line.qty), True), ("price", _amount(line.price), True),
            ("totalPrice", _amount(line.totalPrice), True), ("currency", order.currency, True),
            ("country", line.country, True), ("note", line.note, False)])
    _base_transfer(root, declarant, order.ebpCode, order.ebpName)
    return root


def waybill_message(waybill: WaybillDoc, *, declarant: Declarant | None = None, guid: str | None = None,
                    at: datetime.datetime | None = None) -> etree._Element:
    declarant = declarant or Declarant()
    root = _root("CEB511", guid)
    lg = etree.SubElement(root, f"{{{NS}}}Logistics")
    head = etree.SubElement(lg, f"{{{NS}}}LogisticsHead")
    _fields(head, [
        ("guid", str(uuid.uuid4()).upper(), True), ("appType", "1", True), ("appTime", app_time(at), True),
        ("appStatus", "2", True), ("logisticsCode", waybill.logisticsCode, True),
        ("logisticsName", waybill.logisticsName, True), ("logisticsNo", waybill.logisticsNo, True),
        ("billNo", waybill.billNo, False), ("freight", _amount(waybill.freight), True),
        ("insuredFee", _amount(waybill.insuredFee), True), ("currency", waybill.currency, True),
        ("weight", _qty(waybill.weight), True), ("packNo", str(waybill.packNo), True),
        ("goodsInfo", waybill.goodsInfo, False), ("consignee", waybill.consignee, True),
        ("consigneeAddress", waybill.consigneeAddress, True), ("consigneeTelephone", waybill.consigneeTelephone, True),
        ("note", waybill.note, False)])
    _base_transfer(root, declarant, waybill.logisticsCode, waybill.logisticsName)
    return root


def _net_weight(lines: list[OrderLine], gross: Decimal) -> Decimal:
    known = [Decimal(line.netWeight) for line in lines if line.netWeight]
    return sum(known, Decimal(0)) if known else gross


def inventory_message(order: OrderDoc, waybill: WaybillDoc, *, mode: str, declarant: Declarant, cop_no: str,
                      guid: str | None = None, at: datetime.datetime | None = None) -> etree._Element:
    at = at or datetime.datetime.now()
    root = _root("CEB621", guid)
    inv = etree.SubElement(root, f"{{{NS}}}Inventory")
    head = etree.SubElement(inv, f"{{{NS}}}InventoryHead")
    country = order.lines[0].country if order.lines else ""
    gross = Decimal(waybill.weight)
    _fields(head, [
        ("guid", str(uuid.uuid4()).upper(), True), ("appType", "1", True), ("appTime", app_time(at), True),
        ("appStatus", "2", True), ("orderNo", order.orderNo, True), ("ebpCode", order.ebpCode, True),
        ("ebpName", order.ebpName, True), ("ebcCode", order.ebcCode, True), ("ebcName", order.ebcName, True),
        ("logisticsNo", waybill.logisticsNo, True), ("logisticsCode", waybill.logisticsCode, True),
        ("logisticsName", waybill.logisticsName, True), ("copNo", cop_no, True), ("preNo", "", False),
        ("assureCode", declarant.assureCode or declarant.agentCode or order.ebcCode, True),
        ("emsNo", declarant.emsNo, False), ("invtNo", "", False), ("ieFlag", "I", True),
        ("declTime", at.strftime("%Y%m%d"), True), ("customsCode", declarant.customsCode, True),
        ("portCode", declarant.portCode or declarant.customsCode, True), ("ieDate", at.strftime("%Y%m%d"), True),
        ("buyerIdType", order.buyerIdType, True), ("buyerIdNumber", order.buyerIdNumber, True),
        ("buyerName", order.buyerName, True), ("buyerTelephone", order.buyerTelephone, True),
        ("consigneeAddress", order.consigneeAddress, True), ("agentCode", declarant.agentCode, True),
        ("agentName", declarant.agentName, True), ("areaCode", declarant.areaCode, False),
        ("areaName", declarant.areaName, False), ("tradeMode", mode, True), ("trafMode", declarant.trafMode, True),
        ("billNo", waybill.billNo, False), ("loctNo", declarant.loctNo, False), ("country", country, True),
        ("freight", _amount(order.freight), True), ("insuredFee", _amount(order.insuredFee), True),
        ("currency", order.currency, True), ("packNo", str(waybill.packNo), True),
        ("grossWeight", _qty(gross), True), ("netWeight", _qty(_net_weight(order.lines, gross)), True)])
    for line in order.lines:
        item = etree.SubElement(inv, f"{{{NS}}}InventoryList")
        _fields(item, [
            ("gnum", str(line.gnum), True), ("itemNo", line.itemNo, False), ("itemName", line.itemName, False),
            ("gcode", line.gcode, True), ("gname", line.itemName, True), ("gmodel", line.gmodel, True),
            ("barCode", line.barCode, False), ("country", line.country, True), ("currency", order.currency, True),
            ("qty", _qty(line.qty), True), ("unit", line.unit, True),
            ("qty1", _qty(line.netWeight or line.qty), True), ("unit1", "035" if line.netWeight else line.unit, True),
            ("price", _amount(line.price), True), ("totalPrice", _amount(line.totalPrice), True),
            ("note", line.note, False)])
    _base_transfer(root, declarant, declarant.agentCode, declarant.agentName)
    return root


def _cancel_head(parent: etree._Element, order: OrderDoc, waybill: WaybillDoc, *, declarant: Declarant, cop_no: str,
                 invt_no: str, reason: str, at: datetime.datetime | None) -> None:
    _fields(parent, [
        ("guid", str(uuid.uuid4()).upper(), True), ("appType", "1", True), ("appTime", app_time(at), True),
        ("appStatus", "2", True), ("customsCode", declarant.customsCode, True), ("orderNo", order.orderNo, True),
        ("ebpCode", order.ebpCode, True), ("ebpName", order.ebpName, True), ("ebcCode", order.ebcCode, True),
        ("ebcName", order.ebcName, True), ("logisticsNo", waybill.logisticsNo, True),
        ("logisticsCode", waybill.logisticsCode, True), ("logisticsName", waybill.logisticsName, True),
        ("copNo", cop_no, True), ("invtNo", invt_no, True), ("buyerIdType", order.buyerIdType, True),
        ("buyerIdNumber", order.buyerIdNumber, True), ("buyerName", order.buyerName, True),
        ("buyerTelephone", order.buyerTelephone, True), ("agentCode", declarant.agentCode, True),
        ("agentName", declarant.agentName, True), ("reason", reason, True)])


def cancel_message(order: OrderDoc, waybill: WaybillDoc, *, declarant: Declarant, cop_no: str, invt_no: str,
                   reason: str, at: datetime.datetime | None = None) -> etree._Element:
    root = _root("CEB623")
    _cancel_head(etree.SubElement(root, f"{{{NS}}}InvtCancel"), order, waybill, declarant=declarant, cop_no=cop_no,
                 invt_no=invt_no, reason=reason, at=at)
    _base_transfer(root, declarant, declarant.agentCode, declarant.agentName)
    return root


def refund_message(order: OrderDoc, waybill: WaybillDoc, *, declarant: Declarant, cop_no: str, invt_no: str,
                   reason: str, lines: list[tuple[OrderLine, Decimal]] | None = None,
                   at: datetime.datetime | None = None) -> etree._Element:
    root = _root("CEB625")
    refund = etree.SubElement(root, f"{{{NS}}}InvtRefund")
    _cancel_head(etree.SubElement(refund, f"{{{NS}}}InvtRefundHead"), order, waybill, declarant=declarant,
                 cop_no=cop_no, invt_no=invt_no, reason=reason, at=at)
    for line, qty in lines or [(line, Decimal(line.qty)) for line in order.lines]:
        item = etree.SubElement(refund, f"{{{NS}}}InvtRefundList")
        _fields(item, [("gnum", str(line.gnum), True), ("gcode", line.gcode, True), ("gname", line.itemName, True),
                       ("qty", _qty(qty), True), ("unit", line.unit, True)])
    _base_transfer(root, declarant, declarant.agentCode, declarant.agentName)
    return root


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ------------------------------------------------------------------------------ receipts

@dataclass(frozen=True)
class ReceiptData:
    kind: str                 # CEB312 …
    guid: str
    return_status: str
    return_time: str
    return_info: str
    order_no: str = ""
    ebc_code: str = ""
    logistics_code: str = ""
    logistics_no: str = ""
    cop_no: str = ""
    invt_no: str = ""


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                       huge_tree=False, remove_comments=True, remove_pis=True)


def safe_parse(data: bytes) -> etree._Element:
    """Parse untrusted XML: UTF-8 only, no DOCTYPE (hence no entities at all), ≤ 2 MB."""
    if len(data) > MAX_RECEIPT_BYTES:
        raise MessageError("too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MessageError("encoding", str(exc)) from exc
    if "<!DOCTYPE" in text or "<!ENTITY" in text or "<!doctype" in text.lower():
        raise MessageError("doctype")
    try:
        root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise MessageError("syntax", str(exc)) from exc
    if root.getroottree().docinfo.doctype:
        raise MessageError("doctype")
    return root


def _child(el: etree._Element, name: str) -> str:
    found = el.find(f"{{{NS}}}{name}")
    return (found.text or "").strip() if found is not None and found.text else ""


def parse_receipt(data: bytes) -> list[ReceiptData]:
    """The receipts in one CEB312/512/622/624/626 message (a message may carry several)."""
    root = safe_parse(data)
    tag = etree.QName(root)
    kind = tag.localname.removesuffix("Message")
    if tag.namespace != NS or kind not in RECEIPTS:
        raise MessageError("unknown_root", tag.text)
    errors = validate(kind, root)
    if errors:
        raise MessageError("schema", "; ".join(errors))
    out = []
    for el in root.findall(f"{{{NS}}}{RECEIPTS[kind]}"):
        out.append(ReceiptData(
            kind=kind, guid=_child(el, "guid"), return_status=_child(el, "returnStatus"),
            return_time=_child(el, "returnTime"), return_info=_child(el, "returnInfo"),
            order_no=_child(el, "orderNo"), ebc_code=_child(el, "ebcCode"),
            logistics_code=_child(el, "logisticsCode"), logistics_no=_child(el, "logisticsNo"),
            cop_no=_child(el, "copNo"), invt_no=_child(el, "invtNo")))
    return out


def receipt_message(kind: str, items: list[dict[str, str]]) -> bytes:
    """A receipt as customs would send it (for tests, the demo and the agent's sandbox)."""
    root = _root(kind)
    for item in items:
        el = etree.SubElement(root, f"{{{NS}}}{RECEIPTS[kind]}")
        if kind == "CEB312":
            order = ["guid", "ebpCode", "ebcCode", "orderNo"]
        elif kind == "CEB512":
            order = ["guid", "logisticsCode", "logisticsNo"]
        else:
            order = ["guid", "customsCode", "ebpCode", "ebcCode", "agentCode", "copNo", "preNo", "invtNo"]
        values = {"guid": str(uuid.uuid4()).upper(), "returnTime": app_time(), **item}
        _fields(el, [(name, values.get(name, ""), False) for name in order]
                + [("returnStatus", values.get("returnStatus", ""), True),
                   ("returnTime", values["returnTime"], True), ("returnInfo", values.get("returnInfo", ""), True)])
    return to_bytes(root)
