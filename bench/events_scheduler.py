"""B2B meeting scheduler benchmark (issue 4, "The scheduler, measured").

Run:   .venv/bin/python bench/events_scheduler.py            # all rows (about 4 minutes on 2 cores)
       .venv/bin/python bench/events_scheduler.py small een  # only some instances

Pure Python, no Django or database. Instances are seeded (see shanglian/events/scheduler/generate.py):
availability covering most slots minus a few sessions, skewed requests (popular participants get
many), must meet = 10 / would like = 3, 15 % of parties are companies with two representatives.
Prints one row per (instance, method): meetings scheduled, weight achieved, the upper bound, the
ratio weight / bound, whether the weight is proven optimal, must-meet requests scheduled, wall
time. Figures only; nothing is asserted.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from shanglian.events.scheduler import cpsat, generate_problem, solve, validate  # noqa: E402
from shanglian.events.scheduler.model import build_instance  # noqa: E402

INSTANCES = {
    # name: (participants, requests, slots, tables, methods)
    "small": (60, 200, 8, 20, ("auto", "cp-sat", "heuristic")),
    "een": (700, 2_500, 16, 80, ("auto", "heuristic")),
    "imex": (15_000, 86_000, 24, 2_500, ("auto",)),
    # extra stress rows: enough tables, so the parties' slots are what binds
    "een-roomy": (700, 2_500, 16, 200, ("auto",)),
    "imex-roomy": (15_000, 86_000, 24, 5_000, ("auto",)),
}
SEED = 1
TIME_LIMIT = 60.0


def main(names: list[str]) -> None:
    header = (f"{'instance':<11} {'method':<14} {'requests':>8} {'meetings':>8} {'weight':>8} {'bound':>8} "
              f"{'ratio':>7} {'optimal':>7} {'must met':>13} {'time s':>7}")
    print(header)
    print("-" * len(header))
    notes = []
    for name in names:
        participants, requests, slots, tables, methods = INSTANCES[name]
        problem = generate_problem(participants=participants, requests=requests, slots=slots, tables=tables,
                                   seed=SEED)
        must = {r.id for r in problem.requests if r.weight == 10}
        for method in methods:
            sol = solve(problem, time_limit=TIME_LIMIT, method=method)
            errors = validate(problem, sol)
            met = len(must & set(sol.assignments))
            ratio = sol.weight / sol.upper_bound if sol.upper_bound else 1.0
            label = f"auto:{sol.method}" if method == "auto" else method
            print(f"{name:<11} {label:<14} {len(problem.requests):>8} {sol.meetings:>8} {sol.weight:>8} "
                  f"{sol.upper_bound:>8} {ratio:>7.2%} {('yes' if sol.optimal else 'no'):>7} "
                  f"{met:>6}/{len(must):<6} {sol.wall_time:>7.2f}", flush=True)
            if errors:
                notes.append(f"{name}/{method}: {len(errors)} violations, first: {errors[0]}")
            notes.append(f"{name}/{method}: bounds {sol.stats.get('bound_parts')}, "
                         f"heuristic phases {sol.stats.get('heuristic_phases')}, cp {sol.stats.get('cp_status', '-')}")
        if name == "small":
            # the proven optimum, from CP-SAT alone (no hint, no bound cut), to compare with
            inst = build_instance(problem)
            started = time.monotonic()
            res = cpsat.solve_cpsat(inst, time_limit=TIME_LIMIT)
            took = time.monotonic() - started
            weight = sum(w for w, k in zip(inst.w, res.slot_of, strict=True) if k >= 0)
            notes.append(f"small: CP-SAT alone: status {res.status}, weight {weight}, bound {res.weight_bound}, "
                         f"{took:.2f} s")
    print()
    for note in notes:
        print(note)


if __name__ == "__main__":
    wanted = sys.argv[1:] or list(INSTANCES)
    unknown = [n for n in wanted if n not in INSTANCES]
    if unknown:
        sys.exit(f"unknown instance(s) {unknown}; choose from {list(INSTANCES)}")
    main(wanted)
