"""Application forms as data. A call's ``form_fields`` is a list of fields:

    {"key": "summary", "type": "textarea", "required": true, "max_words": 300,
     "label": {"zh_hant": "項目摘要", "zh_hans": "项目摘要", "en": "Summary"},
     "help": {...}, "show_if": {"field": "has_ip", "equals": true},
     "choices": [{"value": "ai", "label": {...}}],          # choice / multichoice
     "accept": ["pdf", "pptx"], "max_mb": 10}                # file

Types: text, textarea, number, date, email, url, boolean, choice, multichoice, file.
``form_config_validate`` refuses a malformed list (the admin calls it on save). ``build_form``
makes a Django form from it in the reader's language; ``answers_validate`` checks a submission
(required fields, conditional fields, word limits, files present) on the server.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shanglian.core.errors import DomainError
from shanglian.core.i18n import language_suffixes
from shanglian.core.uploads import UploadRefused

TYPES = ("text", "textarea", "number", "date", "email", "url", "boolean", "choice", "multichoice", "file")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
RESERVED = {"project_name", "stage", "tags", "action", "autosave", "csrfmiddlewaretoken"}
# Extension → the first bytes every such file starts with (the type is checked, not trusted).
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
MAX_FILE_MB = 20
WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*|[\u3400-\u9fff\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Latin words plus CJK characters (each Chinese character counts as one word)."""
    return len(WORD.findall(text or ""))


def label(entry: dict | str | None, language: str | None = None) -> str:
    if isinstance(entry, str):
        return entry
    if not isinstance(entry, dict):
        return ""
    for suffix in language_suffixes(language or get_language()):
        if entry.get(suffix):
            return str(entry[suffix])
    return ""


def form_config_validate(config: Any) -> list[dict]:
    if not isinstance(config, list):
        raise DomainError("bad_form", _("申請表設定必須是一個列表。"))
    errors: list[str] = []
    keys: set[str] = set()
    for i, field in enumerate(config, start=1):
        if not isinstance(field, dict):
            errors.append(_("第 %(n)s 個欄位不是物件。") % {"n": i})
            continue
        key, kind = field.get("key"), field.get("type")
        if not isinstance(key, str) or not KEY.match(key) or key in RESERVED:
            errors.append(_("第 %(n)s 個欄位的代號無效（小寫英文字母、數字及底線）。") % {"n": i})
        elif key in keys:
            errors.append(_("欄位代號「%(key)s」重複。") % {"key": key})
        keys.add(str(key))
        if kind not in TYPES:
            errors.append(_("欄位「%(key)s」的類型無效（可用：%(types)s）。") % {"key": key, "types": ", ".join(TYPES)})
        lab = field.get("label")
        if not isinstance(lab, dict) or not str(lab.get("zh_hant") or "").strip():
            errors.append(_("欄位「%(key)s」需要繁體中文標籤。") % {"key": key})
        if kind in ("choice", "multichoice"):
            choices = field.get("choices")
            if (
                not isinstance(choices, list)
                or not choices
                or not all(isinstance(c, dict) and isinstance(c.get("value"), str) and c["value"] for c in choices)
            ):
                errors.append(_("欄位「%(key)s」需要選項。") % {"key": key})
        if kind == "file":
            accept = field.get("accept")
            if not isinstance(accept, list) or not accept or any(a not in SIGNATURES for a in accept):
                errors.append(
                    _("欄位「%(key)s」的檔案類型無效（可用：%(types)s）。")
                    % {"key": key, "types": ", ".join(SIGNATURES)}
                )
            max_mb = field.get("max_mb", 5)
            if not isinstance(max_mb, (int, float)) or isinstance(max_mb, bool) or not 0 < max_mb <= MAX_FILE_MB:
                errors.append(
                    _("欄位「%(key)s」的檔案大小上限須在 1 至 %(max)s MB 之間。") % {"key": key, "max": MAX_FILE_MB}
                )
        max_words = field.get("max_words")
        if max_words is not None and (not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1):
            errors.append(_("欄位「%(key)s」的字數上限必須是正整數。") % {"key": key})
    for field in config:
        cond = field.get("show_if") if isinstance(field, dict) else None
        if cond is not None and (
            not isinstance(cond, dict) or cond.get("field") not in keys or cond.get("field") == field.get("key")
        ):
            errors.append(_("欄位「%(key)s」的顯示條件指向不存在的欄位。") % {"key": field.get("key")})
    if errors:
        raise DomainError("bad_form", " ".join(errors), fields={"form_fields": errors})
    return config


def is_shown(field: dict, answers: dict) -> bool:
    cond = field.get("show_if")
    if not cond:
        return True
    value = answers.get(cond["field"])
    expected = cond.get("equals", True)
    if isinstance(value, list):
        return expected in value
    return value == expected


def build_form(config: list[dict], *, data: Any = None, files: Any = None, initial: dict | None = None) -> forms.Form:
    """A Django form for the configured fields; every field is optional at this level (drafts save
    half-filled), ``answers_validate`` enforces required and conditional fields on submit."""
    form = forms.Form(data=data, files=files, initial=initial or {})
    for field in config:
        kind, key = field["type"], field["key"]
        common: dict[str, Any] = {
            "label": label(field.get("label")),
            "required": False,
            "help_text": label(field.get("help")),
        }
        if field.get("max_words"):
            common["help_text"] = (
                common["help_text"] + " " + _("（上限 %(n)s 字）") % {"n": field["max_words"]}
            ).strip()
        choices = [(c["value"], label(c.get("label")) or c["value"]) for c in field.get("choices", [])]
        if kind == "textarea":
            f: forms.Field = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000, **common)
        elif kind == "number":
            f = forms.DecimalField(max_digits=14, decimal_places=2, **common)
        elif kind == "date":
            f = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        elif kind == "email":
            f = forms.EmailField(**common)
        elif kind == "url":
            f = forms.URLField(**common)
        elif kind == "boolean":
            f = forms.BooleanField(**common)
        elif kind == "choice":
            f = forms.ChoiceField(choices=[("", "—"), *choices], **common)
        elif kind == "multichoice":
            f = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        elif kind == "file":
            accept = ",".join(f".{a}" for a in field["accept"])
            common["help_text"] = (
                common["help_text"]
                + " "
                + _("（%(types)s，上限 %(mb)s MB）")
                % {"types": ", ".join(field["accept"]), "mb": field.get("max_mb", 5)}
            ).strip()
            f = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": accept}), **common)
        else:
            f = forms.CharField(max_length=2_000, **common)
        if field.get("show_if"):
            f.widget.attrs["data-show-if"] = field["show_if"]["field"]
            f.widget.attrs["data-show-value"] = str(field["show_if"].get("equals", True)).lower()
        form.fields[key] = f
    return form


def plain(value: Any) -> Any:
    """A cleaned form value as JSON."""
    import datetime
    import decimal

    if isinstance(value, (datetime.date, decimal.Decimal)):
        return str(value)
    return value


def answers_validate(config: list[dict], answers: dict, files_present: set[str]) -> None:
    """Refuse a submission: required fields missing (a conditional field only while shown),
    word limits. Raises DomainError with one message per field."""
    errors: dict[str, list[str]] = {}
    for field in config:
        key = field["key"]
        if not is_shown(field, answers):
            continue
        value = key in files_present if field["type"] == "file" else answers.get(key)
        if field.get("required") and value in (None, "", [], False):
            errors.setdefault(key, []).append(_("此欄位必須填寫。"))
        if field.get("max_words") and isinstance(value, str) and word_count(value) > field["max_words"]:
            errors.setdefault(key, []).append(
                _("字數超出上限：%(n)s 字（上限 %(max)s 字）。") % {"n": word_count(value), "max": field["max_words"]}
            )
    if errors:
        raise DomainError("invalid_answers", _("申請表有未完成或不正確的欄位。"), fields=errors)


def word_limits_check(config: list[dict], answers: dict) -> None:
    """Word limits apply to drafts too: a draft never stores text over the limit."""
    errors = {
        f["key"]: [
            _("字數超出上限：%(n)s 字（上限 %(max)s 字）。")
            % {"n": word_count(answers.get(f["key"]) or ""), "max": f["max_words"]}
        ]
        for f in config
        if f.get("max_words")
        and isinstance(answers.get(f["key"]), str)
        and word_count(answers[f["key"]]) > f["max_words"]
    }
    if errors:
        raise DomainError("word_limit", _("申請表有欄位超出字數上限。"), fields=errors)


def file_check(field: dict, *, name: str, size: int, head: bytes) -> None:
    """Type (extension AND the file's first bytes) and size of an upload for ``field``."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    accept = field.get("accept") or []
    max_mb = field.get("max_mb", 5)
    if ext not in accept or not any(head.startswith(sig) for sig in SIGNATURES.get(ext, ())):
        raise UploadRefused(
            "file_type",
            _("「%(name)s」的檔案類型不接受（接受：%(types)s）。") % {"name": name[:80], "types": ", ".join(accept)},
            fields={field["key"]: [_("檔案類型不接受（接受：%(types)s）。") % {"types": ", ".join(accept)}]},
        )
    if size > max_mb * 1024 * 1024:
        raise UploadRefused(
            "file_size",
            _("「%(name)s」太大（上限 %(mb)s MB）。") % {"name": name[:80], "mb": max_mb},
            fields={field["key"]: [_("檔案太大（上限 %(mb)s MB）。") % {"mb": max_mb}]},
        )


def display_answers(config: list[dict], answers: dict) -> list[dict]:
    """(label, value as a reader sees it) for the fields that are shown: choices by their label,
    yes/no for booleans; files are listed separately."""
    out = []
    for field in config:
        if field["type"] == "file" or not is_shown(field, answers):
            continue
        value = answers.get(field["key"])
        if field["type"] == "boolean":
            value = _("是") if value else _("否")
        elif field["type"] in ("choice", "multichoice"):
            labels = {c["value"]: label(c.get("label")) or c["value"] for c in field.get("choices", [])}
            values = value if isinstance(value, list) else [value] if value else []
            value = ", ".join(labels.get(v, str(v)) for v in values)
        out.append({"key": field["key"], "label": label(field.get("label")), "value": value, "type": field["type"]})
    return out
