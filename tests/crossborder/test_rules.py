from decimal import Decimal

import pytest

from shanglian.crossborder import rules
from tests.crossborder.conftest import valid_id


def test_valid_id_passes():
    assert rules.id_number_problem(valid_id()) is None
    assert rules.id_number_problem(valid_id().lower()) is None


@pytest.mark.parametrize("value, problem", [
    ("", "length"), ("1101051949123100", "length"), ("11010519491231002X1", "length"),
    ("11010519491231002A", "characters"), ("１１０１０５１９４９１２３１００２Ｘ", "characters"),
    ("110105194902300027", "birth_date"), ("110105299912310021", "birth_date"),
])
def test_id_rejections(value, problem):
    assert rules.id_number_problem(value) == problem


def test_id_checksum_rejected():
    good = valid_id()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert rules.id_number_problem(wrong) == "checksum"
    assert rules.id_number_problem("11010519491231002X") in ("checksum", None)


def test_known_checksum():
    # GB 11643 example: 11010519491231002X
    assert rules.id_check_digit("11010519491231002") == "X"


def test_tax_rate_within_limits():
    assert rules.combined_rate(vat=Decimal("0.13"), ct=Decimal("0")) == Decimal("0.091")
    # cosmetics: 15 % consumption tax
    rate = rules.combined_rate(vat=Decimal("0.13"), ct=Decimal("0.15"))
    assert rate.quantize(Decimal("0.0001")) == Decimal("0.2306")
    assert rules.line_tax(value=Decimal("100"), vat=Decimal("0.13"), ct=Decimal("0")) == Decimal("9.10")


def test_full_tax_outside_limits():
    rate = rules.combined_rate(vat=Decimal("0.13"), ct=Decimal("0"), within_limits=False, tariff=Decimal("0.1"))
    assert rate == Decimal("0.1") + Decimal("1.1") * Decimal("0.13")


@pytest.mark.parametrize("value, used, lines, qty, indivisible, expected", [
    ("5000", "0", 3, 3, False, (True, "", True)),            # the order limit itself passes
    ("5000.01", "0", 2, 2, False, (False, "order_limit", True)),
    ("5000.01", "0", 1, 2, True, (False, "order_limit", True)),  # two pieces are not one item
    ("6000", "0", 1, 1, True, (True, "", False)),            # one indivisible item: full tax
    ("6000", "20000.01", 1, 1, True, (False, "annual_limit", True)),
    ("6000", "20000", 1, 1, True, (True, "", False)),
    ("100", "25900", 1, 1, False, (True, "", True)),         # exactly 26,000
    ("100.01", "25900", 1, 1, False, (False, "annual_limit", True)),
])
def test_limits_at_the_edges(value, used, lines, qty, indivisible, expected):
    check = rules.check_limits(order_value=Decimal(value), year_used=Decimal(used), lines=lines, total_qty=qty,
                               indivisible=indivisible)
    assert (check.ok, check.code, check.within_limits) == expected
