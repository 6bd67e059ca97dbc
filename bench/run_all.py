"""Run every benchmark in bench/ with small defaults (``make bench``), or with full defaults.

    .venv/bin/python bench/run_all.py           # each bench/*.py with its QUICK_ARGS (small sizes)
    .venv/bin/python bench/run_all.py --full    # each with its own full defaults (slow: minutes)
    .venv/bin/python bench/run_all.py --only directory_search

Each benchmark runs in its own process (they set up Django with their own database). A benchmark
is a module ``bench/<area>_<what>.py`` with ``main(argv)``; it may define ``QUICK_ARGS`` (the
small-size arguments used here). Files starting with ``_`` and this file are skipped. Figures
are printed; nothing is asserted, and a failing benchmark does not stop the others.
"""

from __future__ import annotations

import argparse
import inspect
import runpy
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def benchmarks() -> list[Path]:
    return sorted(p for p in BENCH.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))


def run_one(path: Path, full: bool) -> None:
    """Inside the child process: load the module (not as __main__) and call its main."""
    sys.path.insert(0, str(BENCH.parent))
    module = runpy.run_path(str(path), run_name=f"bench_{path.stem}")
    main = module.get("main")
    if not callable(main):
        print(f"  {path.name}: no main(); skipped")
        return
    args = [] if full else list(module.get("QUICK_ARGS", []))
    if inspect.signature(main).parameters:
        main(args)
    else:
        main()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark in bench/.")
    parser.add_argument("--full", action="store_true", help="full defaults instead of QUICK_ARGS")
    parser.add_argument("--only", action="append", default=[], help="run only these (file stem); repeatable")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        run_one(Path(args.one), args.full)
        return 0
    failed = []
    for path in benchmarks():
        if args.only and path.stem not in args.only:
            continue
        print(f"\n### {path.name}{' (full)' if args.full else ' (quick)'}", flush=True)
        started = time.monotonic()
        cmd = [sys.executable, __file__, "--one", str(path)] + (["--full"] if args.full else [])
        code = subprocess.call(cmd, cwd=BENCH.parent)
        print(f"### {path.name}: {'ok' if code == 0 else f'FAILED (exit {code})'} "
              f"in {time.monotonic() - started:.0f}s", flush=True)
        if code:
            failed.append(path.name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
