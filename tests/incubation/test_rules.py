"""Eligibility rules as data: one reason per rule; malformed rules are refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from shanglian.core.errors import DomainError
from shanglian.incubation.rules import Person, age_on, evaluate, rules_validate
from shanglian.incubation.sample import YDF_RULES

ON = datetime.date(2027, 3, 31)


def person(name="甲", age=28, residency="hk", share=90, founder=True):
    return Person(
        name=name,
        birth_date=datetime.date(ON.year - age, 1, 1),
        residency=residency,
        share_pct=Decimal(share),
        is_founder=founder,
    )


def run(people, stage="prototype"):
    return {
        r["type"]: r
        for r in evaluate(YDF_RULES, people=people, stage=stage, on=ON, residency_labels={}, stage_labels={})
    }


def test_eligible_team_passes_every_rule():
    results = run([person(), person("乙", age=30, share=10)])
    assert all(r["ok"] for r in results.values())
    assert all(r["reason"] for r in results.values())


def test_each_rule_fails_with_its_reason():
    assert not run([person(age=40)])["age"]["ok"]
    assert "甲" in run([person(age=17)])["age"]["reason"]
    assert not run([person(residency="mainland")])["residency"]["ok"]
    # HK founders hold only 60 %: the mainland co-founder's 40 % does not count
    results = run([person(share=60), person("乙", residency="mainland", share=40)])
    assert not results["shareholding"]["ok"] and "60" in results["shareholding"]["reason"]
    assert not run([person()] * 7)["team_size"]["ok"]
    assert not run([person()], stage="growth")["stage"]["ok"]


def test_non_founders_do_not_count_for_age_or_residency():
    assert run([person(), person("職員", age=50, residency="mainland", share=0, founder=False)])["age"]["ok"]


def test_age_on_birthday_boundary():
    assert age_on(datetime.date(1990, 4, 1), datetime.date(2027, 3, 31)) == 36
    assert age_on(datetime.date(1990, 3, 31), datetime.date(2027, 3, 31)) == 37


@pytest.mark.parametrize(
    "bad",
    [
        "age",
        [{"type": "height"}],
        [{"type": "age"}],
        [{"type": "age", "min": 40, "max": 18}],
        [{"type": "residency", "allowed": ["mars"]}],
        [{"type": "shareholding", "min": 120}],
        [{"type": "stage", "allowed": []}],
        [{"type": "age", "min": "18"}],
    ],
)
def test_malformed_rules_are_refused(bad):
    with pytest.raises(DomainError):
        rules_validate(bad)


def test_valid_rules_pass():
    assert rules_validate(YDF_RULES) == YDF_RULES
