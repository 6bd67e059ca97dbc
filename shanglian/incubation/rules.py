"""Eligibility rules as data. A call's ``eligibility`` is a list of rules, each a dict with a
``type`` and its parameters:

- ``{"type": "age", "min": 18, "max": 39}`` — every founder's age on the call's closing date;
- ``{"type": "residency", "allowed": ["hk", "macao"]}`` — every founder's residency;
- ``{"type": "shareholding", "min": 80, "residency": ["hk"]}`` — founders who meet the residency
  (and age, when an age rule exists) hold together at least ``min`` % of the shares;
- ``{"type": "team_size", "min": 1, "max": 5}`` — members in the team;
- ``{"type": "stage", "allowed": ["idea", "prototype"]}`` — the start-up's stage.

``rules_validate`` refuses a malformed list (staff edit it in the admin); ``evaluate`` gives one
result per rule — ``{"type", "ok", "reason"}`` with the reason in the active language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from shanglian.core.errors import DomainError

RESIDENCIES = ("hk", "macao", "mainland", "other")
STAGES = ("idea", "prototype", "revenue", "growth")
TYPES = ("age", "residency", "shareholding", "team_size", "stage")


@dataclass(frozen=True)
class Person:
    name: str
    birth_date: datetime.date
    residency: str
    share_pct: Decimal
    is_founder: bool


def _number(rule: dict, key: str, low: float, high: float, errors: list[str], index: int) -> None:
    if key in rule and (
        not isinstance(rule[key], (int, float)) or isinstance(rule[key], bool) or not low <= rule[key] <= high
    ):
        errors.append(
            _("第 %(n)s 條規則的「%(key)s」必須是 %(low)s 至 %(high)s 的數字。")
            % {"n": index, "key": key, "low": low, "high": high}
        )


def rules_validate(rules: Any) -> list[dict]:
    if not isinstance(rules, list):
        raise DomainError("bad_rules", _("資格規則必須是一個列表。"))
    errors: list[str] = []
    for i, rule in enumerate(rules, start=1):
        if not isinstance(rule, dict) or rule.get("type") not in TYPES:
            errors.append(_("第 %(n)s 條規則的類型無效（可用：%(types)s）。") % {"n": i, "types": ", ".join(TYPES)})
            continue
        kind = rule["type"]
        if kind in ("age", "team_size"):
            _number(rule, "min", 0, 200, errors, i)
            _number(rule, "max", 0, 200, errors, i)
            if "min" not in rule and "max" not in rule:
                errors.append(_("第 %(n)s 條規則需要「min」或「max」。") % {"n": i})
            elif (
                isinstance(rule.get("min"), (int, float))
                and isinstance(rule.get("max"), (int, float))
                and rule["min"] > rule["max"]
            ):
                errors.append(_("第 %(n)s 條規則的「min」大於「max」。") % {"n": i})
        if kind == "shareholding":
            _number(rule, "min", 0, 100, errors, i)
            if "min" not in rule:
                errors.append(_("第 %(n)s 條規則需要「min」。") % {"n": i})
        allowed_values = {"residency": RESIDENCIES, "stage": STAGES, "shareholding": RESIDENCIES}.get(kind)
        key = "residency" if kind == "shareholding" else "allowed"
        if allowed_values and (key in rule or kind != "shareholding"):
            values = rule.get(key)
            if not isinstance(values, list) or not values or any(v not in allowed_values for v in values):
                errors.append(
                    _("第 %(n)s 條規則的「%(key)s」必須是以下值的列表：%(values)s。")
                    % {"n": i, "key": key, "values": ", ".join(allowed_values)}
                )
    if errors:
        raise DomainError("bad_rules", " ".join(errors), fields={"eligibility": errors})
    return rules


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _labels(values: Iterable[str], choices: dict[str, str]) -> str:
    return ", ".join(str(choices.get(v, v)) for v in values)


def evaluate(
    rules: Sequence[dict],
    *,
    people: Sequence[Person],
    stage: str,
    on: datetime.date,
    residency_labels: dict[str, str],
    stage_labels: dict[str, str],
) -> list[dict]:
    founders = [p for p in people if p.is_founder] or list(people)
    age_rule = next((r for r in rules if r["type"] == "age"), None)
    results = []
    for rule in rules:
        kind = rule["type"]
        ok, reason = True, ""
        if kind in ("age", "residency") and not founders:
            results.append({"type": kind, "ok": False, "reason": str(_("還沒有團隊成員資料。"))})
            continue
        if kind == "age":
            low, high = rule.get("min", 0), rule.get("max", 200)
            outside = [p for p in founders if not low <= age_on(p.birth_date, on) <= high]
            ok = bool(founders) and not outside
            reason = (
                _("所有創辦人的年齡在 %(low)s 至 %(high)s 歲之間。") % {"low": low, "high": high}
                if ok
                else _("創辦人的年齡須在 %(low)s 至 %(high)s 歲之間：%(names)s 不符合。")
                % {"low": low, "high": high, "names": ", ".join(p.name for p in outside) or "-"}
            )
        elif kind == "residency":
            allowed = rule["allowed"]
            outside = [p for p in founders if p.residency not in allowed]
            ok = bool(founders) and not outside
            reason = (
                _("所有創辦人均為%(allowed)s。") % {"allowed": _labels(allowed, residency_labels)}
                if ok
                else _("創辦人須為%(allowed)s：%(names)s 不符合。")
                % {"allowed": _labels(allowed, residency_labels), "names": ", ".join(p.name for p in outside) or "-"}
            )
        elif kind == "shareholding":
            allowed = rule.get("residency") or list(RESIDENCIES)
            low, high = (age_rule.get("min", 0), age_rule.get("max", 200)) if age_rule else (0, 200)
            held = sum(
                (p.share_pct for p in founders if p.residency in allowed and low <= age_on(p.birth_date, on) <= high),
                Decimal(0),
            )
            ok = held >= Decimal(str(rule["min"]))
            reason = _("合資格創辦人合共持股 %(held)s%%（要求至少 %(min)s%%）。") % {"held": held, "min": rule["min"]}
        elif kind == "team_size":
            low, high = rule.get("min", 0), rule.get("max", 200)
            ok = low <= len(people) <= high
            reason = _("團隊有 %(n)s 人（要求 %(low)s 至 %(high)s 人）。") % {
                "n": len(people),
                "low": low,
                "high": high,
            }
        elif kind == "stage":
            ok = stage in rule["allowed"]
            reason = _("發展階段為「%(stage)s」（接受：%(allowed)s）。") % {
                "stage": stage_labels.get(stage, stage),
                "allowed": _labels(rule["allowed"], stage_labels),
            }
        results.append({"type": kind, "ok": ok, "reason": str(reason)})
    return results
