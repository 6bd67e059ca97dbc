"""The store's adapter over the compliance engine (``shanglian.customs``).

The store depends on customs, never the reverse: the positive list and its remarks, the tax of a
line and the declarations (CEB311/511/621 built and validated by customs) come from there;
receipts come back through ``register_status_listener``. What customs does not take from the
store (unit and country codes, the platform's own codes) is mapped here."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from shanglian.core.errors import Conflict
from shanglian.customs import rules as customs_rules
from shanglian.customs import services as customs
from shanglian.customs.documents import Declarant, OrderDoc, OrderLine, PaymentDoc, WaybillDoc
from shanglian.customs.selectors import declaration_for_source, rules_snapshot
from shanglian.festival.services import photo_process as process_photo  # noqa: F401 - the one photo pipeline

log = logging.getLogger(__name__)

# customs unit codes (计量单位代码) for the units sellers type; anything else is 件 (011)
UNIT_CODES = {"件": "011", "個": "007", "个": "007", "瓶": "142", "盒": "140", "罐": "122", "包": "143",
              "袋": "143", "支": "012", "套": "016",
              "千克": "035", "公斤": "035", "克": "036", "對": "017", "双": "025", "雙": "025"}
# customs country codes (国别代码) for common origins, matched on the start of the origin text
COUNTRY_CODES = {"香港": "110", "日本": "116", "韓國": "133", "韩国": "133", "澳洲": "601", "澳大利亞": "601",
                 "澳大利亚": "601", "新西蘭": "609", "新西兰": "609", "美國": "502", "美国": "502", "法國": "305",
                 "法国": "305", "德國": "304", "德国": "304", "英國": "303", "英国": "303", "意大利": "307",
                 "瑞士": "331", "台灣": "143", "台湾": "143", "澳門": "121", "澳门": "121", "泰國": "136",
                 "泰国": "136", "新加坡": "132", "加拿大": "501", "荷蘭": "309", "荷兰": "309"}
PAY_CODES = {"wechat": ("4403169D3W", "财付通支付科技有限公司"),
             "alipay": ("31222699S7", "支付宝（中国）网络技术有限公司"), "bank": ("", "")}


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str = ""
    note: str = ""


def _entry(hs_code: str):
    return rules_snapshot().entry_for(hs_code)


def positive_list(hs_code: str, *, modes: list[str], net_weight: Decimal | None = None, name: str = "") -> Verdict:
    """Is ``hs_code`` on the positive list in force, for at least one of ``modes``? The remark's
    weight and name restrictions are checked too when given."""
    code = (hs_code or "").strip()
    if not (code.isascii() and code.isdigit() and len(code) == 10):
        return Verdict(False, _("商品編碼須為 10 位數字。"))
    snapshot = rules_snapshot()
    entry = snapshot.entry_for(code)
    if entry is None:
        return Verdict(False, _("商品編碼 %(code)s 不在跨境電商零售進口商品清單（%(version)s）內。")
                       % {"code": code, "version": snapshot.positive_list_version or "—"})
    allowed = [m for m in modes if not entry.modes or m in entry.modes]
    if not allowed:
        return Verdict(False, _("清單備註限制此商品只可用 %(modes)s 模式：%(remark)s")
                       % {"modes": "/".join(sorted(entry.modes)), "remark": entry.remark})
    if net_weight is not None and entry.max_net_weight is not None and Decimal(net_weight) > entry.max_net_weight:
        return Verdict(False, _("淨重超過清單備註上限 %(limit)s 千克：%(remark)s")
                       % {"limit": entry.max_net_weight, "remark": entry.remark})
    if name and any(word and word in name for word in entry.excluded_names):
        return Verdict(False, _("清單備註排除此類商品：%(remark)s") % {"remark": entry.remark})
    note = f"{snapshot.positive_list_version} · {entry.name}" + (f" · {entry.remark}" if entry.remark else "")
    return Verdict(True, note=note)


def line_tax(*, value: Decimal, vat: Decimal, ct: Decimal, within_limits: bool = True,
             tariff: Decimal = Decimal("0")) -> Decimal:
    return customs_rules.line_tax(base=Decimal(value), vat_rate=Decimal(vat), ct_rate=Decimal(ct),
                                  tariff_rate=Decimal(tariff), full=not within_limits).total


def shares(values: list[Decimal], amount: Decimal) -> list[Decimal]:
    """``amount`` (freight − discount) split over the lines in proportion to their value, to the
    cent — the way customs computes each line's taxable value (``customs.rules.order_tax``)."""
    return customs_rules.shares(values, Decimal(amount))


def country_code(origin: str) -> str:
    text = (origin or "").strip()
    for name, code in COUNTRY_CODES.items():
        if text.startswith(name):
            return code
    return "110"


def order_doc(order: Any) -> OrderDoc:
    seller = order.seller
    return OrderDoc(
        orderNo=order.order_no, ebpCode=getattr(settings, "CROSSBORDER_EBP_CODE", "SHANGLIAN01"),
        ebpName=getattr(settings, "CROSSBORDER_EBP_NAME", "商聯全港生活圈"),
        ebcCode=seller.ebc_code, ebcName=seller.ebc_name or seller.name_zh,
        goodsValue=order.goods_value, freight=order.freight, discount=order.discount, taxTotal=order.tax_total,
        acturalPaid=order.actural_paid, buyerRegNo=f"B{order.buyer_id}", buyerName=order.buyer_name,
        buyerIdNumber=order.buyer_id_number, buyerTelephone=order.buyer_phone, consignee=order.consignee,
        consigneeTelephone=order.consignee_phone, consigneeAddress=order.consignee_address,
        lines=[OrderLine(gnum=line.gnum, itemNo=line.item_no, itemName=line.item_name, gcode=line.gcode,
                         gmodel=line.product.brand or line.item_name, qty=Decimal(line.qty),
                         unit=UNIT_CODES.get(line.unit, "011"), price=line.price, totalPrice=line.total_price,
                         country=country_code(line.product.origin), barCode=line.product.barcode,
                         netWeight=line.product.net_weight_kg * line.qty, vatRate=line.product.vat_rate,
                         ctRate=line.product.ct_rate, tariffRate=line.product.tariff_rate)
               for line in order.lines.select_related("product")])


def payment_doc(order: Any, payment: Any) -> PaymentDoc:
    code, name = PAY_CODES.get(payment.provider, ("", payment.provider))
    return PaymentDoc(payCode=code or "BANK", payName=name or _("銀行轉賬"),
                      payTransactionId=payment.transaction_id or payment.out_trade_no, orderNo=order.order_no,
                      amountPaid=payment.amount, payerIdType="1",
                      payerIdNumber=payment.payer_id_number or order.buyer_id_number,
                      payerName=payment.payer_name or order.buyer_name, payTime=order.paid_at,
                      telephone=order.buyer_phone)


def waybill_doc(order: Any) -> WaybillDoc:
    weight = sum((line.product.net_weight_kg * line.qty for line in order.lines.select_related("product")),
                 Decimal("0"))
    return WaybillDoc(logisticsCode=getattr(settings, "CROSSBORDER_LOGISTICS_CODE", "LOGISTICS01"),
                      logisticsName=order.logistics_name, logisticsNo=order.waybill_no, orderNo=order.order_no,
                      freight=order.freight, weight=weight, consignee=order.consignee,
                      consigneeAddress=order.consignee_address, consigneeTelephone=order.consignee_phone)


def declare(*, order: Any, payment: Any, actor: Any = None, year_used: Decimal = Decimal("0")) -> Any:
    """Hand the order, its payment and its waybill to the compliance engine, which checks them
    (三單對碰, limits, positive list, tax), builds and validates CEB311/511/621 and queues them for
    the Mainland agent. Returns the customs Declaration (its ``problems`` say what failed)."""
    seller = order.seller
    declarant = Declarant(agentCode=seller.agent_code, agentName=seller.mainland_agent, customsCode=seller.customs_code,
                          portCode=seller.customs_code, copCode=seller.agent_code, copName=seller.mainland_agent,
                          areaCode=seller.agent_code if order.mode == "1210" else "",
                          areaName=seller.warehouse_partner if order.mode == "1210" else "")
    return customs.declaration_prepare(
        actor=actor, order=order_doc(order), payment=payment_doc(order, payment) if payment else None,
        waybill=waybill_doc(order) if order.waybill_no else None, mode=order.mode, source="store",
        source_ref=order.order_no, enterprise=seller.enterprise, declarant=declarant, year_used=year_used)


def request_return(*, order: Any, actor: Any, reason: str, lines: list[tuple[int, int]] | None = None) -> str:
    """A return of an order customs already holds: released goods → CEB625 (return, 30 days from
    release); an accepted inventory list not yet released → CEB623 (cancellation). Returns the
    message kind sent, or "" when customs holds nothing to undo (nothing declared, still with the
    agent, or refused). Customs' refusals (late, no reason) are raised as DomainErrors. ``lines``:
    (gnum, qty) returned — CEB625 then lists only those; None: every line in full."""
    declaration = declaration_for_source("store", order.order_no)
    if declaration is None or not declaration.invt_no:
        return ""
    if declaration.status in ("released", "refunded"):  # refunded: an earlier return was partial
        customs.declaration_refund(actor=actor, declaration=declaration, reason=reason,
                                   lines=[(gnum, Decimal(qty)) for gnum, qty in lines] if lines else None)
        return "CEB625"
    if declaration.status == "accepted":
        if lines:  # an inventory list not yet released is cancelled whole (CEB623), never in part
            raise Conflict("partial_not_released", _("海關未放行的訂單只可整單退貨。"))
        customs.declaration_cancel(actor=actor, declaration=declaration, reason=reason)
        return "CEB623"
    return ""


def problem_text(declaration: Any) -> str:
    return "; ".join(str(p.get("code", "")) for p in (declaration.problems or []))[:300]


def on_customs_status(change: Any) -> None:
    """customs → store: a receipt (or the agent's export) changed a declaration's status."""
    if getattr(change, "source", "") != "store":
        return
    from shanglian.crossborder.services import order_customs_status

    if change.new in ("refunded", "cancelled"):  # CEB626 / CEB624 with 800: the return is accepted
        status = "return_accepted"
    elif change.old in ("refund_requested", "cancel_requested"):  # … with 100: refused
        status = "return_refused"
    else:
        status = {"released": "released", "rejected": "rejected", "accepted": "declared",
                  "exported": "declared"}.get(change.new, "")
    note = f"{change.return_status} {change.return_info}".strip()
    order_customs_status(order_no=change.order_no or change.source_ref, status=status, note=note)


def register_listener(callback: Any) -> None:
    customs.register_status_listener(callback)
