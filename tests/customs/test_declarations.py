"""Declarations: prepare → bundle → receipts → cancel/refund, with the shipped rules in the database."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal as D

import pytest
from django.db import transaction

from shanglian.core.errors import Conflict, DomainError
from shanglian.customs import messages as ceb
from shanglian.customs import services
from shanglian.customs.models import Declaration, Message, Partner, Receipt, TimelineEntry
from shanglian.customs.selectors import rules_snapshot

from .factories import DECLARANT, line, order, payment, waybill

pytestmark = pytest.mark.django_db
S = Declaration.Status


@pytest.fixture
def rules_now():
    return rules_snapshot()


@pytest.fixture
def agent(db):
    return Partner.objects.create(kind=Partner.Kind.AGENT, city=Partner.City.XIAMEN, name_zh_hant="示範申報代理",
                                  customs_code="3502980009", customs_district="3700")


def good_order(rules_now, no="SO1", **kw):
    lines = kw.pop("lines", None) or [line(1, gcode="3304990010", price="100"), line(2, gcode="0409000000", price="80",
                                                                               itemName="天然蜂蜜")]
    return order(lines, rules_=rules_now, order_no=no, **kw)


def prepare(rules_now, agent, no="SO1", **kw):
    o = good_order(rules_now, no)
    return services.declaration_prepare(actor=None, order=o, payment=payment(o), waybill=waybill(o), mode="9610",
                                        source="store", source_ref=f"store-{no}", agent=agent, declarant=DECLARANT,
                                        **kw)


def test_shipped_rules(rules_now):
    assert rules_now.per_order_limit == D("5000") and rules_now.annual_limit == D("26000")
    assert rules_now.positive_list_version == "2022-demo" and len(rules_now.positive_list) > 100


def test_prepare_builds_valid_messages(rules_now, agent, django_capture_on_commit_callbacks):
    changes = []
    services.register_status_listener(changes.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            d = prepare(rules_now, agent)
    finally:
        services.unregister_status_listener(changes.append)
    assert d.status == S.READY and d.problems == []
    kinds = sorted(d.messages.values_list("kind", flat=True))
    assert kinds == ["CEB311", "CEB511", "CEB621"]
    for m in d.messages.all():
        root = ceb.safe_parse(m.xml.encode())
        assert ceb.validate(m.kind, root) == []
    assert [(c.old, c.new, c.source_ref) for c in changes] == [("", S.READY, "store-SO1")]


def test_prepare_with_problems_is_stored_invalid_or_refused_strict(rules_now, agent):
    o = good_order(rules_now)
    bad = payment(o, payerName="李四")
    d = services.declaration_prepare(actor=None, order=o, payment=bad, waybill=waybill(o), mode="9610",
                                     source="store", source_ref="x", agent=agent)
    assert d.status == S.INVALID and [p["code"] for p in d.problems] == ["payer_mismatch"]
    assert not d.messages.exists()
    o2 = good_order(rules_now, "SO2")
    with pytest.raises(DomainError) as exc:
        services.declaration_prepare(actor=None, order=o2, payment=payment(o2, payerName="李四"), waybill=waybill(o2),
                                     mode="9610", source="store", source_ref="y", strict=True)
    assert exc.value.code == "customs_check"
    assert not Declaration.objects.filter(order_no="SO2").exists()


def test_prepare_again_replaces_until_exported(rules_now, agent):
    d1 = prepare(rules_now, agent)
    d2 = prepare(rules_now, agent)
    assert d1.pk == d2.pk and Message.objects.filter(declaration=d1).count() == 3
    services.bundle_create(actor=None, agent=agent)
    with pytest.raises(Conflict):
        prepare(rules_now, agent)


def test_bundle_zip_and_manifest(rules_now, agent):
    prepare(rules_now, agent, "SO1")
    prepare(rules_now, agent, "SO2")
    bundle = services.bundle_create(actor=None, agent=agent)
    with zipfile.ZipFile(io.BytesIO(bytes(bundle.content))) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    assert len(names) == 7 and bundle.count == 2
    assert {d["orderNo"] for d in manifest["declarations"]} == {"SO1", "SO2"}
    assert set(Declaration.objects.values_list("status", flat=True)) == {S.EXPORTED}
    with pytest.raises(DomainError):
        services.bundle_create(actor=None, agent=agent)  # nothing left


def receipt(kind, **item):
    return ceb.receipt_message(kind, [item])


def test_receipts_move_the_status_and_listeners_follow(rules_now, agent, django_capture_on_commit_callbacks):
    d = prepare(rules_now, agent)
    services.bundle_create(actor=None, agent=agent)
    changes = []
    services.register_status_listener(changes.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.receipt_import(actor=None, data=receipt("CEB312", ebpCode="3502960001", ebcCode="3502960002",
                                                             orderNo="SO1", returnStatus="120", returnInfo="入庫"))
        with django_capture_on_commit_callbacks(execute=True):
            services.receipt_import(actor=None, data=receipt("CEB622", customsCode="3700", copNo=d.cop_no,
                                                             invtNo="37002026I000001", returnStatus="800",
                                                             returnInfo="放行"))
        # a late 120 does not move a released declaration back
        services.receipt_import(actor=None, data=receipt("CEB512", logisticsCode="3502980003", logisticsNo="WBSO1",
                                                         returnStatus="120", returnInfo="ok"))
    finally:
        services.unregister_status_listener(changes.append)
    d.refresh_from_db()
    assert d.status == S.RELEASED and d.invt_no == "37002026I000001" and d.released_at
    assert [(c.old, c.new) for c in changes] == [(S.EXPORTED, S.ACCEPTED), (S.ACCEPTED, S.RELEASED)]
    assert changes[-1].return_status == "800" and changes[-1].source_ref == "store-SO1"
    assert d.receipts.count() == 3
    events = list(TimelineEntry.objects.filter(declaration=d).values_list("event", flat=True))
    assert events == ["prepared", "exported", "CEB312:120", "CEB622:800", "CEB512:120"]


def test_same_receipt_twice_is_recorded_once(rules_now, agent):
    d = prepare(rules_now, agent)
    data = receipt("CEB622", customsCode="3700", copNo=d.cop_no, returnStatus="100", returnInfo="退單：稅款不符")
    services.receipt_import(actor=None, data=data)
    services.receipt_import(actor=None, data=data)
    d.refresh_from_db()
    assert d.status == S.REJECTED and Receipt.objects.count() == 1


HOSTILE = {
    "xxe": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<ceb:CEB312Message xmlns:ceb="http://www.chinaport.gov.cn/ceb">&x;</ceb:CEB312Message>',
    "billion": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
               b'<lolz>&lol2;</lolz>',
    "syntax": b"<ceb:CEB312Message xmlns:ceb='http://www.chinaport.gov.cn/ceb'><unclosed>",
    "utf16": '<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16"),
    "other_root": b'<html xmlns="http://www.w3.org/1999/xhtml"/>',
    "schema": b'<ceb:CEB312Message xmlns:ceb="http://www.chinaport.gov.cn/ceb" guid="x" version="1.0">'
              b'<ceb:OrderReturn><ceb:orderNo>SO1</ceb:orderNo></ceb:OrderReturn></ceb:CEB312Message>',
    "big": b"<a>" + b"x" * (2 * 1024 * 1024) + b"</a>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_or_malformed_receipts_are_refused_and_change_nothing(rules_now, agent, name):
    d = prepare(rules_now, agent)
    before = (d.status, Receipt.objects.count(), TimelineEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        services.receipt_import(actor=None, data=HOSTILE[name])
    assert exc.value.code.startswith("receipt_")
    d.refresh_from_db()
    assert (d.status, Receipt.objects.count(), TimelineEntry.objects.count()) == before


def test_receipt_for_an_unknown_declaration_writes_nothing(rules_now, agent):
    d = prepare(rules_now, agent)
    data = ceb.receipt_message("CEB622", [
        {"customsCode": "3700", "copNo": d.cop_no, "returnStatus": "120", "returnInfo": "ok"},
        {"customsCode": "3700", "copNo": "SLNOSUCH", "returnStatus": "120", "returnInfo": "ok"}])
    with pytest.raises(DomainError) as exc, transaction.atomic():
        services.receipt_import(actor=None, data=data)
    assert exc.value.code == "receipt_unknown"
    d.refresh_from_db()
    assert d.status == S.READY and not Receipt.objects.exists()


def test_receipt_error_is_translated(rules_now, agent):
    from django.utils import translation

    with translation.override("en"), pytest.raises(DomainError) as exc:
        services.receipt_import(actor=None, data=HOSTILE["xxe"])
    assert "DOCTYPE" in str(exc.value) and "refused" in str(exc.value)


def release(d):
    services.receipt_import(actor=None, data=receipt("CEB622", customsCode="3700", copNo=d.cop_no, invtNo="INV1",
                                                     returnStatus="800", returnInfo="放行"))
    d.refresh_from_db()
    return d


def test_cancel_623_and_its_receipt(rules_now, agent):
    d = prepare(rules_now, agent)
    with pytest.raises(Conflict):
        services.declaration_cancel(actor=None, declaration=d, reason="顧客取消")
    d = release(d)
    m = services.declaration_cancel(actor=None, declaration=d, reason="顧客取消")
    assert m.kind == "CEB623" and ceb.validate("CEB623", ceb.safe_parse(m.xml.encode())) == []
    services.receipt_import(actor=None, data=receipt("CEB624", customsCode="3700", copNo=d.cop_no, invtNo="INV1",
                                                     returnStatus="800", returnInfo="撤銷成功"))
    d.refresh_from_db()
    assert d.status == S.CANCELLED


def test_refund_625_within_30_days(rules_now, agent):
    import datetime

    d = release(prepare(rules_now, agent))
    with pytest.raises(DomainError):
        services.declaration_refund(actor=None, declaration=d, reason="退貨", lines=[(9, D("1"))])
    late = d.released_at + datetime.timedelta(days=31)
    with pytest.raises(Conflict):
        services.declaration_refund(actor=None, declaration=d, reason="退貨", now=late)
    m = services.declaration_refund(actor=None, declaration=d, reason="退貨", lines=[(1, D("1"))])
    assert m.kind == "CEB625" and ceb.validate("CEB625", ceb.safe_parse(m.xml.encode())) == []
    services.receipt_import(actor=None, data=receipt("CEB626", customsCode="3700", copNo=d.cop_no, invtNo="INV1",
                                                     returnStatus="800", returnInfo="退貨成功"))
    d.refresh_from_db()
    assert d.status == S.REFUNDED


def test_agent_scoped_receipt(rules_now, agent):
    d = prepare(rules_now, agent)
    other = Partner.objects.create(kind=Partner.Kind.AGENT, city=Partner.City.FUZHOU, name_zh_hant="另一代理")
    with pytest.raises(DomainError):
        services.receipt_import(actor=None, agent=other, data=receipt("CEB622", customsCode="3700", copNo=d.cop_no,
                                                                      returnStatus="120", returnInfo="x"))


def test_retention_purge_keeps_three_years_at_least(rules_now, agent):
    import datetime

    from django.utils import timezone

    from shanglian.core.privacy import privacy_purge

    d = prepare(rules_now, agent)
    assert privacy_purge(now=timezone.now() + datetime.timedelta(days=3 * 365))["customs.declarations"] == 0
    counts = privacy_purge(now=timezone.now() + datetime.timedelta(days=6 * 365))
    assert counts["customs.declarations"] == 1
    d.refresh_from_db()
    assert d.order_doc["buyerIdNumber"] == "" and d.buyer_name == "" and not d.messages.exists()
    assert d.paid > 0 and d.timeline.exists()
