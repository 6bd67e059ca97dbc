"""Pure-function tests of the rules (no database)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from shanglian.customs import rules
from shanglian.customs.rules import check_id_number, codes, effective_rate, line_tax, order_tax

from .factories import BUYER_ID, RULES, line, order, payment, waybill

# ------------------------------------------------------------------------------ ID numbers

def test_id_checksum_known_example():
    assert check_id_number(BUYER_ID)
    assert check_id_number(BUYER_ID.lower())  # x as well as X


@pytest.mark.parametrize("value", [
    "110105194912310021",      # wrong check character
    "11010519491231002",       # 17 characters
    "1101051949123100200",     # 19
    "11010519491331002X",      # month 13 (check character recomputed below would not help)
    "11010518991231002X",      # before 1900
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits
    "", "abcdefghijklmnopqr",
])
def test_id_checksum_refuses(value):
    assert not check_id_number(value)


def test_id_checksum_every_check_character():
    # 17 digits, then the MOD 11-2 character; changing it breaks the number
    for seq in range(100, 120):
        first17 = f"35020319900101{seq:03d}"
        good = first17 + rules.id_check_character(first17)
        assert check_id_number(good)
        for other in "0123456789X":
            if other != good[-1]:
                assert not check_id_number(first17 + other)


def test_invalid_birth_date_with_valid_checksum():
    first17 = "35020319900230001"  # 30 February
    assert not check_id_number(first17 + rules.id_check_character(first17))


# ------------------------------------------------------------------------------ tax

def test_vat_alone_is_9_1_percent():
    assert effective_rate(vat_rate=D("0.13")) == D("0.091")
    assert line_tax(base=D("100"), vat_rate=D("0.13")).total == D("9.10")


def test_formula_with_consumption_tax():
    # (CT + VAT) / (1 − CT) × 70 %: wine 10 % CT, 13 % VAT → 17.8888…%
    rate = effective_rate(vat_rate=D("0.13"), ct_rate=D("0.10"))
    assert rate.quantize(D("0.000001")) == D("0.178889")
    tax = line_tax(base=D("1000"), vat_rate=D("0.13"), ct_rate=D("0.10"))
    assert tax.consumption == D("77.78") and tax.vat == D("101.11") and tax.tariff == D("0.00")
    assert tax.total == D("178.89")


def test_full_tax_when_single_item_over_limit():
    tax = line_tax(base=D("6000"), vat_rate=D("0.13"), tariff_rate=D("0.08"), full=True)
    assert tax.tariff == D("480.00") and tax.vat == D("842.40") and tax.consumption == D("0.00")


def test_order_tax_shares_freight_and_discount():
    o = order([line(1, price="300"), line(2, price="100")], freight="20", discount="40")
    result = order_tax(o, RULES)
    assert result.taxable_value == D("380.00")
    assert [t.base for t in result.lines] == [D("285.00"), D("95.00")]
    assert result.total == D("34.59")  # 285 × 9.1 % = 25.935 → 25.94; 95 × 9.1 % = 8.645 → 8.65
    assert not result.full_tax


def test_order_tax_uses_entry_rates():
    o = order([line(gcode="2204210000", price="1000")], freight="0")
    assert order_tax(o, RULES).total == D("178.89")


# ------------------------------------------------------------------------------ limits

def test_order_at_the_limit_passes_and_a_cent_more_fails():
    at = order([line(1, qty="2", price="2495")], freight="10")  # 4990 + 10 = 5000.00
    assert codes(rules.check_order(at, RULES)) == []
    over = order([line(1, qty="2", price="2495")], freight="10.01")
    assert codes(rules.check_order(over, RULES)) == ["order_limit_multi"]


def test_single_indivisible_item_over_the_limit_passes_with_full_tax():
    o = order([line(1, gcode="9102210000", price="8000", itemName="自動上弦機械手錶", tariffRate=D("0.08"))],
              freight="0")
    result = order_tax(o, RULES)
    assert result.full_tax and result.total == D("1763.20")  # tariff 640 + VAT (8000 + 640) × 13 % = 1123.20
    assert codes(rules.check_order(o, RULES, year_used=D("0"))) == []


def test_single_item_exception_needs_annual_headroom():
    o = order([line(1, gcode="9102210000", price="8000", tariffRate=D("0.08"))], freight="0")
    assert codes(rules.check_order(o, RULES, year_used=D("18000"))) == []       # 18,000 + 8,000 = 26,000
    assert codes(rules.check_order(o, RULES, year_used=D("18000.01"))) == ["annual_limit"]


def test_two_of_the_same_item_is_not_indivisible():
    o = order([line(1, gcode="9102210000", qty="2", price="3000")], freight="0")
    assert "order_limit_multi" in codes(rules.check_order(o, RULES))


def test_annual_limit_edges():
    o = order([line(1, price="990")], freight="10")  # 1000
    assert codes(rules.check_order(o, RULES, year_used=D("25000"))) == []
    assert codes(rules.check_order(o, RULES, year_used=D("25000.01"))) == ["annual_limit"]


# ------------------------------------------------------------------------------ positive list

def test_goods_not_on_the_list():
    o = order([line(1, gcode="8703239000", itemName="汽車")])
    assert codes(rules.check_order(o, RULES)) == ["not_on_list"]


def test_remark_restricts_mode():
    o = order([line(1, gcode="2106909001", itemName="乳清蛋白粉")])
    assert codes(rules.check_order(o, RULES, mode="1210")) == []
    assert codes(rules.check_order(o, RULES, mode="9610")) == ["list_mode"]


def test_remark_restricts_weight():
    assert codes(rules.check_order(order([line(1, gcode="0409000000", netWeight=D("5"))]), RULES)) == []
    heavy = order([line(1, gcode="0409000000", netWeight=D("5.001"))])
    assert codes(rules.check_order(heavy, RULES)) == ["list_weight"]


def test_remark_excludes_names():
    ok = order([line(1, gcode="1901101000", itemName="嬰幼兒配方奶粉")])
    bad = order([line(1, gcode="1901101000", itemName="特殊医学用途婴儿配方食品")])
    assert codes(rules.check_order(ok, RULES)) == []
    assert codes(rules.check_order(bad, RULES)) == ["list_name"]


def test_longest_prefix_entry():
    assert RULES.entry_for("9102210000").hs_code == "9102"
    assert RULES.entry_for("3304990010").hs_code == "3304990010"
    assert RULES.entry_for("3304990099") is None


# ------------------------------------------------------------------------------ amounts and the three documents

def test_paid_must_equal_goods_freight_discount_tax():
    o = order()
    assert codes(rules.check_order(o, RULES)) == []
    o.acturalPaid += D("0.05")
    assert codes(rules.check_order(o, RULES)) == []  # within the tolerance
    o.acturalPaid += D("0.01")
    assert codes(rules.check_order(o, RULES)) == ["paid_mismatch"]


def test_tax_must_be_the_computed_tax():
    o = order()
    o.taxTotal -= D("1")
    o.acturalPaid -= D("1")
    assert codes(rules.check_order(o, RULES)) == ["tax_mismatch"]


def test_line_arithmetic_and_goods_value():
    o = order()
    o.lines[0].totalPrice = D("90")
    assert "line_total" in codes(rules.check_order(o, RULES))
    assert "goods_value" in codes(rules.check_order(o, RULES))


def test_buyer_must_be_payer():
    o = order()
    assert codes(rules.check_order(o, RULES, payment=payment(o), waybill=waybill(o), three_documents=True)) == []
    assert codes(rules.check_order(o, RULES, payment=payment(o, payerName="李四"))) == ["payer_mismatch"]
    other = "35020319900101123" + rules.id_check_character("35020319900101123")
    assert codes(rules.check_order(o, RULES, payment=payment(o, payerIdNumber=other))) == ["payer_mismatch"]
    assert codes(rules.check_order(o, RULES, payment=payment(o, amountPaid=o.acturalPaid + 1))) == ["payment_amount"]


def test_three_documents_required_and_compared():
    o = order()
    assert codes(rules.check_order(o, RULES, three_documents=True)) == ["payment_missing", "waybill_missing"]
    assert codes(rules.check_order(o, RULES, waybill=waybill(o, orderNo="X"))) == ["waybill_order"]
    assert codes(rules.check_order(o, RULES, waybill=waybill(o, consignee="王五"))) == ["waybill_consignee"]


def test_bad_id_currency_mode_and_empty_fields():
    o = order(buyerIdNumber="110105194912310021", currency="502")
    got = codes(rules.check_order(o, RULES, mode="0110"))
    assert {"id_number", "currency", "mode"} <= set(got)
    empty = order(buyerName="")
    assert "required" in codes(rules.check_order(empty, RULES))
    assert codes(rules.check_order(order([]), RULES)) == ["no_lines"]


def test_messages_are_translated(settings):
    from django.utils import translation

    o = order([line(1, qty="2", price="3000")], freight="0")
    (problem,) = [p for p in rules.check_order(o, RULES) if p.code == "order_limit_multi"]
    with translation.override("en"):
        assert "5000" in problem.message and "single transaction limit" in problem.message
    with translation.override("zh-hans"):
        assert "单次交易限值" in problem.message
    with translation.override("zh-hant"):
        assert "單次交易限值" in problem.message
