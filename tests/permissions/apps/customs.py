"""customs rows: the hub and rules are public; a declaration of enterprise A (handed to the demo agent
whose account is member_b) is seen by member_a (the seller), member_b (the agent) and the secretariat;
cancel/refund by the seller and the secretariat only; the agent inbox by the agent and the secretariat."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

from tests.permissions.matrix import GP, P, logged_in, only, public, row, staff

LABELS = ("customs",)
DECL = {"pk": "customs_declaration.pk"}
SELLER = ("member_a", "secretariat")
AGENT = ("member_b", "secretariat")
BOTH = ("member_a", "member_b", "secretariat")

PAGES = {
    "customs:home": row(public()),
    "customs:partner": row(public(), kwargs={"pk": "customs_agent.pk"}),
    "customs:partner_publish": row(staff(), kwargs={"pk": "customs_agent.pk"}, methods=P),
    "customs:rules": row(public()),
    "customs:declarations": row(logged_in()),
    "customs:declaration": row(only(*BOTH), kwargs=DECL),
    "customs:message_xml": row(only(*BOTH), kwargs={**DECL, "message": "customs_message.pk"}),
    "customs:declaration_cancel": row(only(*SELLER), kwargs=DECL, methods=P, data={"cancel-reason": "取消"}),
    "customs:declaration_refund": row(only(*SELLER), kwargs=DECL, methods=P, data={"refund-reason": "退貨"}),
    "customs:agent": row(only(*AGENT)),
    "customs:bundle_create": row(only(*AGENT), methods=P, data={"agent": "customs_agent.pk"}),
    "customs:bundle_download": row(only(*AGENT), kwargs={"pk": "customs_bundle.pk"}),
    "customs:receipt_upload": row(only(*AGENT), methods=P),
    "customs:workbench": row(logged_in(), methods=GP),
    "customs:workbench_template": row(logged_in()),
    "customs:batch": row(only(*SELLER), kwargs={"pk": "customs_batch.pk"}),
    "customs:batch_commit": row(only(*SELLER), kwargs={"pk": "customs_batch.pk"}, methods=P),
    "customs:dossiers": row(logged_in(), methods=GP),
    "customs:dossier_pdf": row(only(*SELLER), kwargs={"pk": "customs_dossier.pk"}),
    "customs:dossier_xlsx": row(only(*SELLER), kwargs={"pk": "customs_dossier.pk"}),
    "customs:staff_rules": row(staff(), methods=GP),
    "customs:positive_list": row(staff(), methods=GP),
    "customs:positive_list_import": row(staff(), kwargs={"pk": "customs_pl_import.pk"}, methods=GP),
}

API = {
    "shanglian_customs_api_agent_inbox": row(only(*AGENT)),
    "shanglian_customs_api_create_bundle": row(only(*AGENT), data={"agent_id": "customs_agent.pk"}),
    "shanglian_customs_api_download_bundle": row(only(*AGENT), kwargs={"bundle_id": "customs_bundle.pk"}),
    "shanglian_customs_api_import_receipt": row(only(*AGENT)),
    "shanglian_customs_api_get_declaration": row(only(*BOTH), kwargs={"declaration_id": "customs_declaration.pk"}),
}


def build(w) -> None:
    from shanglian.customs import rules, services
    from shanglian.customs.documents import OrderDoc, OrderLine, PaymentDoc, WaybillDoc
    from shanglian.customs.models import ExportDossier, Partner, PositiveListImport, WorkbenchBatch
    from shanglian.customs.selectors import rules_snapshot

    w.customs_agent = Partner.objects.create(kind=Partner.Kind.AGENT, city=Partner.City.XIAMEN,
                                             name_zh_hant="矩陣申報代理", customs_code="3502980009",
                                             customs_district="3700")
    w.customs_agent.members.add(w.member_b)

    def declare(no: str):
        line = OrderLine(gnum=1, itemNo="A1", itemName="面霜", gcode="3304990010", gmodel="50ml", qty=D(1),
                         unit="142", price=D(100), totalPrice=D(100), country="116")
        buyer = "11010519491231002X"
        o = OrderDoc(orderNo=no, ebpCode="3502960001", ebpName="平台", ebcCode="3502960002", ebcName="甲",
                     goodsValue=D(100), freight=D(0), discount=D(0), taxTotal=D(0), acturalPaid=D(0),
                     buyerRegNo="b", buyerName="张三", buyerIdNumber=buyer, buyerTelephone="13800138000",
                     consignee="张三", consigneeTelephone="13800138000", consigneeAddress="厦门", lines=[line])
        o.taxTotal = rules.order_tax(o, rules_snapshot()).total
        o.acturalPaid = o.goodsValue + o.taxTotal
        pay = PaymentDoc(payCode="P", payName="支付", payTransactionId="T" + no, orderNo=no, amountPaid=o.acturalPaid,
                         payerIdType="1", payerIdNumber=buyer, payerName="张三")
        wb = WaybillDoc(logisticsCode="L", logisticsName="物流", logisticsNo="W" + no, orderNo=no, freight=D(0),
                        weight=D(1), consignee="张三", consigneeAddress="厦门", consigneeTelephone="13800138000")
        return services.declaration_prepare(actor=w.secretariat, order=o, payment=pay, waybill=wb, mode="9610",
                                            source="workbench", source_ref="matrix", enterprise=w.enterprise_a,
                                            agent=w.customs_agent)

    bundled = declare("MATRIX-1")
    assert bundled.status == "ready", bundled.problems
    w.customs_bundle = services.bundle_create(actor=w.secretariat, agent=w.customs_agent)
    w.customs_declaration = declare("MATRIX-2")  # ready, in the agent's inbox
    bundled.refresh_from_db()
    assert bundled.status == "exported" and w.customs_declaration.status == "ready"
    w.customs_message = w.customs_declaration.messages.first()
    w.customs_batch = WorkbenchBatch.objects.create(enterprise=w.enterprise_a, uploaded_by=w.member_a,
                                                    filename="orders.xlsx", mode="9610", orders=[], row_problems=[])
    w.customs_dossier = ExportDossier.objects.create(
        enterprise=w.enterprise_a, created_by=w.member_a, mode="9710", contract_no="C-1", invoice_no="I-1",
        buyer_name="Buyer Ltd", destination_country="502",
        lines=[{"gcode": "6109100000", "name": "T恤", "qty": "10", "unit": "件", "price": "5", "origin": "香港"}])
    # a preview with a problem: committing it is refused, so a permitted POST changes nothing either
    w.customs_pl_import = PositiveListImport.objects.create(
        uploaded_by=w.secretariat, filename="list.csv", code="matrix-list", title_zh_hant="矩陣清單",
        valid_from=datetime.date(2031, 1, 1), rows=1, items=[], problem_count=1,
        problems=[{"row": 2, "code": "hs_missing", "field": "hs_code", "params": {}}])
