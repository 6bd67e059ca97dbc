"""Catalogue search latency (p50/p95) at 50,000 products: what the store page does —
``selectors.catalogue(q)``, ``count()`` and the first page of 24.

    .venv/bin/python bench/crossborder_search.py                      # SQLite, 50,000 products, words only
    .venv/bin/python bench/crossborder_search.py --products 5000 --repeat 3
    .venv/bin/python bench/crossborder_search.py --url postgres://postgres@127.0.0.1:5432/h_crossborder_search

Products are bulk-created (titles in 繁/简/EN from brand × item × size) into a fresh database and
indexed with ``search_index_bulk`` (``SEARCH_DENSE=0`` unless ``--dense``: encoding 50,000 vectors
takes long on a shared machine; the dense path is measured in bench/search.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITEMS = [
    ("保濕面霜", "保湿面霜", "moisturising cream", "3304990010"),
    ("防曬乳液", "防晒乳液", "sunscreen", "3304990010"),
    ("潤唇膏", "润唇膏", "lip balm", "3304100000"),
    ("天然蜂蜜", "天然蜂蜜", "honey", "0409000000"),
    ("朱古力", "巧克力", "chocolate", "1806900000"),
    ("咖啡豆", "咖啡豆", "coffee beans", "0901210000"),
    ("洗髮露", "洗发露", "shampoo", "3305100000"),
    ("牙膏", "牙膏", "toothpaste", "3306100000"),
    ("手提包", "手提包", "handbag", "4202210000"),
    ("銀包", "钱包", "wallet", "4202310000"),
    ("果汁", "果汁", "juice", "2009899000"),
    ("杏仁餅", "杏仁饼", "almond cookies", "1704900000"),
    ("嬰兒米粉", "婴儿米粉", "baby cereal", "1901109000"),
    ("手工皂", "手工皂", "handmade soap", "3401110000"),
]
BRANDS = [
    "雪肌堂",
    "晴空",
    "Belle Rive",
    "Manuka Hills",
    "九龍烘焙",
    "Alpenhaus",
    "Tsubaki-ya",
    "Pearl & Co",
    "Firenze Atelier",
    "Golden Sun",
    "十月初五",
    "Little Gum",
    "山城皂坊",
    "Seoul Bloom",
    "Southern Sea",
]
ORIGINS = ["日本", "法國", "香港", "澳洲", "意大利", "韓國", "瑞士", "英國"]
QUERIES = [
    "面霜",
    "保湿面霜",
    "moisturising cream",
    "防曬",
    "sunscreen",
    "蜂蜜",
    "honey",
    "巧克力",
    "朱古力",
    "chocolate",
    "咖啡",
    "洗發露",
    "shampoo",
    "手提包",
    "钱包",
    "wallet",
    "雪肌堂 面霜",
    "Tsubaki-ya",
    "嬰兒",
    "handmade soap",
]


def child(url: str, n: int, repeat: int) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection

    from shanglian.core.search import search_index_bulk
    from shanglian.crossborder import selectors
    from shanglian.crossborder.models import Product, Seller
    from shanglian.crossborder.services import SEARCH_KIND, product_search_parts
    from shanglian.directory.models import Association, Enterprise

    call_command("migrate", verbosity=0)
    t0, c0 = time.perf_counter(), time.process_time()
    if Product.objects.count() < n:
        assoc = Association.objects.create(slug="b", name_zh="會", sort=1)
        ent = Enterprise.objects.create(name_zh="測試公司")
        del assoc
        seller = Seller.objects.create(enterprise=ent, name_zh="測試店", status="approved", ebc_code="3302460001")
        rng = random.Random(5)
        rows = []
        for i in range(n):
            hant, hans, en, hs = ITEMS[i % len(ITEMS)]
            brand, size = rng.choice(BRANDS), rng.choice(["50毫升", "100克", "500克", "1公斤", "禮盒裝", "旅行裝"])
            rows.append(
                Product(
                    seller=seller,
                    title_zh_hant=f"{brand} {hant} {size}",
                    title_zh_hans=f"{brand} {hans} {size}",
                    title_en=f"{brand} {en} {size}",
                    hs_code=hs,
                    origin=rng.choice(ORIGINS),
                    brand=brand,
                    net_weight_kg=Decimal("0.5"),
                    unit="件",
                    price_cny=Decimal(rng.randrange(20, 2000)),
                    hk_stock=10,
                )
            )
        Product.objects.bulk_create(rows, batch_size=2000)
        qs = Product.objects.select_related("seller").order_by("pk")
        search_index_bulk(kind=SEARCH_KIND, rows=((p.pk, product_search_parts(p)) for p in qs.iterator(2000)))
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    times, cpus, counts = [], [], {}
    for _ in range(repeat):
        for q in QUERIES:
            s, c = time.perf_counter(), time.process_time()
            qs = selectors.catalogue(q)
            counts[q] = qs.count()
            list(qs[:24])
            times.append((time.perf_counter() - s) * 1000)
            cpus.append((time.process_time() - c) * 1000)
    times.sort()
    cpus.sort()
    return {
        "backend": connection.vendor,
        "products": n,
        "dense": os.environ.get("SEARCH_DENSE") != "0",
        "build_s": round(build, 1),
        "build_cpu_s": round(build_cpu, 1),
        "queries": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
        # CPU of this (Django) process only; on PostgreSQL the server's work is not in it
        "cpu_p50_ms": round(statistics.median(cpus), 1),
        "cpu_p95_ms": round(cpus[int(len(cpus) * 0.95) - 1], 1),
        "zero_hits": [q for q, c in counts.items() if not c],
        "loadavg": open("/proc/loadavg").read().split()[:3],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--url", default="")
    parser.add_argument("--dense", action="store_true")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.url, args.products, args.repeat), ensure_ascii=False))
        return
    url = args.url
    if not url:
        path = ROOT / "var" / "bench" / f"crossborder_search_{args.products}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    env = dict(os.environ, SEARCH_DENSE="1" if args.dense else "0")
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--url",
            url,
            "--products",
            str(args.products),
            "--repeat",
            str(args.repeat),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    print(lines[-1] if lines else out.stderr[-3000:])


if __name__ == "__main__":
    main()
