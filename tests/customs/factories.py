"""Documents for the customs tests (plain dataclasses; no database)."""

from __future__ import annotations

from decimal import Decimal as D

from shanglian.customs import rules
from shanglian.customs.documents import Declarant, OrderDoc, OrderLine, PaymentDoc, WaybillDoc

BUYER_ID = "11010519491231002X"  # the well-known GB 11643 example; checksum X

RULES = rules.RulesSnapshot(
    positive_list=(
        rules.PositiveEntry("3304990010", name="护肤品"),
        rules.PositiveEntry("1901101000", name="婴幼儿配方乳粉", remark="特医食品除外",
                            excluded_names=("特殊医学用途",)),
        rules.PositiveEntry("2106909001", name="蛋白粉", remark="仅限网购保税商品", modes=frozenset({"1210"})),
        rules.PositiveEntry("0409000000", name="天然蜂蜜", remark="每件净重不超过5千克", max_net_weight=D("5")),
        rules.PositiveEntry("2204210000", name="葡萄酒", ct_rate=D("0.10")),
        rules.PositiveEntry("9102", name="手表"),
    ),
    positive_list_version="test")


def line(gnum=1, *, gcode="3304990010", qty="1", price="100", **kw) -> OrderLine:
    qty, price = D(qty), D(price)
    values = dict(gnum=gnum, itemNo=f"SKU{gnum}", itemName="保濕面霜", gcode=gcode, gmodel="50ml", qty=qty, unit="142",
                  price=price, totalPrice=(qty * price).quantize(D("0.01")), country="116", netWeight=D("0.1"))
    values.update(kw)
    return OrderLine(**values)


def order(lines=None, *, freight="10", discount="0", rules_=RULES, order_no="SO1", fix_tax=True, **kw) -> OrderDoc:
    lines = lines if lines is not None else [line()]
    goods = sum((item.totalPrice for item in lines), D(0))
    o = OrderDoc(orderNo=order_no, ebpCode="3502960001", ebpName="商聯跨境平台", ebcCode="3502960002",
                 ebcName="甲化妝品有限公司", goodsValue=goods, freight=D(freight), discount=D(discount), taxTotal=D(0),
                 acturalPaid=D(0), buyerRegNo="buyer-1", buyerName="张三", buyerIdNumber=BUYER_ID,
                 buyerTelephone="13800138000", consignee="张三", consigneeTelephone="13800138000",
                 consigneeAddress="福建省厦门市思明区湖滨南路1号", lines=lines)
    for key, value in kw.items():
        setattr(o, key, value)
    if fix_tax:
        o.taxTotal = rules.order_tax(o, rules_).total
        o.acturalPaid = o.goodsValue + o.freight - o.discount + o.taxTotal
    return o


def payment(o: OrderDoc, **kw) -> PaymentDoc:
    values = dict(payCode="3120960001", payName="示範支付", payTransactionId=f"PAY{o.orderNo}", orderNo=o.orderNo,
                  amountPaid=o.acturalPaid, payerIdType="1", payerIdNumber=o.buyerIdNumber, payerName=o.buyerName)
    values.update(kw)
    return PaymentDoc(**values)


def waybill(o: OrderDoc, **kw) -> WaybillDoc:
    values = dict(logisticsCode="3502980003", logisticsName="示範物流", logisticsNo=f"WB{o.orderNo}", orderNo=o.orderNo,
                  freight=o.freight, weight=D("0.5"), consignee=o.consignee, consigneeAddress=o.consigneeAddress,
                  consigneeTelephone=o.consigneeTelephone)
    values.update(kw)
    return WaybillDoc(**values)


DECLARANT = Declarant(agentCode="3502980009", agentName="示範申報代理", customsCode="3700", portCode="3700",
                      copCode="3502960001", copName="商聯跨境平台", dxpId="DXPENT0000012345")
