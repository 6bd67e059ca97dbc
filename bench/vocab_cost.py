"""Cost of the query-time vocabulary: loading the tables (once per process) and analyse() per query.

    .venv/bin/python bench/vocab_cost.py                      # this checkout's tables
    .venv/bin/python bench/vocab_cost.py --tables REV         # the tables as of a git revision

Load: CPU time of reading regional_terms.tsv, zhconv_terms.tsv and cantonese_terms.tsv and building
the folder and the expander (``vocabulary.expander()``), best of five fresh builds. Per query: CPU
time of ``analyse()`` over the queries of tests/search/data/search_eval.json (held-out pairs
removed, as the evaluation does), after one warm-up pass, best of three passes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _tables_at(rev: str) -> None:
    from shanglian.text import vocabulary as v

    def show(name: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:shanglian/text/data/{name}"],
                              capture_output=True, text=True, check=True).stdout

    zh_text = show("zhconv_terms.tsv")
    tmp = ROOT / "var" / "bench" / f"cantonese_{rev.replace('/', '_')}.tsv"
    tmp.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_text(show("cantonese_terms.tsv"), encoding="utf-8")
    # Parsed on every call, as the lru-cached readers of the working tree are after cache_clear().
    v.zhconv_pairs = lambda: tuple(v.TermPair(r["hk"].strip(), r["mainland"].strip(), "", "zhconv")
                                   for r in csv.DictReader(io.StringIO(zh_text), delimiter="\t"))
    v.cantonese_pairs = lambda: v.read_table(tmp)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", default="", help="git revision whose tables to load")
    args = parser.parse_args()
    from _search_heldout import held_out_words

    from shanglian.text import vocabulary as v
    from shanglian.text.query import analyse

    if args.tables:
        _tables_at(args.tables)
    pairs = len(v.shipped_pairs()) + len(v.zhconv_pairs()) + len(v.cantonese_pairs())
    v.to_simplified("预热")  # OpenCC loaded outside the measurement
    loads = []
    for _ in range(5):
        for f in (v.shipped_pairs, v.zhconv_pairs, v.cantonese_pairs):
            getattr(f, "cache_clear", lambda: None)()
        v.set_extra_pairs([])
        start = time.process_time()
        v.expander()
        loads.append(time.process_time() - start)
    v.set_held_out(held_out_words())
    queries = [q["q"] for q in json.loads((ROOT / "tests/search/data/search_eval.json").read_text())["queries"]]
    for q in queries:
        analyse(q)
    passes = []
    for _ in range(3):
        start = time.process_time()
        for q in queries:
            analyse(q)
        passes.append((time.process_time() - start) / len(queries))
    exp = v.expander()
    print(f"tables {args.tables or 'working tree'}: {pairs} pairs, {len(exp.groups)} expansion keys, "
          f"{len(exp.english)} English keys")
    print(f"load (folder + expander, CPU): best {min(loads) * 1000:.1f} ms, median {sorted(loads)[2] * 1000:.1f} ms")
    print(f"analyse() over {len(queries)} queries: {min(passes) * 1000:.3f} ms CPU per query (best of 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
