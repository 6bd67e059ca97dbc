# ruff: noqa: E501 — data tables read better one row a line
"""Demo data for customs (``manage.py demo`` calls load_demo): the shipped rules, twelve 福建自貿區
partners (bonded warehouses, brokers, declaration agents in Xiamen, Fuzhou and Pingtan; names are
invented), a demo agent login ``agent1`` (password demo12345), and a few declarations of member1's
enterprise in several states with receipts. Idempotent."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from shanglian.customs import messages as ceb
from shanglian.customs import rules, services
from shanglian.customs.documents import Declarant, OrderDoc, OrderLine, PaymentDoc, WaybillDoc
from shanglian.customs.models import Declaration, Partner
from shanglian.customs.reference import load_rules
from shanglian.customs.selectors import rules_snapshot
from shanglian.directory.models import EnterpriseRole

DEMO_PASSWORD = "demo12345"

PARTNERS = [
    # kind, city, zh_hant, zh_hans, en, modes, code, description (繁)
    ("warehouse", "xiamen", "廈門象嶼示範保稅倉", "厦门象屿示范保税仓", "Xiamen Xiangyu Demo Bonded Warehouse", "1210",
     "3502W00001", "象嶼保稅區內約二萬平方米倉庫，設冷鏈區，可辦理網購保稅進口的入區、分揀及出區。"),
    ("warehouse", "xiamen", "廈門海滄示範跨境倉", "厦门海沧示范跨境仓", "Xiamen Haicang Demo Cross-border Warehouse",
     "1210,9610", "3502W00002", "海滄港區旁，直購包裹集貨及保稅備貨兩用。"),
    ("warehouse", "fuzhou", "福州江陰示範保稅倉", "福州江阴示范保税仓", "Fuzhou Jiangyin Demo Bonded Warehouse", "1210",
     "3501W00003", "福州片區江陰港保稅物流中心，適合母嬰及保健食品備貨。"),
    ("warehouse", "pingtan", "平潭金井示範對台倉", "平潭金井示范对台仓", "Pingtan Jinjing Demo Warehouse", "1210,9610",
     "3501W00004", "平潭對台小額貿易及跨境電商監管中心旁，海運快件每日往返。"),
    ("broker", "xiamen", "廈門鷺通示範報關行", "厦门鹭通示范报关行", "Xiamen Lutong Demo Customs Broker", "9610,1210,9710",
     "3502B00005", "代辦跨境電商清單申報、一般貿易報關及出口退稅資料整理。"),
    ("broker", "fuzhou", "福州閩江示範報關", "福州闽江示范报关", "Fuzhou Minjiang Demo Brokerage", "9710,9810",
     "3501B00006", "B2B 出口 9710/9810 申報、海外倉備案。"),
    ("broker", "pingtan", "平潭嵐島示範報關", "平潭岚岛示范报关", "Pingtan Landao Demo Brokerage", "9610,1210",
     "3501B00007", "平潭片區跨境電商及對台貿易報關。"),
    ("agent", "xiamen", "廈門商聯示範申報代理", "厦门商联示范申报代理", "Xiamen Shanglian Demo Declaration Agent",
     "9610,1210", "3502980009", "持有電子口岸企業卡及簽名密鑰，代香港商戶發送訂單、清單及撤銷、退貨申請。"),
    ("agent", "fuzhou", "福州榕城示範申報代理", "福州榕城示范申报代理", "Fuzhou Rongcheng Demo Declaration Agent",
     "9610,1210", "3501980010", "福州片區跨境電商境內代理人服務，含消費者退貨處理。"),
    ("agent", "pingtan", "平潭示範申報代理", "平潭示范申报代理", "Pingtan Demo Declaration Agent", "9610",
     "3501980011", "平潭直購進口清單申報。"),
    ("broker", "xiamen", "廈門自貿示範通關服務", "厦门自贸示范通关服务", "Xiamen FTZ Demo Clearance Services", "1210",
     "3502B00012", "保稅倉入區報關及賬冊管理。"),
    ("warehouse", "fuzhou", "福州長樂示範空港倉", "福州长乐示范空港仓", "Fuzhou Changle Demo Airport Warehouse", "9610",
     "3501W00013", "長樂機場空運直購包裹分揀。"),
]

ORDERS = [
    # order no, lines (gcode, name, qty, price, net weight kg), receipts to apply
    ("SLDEMO0001", [("3304990010", "保濕面霜", "2", "188", "0.1"), ("3305100000", "洗髮露", "1", "98", "0.5")],
     [("CEB312", "120"), ("CEB622", "800")]),
    ("SLDEMO0002", [("1901101000", "嬰幼兒配方奶粉 800g", "3", "268", "0.8")], [("CEB312", "120")]),
    ("SLDEMO0003", [("0409000000", "天然蜂蜜 500g", "2", "158", "0.5")], [("CEB622", "100")]),
    ("SLDEMO0004", [("6109100000", "棉製T恤", "2", "129", "0.2")], []),
]
BUYERS = [("王小明", "11010519491231002X"), ("李华", "440106199001010017")]


def _buyer_id(base17: str) -> str:
    return base17 + rules.id_check_character(base17)


def _agent_user(agent: Partner) -> Any:
    users = get_user_model()
    user = users.objects.filter(username="agent1").first()
    if user is None:
        user = users(username="agent1", email="agent1@shanglian.demo.invalid")
        user.set_password(DEMO_PASSWORD)
        user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    agent.members.add(user)
    return user


def _order(no: str, lines: list[tuple[str, str, str, str, str]], ebc: tuple[str, str], n: int) -> OrderDoc:
    snapshot = rules_snapshot()
    name, _id = BUYERS[n % len(BUYERS)]
    buyer_id = _buyer_id(f"35020319900101{n:03d}")
    items = [OrderLine(gnum=i, itemNo=f"SKU-{no}-{i}", itemName=t, gcode=g, gmodel="1", qty=D(q), unit="011",
                       price=D(p), totalPrice=(D(q) * D(p)).quantize(D("0.01")), country="110", netWeight=D(w))
             for i, (g, t, q, p, w) in enumerate(lines, start=1)]
    o = OrderDoc(orderNo=no, ebpCode="3502960001", ebpName="商聯跨境平台（示範）", ebcCode=ebc[0], ebcName=ebc[1],
                 goodsValue=sum((x.totalPrice for x in items), D(0)), freight=D("15"), discount=D("0"),
                 taxTotal=D(0), acturalPaid=D(0), buyerRegNo=f"demo-buyer-{n}", buyerName=name,
                 buyerIdNumber=buyer_id, buyerTelephone="13800138000", consignee=name,
                 consigneeTelephone="13800138000", consigneeAddress="福建省厦门市思明区湖滨南路 100 号", lines=items)
    o.taxTotal = rules.order_tax(o, snapshot).total
    o.acturalPaid = o.goodsValue + o.freight + o.taxTotal
    return o


@transaction.atomic
def load_demo(*, stdout: Any) -> None:
    load_rules()
    made = 0
    for kind, city, zh_hant, zh_hans, en, modes, code, description in PARTNERS:
        _, created = Partner.objects.get_or_create(name_zh_hant=zh_hant, defaults={
            "kind": kind, "city": city, "name_zh_hans": zh_hans, "name_en": en, "modes": modes, "customs_code": code,
            "description_zh_hant": description, "address": f"{zh_hant[:2]}（示範地址）",
            "customs_district": "3700" if city == "xiamen" else "3500"})
        made += created
    agent = Partner.objects.get(name_zh_hant="廈門商聯示範申報代理")
    _agent_user(agent)
    role = EnterpriseRole.objects.filter(user__username="member1").select_related("enterprise").first()
    declared = 0
    if role is not None and not Declaration.objects.filter(order_no__startswith="SLDEMO").exists():
        enterprise = role.enterprise
        ebc = ("3502960002", (enterprise.name_zh or enterprise.name_en)[:100])
        declarant = Declarant(agentCode=agent.customs_code, agentName=agent.name_zh_hans, customsCode="3700",
                              portCode="3700", copCode="3502960001", copName="商聯跨境平台", dxpId="DXPENT0000012345")
        for n, (no, lines, receipts) in enumerate(ORDERS):
            o = _order(no, lines, ebc, n)
            payment = PaymentDoc(payCode="3120960001", payName="示範支付", payTransactionId=f"PAY{no}", orderNo=no,
                                 amountPaid=o.acturalPaid, payerIdType="1", payerIdNumber=o.buyerIdNumber,
                                 payerName=o.buyerName)
            waybill = WaybillDoc(logisticsCode="3502980003", logisticsName="示範物流", logisticsNo=f"WB{no}",
                                 orderNo=no, freight=o.freight, weight=D("1.2"), consignee=o.consignee,
                                 consigneeAddress=o.consigneeAddress, consigneeTelephone=o.consigneeTelephone)
            d = services.declaration_prepare(actor=None, order=o, payment=payment, waybill=waybill, mode="9610",
                                             source="workbench", source_ref="demo", enterprise=enterprise, agent=agent,
                                             declarant=declarant)
            declared += 1
            if receipts and d.status == Declaration.Status.READY:
                services.bundle_create(actor=None, agent=agent, declarations=[d])
                for kind, status in receipts:
                    item = {"returnStatus": status, "returnInfo": "示範回執"}
                    if kind == "CEB312":
                        item.update(ebpCode=o.ebpCode, ebcCode=o.ebcCode, orderNo=no)
                    else:
                        item.update(customsCode="3700", copNo=d.cop_no, invtNo=f"3700{no}")
                    services.receipt_import(actor=None, data=ceb.receipt_message(kind, [item]))
    stdout.write(f"customs: {made} partners added, {declared} demo declarations; agent login agent1")
