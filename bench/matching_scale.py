"""Match engine at scale: full recompute for 4,000 enterprises + 20,000 opportunities, and the
time to match one new opportunity against them.

    .venv/bin/python bench/matching_scale.py                                  # 4,000 + 20,000
    .venv/bin/python bench/matching_scale.py --enterprises 300 --opportunities 1000   # quick
    .venv/bin/python bench/matching_scale.py --only-one --posts 10           # just the new-post timing

Runs on its own SQLite file (var/bench/matching_scale_<E>_<O>.sqlite3, reused unless --rebuild).
Enterprises come from the directory's demo generator, opportunities from the matching templates
(shanglian/matching/demo_data.py) in 繁 / 简 / English. Reported:
  1. embedding: a sample for real (timed, extrapolated to all; first run only, vectors are stored),
  2. ``recompute_all`` from a cold process with stored vectors (what ``matching_recompute`` does),
     wall time and the process's peak memory (ru_maxrss),
  3. one new post published → its matches (``matches_refresh``, warm process), p50 / max of
     ``--posts``, and the same post edited; after the start-up warm-up a serving process does.
Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# DEBUG=0 refuses the console SMS sender; benches use a file outbox (bench/sms_outbox.py).
os.environ.setdefault("SMS_BACKEND", "bench.sms_outbox.FileSender")
BENCH_DIR = ROOT / "var" / "bench"
QUICK_ARGS = ["--enterprises", "300", "--opportunities", "1000", "--embed-sample", "200"]


def _setup(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "shanglian.settings"
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(url: str, enterprises: int, opportunities: int) -> None:
    _setup(url)
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from shanglian.core.models import Industry, Place
    from shanglian.core.search import search_index_bulk
    from shanglian.directory.demo.loader import load_demo as directory_demo
    from shanglian.directory.models import Enterprise
    from shanglian.matching.demo_data import CONCEPTS, LANG_CODE, render
    from shanglian.matching.engine.corpus import text_parts
    from shanglian.matching.models import Opportunity
    from shanglian.matching.services import SEARCH_KIND

    started = time.perf_counter()
    directory_demo(enterprises=enterprises, stdout=open(os.devnull, "w"))  # noqa: SIM115
    ents = list(Enterprise.objects.values_list("pk", flat=True))
    industries = {i.code: i.pk for i in Industry.objects.all()}
    places = {p.code: p.pk for p in Place.objects.all()}
    rng = random.Random(7)
    now, today = timezone.now(), timezone.localdate()
    rows, markets = [], []
    for _ in range(opportunities):
        _cid, industry, offer_sub, need_sub, mk, texts = rng.choice(CONCEPTS)
        kind = rng.choice(["offer", "need"])
        lang = rng.choice(["hant", "hans", "en"])
        title, desc = render(rng, lang, texts[lang][0 if kind == "offer" else 1])
        rows.append(Opportunity(
            kind=kind, subtype=offer_sub if kind == "offer" else need_sub, title=title, description=desc,
            language=LANG_CODE[lang], enterprise_id=rng.choice(ents), industry_id=industries.get(industry),
            status="published", target_regions=["hk"] if "hk" in mk else [],
            expires_on=today + datetime.timedelta(days=rng.randint(30, 200)),
            published_at=now - datetime.timedelta(days=rng.randint(0, 90))))
        markets.append([places[c] for c in mk if c in places])
    Opportunity.objects.bulk_create(rows, batch_size=2000)
    through = Opportunity.target_markets.through
    through.objects.bulk_create([through(opportunity_id=o.pk, place_id=p) for o, ps in zip(rows, markets, strict=True)
                                 for p in ps], batch_size=5000)
    search_index_bulk(kind=SEARCH_KIND, rows=((o.pk, text_parts(o.title, o.description, "")) for o in rows))
    print(f"  built {len(ents)} enterprises, {len(rows)} opportunities in {time.perf_counter() - started:.0f}s")


def embed_all(url: str, sample: int) -> None:
    """Embed ``sample`` posts and profiles for real (timed); the rest get a copy of a real vector
    of the same sector and language plus noise, so the ranking work is the same as with real
    vectors while the benchmark stays minutes, not an hour, on a 2-core machine."""
    _setup(url)
    import hashlib

    import numpy as np

    from shanglian.directory.models import Enterprise
    from shanglian.matching.engine.embed import get_embedder
    from shanglian.matching.models import EnterpriseVector, Opportunity
    from shanglian.matching.ranking import enterprise_text

    embedder = get_embedder()
    embedder.encode(["warm"])
    opps = list(Opportunity.objects.filter(vector__isnull=True).only("pk", "title", "description", "language",
                                                                       "subtype"))
    if not opps:
        print("  vectors already stored")
        return
    rng = np.random.default_rng(1)
    real = opps[:sample]
    started = time.perf_counter()
    vecs = embedder.encode([f"{o.title}\n{o.description}" for o in real])
    took = time.perf_counter() - started
    per = took / max(len(real), 1)
    by_group: dict[tuple, list] = {}
    for o, v in zip(real, vecs, strict=True):
        o.vector, o.vector_model = v.tobytes(), embedder.name
        by_group.setdefault((o.subtype, o.language), []).append(v)
    fallback = list(vecs)
    for o in opps[sample:]:
        pool = by_group.get((o.subtype, o.language)) or fallback
        v = pool[rng.integers(len(pool))] + rng.normal(0, 0.02, embedder.dim).astype(np.float32)
        o.vector, o.vector_model = (v / np.linalg.norm(v)).astype(np.float32).tobytes(), embedder.name
    Opportunity.objects.bulk_update(opps, ["vector", "vector_model"], batch_size=2000)
    ents = list(Enterprise.objects.filter(is_active=True))
    ent_real = embedder.encode([enterprise_text(e) for e in ents[:max(sample // 4, 50)]])
    rows = []
    for i, e in enumerate(ents):
        text = enterprise_text(e)
        v = ent_real[i] if i < len(ent_real) else ent_real[rng.integers(len(ent_real))] + rng.normal(
            0, 0.02, embedder.dim).astype(np.float32)
        rows.append(EnterpriseVector(enterprise=e, vector=(v / np.linalg.norm(v)).astype(np.float32).tobytes(),
                                     vector_model=embedder.name,
                                     text_hash=hashlib.sha1(text.encode()).hexdigest()))  # noqa: S324
    EnterpriseVector.objects.all().delete()
    EnterpriseVector.objects.bulk_create(rows, batch_size=2000)
    total = len(opps) + len(ents)
    print(f"  embedding: {len(real)} texts in {took:.0f}s = {per * 1000:.0f} ms/text on this machine now → "
          f"all {total} would take ~{per * total / 60:.0f} min (first run only; vectors are stored)")


def recompute(url: str) -> None:
    _setup(url)
    from shanglian.matching.engine.embed import get_embedder
    from shanglian.matching.ranking import recompute_all

    get_embedder().encode(["warm"])  # model load is start-up cost, not recompute
    base = _peak_mb()
    started = time.perf_counter()
    result = recompute_all()
    wall = time.perf_counter() - started
    print(f"  full recompute (stored vectors): {wall:.1f}s for {result['opportunities']} opportunities × "
          f"{result['enterprises']} enterprises → {result['matches']} matches; peak memory {_peak_mb():.0f} MB "
          f"(process with model loaded: {base:.0f} MB)")


def one_new(url: str, posts: int = 5) -> None:
    _setup(url)
    from django.core.management import call_command
    from django.utils import timezone

    from shanglian.directory.models import Enterprise
    from shanglian.matching.models import Opportunity
    from shanglian.matching.ranking import matches_refresh
    from shanglian.matching.services import opportunity_reindex
    from shanglian.matching.warmup import warm

    call_command("migrate", verbosity=0)  # a database built by an older version
    # What a serving process does in its background thread at start (shanglian/matching/warmup.py).
    took = warm()
    print("  process start-up warm-up (background thread when serving): "
          + ", ".join(f"{k} {v:.1f}s" for k, v in took.items()))
    texts = [("尋找LED燈膽供應商", "香港燈飾店需要LED燈膽及射燈，每月五千件，希望廠家可送貨到香港。"),
             ("采购手机配件", "零售连锁店采购手机壳、充电器和耳机，每季度约两万件。"),
             ("Looking for a cold-chain partner", "Seafood importer needs frozen storage and delivery in Hong Kong."),
             ("CNC精密加工", "承接铝合金及不锈钢CNC加工，公差0.01毫米。"),
             ("代理保健品進入內地", "香港保健品牌希望透過跨境電商進入內地市場。")]
    ent = Enterprise.objects.first()
    new_times, edit_times = [], []
    n = 0
    for i in range(posts):
        title, desc = texts[i % len(texts)]
        opp = Opportunity.objects.create(kind="need", subtype="sourcing", title=title, description=desc,
                                         enterprise=ent, status="published", published_at=timezone.now(),
                                         expires_on=timezone.localdate() + datetime.timedelta(days=30))
        opportunity_reindex(opportunity=opp)
        t = time.perf_counter()
        n = matches_refresh(opportunity_id=opp.pk)  # embed, sync, rank, write both directions
        new_times.append(time.perf_counter() - t)
        # An edit of the text: new vector, the post's row replaced in the index, lists rewritten.
        opp.description += " 可長期合作。"
        opp.vector = None
        opp.save()
        opportunity_reindex(opportunity=opp)
        t = time.perf_counter()
        matches_refresh(opportunity_id=opp.pk)
        edit_times.append(time.perf_counter() - t)
        opp.delete()
    for label, times in (("one new opportunity", new_times), ("one edited opportunity", edit_times)):
        print(f"  {label} → {n} matches: p50 {statistics.median(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms of {len(times)} (embedding + ranking + writing)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=4000)
    parser.add_argument("--opportunities", type=int, default=20000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--embed-sample", type=int, default=1000, help="posts embedded for real (timed)")
    parser.add_argument("--only-one", action="store_true",
                        help="only the one-new-post timing (the database must exist: run once without it)")
    parser.add_argument("--posts", type=int, default=5, help="new posts timed (each also edited once)")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        steps = {"build": lambda: build(args.url, args.enterprises, args.opportunities),
                 "embed": lambda: embed_all(args.url, args.embed_sample),
                 "recompute": lambda: recompute(args.url), "one": lambda: one_new(args.url, args.posts)}
        steps[args.step]()
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"matching_scale_{args.enterprises}_{args.opportunities}.sqlite3"
    if args.rebuild and path.exists():
        path.unlink()
    steps = ([] if path.exists() else ["build"]) + ["embed", "recompute", "one"]
    if args.only_one:
        if not path.exists():
            parser.error(f"{path} does not exist: run once without --only-one")
        steps = ["one"]
    print(f"matching scale: {args.enterprises} enterprises, {args.opportunities} opportunities (SQLite {path.name})")
    for step in steps:
        # Each step in a fresh process: cold caches, and its own peak memory.
        subprocess.run([sys.executable, __file__, "--step", step, "--url", f"sqlite:///{path}",
                        "--enterprises", str(args.enterprises), "--opportunities", str(args.opportunities),
                        "--embed-sample", str(args.embed_sample), "--posts", str(args.posts)],
                       check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
