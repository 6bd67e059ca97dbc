"""Decide, row by row, whether a parsed row will CREATE, UPDATE or be REJECTED, and why.

Reads the database (associations, places, industries, existing enterprises) but never writes.
The result is plain JSON, stored on the ImportBatch as its preview and used again at commit.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shanglian.core.models import Industry, Place
from shanglian.core.validation import normalise_phone, normalise_registration
from shanglian.directory.models import Association, Enterprise, Membership
from shanglian.text import normalise

CREATE, UPDATE, REJECT = "create", "update", "reject"
CHUNK = 100

COLUMN_LABELS = {
    "name_zh": gettext_lazy("中文名稱"), "name_en": gettext_lazy("英文名稱"),
    "association": gettext_lazy("所屬商會"), "district": gettext_lazy("地區"),
    "industry": gettext_lazy("行業"), "description": gettext_lazy("簡介"), "phone": gettext_lazy("電話"),
    "email": gettext_lazy("電郵"), "br_number": gettext_lazy("商業登記號碼"), "website": gettext_lazy("網站"),
    "address": gettext_lazy("地址"), "membership_type": gettext_lazy("會員類別"),
    "start_date": gettext_lazy("入會日期"),
}
# Enterprise fields an import may set, with their maximum lengths.
TEXT_FIELDS = {"name_zh": 200, "name_en": 200, "address": 300, "description": 5000}
ENTERPRISE_FIELDS = ("name_zh", "name_en", "br_number", "br_kind", "industry_id", "place_id", "address",
                     "phone", "email", "website", "description")


def lookup_key(text: object) -> str:
    return re.sub(r"[\s\-_·・.,，、()（）]+", "", normalise(str(text or "")))


_SUFFIXES = ("區", "区", "district", "市", "city")


def _with_suffix_variants(key: str) -> list[str]:
    keys = [key]
    for suffix in _SUFFIXES:
        suffix_key = lookup_key(suffix)
        if key.endswith(suffix_key) and len(key) > len(suffix_key):
            keys.append(key[: -len(suffix_key)])
    return keys


@dataclass
class References:
    """Everything a row may name, keyed by ``lookup_key``; built once per validation run."""

    associations: dict[str, tuple[int, str]] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    industries: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> References:
        refs = cls()
        for a in Association.objects.only("pk", "slug", "name_zh", "name_en", "short_name_zh"):
            for name in (a.slug, a.name_zh, a.name_en, a.short_name_zh):
                if name:
                    refs.associations.setdefault(lookup_key(name), (a.pk, a.name_zh))
        for model, target in ((Place, refs.places), (Industry, refs.industries)):
            objects = list(model.objects.only("pk", "code", "name_zh_hant", "name_zh_hans", "name_en"))
            for obj in objects:  # codes first: a code always wins over a name
                target.setdefault(lookup_key(obj.code), obj.pk)
            for obj in objects:
                for name in (obj.name_zh_hant, obj.name_zh_hans, obj.name_en):
                    target.setdefault(lookup_key(name), obj.pk)
        return refs

    def find(self, table: dict, raw: str) -> Any:
        key = lookup_key(raw)
        if key in table:
            return table[key]
        for variant in _with_suffix_variants(key)[1:]:
            if variant in table:
                return table[variant]
        return None


MEMBERSHIP_TYPES = {
    **{lookup_key(value): value for value in Membership.Type.values},
    **{lookup_key(str(label)): value for value, label in Membership.Type.choices},
    lookup_key("商號會員"): "corporate", lookup_key("公司會員"): "corporate", lookup_key("company"): "corporate",
    lookup_key("個人會員"): "individual", lookup_key("名譽會員"): "honorary", lookup_key("永久會員"): "life",
    lookup_key("life member"): "life", lookup_key("honorary member"): "honorary",
    lookup_key("corporate member"): "corporate", lookup_key("individual member"): "individual",
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%Y.%m.%d", "%d-%m-%Y", "%Y年%m月%d日", "%Y%m%d")


def parse_date(text: str) -> datetime.date:
    text = text.strip().split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", text.strip()) else text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


def _messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


class RowChecker:
    def __init__(self, refs: References, existing: dict[str, Enterprise], live: set[tuple[int, int]],
                 names: dict[str, int] | None = None):
        self.refs = refs
        self.existing = existing
        self.live = live
        self.names = names or {}
        self.seen_br: dict[str, int] = {}

    def check(self, number: int, raw: dict[str, str]) -> dict[str, Any]:
        errors: list[str] = []

        def fail(column: str, message: str) -> None:
            errors.append(f"{COLUMN_LABELS[column]}：{message}")

        values: dict[str, Any] = {}
        for name, limit in TEXT_FIELDS.items():
            text = (raw.get(name) or "").strip()
            if len(text) > limit:
                fail(name, _("太長（上限 %(limit)s 字）。") % {"limit": limit})
            values[name] = text
        try:
            values["phone"] = normalise_phone(raw.get("phone", ""))
        except ValidationError as exc:
            fail("phone", " ".join(_messages(exc)))
        email = (raw.get("email") or "").strip()
        if email:
            try:
                _email(email)
            except ValidationError:
                fail("email", _("「%(value)s」不是有效的電郵地址。") % {"value": email})
        values["email"] = email
        website = (raw.get("website") or "").strip()
        if website:
            if not re.match(r"^[a-z][a-z0-9+.-]*://", website, re.I):
                website = "https://" + website
            try:
                _url(website)
            except ValidationError:
                fail("website", _("「%(value)s」不是有效的網址。") % {"value": raw.get("website")})
        values["website"] = website
        for name, limit in (("email", 254), ("website", 200)):  # the columns' sizes in the database
            if len(values[name]) > limit:
                fail(name, _("太長（上限 %(limit)s 字）。") % {"limit": limit})
        br_number = ""
        try:
            kind, br_number = normalise_registration(raw.get("br_number", ""))
            values["br_number"] = br_number or None
            values["br_kind"] = kind
        except ValidationError as exc:
            fail("br_number", " ".join(_messages(exc)))
        if br_number:
            first = self.seen_br.get(br_number)
            if first is not None:
                fail("br_number", _("與第 %(row)s 行的商業登記號碼 %(number)s 重複。")
                     % {"row": first, "number": br_number})
            else:
                self.seen_br[br_number] = number
        for column, table, key in (("district", self.refs.places, "place_id"),
                                   ("industry", self.refs.industries, "industry_id")):
            text = (raw.get(column) or "").strip()
            values[key] = None
            if text:
                found = self.refs.find(table, text)
                if found is None:
                    fail(column, _("不認識「%(value)s」，請使用範本說明頁的代碼或名稱。") % {"value": text})
                values[key] = found
        association_text = (raw.get("association") or "").strip()
        association = self.refs.find(self.refs.associations, association_text) if association_text else None
        if association_text and association is None:
            fail("association", _("找不到商會「%(value)s」。") % {"value": association_text})
        membership_type = Membership.Type.CORPORATE.value
        type_text = (raw.get("membership_type") or "").strip()
        if type_text:
            membership_type = MEMBERSHIP_TYPES.get(lookup_key(type_text), "")
            if not membership_type:
                fail("membership_type", _("不認識「%(value)s」（可用：商號會員、個人會員、名譽會員、永久會員）。")
                     % {"value": type_text})
        start_date = None
        date_text = (raw.get("start_date") or "").strip()
        if date_text:
            try:
                start_date = parse_date(date_text).isoformat()
            except ValueError:
                fail("start_date", _("「%(value)s」不是有效的日期（例如 2024-01-31）。") % {"value": date_text})

        enterprise = self.existing.get(br_number) if br_number else None
        if enterprise is None and not (values["name_zh"] or values["name_en"]):
            errors.insert(0, _("缺少名稱：請填寫中文名稱或英文名稱。"))
        if enterprise is None and not association_text:
            fail("association", _("新企業必須填寫所屬商會。"))
        label = values.get("name_zh") or values.get("name_en") or (enterprise.name_zh if enterprise else "")
        result: dict[str, Any] = {"row": number, "raw": raw, "label": label, "errors": errors}
        if errors:
            result["action"] = REJECT
            return result
        membership = None
        if association is not None and (enterprise is None or (enterprise.pk, association[0]) not in self.live):
            membership = {"association_id": association[0], "association": association[1],
                          "type": membership_type, "start_date": start_date}
        result["membership"] = membership
        if enterprise is None:
            result["action"] = CREATE
            twin = next((self.names[k] for k in (lookup_key(values["name_zh"]), lookup_key(values["name_en"]))
                         if k and k in self.names), None)
            if twin is not None:
                result["warnings"] = [_("名錄已有同名企業（編號 %(id)s）；如屬同一企業，請填寫其商業登記號碼以更新，"
                                        "否則會新增另一間。") % {"id": twin}]
            result["values"] = {k: values.get(k) for k in ENTERPRISE_FIELDS}
            result["values"]["br_kind"] = values.get("br_kind", "")
            return result
        # Update: a blank cell keeps what the directory already has.
        changes = {}
        for key in ENTERPRISE_FIELDS:
            value = values.get(key)
            if value in (None, "") or getattr(enterprise, key) == value:
                continue
            changes[key] = value
        result.update(action=UPDATE, enterprise_id=enterprise.pk, values=changes)
        return result


def load_existing(br_numbers: Iterable[str]) -> tuple[dict[str, Enterprise], set[tuple[int, int]]]:
    numbers = sorted({n for n in br_numbers if n})
    existing: dict[str, Enterprise] = {}
    for start in range(0, len(numbers), 500):
        for e in Enterprise.objects.filter(br_number__in=numbers[start:start + 500]).only(*(
                ["pk"] + [f for f in ENTERPRISE_FIELDS])):
            existing[e.br_number] = e
    live: set[tuple[int, int]] = set()
    ids = [e.pk for e in existing.values()]
    for start in range(0, len(ids), 500):
        live.update(Membership.objects.filter(enterprise_id__in=ids[start:start + 500],
                                              status__in=["pending", "active"])
                    .values_list("enterprise_id", "association_id"))
    return existing, live


def existing_names() -> dict[str, int]:
    """Names already in the directory (lookup_key → id), to warn before creating a namesake."""
    names: dict[str, int] = {}
    for pk, name_zh, name_en in Enterprise.objects.values_list("pk", "name_zh", "name_en").iterator(chunk_size=2000):
        for name in (name_zh, name_en):
            if name:
                names.setdefault(lookup_key(name), pk)
    return names


def _quick_br(raw: dict[str, str]) -> str:
    try:
        return normalise_registration(raw.get("br_number", ""))[1]
    except ValidationError:
        return ""


def validate_rows(rows: list[tuple[int, dict[str, str]]],
                  progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """The preview: one entry per row plus counts. ``progress(done, total)`` every CHUNK rows."""
    refs = References.load()
    existing, live = load_existing(_quick_br(raw) for _number, raw in rows)
    checker = RowChecker(refs, existing, live, names=existing_names())
    checked = []
    total = len(rows)
    for index, (number, raw) in enumerate(rows, start=1):
        checked.append(checker.check(number, raw))
        if progress is not None and (index % CHUNK == 0 or index == total):
            progress(index, total)
    counts = {CREATE: 0, UPDATE: 0, REJECT: 0}
    for row in checked:
        counts[row["action"]] += 1
    return {"rows": checked, "counts": counts}
