"""Parse + check an official-size positive list (1,476 → 5,000 rows) as CSV and as .xlsx, no
database: the work `/customs/staff/positive-list/` does before its preview. CPU (process_time)
and wall time, with the load average.

    .venv/bin/python bench/customs_positive_list.py
"""

from __future__ import annotations

import csv
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402

from shanglian.customs import positive_import  # noqa: E402

HEADER = ["序号", "税则号列", "商品名称", "备注"]


def rows(n: int) -> list[list[str]]:
    return [[str(i + 1), f"{1 + i % 97:02d}{i // 97:04d}{i % 10}000", f"商品{i + 1}（第{1 + i % 97}章）",
             "仅限网购保税商品" if i % 7 == 0 else ""] for i in range(n)]


def as_csv(data: list[list[str]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(HEADER)
    w.writerows(data)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(data: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in data:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> None:
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    for n in (1476, 5000):
        for kind, make, name in (("csv", as_csv, "l.csv"), ("xlsx", as_xlsx, "l.xlsx")):
            data = make(rows(n))
            c0, w0 = time.process_time(), time.perf_counter()
            items, problems = positive_import.check(positive_import.parse(name, data))
            c1, w1 = time.process_time(), time.perf_counter()
            assert len(items) == n and not problems
            print(f"{n} rows {kind} ({len(data) / 1024:.0f} kB): CPU {1000 * (c1 - c0):.0f} ms, "
                  f"wall {1000 * (w1 - w0):.0f} ms")
    print("load average after:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
