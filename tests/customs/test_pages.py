"""Pages, the workbench import (bad rows in the reader's language), dossiers, the staff rules page
and the API — through the test client, as real users."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import Workbook

from shanglian.customs import messages as ceb
from shanglian.customs import services, workbench
from shanglian.customs.models import Declaration, ExportDossier, LimitRule, Partner, WorkbenchBatch
from shanglian.customs.selectors import rules_snapshot

from .factories import DECLARANT, line, order, payment, waybill

pytestmark = pytest.mark.django_db
HEAD = [key for key, _label, _req in workbench.COLUMNS]
GOOD = {"orderNo": "WB-1", "buyerRegNo": "b1", "buyerName": "张三", "buyerIdNumber": "11010519491231002X",
        "buyerTelephone": "13800138000", "consignee": "张三", "consigneeTelephone": "13800138000",
        "consigneeAddress": "福建省厦门市思明区", "freight": "10", "discount": "0", "itemNo": "SKU1",
        "itemName": "保湿面霜", "gcode": "3304990010", "gmodel": "50ml", "qty": "1", "unit": "142", "price": "180",
        "country": "116", "netWeight": "0.1", "barCode": "", "payCode": "3120960001", "payName": "示范支付",
        "payTransactionId": "PAY1", "logisticsCode": "3502980003", "logisticsName": "示范物流", "logisticsNo": "WB1",
        "weight": "0.5"}


def xlsx(rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([f"{k} label" for k in HEAD])
    for r in rows:
        ws.append([r.get(k, "") for k in HEAD])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def seller(kt_member, kt_enterprise):
    kt_member.enterprise = kt_enterprise
    return kt_member


@pytest.fixture
def agent():
    return Partner.objects.create(kind=Partner.Kind.AGENT, city=Partner.City.XIAMEN, name_zh_hant="示範代理",
                                  customs_code="3502980009", customs_district="3700")


def upload(client, seller, agent, rows, language="zh-hant"):
    data = {"enterprise": seller.enterprise.pk, "mode": "9610", "ebp_code": "3502960001", "ebp_name": "平台",
            "ebc_code": "3502960002", "ebc_name": "甲", "agent": agent.pk,
            "file": io.BytesIO(xlsx(rows))}
    data["file"].name = "orders.xlsx"
    return client.post(f"/{language}/customs/workbench/", data)


def test_public_pages(client):
    for name in ("customs:home", "customs:rules"):
        assert client.get(reverse(name)).status_code == 200
    page = client.get(reverse("customs:rules") + "?hs=3304990010").content.decode()
    assert "3304990010" in page and "在清單內" in page
    assert "不在清單內" in client.get(reverse("customs:rules") + "?hs=8703239000").content.decode()


def test_workbench_good_file_then_commit(client, seller, agent):
    client.force_login(seller)
    response = upload(client, seller, agent, [GOOD, {**GOOD, "itemNo": "SKU2", "gcode": "3305100000",
                                                     "itemName": "洗发露", "price": "60"}])
    batch = WorkbenchBatch.objects.get()
    assert response.status_code == 302 and batch.row_problems == [] and len(batch.orders) == 1
    assert client.post(reverse("customs:batch_commit", args=[batch.pk])).status_code == 302
    d = Declaration.objects.get()
    assert d.status == "ready" and d.enterprise == seller.enterprise and d.agent == agent
    assert sorted(d.messages.values_list("kind", flat=True)) == ["CEB311", "CEB511", "CEB621"]
    assert client.get(reverse("customs:declaration", args=[d.pk])).status_code == 200


@pytest.mark.parametrize("language,expected", [("zh-hant", "不在跨境電商零售進口商品清單"),
                                               ("zh-hans", "不在跨境电商零售进口商品清单"),
                                               ("en", "is not on the cross-border retail import list")])
def test_workbench_bad_rows_in_the_readers_language(client, seller, agent, language, expected):
    client.force_login(seller)
    bad = [{**GOOD, "orderNo": "WB-2", "gcode": "8703239000"},
           {**GOOD, "orderNo": "WB-3", "buyerIdNumber": "110105194912310021"},
           {**GOOD, "orderNo": "WB-4", "qty": "two"},
           {**GOOD, "orderNo": "WB-5", "consignee": ""},
           GOOD]
    upload(client, seller, agent, bad, language)
    batch = WorkbenchBatch.objects.get()
    rows = {p["row"]: p["code"] for p in batch.row_problems}
    assert rows == {2: "not_on_list", 3: "id_number", 4: "number", 5: "missing"}
    page = client.get(f"/{language}/customs/workbench/batches/{batch.pk}/").content.decode()
    assert expected in page
    # nothing is declared while a row has a problem
    client.post(reverse("customs:batch_commit", args=[batch.pk]))
    assert not Declaration.objects.exists()
    assert WorkbenchBatch.objects.get().status == "preview"


@pytest.mark.parametrize("content,needle", [
    (b"not an excel file", "不是 Excel"),
    (b"PK\x03\x04broken", "無法讀取"),
])
def test_workbench_refuses_bad_files(client, seller, agent, content, needle):
    client.force_login(seller)
    data = {"enterprise": seller.enterprise.pk, "mode": "9610", "ebp_code": "1", "ebp_name": "p", "ebc_code": "2",
            "ebc_name": "e", "file": io.BytesIO(content)}
    data["file"].name = "orders.xlsx"
    response = client.post("/zh-hant/customs/workbench/", data)
    assert response.status_code == 200 and needle in response.content.decode()
    assert not WorkbenchBatch.objects.exists()


def test_workbench_template_round_trip(client, seller, agent):
    client.force_login(seller)
    template = client.get(reverse("customs:workbench_template"))
    rows = workbench.parse_rows(template.content)
    orders, problems = workbench.validate(rows, snapshot=rules_snapshot(), mode="9610", ebp=("1", "p"),
                                          ebc=("2", "e"))
    assert len(orders) == 1 and problems == []


def test_dossier_pdf_and_excel(client, seller):
    client.force_login(seller)
    response = client.post(reverse("customs:dossiers"), {
        "enterprise": seller.enterprise.pk, "mode": "9710", "contract_no": "C-2026-1", "invoice_no": "INV-1",
        "buyer_name": "Acme Ltd", "destination_country": "502", "currency": "502", "incoterm": "FOB", "port": "廈門",
        "goods": "6109100021, 棉製T恤, 500, 件, 35.5, 香港\n4202220000, 手提包, 20, 個, 120, 香港"})
    assert response.status_code == 302
    dossier = ExportDossier.objects.get()
    assert len(dossier.lines) == 2
    pdf = client.get(reverse("customs:dossier_pdf", args=[dossier.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("customs:dossier_xlsx", args=[dossier.pk])).content.startswith(b"PK")
    bad = client.post(reverse("customs:dossiers"), {
        "enterprise": seller.enterprise.pk, "mode": "9710", "contract_no": "C-2", "invoice_no": "I", "buyer_name": "B",
        "destination_country": "502", "currency": "502", "incoterm": "FOB", "goods": "61091, T, x, 件, 1"})
    assert bad.status_code == 200 and ExportDossier.objects.count() == 1


def test_staff_adds_a_limit_rule_and_the_previous_one_ends(client, make_user):
    staff = make_user("sec", is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.post(reverse("customs:staff_rules"), {
        "label_zh_hant": "測試新限值", "valid_from": "2030-01-01", "per_order_limit": "6000", "annual_limit": "30000",
        "tax_factor": "0.7", "default_vat_rate": "0.13", "amount_tolerance": "0.05"})
    assert response.status_code == 302
    old = LimitRule.objects.get(valid_from=datetime.date(2019, 1, 1))
    assert old.valid_to == datetime.date(2029, 12, 31)
    assert rules_snapshot(datetime.date(2029, 12, 31)).per_order_limit == D("5000")
    assert rules_snapshot(datetime.date(2030, 1, 1)).per_order_limit == D("6000")
    assert rules_snapshot(datetime.date(2017, 6, 1)).annual_limit == D("20000")


def _ready(agent, no="API-1"):
    snapshot = rules_snapshot()
    o = order([line(1)], rules_=snapshot, order_no=no)
    return services.declaration_prepare(actor=None, order=o, payment=payment(o), waybill=waybill(o), mode="9610",
                                        source="api", source_ref=no, agent=agent, declarant=DECLARANT)


def test_api_agent_bundle_and_receipts(client, make_user, agent):
    user = make_user("agentuser")
    agent.members.add(user)
    d = _ready(agent)
    client.force_login(user)
    inbox = client.get("/api/v1/customs/agent/inbox").json()
    assert [row["order_no"] for row in inbox] == ["API-1"]
    made = client.post("/api/v1/customs/agent/bundles", {"agent_id": agent.pk}, content_type="application/json")
    assert made.status_code == 201 and made.json()["count"] == 1
    zipped = client.get(f"/api/v1/customs/agent/bundles/{made.json()['id']}")
    assert zipped["Content-Type"] == "application/zip"
    body = ceb.receipt_message("CEB622", [{"customsCode": "3700", "copNo": d.cop_no, "invtNo": "I-9",
                                           "returnStatus": "800", "returnInfo": "放行"}])
    got = client.post("/api/v1/customs/agent/receipts", body, content_type="application/xml")
    assert got.status_code == 200 and got.json()["items"][0]["return_status"] == "800"
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    refused = client.post("/api/v1/customs/agent/receipts", hostile, content_type="application/xml",
                          HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and refused.json()["code"] == "receipt_doctype"
    status = client.get(f"/api/v1/customs/declarations/{d.pk}").json()
    assert status["status"] == "released" and [t["event"] for t in status["timeline"]][-1] == "CEB622:800"


def test_agent_page_upload_receipt(client, make_user, agent):
    user = make_user("agentpage")
    agent.members.add(user)
    d = _ready(agent, "PAGE-1")
    client.force_login(user)
    assert client.get(reverse("customs:agent")).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = ceb.receipt_message("CEB622", [{"customsCode": "3700", "copNo": d.cop_no, "returnStatus": "120",
                                           "returnInfo": "入庫"}])
    client.post(reverse("customs:receipt_upload"), {"file": SimpleUploadedFile("r.xml", body)})
    d.refresh_from_db()
    assert d.status == "accepted"
    bad = client.post(reverse("customs:receipt_upload"), {"file": SimpleUploadedFile("r.xml", b"<x>")}, follow=True)
    assert "回執不是格式正確的 XML" in bad.content.decode()


def test_partner_published_to_matching(client, secretariat, kt_enterprise):
    from shanglian.matching.models import Opportunity

    partner = Partner.objects.create(kind=Partner.Kind.WAREHOUSE, city=Partner.City.XIAMEN,
                                     name_zh_hant="廈門示範保稅倉", description_zh_hant="保稅倉儲及分揀服務。",
                                     modes="1210", enterprise=kt_enterprise)
    client.force_login(secretariat)
    client.post(reverse("customs:partner_publish", args=[partner.pk]))
    partner.refresh_from_db()
    opportunity = Opportunity.objects.get(pk=partner.opportunity_id)
    assert opportunity.status == "published" and opportunity.enterprise == kt_enterprise
    page = client.get(reverse("customs:partner", args=[partner.pk])).content.decode()
    assert reverse("matching:detail", args=[opportunity.pk]) in page
    # a partner that is not a member enterprise cannot be published
    other = Partner.objects.create(kind=Partner.Kind.BROKER, city=Partner.City.FUZHOU, name_zh_hant="另一報關行")
    client.post(reverse("customs:partner_publish", args=[other.pk]))
    other.refresh_from_db()
    assert other.opportunity_id is None
