"""Importing an official positive-list version (《跨境電子商務零售進口商品清單》, e.g. the 2022 list
of 1,476 tariff lines) from the secretariat's Excel (.xlsx) or CSV: parse (no database) → check
every row → a preview with each row's problems in the reader's language → commit
(``services.positive_list_import_commit``: all rows or none; the new version takes effect on its
start date and the version in force before ends the day before).

Columns are found by their header, in 繁/简 or English (the official list's 税则号列 / 商品名称 /
备注, plus optional English name and remark, mode restriction, net-weight limit and excluded names);
other columns (序号 …) are ignored. Problems are stored as codes with parameters and translated
when shown, so the preview reads in whoever opens it's language.
"""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shanglian.core.errors import DomainError
from shanglian.core.uploads import UploadRefused, check_zip_archive

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_PROBLEMS = 500  # stored and shown; the count says how many more there are

# key → header spellings (compared folded: lower case, no spaces, no brackets)
HEADERS: dict[str, tuple[str, ...]] = {
    "hs_code": ("稅則號列", "税则号列", "稅號", "税号", "商品編碼", "商品编码", "hscode", "hs_code", "hs", "tariffcode",
                "tariff_code", "code"),
    "name": ("商品名稱", "商品名称", "貨品名稱", "货品名称", "name", "name_zh", "name_zh_hans", "description"),
    "name_en": ("英文名稱", "英文名称", "name_en", "englishname"),
    "remark": ("備註", "备注", "remark", "remarks", "note", "notes", "remark_zh_hans"),
    "remark_en": ("英文備註", "英文备注", "remark_en"),
    "modes": ("只限模式", "模式", "modes", "mode"),
    "max_net_weight": ("淨重上限", "净重上限", "max_net_weight", "maxnetweight"),
    "excluded_names": ("排除名稱", "排除名称", "excluded_names", "excludednames"),
}
LIMITS = {"name": 300, "name_en": 300, "remark": 500, "remark_en": 500, "excluded_names": 300}

ROW_MESSAGES = {
    "hs_missing": gettext_lazy("稅則號列是空的。"),
    "hs_format": gettext_lazy("稅則號列須為 10 位數字：{value}"),
    "hs_duplicate": gettext_lazy("稅則號列 {value} 與第 {first} 行重複。"),
    "name_missing": gettext_lazy("商品名稱是空的。"),
    "too_long": gettext_lazy("「{name}」太長（上限 {max} 字）。"),
    "formula": gettext_lazy("「{name}」以「=」開頭，疑似公式，請改為文字。"),
    "control": gettext_lazy("「{name}」含有控制字元。"),
    "modes": gettext_lazy("只限模式只可填 9610 或 1210：{value}"),
    "weight": gettext_lazy("淨重上限須為大於零的數字（千克）：{value}"),
}
FIELD_LABELS = {"hs_code": gettext_lazy("稅則號列"), "name": gettext_lazy("商品名稱"),
                "name_en": gettext_lazy("英文名稱"), "remark": gettext_lazy("備註"),
                "remark_en": gettext_lazy("英文備註"), "excluded_names": gettext_lazy("排除名稱")}


class PositiveListRefused(DomainError):
    default_code = "positive_list_refused"


def problem_text(item: dict[str, Any]) -> str:
    """A stored row problem in the active language."""
    message = ROW_MESSAGES.get(item.get("code", ""))
    if message is None:
        return str(item.get("code", ""))
    params = dict(item.get("params") or {})
    if "name" in params:
        params["name"] = str(FIELD_LABELS.get(params["name"], params["name"]))
    try:
        return str(message).format(**params)
    except (KeyError, IndexError, ValueError):
        return str(message)


def _fold(text: str) -> str:
    return "".join(ch for ch in str(text).lower() if ch not in " \t\u3000()（）[]【】_-*")


_FOLDED = {_fold(spelling): key for key, spellings in HEADERS.items() for spelling in spellings}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_zip_archive(data)
    except UploadRefused as exc:
        raise PositiveListRefused(message=exc.message) from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise PositiveListRefused(message=_("無法讀取此 Excel 檔案，檔案可能已損壞。")) from exc
    try:
        if not wb.worksheets:
            raise PositiveListRefused(message=_("Excel 檔案內沒有工作表。"))
        sheet = wb.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # every row there is, not what a stale <dimension> tag says
        out: list[list[str]] = []
        for row in sheet.iter_rows():
            cells = list(row)
            for cell in cells:
                if getattr(cell, "data_type", None) == "f":
                    raise PositiveListRefused(message=_("儲存格 %(cell)s 含有公式，請先轉為數值。")
                                              % {"cell": getattr(cell, "coordinate", "?")})
            out.append([_cell(getattr(c, "value", None)) for c in cells[:40]])
            if len(out) > MAX_ROWS + 10:
                raise PositiveListRefused(message=_("一次最多匯入 %(n)d 行。") % {"n": MAX_ROWS})
        return out
    finally:
        wb.close()


def _table_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise PositiveListRefused(message=_("無法辨認 CSV 檔案的編碼（請用 UTF-8）。"))
    if "\x00" in text:
        raise PositiveListRefused(message=_("此檔案不是文字 CSV 檔案。"))
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    out: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            out.append([cell.strip() for cell in row[:40]])
            if len(out) > MAX_ROWS + 10:
                raise PositiveListRefused(message=_("一次最多匯入 %(n)d 行。") % {"n": MAX_ROWS})
    except csv.Error as exc:
        raise PositiveListRefused(message=_("CSV 檔案格式有誤：%(error)s") % {"error": str(exc)[:100]}) from exc
    return out


def parse(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, {key: text}) for every non-empty row under the header row. Raises
    PositiveListRefused (translated) for a file that cannot be read at all."""
    if not data:
        raise PositiveListRefused(message=_("檔案是空的。"))
    if len(data) > MAX_BYTES:
        raise PositiveListRefused(message=_("檔案太大（上限 5 MB）。"))
    name = (filename or "").lower()
    if data.startswith(b"PK"):
        table = _table_xlsx(data)
    elif name.endswith((".csv", ".txt", ".tsv")):
        table = _table_csv(data)
    else:
        raise PositiveListRefused(message=_("請上載 Excel（.xlsx）或 CSV 檔案。"))
    mapping: dict[int, str] = {}
    out: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(table, start=1):
        if not mapping:
            for i, text in enumerate(values):
                key = _FOLDED.get(_fold(text)) if text else None
                if key and key not in mapping.values():
                    mapping[i] = key
            if mapping and not {"hs_code", "name"} <= set(mapping.values()):
                raise PositiveListRefused(message=_("標題列須有「稅則號列」及「商品名稱」兩欄。"))
            if not mapping and number >= 10:
                break
            continue
        if not any(values):
            continue
        out.append((number, {key: values[i] if i < len(values) else "" for i, key in mapping.items()}))
        if len(out) > MAX_ROWS:
            raise PositiveListRefused(message=_("一次最多匯入 %(n)d 行。") % {"n": MAX_ROWS})
    if not mapping:
        raise PositiveListRefused(message=_("找不到標題列（須有「稅則號列」及「商品名稱」兩欄）。"))
    if not out:
        raise PositiveListRefused(message=_("檔案只有標題列，沒有任何資料行。"))
    return out


def check(rows: list[tuple[int, dict[str, str]]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows as items to store and every row's problems ({row, code, field, params})."""
    items: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    def problem(row: int, code: str, field: str = "", **params: Any) -> None:
        problems.append({"row": row, "code": code, "field": field,
                         "params": {k: str(v)[:60] for k, v in params.items()}})

    for number, values in rows:
        ok = True
        for key, text in values.items():
            if text.startswith("=") and key != "modes":
                problem(number, "formula", key, name=key)
                ok = False
            elif any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text) or "\x7f" in text:
                problem(number, "control", key, name=key)
                ok = False
            elif key in LIMITS and len(text) > LIMITS[key]:
                problem(number, "too_long", key, name=key, max=LIMITS[key])
                ok = False
        code = values.get("hs_code", "").replace(".", "").replace(" ", "")
        if not code:
            problem(number, "hs_missing", "hs_code")
            ok = False
        elif not (len(code) == 10 and code.isascii() and code.isdigit()):
            problem(number, "hs_format", "hs_code", value=values.get("hs_code", ""))
            ok = False
        elif code in seen:
            problem(number, "hs_duplicate", "hs_code", value=code, first=seen[code])
            ok = False
        else:
            seen[code] = number
        if not values.get("name", ""):
            problem(number, "name_missing", "name")
            ok = False
        modes_text = values.get("modes", "").replace("，", ",").replace("/", ",").replace(" ", ",")
        modes = [m for m in modes_text.split(",") if m]
        if any(m not in ("9610", "1210") for m in modes):
            problem(number, "modes", "modes", value=values.get("modes", ""))
            ok = False
        weight = None
        weight_text = values.get("max_net_weight", "").replace(",", "")
        if weight_text:
            try:
                weight = Decimal(weight_text)
            except InvalidOperation:
                weight = None
            if weight is None or not weight.is_finite() or weight <= 0 or weight >= Decimal("10000000"):
                problem(number, "weight", "max_net_weight", value=weight_text)
                ok = False
                weight = None
            else:
                weight = weight.quantize(Decimal("0.001"))
        if ok:
            items.append({"row": number, "hs_code": code, "name": values.get("name", ""),
                          "name_en": values.get("name_en", ""), "remark": values.get("remark", ""),
                          "remark_en": values.get("remark_en", ""), "modes": ",".join(sorted(set(modes))),
                          "max_net_weight": str(weight) if weight is not None else "",
                          "excluded_names": values.get("excluded_names", "").replace("，", ",")})
    return items, problems
