"""Read an uploaded .xlsx or .csv into rows keyed by our field names, or refuse it cleanly.

Nothing here touches the database. Every refusal is an ``ImportRefused`` carrying a translated
message for the person who uploaded the file.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from shanglian.core.errors import DomainError
from shanglian.core.uploads import UploadRefused, check_zip_archive
from shanglian.text import normalise

MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10

# field → accepted headers (compared after ``header_key``). The first one is the template header.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name_zh": ("中文名稱", "name_zh", "chinese name", "名稱", "公司名稱", "企業名稱"),
    "name_en": ("英文名稱", "name_en", "english name", "company name"),
    "association": ("所屬商會", "association", "商會", "屬會"),
    "district": ("地區", "district", "地區/城市", "城市", "place", "city"),
    "industry": ("行業", "industry"),
    "description": ("簡介", "description"),
    "phone": ("電話", "phone", "telephone", "tel", "電話號碼"),
    "email": ("電郵", "email", "e-mail", "電子郵件", "電郵地址"),
    "br_number": ("商業登記號碼", "br_number", "br number", "br no", "brn", "商業登記", "統一社會信用代碼",
                  "uscc", "registration number"),
    "website": ("網站", "website", "網址", "url"),
    "address": ("地址", "address"),
    "membership_type": ("會員類別", "membership_type", "membership type", "type"),
    "start_date": ("入會日期", "start_date", "start date", "joined"),
}
TEMPLATE_FIELDS = list(COLUMNS)


class ImportRefused(DomainError):
    """The whole file is refused; ``message`` is translated and names the problem."""

    def __init__(self, message: str, code: str = "import_refused"):
        super().__init__(code, message, status=400)


@dataclass
class ParsedFile:
    columns: list[str]                      # our field names, in file order
    ignored: list[str]                      # headers we did not recognise
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, field → text)
    sheet: str = ""
    encoding: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # field → header as written in the file


def header_key(text: object) -> str:
    """Case, width, script and spacing-insensitive form of a header."""
    return re.sub(r"[\s_\-.:：/()（）*＊]+", "", normalise(str(text or "")))


_ALIASES: dict[str, str] = {}


def _aliases() -> dict[str, str]:
    if not _ALIASES:
        for name, headers in COLUMNS.items():
            for h in headers:
                _ALIASES.setdefault(header_key(h), name)
    return _ALIASES


def map_headers(cells: list[object]) -> tuple[dict[int, str], list[str], dict[str, str]]:
    """Return (column index → field, unrecognised headers, field → original header)."""
    aliases = _aliases()
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    originals: dict[str, str] = {}
    for index, cell in enumerate(cells):
        text = str(cell).strip() if cell is not None else ""
        if not text:
            continue
        name = aliases.get(header_key(text))
        if name is None:
            ignored.append(text)
        elif name in originals:
            raise ImportRefused(_("欄位「%(field)s」出現了兩次（「%(a)s」及「%(b)s」）。")
                                % {"field": COLUMNS[name][0], "a": originals[name], "b": text})
        else:
            mapping[index] = name
            originals[name] = text
    return mapping, ignored, originals


def _is_header(mapping: dict[int, str]) -> bool:
    names = set(mapping.values())
    return bool(names & {"name_zh", "name_en"}) and len(names) >= 2


def cell_text(value: object) -> str:
    """The text of a cell: whole numbers without ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _rows_from_table(table: list[list[object]] | object, where: str) -> ParsedFile | None:
    """Find the header row among the first rows of ``table`` and read the rest; None if no header."""
    iterator = iter(table)  # type: ignore[call-overload]
    consumed = 0
    for row in iterator:
        consumed += 1
        cells = list(row)
        mapping, ignored, originals = map_headers(cells)
        if _is_header(mapping):
            break
        if consumed >= HEADER_SEARCH_ROWS:
            return None
    else:
        return None
    header_row = consumed
    rows: list[tuple[int, dict[str, str]]] = []
    for offset, row in enumerate(iterator, start=1):
        cells = list(row)
        values = {name: cell_text(cells[i]) if i < len(cells) else "" for i, name in mapping.items()}
        if not any(values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportRefused(_("檔案超過 %(max)s 行，請分拆後再上載。") % {"max": f"{MAX_ROWS:,}"})
        rows.append((header_row + offset, values))
    columns = [mapping[i] for i in sorted(mapping)]
    return ParsedFile(columns=columns, ignored=ignored, rows=rows, sheet=where, headers=originals)


def _refuse_empty(parsed: ParsedFile) -> ParsedFile:
    if not parsed.rows:
        raise ImportRefused(_("檔案只有標題列，沒有任何資料行。"))
    return parsed


def _no_header() -> ImportRefused:
    return ImportRefused(_("找不到可辨認的標題列。第一列應包括「中文名稱」或「英文名稱」等欄位，"
                           "請下載範本參考。"))


def parse_xlsx(data: bytes) -> ParsedFile:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:  # zip-bomb limits from the archive's directory, before openpyxl expands anything
        check_zip_archive(data)
    except UploadRefused as exc:
        raise ImportRefused(str(exc.message), exc.code) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportRefused(_("無法讀取此 Excel 檔案，檔案可能已損壞。")) from exc
    try:
        if not workbook.worksheets:
            raise ImportRefused(_("Excel 檔案內沒有工作表。"))
        for sheet in workbook.worksheets:
            if getattr(sheet, "max_row", None) is None and not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # read every row there is, not what a stale <dimension> tag says
            parsed = _rows_from_table(_values_refusing_formulas(sheet), sheet.title)
            if parsed is not None:
                return _refuse_empty(parsed)
        if all(_sheet_is_empty(sheet) for sheet in workbook.worksheets):
            raise ImportRefused(_("檔案是空的。"))
        raise _no_header()
    finally:
        workbook.close()


def _sheet_is_empty(sheet) -> bool:
    for row in sheet.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS):
        if any(v not in (None, "") for v in row):
            return False
    return True


def _values_refusing_formulas(sheet):
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")
                                                             and len(value) > 1):
                raise ImportRefused(
                    _("工作表「%(sheet)s」的儲存格 %(cell)s 含有公式。請把公式轉為數值（複製後「貼上值」）再上載。")
                    % {"sheet": sheet.title, "cell": cell.coordinate})
            values.append(value)
        yield values


ENCODINGS = ("utf-8-sig", "big5hkscs", "gb18030")
# Characters common in directory data in either script: the decoding with more of them wins
# when a non-UTF-8 CSV decodes without error both as Big5 and as GB18030.
_COMMON = set("有限公司香港中國国業业行商會会市區区電电話话址地名稱称貿贸易科技工程服務务集團团實实發发展"
              "投資资管理國際际控股份東东西南北新大中小深圳廣广州澳門门九龍龙灣湾觀观塘的一是在人和")


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ENCODINGS[1:]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        header_ok = _rows_has_header(text)
        score = sum(1 for ch in text[:20000] if ch in _COMMON)
        candidates.append((header_ok, score, encoding, text))
    if not candidates:
        raise ImportRefused(_("無法辨認 CSV 檔案的編碼。請以「CSV UTF-8」格式另存後再上載。"))
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    encoding, text = candidates[0][2], candidates[0][3]
    return text, encoding


def _rows_has_header(text: str) -> bool:
    try:
        return _rows_from_table(csv.reader(io.StringIO(text[:20000])), "") is not None
    except (ImportRefused, csv.Error):
        return False


def parse_csv(data: bytes) -> ParsedFile:
    text, encoding = _decode(data)
    if not text.strip():
        raise ImportRefused(_("檔案是空的。"))
    dialects: list = [csv.excel, csv.excel_tab]
    try:
        dialects.insert(0, csv.Sniffer().sniff(text[:4096], delimiters=",;\t"))
    except csv.Error:
        pass
    parsed = None
    for dialect in dialects:  # the sniffer can be fooled by punctuation in descriptions
        try:
            parsed = _rows_from_table(csv.reader(io.StringIO(text), dialect), "")
        except csv.Error as exc:
            raise ImportRefused(_("CSV 檔案格式錯誤：%(error)s") % {"error": exc}) from exc
        if parsed is not None:
            break
    if parsed is None:
        raise _no_header()
    parsed.encoding = encoding
    for number, values in parsed.rows:
        for name, value in values.items():
            if value.startswith("=") and len(value) > 1:
                raise ImportRefused(_("第 %(row)s 行「%(column)s」欄含有公式，請改為數值後再上載。")
                                    % {"row": number, "column": parsed.headers.get(name, name)})
    return _refuse_empty(parsed)


XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_kind(data: bytes) -> str:
    """'xlsx', 'csv' or '' (neither) — decided by the content, not the file name."""
    if data.startswith(XLSX_MAGIC):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return ""
        return "xlsx" if "xl/workbook.xml" in names or "[Content_Types].xml" in names else ""
    if data.startswith(OLE_MAGIC):
        return "xls"
    head = data[:65536]
    if b"\x00" in head:
        return ""
    # Text: most bytes printable or part of multi-byte characters.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return "csv" if controls <= len(head) // 100 else ""


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise ImportRefused(_("檔案太大（%(size)s MB），上限為 %(limit)s MB。")
                            % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"})
    if size == 0:
        raise ImportRefused(_("檔案是空的。"))


def parse_file(data: bytes, filename: str = "") -> ParsedFile:
    """Parse an upload. Raises ImportRefused for anything we cannot import."""
    check_size(len(data))
    kind = sniff_kind(data)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if kind == "xls":
        raise ImportRefused(_("不支援舊式 .xls 檔案，請在 Excel 另存為 .xlsx 後再上載。"))
    if not kind:
        raise ImportRefused(_("此檔案不是 Excel（.xlsx）或 CSV 檔案。"))
    if kind == "csv" and extension in ("xlsx", "xlsm", "xls"):
        raise ImportRefused(_("此檔案的名稱是 .%(ext)s，但內容不是 Excel 檔案。") % {"ext": extension})
    return parse_xlsx(data) if kind == "xlsx" else parse_csv(data)
