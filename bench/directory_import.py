"""Benchmark: importing 4,000 enterprises from .xlsx with full validation (figures, not pass/fail).

    .venv/bin/python bench/directory_import.py                 # fresh SQLite file var/bench/import.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/directory_import.py --reset
                                                               # PostgreSQL: --reset FLUSHES that database
    Options: --rows N (default 4000)

Generates realistic rows (Hong Kong enterprises in Traditional Chinese with HK BR numbers and
+852 phones, Mainland partners in Simplified Chinese with USCC codes and +86 phones, some
English-only; districts and industries given by code or by name in 繁/简/English; ~2% bad rows),
writes them to an .xlsx, then times separately:
  preview = read + parse the file, validate every row, store the ImportBatch;
  commit  = re-check rows with progress (phase 1) + one-transaction bulk write, index, audit (phase 2).
Then re-imports a changed copy of the same file (every row becomes an update) and times that too.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ASSOCIATIONS = [
    ("kwun-tong", "香港觀塘工商業聯合會", "Kwun Tong Industrial & Commercial Association"),
    ("eastern", "東區工商業聯合會", "Eastern District Industrial & Commercial Association"),
    ("sham-shui-po", "香港深水埗工商聯會", "Sham Shui Po Industrial & Commercial Association"),
    ("kwai-tsing", "葵青工商業聯合會", "Kwai Tsing Industrial & Commercial Association"),
    ("tsuen-wan", "香港荃灣工商業聯合會", "Tsuen Wan Industrial & Commercial Association"),
    ("ne-nt", "新界東北區工商業聯合會", "North East New Territories Industrial & Commercial Association"),
    ("sha-tin", "香港沙田工商業聯合會", "Sha Tin Industrial & Commercial Association"),
    ("ytm", "油尖旺工商聯會", "Yau Tsim Mong Industrial & Commercial Association"),
    ("wc-cw", "灣仔中西區工商業聯合會", "Wan Chai & Central Western Industrial & Commercial Association"),
    ("sai-kung", "西貢區工商業聯合會", "Sai Kung Industrial & Commercial Association"),
    ("kai-tak", "香港啟德工商業聯合會", "Kai Tak Industrial & Commercial Association"),
    ("causeway-bay", "香港銅鑼灣工商業聯合會", "Causeway Bay Industrial & Commercial Association"),
    ("hung-hom", "香港紅磡工商業聯合會", "Hung Hom Industrial & Commercial Association"),
    ("southern", "南區工商業聯合會", "Southern District Industrial & Commercial Association"),
    ("yuen-long", "香港元朗工商業聯合會", "Yuen Long Industrial & Commercial Association"),
]
HK_WORDS = ["永發", "利豐", "興隆", "大昌", "恒通", "志成", "寶華", "金輝", "新達", "偉業", "德信", "嘉華"]
HK_TRADES = [("資訊科技", "it", "提供網上商店、電腦維修及資訊科技顧問服務"),
             ("的士車行", "logistics", "的士租賃及維修，兼營貨車物流"),
             ("製衣廠", "garments", "成衣及紡織品加工出口"),
             ("茶餐廳", "food", "港式茶餐廳及外賣速遞"),
             ("五金", "metal-machinery", "五金配件批發及機械維修"),
             ("會計師行", "accounting", "審計、稅務及公司秘書服務")]
CN_WORDS = ["华兴", "鼎盛", "宏达", "新创", "中联", "远航", "智云", "锦程", "泰和", "东方"]
CN_TRADES = [("信息技术", "software", "软件开发、云计算及信息技术服务"),
             ("物流", "物流及运输", "跨境物流、仓储及出租车服务"),
             ("电子", "electronics", "电子元件及电器制造"),
             ("贸易", "进出口贸易", "进出口贸易及采购代理")]
HK_PLACES = ["kwun-tong", "觀塘", "Kwun Tong", "东区", "Eastern", "深水埗", "荃灣", "Sha Tin", "yuen-long", "灣仔區"]
CN_PLACES = ["深圳", "广州", "Dongguan", "foshan", "上海", "北京", "珠海", "杭州"]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
HEADERS = ["中文名稱", "英文名稱", "所屬商會", "地區", "行業", "簡介", "電話", "電郵", "商業登記號碼", "網站", "地址",
           "會員類別", "入會日期"]


def uscc(rng: random.Random) -> str:
    from stdnum.cn import uscc as std

    base = "91" + rng.choice(["440300", "440100", "441900", "310000", "110000"]) + "".join(
        rng.choice(USCC_ALPHABET) for _ in range(9))
    return base + std.calc_check_digit(base)


def hk_phone(rng: random.Random, spaced: bool = False) -> str:
    """A fictional number that phonenumbers accepts as a valid Hong Kong number."""
    import phonenumbers

    while True:
        digits = f"{rng.choice('23569')}{rng.randrange(1000000, 9999999)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(digits, "HK")):
            return f"+852 {digits[:4]} {digits[4:]}" if spaced else digits


def generate_rows(n: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        association = rng.choice(ASSOCIATIONS)
        assoc_text = rng.choice([association[1], association[0], association[2]])
        kind = rng.random()
        if kind < 0.6:  # Hong Kong, Traditional Chinese
            trade, industry, desc = rng.choice(HK_TRADES)
            name_zh = f"{rng.choice(HK_WORDS)}{trade}有限公司（{i}）"
            name_en = f"{rng.choice(['Wing', 'Lee', 'Tai', 'Kam'])} {trade and 'Trading'} Co {i} Ltd"
            phone = hk_phone(rng)
            br = f"{rng.randrange(10000000, 99999999)}"
            place = rng.choice(HK_PLACES)
            address = f"九龍觀塘道{rng.randrange(1, 400)}號{rng.randrange(1, 30)}樓"
        elif kind < 0.9:  # Mainland, Simplified Chinese
            trade, industry, desc = rng.choice(CN_TRADES)
            name_zh = f"深圳市{rng.choice(CN_WORDS)}{trade}有限公司{i}"
            name_en = ""
            phone = rng.choice([f"+86 13{rng.randrange(0, 9)} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}",
                                f"+86 755 {rng.randrange(2000, 8999)} {rng.randrange(1000, 9999)}"])
            br = uscc(rng)
            place = rng.choice(CN_PLACES)
            address = f"广东省深圳市南山区科技园{rng.randrange(1, 99)}栋"
        else:  # English only
            industry, desc = rng.choice([("finance", "Asset management"), ("Tourism and hospitality", "Hotels"),
                                         ("professional", "Consulting for cross-border trade")])
            name_zh, name_en = "", f"Harbour {rng.choice(['Capital', 'Travel', 'Advisory'])} {i} Limited"
            phone = hk_phone(rng, spaced=True)
            br = f"{rng.randrange(10000000, 99999999)}"
            place = rng.choice(["Central and Western", "wan-chai", "Wan Chai"])
            address = f"{rng.randrange(1, 200)} Queen's Road Central"
        if rng.random() < 0.02:
            phone = "12345"  # a bad row the preview must reject
        rows.append([name_zh, name_en, assoc_text, place, industry, desc, phone,
                     f"info{i}@example.com", br, f"www.example{i}.com", address,
                     rng.choice(["商號會員", "corporate", ""]), f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 9)}-15"])
    return rows


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企業")
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def setup_django(reset: bool) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / "import.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from shanglian.directory.models import Enterprise

    if connection.vendor != "sqlite" and Enterprise.objects.exists():
        if not reset:
            sys.exit("This database already has enterprises; pass --reset to flush it first.")
        call_command("flush", interactive=False, verbosity=0)
    from shanglian.core.models import Industry, Place
    from shanglian.core.reference_data import load_reference_data
    from shanglian.directory.models import Association

    load_reference_data(Place, Industry)
    for sort, (slug, zh, en) in enumerate(ASSOCIATIONS, start=1):
        Association.objects.update_or_create(slug=slug, defaults={"name_zh": zh, "name_en": en, "sort": sort})
    return connection.vendor


def timed_import(data: bytes, label: str) -> None:
    from shanglian.directory.importing import services
    from shanglian.directory.importing.parse import parse_file
    from shanglian.directory.importing.validate import validate_rows

    t0 = time.perf_counter()
    parsed = parse_file(data, "bench.xlsx")
    t1 = time.perf_counter()
    preview = validate_rows(parsed.rows)
    t2 = time.perf_counter()
    batch = services.import_batch_create(actor=None, filename="bench.xlsx", parsed=parsed, preview=preview)
    t3 = time.perf_counter()
    services.import_batch_confirm(actor=None, batch=batch, enqueue=False)
    batch = services.import_batch_commit(batch_id=batch.pk)
    t4 = time.perf_counter()
    n = len(parsed.rows)
    print(f"  {label}: {n} rows → create {batch.created_count}, update {batch.updated_count}, "
          f"reject {batch.rejected_count} ({batch.status})")
    print(f"    preview  {t3 - t0:6.2f} s  (parse {t1 - t0:.2f} s, validate {t2 - t1:.2f} s, "
          f"store batch {t3 - t2:.2f} s)  = {n / (t3 - t0):,.0f} rows/s")
    print(f"    commit   {t4 - t3:6.2f} s  (re-check with progress {batch.preview.get('seconds_check', 0):.2f} s, "
          f"one-transaction write {batch.preview.get('seconds_write', 0):.2f} s)  = {n / (t4 - t3):,.0f} rows/s")
    if batch.status != "done":
        print("    error:", batch.error_message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=4000)
    parser.add_argument("--reset", action="store_true", help="flush a non-SQLite DATABASE_URL database first")
    args = parser.parse_args()
    vendor = setup_django(args.reset)
    rows = generate_rows(args.rows)
    t0 = time.perf_counter()
    data = xlsx_bytes(rows)
    print(f"Import benchmark on {vendor}: {args.rows} rows, .xlsx {len(data) / 1024:.0f} KB "
          f"(generated in {time.perf_counter() - t0:.2f} s)")
    timed_import(data, "first import (new enterprises)")
    rng = random.Random(11)
    for row in rows:  # every enterprise changes its phone: the same file again is all updates
        if row[6] != "12345":
            row[6] = hk_phone(rng, spaced=True)
    timed_import(xlsx_bytes(rows), "re-import (updates)")


if __name__ == "__main__":
    main()
