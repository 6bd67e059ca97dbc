"""Search quality: recall@10 and MRR per query class over directory, festival and matching data.

    .venv/bin/python bench/search_eval.py                  # evaluate this checkout (builds its DB once)
    .venv/bin/python bench/search_eval.py --code /work/main  # the same queries against another checkout
    .venv/bin/python bench/search_eval.py --pg postgres://postgres@127.0.0.1:5432/search   # PostgreSQL
    .venv/bin/python bench/search_eval.py --gen            # regenerate tests/search/data/search_eval.json

The data is the demo set (``manage.py demo --enterprises 1200``: enterprises, festival offers,
matching posts), built into ``var/bench/search_eval[_<tag>].sqlite3`` with the HK ↔ Mainland
pairs of ``bench/_search_heldout.py`` removed from every vocabulary table (before indexing and
while querying), so the "held_out" class measures pairs no table holds.

Each query names concepts; a record is relevant when its indexed text (NFKC, lower-case,
OpenCC hk2s, no vocabulary folding) contains, for every concept, one of its forms. Recall@10 =
relevant records in the first ten / min(10, relevant records); MRR = 1 / rank of the first
relevant record (0 beyond 10). Classes: same_term, other_script, held_out (the other region's
word, held out), english (English query, Chinese forms judged), no_spaces, generic (a generic
suffix added), places (a district with the word), short (one or two characters).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
EVAL_FILE = ROOT / "tests" / "search" / "data" / "search_eval.json"
ENTERPRISES = 1200
CLASSES = ["same_term", "other_script", "held_out", "english", "no_spaces", "generic", "places", "short"]
QUICK_ARGS = ["--limit", "80"]
CONDENSED_DEPTH = 200  # how deep the held_out queries' results are read for the condensed list

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _search_heldout import HELD_OUT, held_out_words  # noqa: E402

# Concepts judged by hand-checked forms (繁/简 by OpenCC, so one form each is enough) and English.
CONCEPTS = [
    ("電子", "electronics"), ("奶茶", "milk tea"), ("皮革", "leather"), ("物流", "logistics"),
    ("貿易", "trading"), ("珠寶", "jewellery"), ("鐘錶", "watches"), ("玩具", "toys"), ("服裝", "garments"),
    ("家具", "furniture"), ("海鮮", "seafood"), ("酒店", "hotel"), ("餐廳", "restaurant"),
    ("化妝品", "cosmetics"), ("印刷", "printing"), ("建築", "construction"), ("會計", "accounting"),
    ("保險", "insurance"), ("咖啡", "coffee"), ("麵包", "bread"), ("蛋糕", "cake"), ("眼鏡", "glasses"),
    ("手袋", "handbags"), ("鞋", "shoes"), ("茶", "tea"), ("酒", "wine"), ("藥", "medicine"),
    ("教育", "education"), ("旅遊", "travel"), ("運輸", "transport"), ("電腦", "computer"),
    ("軟件", "software"), ("紡織", "textiles"), ("食品", "food"), ("包裝", "packaging"),
    ("醫療", "medical"), ("美容", "beauty"), ("健身", "fitness"), ("倉庫", "warehouse"),
    ("顧問", "consulting"), ("設計", "design"), ("廣告", "advertising"), ("清潔", "cleaning"),
    ("裝修", "renovation"), ("汽車", "car"), ("手機", "mobile phone"), ("水果", "fruit"), ("花", "flowers"),
    ("書", "books"), ("茶餐廳", "cafe"), ("點心", "dim sum"), ("火鍋", "hot pot"), ("鋼材", "steel"),
    ("塑膠", "plastic"), ("晶片", "chip"), ("燈", "lighting"), ("太陽能", "solar"), ("機械", "machinery"),
    ("金融", "finance"), ("法律", "legal"), ("翻譯", "translation"), ("攝影", "photography"),
    ("寵物", "pet"), ("酒類", "liquor"), ("模具", "mould"), ("五金", "hardware"), ("電池", "battery"),
]
GENERIC_SUFFIXES = ["公司", "有限公司", "集團", "行", " Ltd", " Company", "商行", "有限公司 Limited"]


def _setup(url: str, code: Path) -> None:
    sys.path.insert(0, str(code))
    os.chdir(code)
    os.environ.update(DJANGO_SETTINGS_MODULE="shanglian.settings", DATABASE_URL=url, DEBUG="1",
                      ALLOWED_HOSTS="localhost", SEARCH_EVAL="1")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()


def _hold_out() -> None:
    """Remove the held-out pairs from every table (this checkout's API, or by patching an older one)."""
    from shanglian.text import vocabulary

    if os.environ.get("SEARCH_EVAL_NO_DICTIONARY"):  # measure without CC-CEDICT's synonyms
        from shanglian.text import cedict

        cedict.set_enabled(False)
    if hasattr(vocabulary, "set_held_out"):
        vocabulary.set_held_out(held_out_words())
        return
    import opencc

    conv = opencc.OpenCC("hk2s")
    held = {conv.convert(w) for w in held_out_words()}
    pairs = tuple(p for p in vocabulary.shipped_pairs()
                  if conv.convert(p.hk) not in held and conv.convert(p.mainland) not in held)
    vocabulary.shipped_pairs.cache_clear()
    vocabulary.shipped_pairs = lambda: pairs  # type: ignore[assignment]
    vocabulary._folder = None


def _build() -> None:
    from django.core.management import call_command

    from shanglian.directory.demo import loader

    call_command("migrate", verbosity=0)
    if loader.demo_enterprises().count() >= ENTERPRISES:
        return
    print(f"  building the demo set ({ENTERPRISES} enterprises) …", flush=True)
    call_command("demo", enterprises=ENTERPRISES, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _apps():
    from shanglian.directory import services as dsvc
    from shanglian.directory.models import Enterprise
    from shanglian.festival import services as fsvc
    from shanglian.festival.models import Offer
    from shanglian.matching import services as msvc
    from shanglian.matching.models import Opportunity

    return {
        "directory": (Enterprise.objects.select_related("industry", "place"), dsvc.SEARCH_KIND,
                      dsvc.enterprise_search_parts),
        "festival": (Offer.objects.select_related("merchant", "brand", "category__parent"), fsvc.SEARCH_KIND,
                     fsvc.offer_search_parts),
        "matching": (Opportunity.objects.all(), msvc.SEARCH_KIND, msvc.opportunity_search_parts),
    }


_conv = None


def plain(text: str) -> str:
    global _conv
    if _conv is None:
        import opencc

        _conv = opencc.OpenCC("hk2s")
    return _conv.convert(unicodedata.normalize("NFKC", text or "").lower())


def _texts() -> dict[str, dict[int, tuple[str, str]]]:
    """app → {id: (raw text, plain text)}"""
    out = {}
    for app, (qs, _kind, parts) in _apps().items():
        rows = {}
        for obj in qs:
            raw = " ".join(p for p in dict.fromkeys(parts(obj)) if p)
            rows[obj.pk] = (raw, plain(raw))
        out[app] = rows
    return out


def _has(text: str, form: str) -> bool:
    form = plain(form).strip()
    if not form:
        return False
    if re.fullmatch(r"[a-z0-9 ]+", form):
        return re.search(r"\b" + re.escape(form), text) is not None
    return form in text


def relevant(rows: dict[int, tuple[str, str]], concepts: list[list[str]]) -> set[int]:
    return {pk for pk, (_raw, text) in rows.items() if all(any(_has(text, f) for f in forms) for forms in concepts)}


# ---- generation --------------------------------------------------------------------------

def generate(seed: int = 11) -> list[dict]:
    import opencc

    from shanglian.core.reference_data import HK_DISTRICTS

    s2hk, hk2s = opencc.OpenCC("s2hk"), opencc.OpenCC("hk2s")
    rng = random.Random(seed)
    texts = _texts()
    queries: list[dict] = []

    def add(app: str, cls: str, q: str, concepts: list[list[str]], lo: int = 1, hi: int = 400) -> bool:
        n = len(relevant(texts[app], concepts))
        if lo <= n <= hi and not any(x["app"] == app and x["q"] == q and x["class"] == cls for x in queries):
            queries.append({"app": app, "class": cls, "q": q, "concepts": concepts, "n_relevant": n})
            return True
        return False

    def other_script(word: str) -> str:
        t = s2hk.convert(word)
        return t if t != word else hk2s.convert(word)

    def as_written(app: str, forms: list[str]) -> str | None:
        """The form as one relevant record writes it (繁 or 简)."""
        for _pk, (raw, _text) in texts[app].items():
            for form in forms:
                for variant in (form, s2hk.convert(form), hk2s.convert(form)):
                    if variant in raw:
                        return variant
        return None

    concepts = [([zh], en) for zh, en in CONCEPTS]
    for app in texts:
        for forms, en in concepts:
            written = as_written(app, forms)
            if not written:
                continue
            add(app, "same_term", written, [forms], hi=10_000)
            if other_script(written) != written:
                add(app, "other_script", other_script(written), [forms], hi=10_000)
            # English: the Chinese forms are judged (records that also carry the English word count).
            add(app, "english", en, [forms], hi=10_000)
            if len(written) <= 2:
                add(app, "short", written, [forms], hi=10_000)
            suffix = rng.choice(GENERIC_SUFFIXES)
            add(app, "generic", written + suffix, [forms], hi=10_000)
        for hk, cn in HELD_OUT:
            # One region's word, judged on records written with the other region's word.
            if relevant(texts[app], [[cn]]) - relevant(texts[app], [[hk]]):
                add(app, "held_out", s2hk.convert(hk) if rng.random() < 0.5 else hk2s.convert(hk), [[cn]], hi=10_000)
            if relevant(texts[app], [[hk]]) - relevant(texts[app], [[cn]]):
                add(app, "held_out", cn if rng.random() < 0.5 else s2hk.convert(cn), [[hk]], hi=10_000)
        # Places and words typed together: a district named in a relevant record + a concept.
        districts = [(hant, hans, en) for _code, hant, hans, en in HK_DISTRICTS]
        pairs = []
        for forms, _en in concepts:
            for hant, hans, en in districts:
                if relevant(texts[app], [forms, [hant, en]]):
                    pairs.append((forms, hant, hans, en))
        rng.shuffle(pairs)
        for forms, hant, hans, en in pairs[:40]:
            written = as_written(app, forms) or forms[0]
            add(app, "no_spaces", hant + written, [forms, [hant, en]], hi=10_000)
            style = rng.choice([f"{hant} {written}", f"{written} {hans}区", f"{hant}區{written}", f"{written} {en}"])
            add(app, "places", style, [forms, [hant, en]], hi=10_000)
        # Two concepts typed together (電子玩具), judged on both.
        combos = []
        for (f1, _), (f2, _) in zip(concepts, concepts[1:] + concepts[:1], strict=True):
            if relevant(texts[app], [f1, f2]):
                combos.append((f1, f2))
        for f1, f2 in combos[:10]:
            w1, w2 = as_written(app, f1) or f1[0], as_written(app, f2) or f2[0]
            add(app, "no_spaces", w1 + w2, [f1, f2], hi=10_000)
    return queries


# ---- evaluation --------------------------------------------------------------------------

def evaluate(limit: int | None = None, show: str = "") -> dict:
    import time

    from shanglian.core.search import search_filter

    data = json.loads(EVAL_FILE.read_text(encoding="utf-8"))
    texts = _texts()
    apps = _apps()
    per_class: dict[str, list[tuple[float, float]]] = defaultdict(list)
    failures: dict[str, list[str]] = defaultdict(list)
    queries = data["queries"][:limit] if limit else data["queries"]
    started = time.perf_counter()
    for item in queries:
        qs, kind, _parts = apps[item["app"]]
        rel = relevant(texts[item["app"]], item["concepts"])
        if not rel:
            continue
        ranked = list(search_filter(qs.model.objects.all(), kind=kind, query=item["q"])
                      .order_by("-search_rank", "pk").values_list("pk", flat=True)[:CONDENSED_DEPTH])
        top = ranked[:10]
        if item["class"] == "held_out":
            # The query's own word's records are right answers the strict judge cannot count:
            # set aside (a "condensed list"), the other region's records must still lead.
            own = relevant(texts[item["app"]], [[item["q"]]]) - rel
            condensed = [pk for pk in ranked if pk not in own][:10]
            c_recall = sum(1 for pk in condensed if pk in rel) / min(10, len(rel))
            c_rr = next((1.0 / (i + 1) for i, pk in enumerate(condensed) if pk in rel), 0.0)
            per_class["held_out_condensed"].append((c_recall, c_rr))
        hits = [pk for pk in top if pk in rel]
        recall = len(hits) / min(10, len(rel))
        rr = next((1.0 / (i + 1) for i, pk in enumerate(top) if pk in rel), 0.0)
        per_class[item["class"]].append((recall, rr))
        if show and item["class"] == show:
            own = relevant(texts[item["app"]], [[item["q"]]])
            marks = "".join("R" if pk in rel else "o" if pk in own else "." for pk in top)
            later = "".join("R" if pk in rel else "." for pk in ranked[10:] if pk not in own)[:20]
            print(f"  {item['app']:<9} {item['q']:<8} rel={len(rel):>4} own={len(own - rel):>4} "
                  f"top={marks:<10} R@10={recall:.2f} then={later}", flush=True)
        if recall < 0.5:
            failures[item["class"]].append(f"{item['app']}:{item['q']}")
    table = {c: {"n": len(v), "recall@10": statistics.mean(r for r, _ in v), "mrr": statistics.mean(m for _, m in v)}
             for c, v in per_class.items()}
    return {"classes": table, "failures": {c: f[:8] for c, f in failures.items()},
            "seconds": time.perf_counter() - started}


def _worker(url: str, code: Path, gen: bool, limit: int | None, show: str = "") -> None:
    _setup(url, code)
    tune = os.environ.get("SEARCH_TUNE")  # "min_sim,fallback_sim,dense_weight" (tuning runs)
    if tune:
        from shanglian.core import search

        values = list(map(float, tune.split(",")))
        search.DENSE_MIN_SIM, search.DENSE_FALLBACK_SIM, search.DENSE_WEIGHT = values[:3]
        if len(values) > 3:
            search.FEEDBACK_MIN_SIM, search.FEEDBACK_WEIGHT = values[3:5]
    _hold_out()
    if os.environ.get("SEARCH_EVAL_THESAURUS_ALL"):
        from shanglian.text import thesaurus

        thesaurus.FILTER_HELD_OUT = False
    _build()
    if gen:
        queries = generate()
        EVAL_FILE.parent.mkdir(parents=True, exist_ok=True)
        EVAL_FILE.write_text(json.dumps({"held_out": HELD_OUT, "queries": queries}, ensure_ascii=False, indent=0)
                             + "\n", encoding="utf-8")
        counts = defaultdict(int)
        for q in queries:
            counts[q["class"]] += 1
        print(f"  {len(queries)} queries → {EVAL_FILE.relative_to(ROOT)}: {dict(counts)}", flush=True)
        return
    print("RESULT " + json.dumps(evaluate(limit, show), ensure_ascii=False), flush=True)


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(ROOT), help="checkout whose search is measured (default: this one)")
    parser.add_argument("--pg", default="", help="PostgreSQL URL instead of SQLite")
    parser.add_argument("--gen", action="store_true", help="regenerate the query file from the data")
    parser.add_argument("--limit", type=int, default=None, help="first N queries only (quick run)")
    parser.add_argument("--show", default="", choices=["", *CLASSES],
                        help="print each query of this class: R relevant, o the query's own word, . other")
    parser.add_argument("--thesaurus-all", action="store_true",
                        help="keep the held-out words in the packaged thesaurus (what users get; "
                             "the tables still hold them out)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    code = Path(args.code).resolve()
    if args.worker:
        _worker(args.url, code, args.gen, args.limit, args.show)
        return None
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    tag = "" if code == ROOT else "_" + re.sub(r"\W+", "_", code.name)
    url = args.pg or f"sqlite:///{BENCH_DIR / f'search_eval{tag}.sqlite3'}"
    cmd = [sys.executable, __file__, "--worker", "--url", url, "--code", str(code)]
    if args.gen:
        cmd.append("--gen")
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    if args.show:
        cmd += ["--show", args.show]
    env = {**os.environ, **({"SEARCH_EVAL_THESAURUS_ALL": "1"} if args.thesaurus_all else {})}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=code, env=env)
    result = None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print(line, end="", flush=True)
    proc.wait()
    if result:
        print(f"\nSearch eval ({code}; {url.split('/')[-1]}), {result['seconds']:.0f}s")
        print(f"{'class':<14} {'n':>4} {'R@10':>6} {'MRR':>6}")
        for c in [*CLASSES, "held_out_condensed"]:
            row = result["classes"].get(c)
            if row:
                print(f"{c:<14} {row['n']:>4} {row['recall@10']:>6.3f} {row['mrr']:>6.3f}")
        for c, items in result["failures"].items():
            print(f"  misses {c}: {', '.join(items)}")
    return result


if __name__ == "__main__":
    main()
