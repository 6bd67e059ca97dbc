"""Counts for the API fuzz run, printed at the end of the pytest session."""

from __future__ import annotations

from collections import Counter

FUZZ_STATS: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter) -> None:
    if FUZZ_STATS["requests"]:
        statuses = ", ".join(f"{k.removeprefix('status_')}: {v}" for k, v in sorted(FUZZ_STATS.items())
                             if k.startswith("status_"))
        terminalreporter.write_line(
            f"schemathesis: {FUZZ_STATS['requests']} requests ({statuses}); "
            f"{FUZZ_STATS['server_errors']} server errors")
        for key, count in sorted(FUZZ_STATS.items()):
            if key.startswith("debug_"):
                terminalreporter.write_line(f"  {count:5d} {key}")
