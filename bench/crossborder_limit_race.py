"""The annual-limit race: 200 concurrent checkouts by ONE buyer must never take the year's total
past ¥26,000 — on SQLite (a file, several processes) and on PostgreSQL. In the same run, checkout
throughput (200 buyers, one ¥100 order each) against ``/healthz`` served by the same processes.

    .venv/bin/python bench/crossborder_limit_race.py                       # both backends
    .venv/bin/python bench/crossborder_limit_race.py --backends sqlite
    .venv/bin/python bench/crossborder_limit_race.py --pg postgres://postgres@127.0.0.1:5432/h_crossborder_bench

Each backend runs in a child process with its own fresh database (SQLite file under var/bench/,
or the PostgreSQL database named in --pg, dropped and created). Workers are forked processes, each
with its own database connection, released together by a barrier. Figures: bench/crossborder.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")
    os.environ.setdefault("SEARCH_DENSE", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _world(n_buyers: int) -> dict:
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from shanglian.core.models import Industry, Place
    from shanglian.core.reference_data import load_reference_data
    from shanglian.crossborder import services
    from shanglian.crossborder.rules import id_check_digit
    from shanglian.customs.models import PositiveListVersion
    from shanglian.customs.reference import load_rules
    from shanglian.directory import services as directory
    from shanglian.directory.models import Association, EnterpriseRole

    if not Place.objects.exists():
        load_reference_data(Place, Industry)
    if not PositiveListVersion.objects.exists():
        load_rules()
    staff = get_user_model().objects.create_user("bench-staff", is_staff=True, password="x-bench-9")
    owner = get_user_model().objects.create_user("bench-owner", password="x-bench-9")
    assoc = Association.objects.create(slug="bench", name_zh="測試會", sort=1)
    ent = directory.enterprise_create(actor=staff, association=assoc, start_date=datetime.date(2024, 1, 1), values={
        "name_zh": "測試跨境有限公司", "industry": Industry.objects.first(), "place": Place.objects.first()})
    EnterpriseRole.objects.create(user=owner, enterprise=ent, role=EnterpriseRole.Role.OWNER)
    seller = services.seller_apply(actor=owner, enterprise=ent, values={
        "name_zh": "測試店", "trademark": "T", "mainland_agent": "代理", "agent_code": "3502980001",
        "customs_code": "3701", "ebc_code": "3302460001", "mode_9610": True, "warehouse_partner": "倉"})
    seller = services.seller_review(actor=staff, seller=seller, approve=True)

    def product(price: str) -> int:
        return services.product_create(actor=staff, seller=seller, values={
            "title_zh_hant": f"商品 {price}", "hs_code": "3304990010", "origin": "日本",
            "net_weight_kg": Decimal("0.1"), "unit": "瓶", "price_cny": Decimal(price), "hk_stock": 100000}).pk

    race_product, small_product = product("700"), product("100")
    buyers = []
    for i in range(n_buyers + 1):
        buyer = services.buyer_for_phone(f"+86138{i:08d}")
        first17 = f"110105199001{(i % 9000) + 1000:04d}1"[:17]
        services.buyer_profile_save(buyer=buyer, real_name=f"买家{i}", id_number=first17 + id_check_digit(first17),
                                    id_consent=True, transfer_consent=True)
        address = services.address_add(buyer=buyer, values={
            "consignee": f"买家{i}", "phone": "13800000000", "province": "福建省", "city": "厦门市",
            "district": "思明区", "street": "1 号"})
        buyers.append((buyer.pk, address.pk))
    return {"race_product": race_product, "small_product": small_product, "buyers": buyers}


def _groups(buyer_id: int, product_id: int):
    """The buyer and one prepared cart group (the checkout's input), so every worker places the same
    order again and again without refilling a cart."""
    from shanglian.crossborder import services
    from shanglian.crossborder.models import Buyer, CartItem, Product

    buyer, product = Buyer.objects.get(pk=buyer_id), Product.objects.get(pk=product_id)
    lines = services.priced_lines([CartItem(buyer=buyer, product=product, mode="9610", qty=1)])
    return buyer, [{"seller": product.seller, "mode": "9610", "mode_label": "9610", "lines": lines,
                    "goods_value": product.price_cny, "tax": lines[0]["tax"],
                    "total": product.price_cny + lines[0]["tax"],
                    "over_order_limit": False, "single_item_exception": False}]


def _race_worker(args) -> list[str]:
    world, n, barrier_wait = args
    from django.db import connections

    from shanglian.core.errors import DomainError
    from shanglian.crossborder import services
    from shanglian.crossborder.models import Address

    connections.close_all()
    buyer_id, address_id = world["buyers"][0]
    buyer, groups = _groups(buyer_id, world["race_product"])
    address = Address.objects.get(pk=address_id)
    barrier_wait()
    out = []
    for _ in range(n):
        try:
            services.checkout(buyer=buyer, address=address, notice_accepted=True, groups=groups)
            out.append("ok")
        except DomainError as exc:
            out.append(exc.code)
    connections.close_all()
    return out


def _throughput_worker(args) -> tuple[float, float, int]:
    world, mine, barrier_wait = args
    from django.db import connections
    from django.test import Client

    from shanglian.crossborder import services
    from shanglian.crossborder.models import Address

    connections.close_all()
    prepared = []
    for buyer_id, address_id in mine:
        buyer, groups = _groups(buyer_id, world["small_product"])
        prepared.append((buyer, Address.objects.get(pk=address_id), groups))
    client = Client()
    barrier_wait()
    t0 = time.perf_counter()
    for buyer, address, groups in prepared:
        services.checkout(buyer=buyer, address=address, notice_accepted=True, groups=groups)
    t1 = time.perf_counter()
    for _ in prepared:
        assert client.get("/healthz").status_code == 200
    t2 = time.perf_counter()
    connections.close_all()
    return t1 - t0, t2 - t1, len(prepared)


_barrier = None


def _init(barrier) -> None:
    global _barrier
    _barrier = barrier


def _wait() -> None:
    _barrier.wait()


def child(backend: str, url: str, workers: int, orders: int) -> dict:
    _setup_django(url)
    from django.core.management import call_command
    from django.db import connection, connections

    call_command("migrate", verbosity=0)
    world = _world(orders)
    connections.close_all()
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(workers)
    per = orders // workers
    with ctx.Pool(workers, initializer=_init, initargs=(barrier,)) as pool:
        t0 = time.perf_counter()
        results = pool.map(_race_worker, [(world, per, _wait)] * workers)
        race_seconds = time.perf_counter() - t0
    outcomes = [o for r in results for o in r]
    from shanglian.crossborder.models import BuyerYear, Order

    used = float(BuyerYear.objects.get(buyer_id=world["buyers"][0][0]).used)
    placed = Order.objects.filter(buyer_id=world["buyers"][0][0]).count()
    chunks = [world["buyers"][1:][i::workers] for i in range(workers)]
    barrier = ctx.Barrier(workers)
    with ctx.Pool(workers, initializer=_init, initargs=(barrier,)) as pool:
        th = pool.map(_throughput_worker, [(world, chunk, _wait) for chunk in chunks])
    checkout_rate = sum(n for *_x, n in th) / max(t for t, _h, _n in th)
    healthz_rate = sum(n for *_x, n in th) / max(h for _t, h, _n in th)
    connection.close()
    return {"backend": backend, "workers": workers, "attempts": len(outcomes), "accepted": outcomes.count("ok"),
            "refused_annual_limit": outcomes.count("annual_limit"),
            "other": sorted(set(outcomes) - {"ok", "annual_limit"}), "year_total": used, "orders_in_db": placed,
            "limit_held": used <= 26000 and placed * 700 == used, "race_seconds": round(race_seconds, 2),
            "checkouts_per_s": round(checkout_rate, 1), "healthz_per_s": round(healthz_rate, 1),
            "loadavg": open("/proc/loadavg").read().split()[:3]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/h_crossborder_bench")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--child", default="")
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.url, args.workers, args.orders), ensure_ascii=False))
        return
    for backend in args.backends.split(","):
        if backend == "sqlite":
            path = ROOT / "var" / "bench" / "crossborder_race.sqlite3"
            path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            url = f"sqlite:///{path}"
        else:
            url = args.pg
            base, name = url.rsplit("/", 1)
            for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
                subprocess.run(["psql", f"{base}/postgres", "-qc", sql], check=True)
        out = subprocess.run([PYTHON, __file__, "--child", backend, "--url", url, "--workers", str(args.workers),
                              "--orders", str(args.orders)], capture_output=True, text=True, cwd=ROOT)
        lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
        print(lines[-1] if lines else out.stderr[-3000:])


if __name__ == "__main__":
    main()
