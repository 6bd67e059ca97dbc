"""The downloadable template (header row + an explanation sheet) and the rejected-rows workbook."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from shanglian.core.models import Industry, Place
from shanglian.directory.exporting import _safe
from shanglian.directory.importing.parse import COLUMNS, TEMPLATE_FIELDS
from shanglian.directory.models import Association

# The explanation sheet is deliberately written in all three languages at once (繁 / 简 / English)
# so one file serves every member association; it is reference content, not interface text.
# field: (required, 繁體說明, 简体说明, English)
COLUMN_HELP: dict[str, tuple[str, str, str, str]] = {
    "name_zh": ("中文或英文名稱必填其一", "企業中文名稱", "企业中文名称", "Chinese name of the enterprise"),
    "name_en": ("中文或英文名稱必填其一", "企業英文名稱", "企业英文名称", "English name of the enterprise"),
    "association": ("新企業必填", "所屬商會：中文名稱、英文名稱或代號（見下表）",
                    "所属商会：中文名称、英文名称或代号（见下表）",
                    "Member association: Chinese name, English name or code (see below)"),
    "district": ("選填", "地區或城市：代碼或繁／简／英文名稱（見下表）", "地区或城市：代码或繁／简／英文名称（见下表）",
                 "District or city: code or name in Traditional/Simplified Chinese or English (see below)"),
    "industry": ("選填", "行業：代碼或繁／简／英文名稱（見下表）", "行业：代码或繁／简／英文名称（见下表）",
                 "Industry: code or name in Traditional/Simplified Chinese or English (see below)"),
    "description": ("選填", "業務簡介", "业务简介", "Short description of the business"),
    "phone": ("選填", "香港 +852、澳門 +853 或內地 +86 電話；沒有區號當作香港號碼",
              "香港 +852、澳门 +853 或内地 +86 电话；没有区号视为香港号码",
              "Hong Kong +852, Macao +853 or Mainland +86 number; no prefix means Hong Kong"),
    "email": ("選填", "電郵地址", "电子邮箱", "E-mail address"),
    "br_number": ("選填（用作識別現有企業）", "香港商業登記號碼（8 位數字）或內地統一社會信用代碼（18 位）；"
                  "與現有企業相同即更新該企業",
                  "香港商业登记号码（8 位数字）或内地统一社会信用代码（18 位）；与现有企业相同即更新该企业",
                  "HK business registration no. (8 digits) or Mainland USCC (18 characters); "
                  "a number already in the directory updates that enterprise"),
    "website": ("選填", "網站，例如 www.example.com", "网站，例如 www.example.com", "Website, e.g. www.example.com"),
    "address": ("選填", "地址", "地址", "Address"),
    "membership_type": ("選填", "商號會員（預設）、個人會員、名譽會員或永久會員",
                        "商号会员（默认）、个人会员、名誉会员或永久会员",
                        "corporate (default), individual, honorary or life"),
    "start_date": ("選填", "入會日期，例如 2024-01-31；留空即今日", "入会日期，例如 2024-01-31；留空即今日",
                   "Membership start date, e.g. 2024-01-31; blank means today"),
}

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="EEF1F6")


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _header(ws, values: list[str]) -> None:
    ws.append(values)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
        cell.fill = HEAD_FILL


def template_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "企業"
    _header(ws, [COLUMNS[f][0] for f in TEMPLATE_FIELDS])
    for index, _field in enumerate(TEMPLATE_FIELDS):
        ws.column_dimensions[ws.cell(row=1, column=index + 1).column_letter].width = 18
    ws.freeze_panes = "A2"

    doc = wb.create_sheet("說明 Help")
    doc.append(["匯入範本說明 / 导入模板说明 / Import template guide"])
    doc["A1"].font = Font(bold=True, size=14)
    doc.append(["標題可用中文或英文（不分大小寫及空格）/ 标题可用中文或英文 / Headers may be Chinese or English "
                "(case and spaces ignored). 空白儲存格不會覆蓋現有資料 / 空白单元格不会覆盖现有资料 / "
                "Blank cells never overwrite existing data."])
    doc.append([])
    _header(doc, ["欄位 (中文)", "Column (English)", "必填 / Required", "說明（繁體）", "说明（简体）", "Description"])
    for name in TEMPLATE_FIELDS:
        required, hant, hans, en = COLUMN_HELP[name]
        doc.append([COLUMNS[name][0], COLUMNS[name][1], required, hant, hans, en])

    doc.append([])
    _header(doc, ["所屬商會 / 所属商会 / Association", "代號 / Code", "English name"])
    for a in Association.objects.order_by("kind", "sort", "id"):
        doc.append([a.name_zh, a.slug, a.name_en])
    for title, model in (("地區 / 地区 / District or city", Place), ("行業 / 行业 / Industry", Industry)):
        doc.append([])
        _header(doc, [title, "代碼 / Code", "繁體", "简体", "English"])
        for obj in model.objects.order_by("sort", "code"):
            doc.append(["", obj.code, obj.name_zh_hant, obj.name_zh_hans, obj.name_en])
    for letter, width in zip("ABCDEF", (26, 22, 22, 40, 40, 50), strict=True):
        doc.column_dimensions[letter].width = width
    for row in doc.iter_rows(min_row=5, max_row=4 + len(TEMPLATE_FIELDS)):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _save(wb)


def errors_bytes(preview: dict[str, Any]) -> bytes:
    """Rejected rows with the columns of the upload (Chinese headers) plus row number and reason."""
    columns = preview.get("columns") or TEMPLATE_FIELDS
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="企業")
    ws.append([COLUMNS[c][0] for c in columns] + [_("原檔行號"), _("拒絕原因")])
    for row in preview.get("rows", []):
        if row.get("action") != "reject":
            continue
        raw = row.get("raw", {})
        ws.append([_safe(raw.get(c, "")) for c in columns] + [row.get("row"), "；".join(row.get("errors", []))])
    return _save(wb)
