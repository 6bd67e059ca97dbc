"""The form builder page's data: a call's application form and eligibility rules posted as plain
indexed inputs (``f3-key``, ``r1-min``…) become the same lists ``formconfig`` and ``rules``
validate and the engine uses; ``apply`` carries out the button that was pressed (add, remove,
move up/down). No JavaScript is needed: each button posts the whole form and the page comes back
(htmx, when present, swaps only the builder)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from shanglian.incubation import formconfig, rules

LANGS = ("zh_hant", "zh_hans", "en")
TYPE_LABELS = {
    "text": _("單行文字"),
    "textarea": _("多行文字"),
    "number": _("數字"),
    "date": _("日期"),
    "email": _("電郵"),
    "url": _("網址"),
    "boolean": _("是／否"),
    "choice": _("單選"),
    "multichoice": _("多選"),
    "file": _("檔案上載"),
}
RULE_LABELS = {
    "age": _("年齡"),
    "residency": _("居民身份"),
    "shareholding": _("持股"),
    "team_size": _("團隊人數"),
    "stage": _("發展階段"),
}


def _number(raw: Any, kind: type = int) -> Any:
    """An int/float when the text is one; blank → None; anything else stays text, so the
    validator names it in the reader's language."""
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return kind(text) if kind is int else (int(text) if text.isdigit() else float(text))
    except ValueError:
        return text


def _equals(raw: str) -> Any:
    text = (raw or "").strip()
    return {"true": True, "false": False, "": True}.get(text.lower(), text)


def _choices(text: str) -> list[dict]:
    """One choice a line: ``value | 繁體 | 简体 | English``."""
    out = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts or not parts[0]:
            continue
        labels = dict(zip(LANGS, [*parts[1:4], "", "", ""][:3], strict=True))
        out.append({"value": parts[0], "label": {k: v for k, v in labels.items() if v} or {"zh_hant": parts[0]}})
    return out


def choices_text(choices: list[dict] | None) -> str:
    lines = []
    for c in choices or []:
        lab = c.get("label") if isinstance(c.get("label"), dict) else {}
        lines.append(" | ".join([str(c.get("value", "")), *(str(lab.get(k, "")) for k in LANGS)]).rstrip(" |"))
    return "\n".join(lines)


def _count(data: Mapping[str, Any], name: str) -> int:
    value = _number(data.get(name))
    return value if isinstance(value, int) and 0 <= value <= 200 else 0


def fields_from_post(data: Mapping[str, Any]) -> list[dict]:
    fields = []
    for i in range(_count(data, "n_fields")):
        p = f"f{i}-"
        kind = str(data.get(p + "type") or "text")
        field: dict[str, Any] = {
            "key": str(data.get(p + "key") or "").strip(),
            "type": kind,
            "label": {k: str(data.get(f"{p}label_{k}") or "").strip() for k in LANGS},
            "required": bool(data.get(p + "required")),
        }
        field["label"] = {k: v for k, v in field["label"].items() if v}
        help_ = {k: str(data.get(f"{p}help_{k}") or "").strip() for k in LANGS}
        if any(help_.values()):
            field["help"] = {k: v for k, v in help_.items() if v}
        max_words = _number(data.get(p + "max_words"))
        if max_words is not None and kind in ("text", "textarea"):
            field["max_words"] = max_words
        show_field = str(data.get(p + "show_if_field") or "").strip()
        if show_field:
            field["show_if"] = {"field": show_field, "equals": _equals(str(data.get(p + "show_if_equals") or ""))}
        if kind in ("choice", "multichoice"):
            field["choices"] = _choices(str(data.get(p + "choices") or ""))
        if kind == "file":
            getlist = getattr(data, "getlist", None)
            accept = getlist(p + "accept") if getlist else data.get(p + "accept") or []
            field["accept"] = [a for a in accept if a]
            max_mb = _number(data.get(p + "max_mb"), float)
            field["max_mb"] = 5 if max_mb is None else max_mb
        fields.append(field)
    return fields


def rules_from_post(data: Mapping[str, Any]) -> list[dict]:
    out = []
    getlist = getattr(data, "getlist", None)
    for i in range(_count(data, "n_rules")):
        p = f"r{i}-"
        kind = str(data.get(p + "type") or "")
        rule: dict[str, Any] = {"type": kind}
        if kind in ("age", "team_size", "shareholding"):
            for bound in ("min", "max") if kind != "shareholding" else ("min",):
                value = _number(data.get(p + bound), float)
                if value is not None:
                    rule[bound] = value
        if kind in ("residency", "stage", "shareholding"):
            values = [v for v in (getlist(p + "allowed") if getlist else data.get(p + "allowed") or []) if v]
            if kind != "shareholding" or values:
                rule["residency" if kind == "shareholding" else "allowed"] = values
        out.append(rule)
    return out


def new_field(kind: str, existing: list[dict]) -> dict:
    kind = kind if kind in formconfig.TYPES else "text"
    keys = {f.get("key") for f in existing}
    n = len(existing) + 1
    while f"field_{n}" in keys:
        n += 1
    field: dict[str, Any] = {
        "key": f"field_{n}",
        "type": kind,
        "label": {"zh_hant": "新欄位", "zh_hans": "新栏位", "en": "New field"},
        "required": False,
    }
    if kind in ("choice", "multichoice"):
        field["choices"] = [
            {"value": "a", "label": {"zh_hant": "選項一", "zh_hans": "选项一", "en": "Option 1"}},
            {"value": "b", "label": {"zh_hant": "選項二", "zh_hans": "选项二", "en": "Option 2"}},
        ]
    if kind == "file":
        field.update({"accept": ["pdf"], "max_mb": 5})
    return field


def new_rule(kind: str) -> dict:
    return {
        "age": {"type": "age", "min": 18, "max": 39},
        "residency": {"type": "residency", "allowed": ["hk"]},
        "shareholding": {"type": "shareholding", "min": 80, "residency": ["hk"]},
        "team_size": {"type": "team_size", "min": 1, "max": 5},
        "stage": {"type": "stage", "allowed": list(rules.STAGES)},
    }.get(kind, {"type": "age", "min": 18, "max": 39})


def _move(items: list, index: int, delta: int) -> None:
    target = index + delta
    if 0 <= index < len(items) and 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]


def apply(op: str, fields: list[dict], rule_list: list[dict], data: Mapping[str, Any]) -> None:
    """Carry out one button: ``add-field``, ``add-rule``, ``up-f-3``, ``down-r-0``, ``remove-f-2``…"""
    if op == "add-field":
        fields.append(new_field(str(data.get("new_type") or "text"), fields))
        return
    if op == "add-rule":
        rule_list.append(new_rule(str(data.get("new_rule") or "age")))
        return
    parts = op.split("-")
    if len(parts) != 3 or parts[1] not in ("f", "r") or not parts[2].isdigit():
        return
    items = fields if parts[1] == "f" else rule_list
    index = int(parts[2])
    if parts[0] == "up":
        _move(items, index, -1)
    elif parts[0] == "down":
        _move(items, index, 1)
    elif parts[0] == "remove" and 0 <= index < len(items):
        removed = items.pop(index)
        if parts[1] == "f":  # a condition on the removed field would point nowhere
            for f in items:
                if isinstance(f.get("show_if"), dict) and f["show_if"].get("field") == removed.get("key"):
                    f.pop("show_if")


def rows(fields: list[dict]) -> list[dict]:
    """What the template shows per field (its choices as text, the other keys for conditions)."""
    keys = [f.get("key") for f in fields]
    out = []
    for i, f in enumerate(fields):
        show = f.get("show_if") if isinstance(f.get("show_if"), dict) else {}
        equals = show.get("equals", True) if show else ""
        out.append(
            {
                "i": i,
                "f": f,
                "labels": f.get("label") if isinstance(f.get("label"), dict) else {},
                "help": f.get("help") if isinstance(f.get("help"), dict) else {},
                "choices_text": choices_text(f.get("choices")),
                "others": [k for k in keys if k != f.get("key")],
                "show_field": show.get("field", "") if show else "",
                "show_equals": "true" if equals is True else "false" if equals is False else str(equals),
                "last": i == len(fields) - 1,
            }
        )
    return out
