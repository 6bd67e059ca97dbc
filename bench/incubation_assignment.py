"""Reviewer assignment benchmark (issue 15): 1,000 applications × 60 reviewers × 3 reviews each,
with conflicts of interest and expertise tags, solved by shanglian.incubation.assign (CP-SAT).

    .venv/bin/python bench/incubation_assignment.py [--apps 1000 --reviewers 60 --k 3 --seed 1]

Prints the solver's status, objective, bound, gap, seconds, the load spread and checks every
constraint (k per application, no conflicted pair, balanced load). Needs no database.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from shanglian.incubation.assign import solve, tag_match  # noqa: E402

TAGS = [
    "ai",
    "fintech",
    "biotech",
    "edtech",
    "logistics",
    "retail",
    "hardware",
    "iot",
    "greentech",
    "healthtech",
    "proptech",
    "media",
    "games",
    "ecommerce",
    "cybersecurity",
    "robotics",
    "foodtech",
    "tourism",
]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--apps", type=int, default=1000)
    p.add_argument("--reviewers", type=int, default=60)
    p.add_argument("--k", type=int, default=3)
    p.add_argument("--conflicts", type=float, default=0.02, help="share of (application, reviewer) pairs in conflict")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--limit", type=float, default=9.5)
    args = p.parse_args()
    rng = random.Random(args.seed)
    apps = [rng.sample(TAGS, rng.randint(1, 3)) for _ in range(args.apps)]
    revs = [rng.sample(TAGS, rng.randint(2, 5)) for _ in range(args.reviewers)]
    conflicts = {(a, r) for a in range(args.apps) for r in range(args.reviewers) if rng.random() < args.conflicts}
    t0 = time.perf_counter()
    match = [[tag_match(apps[a], revs[r]) for r in range(args.reviewers)] for a in range(args.apps)]
    t_match = time.perf_counter() - t0
    result = solve(
        n_applications=args.apps,
        n_reviewers=args.reviewers,
        k=args.k,
        match=match,
        conflicts=conflicts,
        time_limit=args.limit,
    )
    total = time.perf_counter() - t0
    loads = [0] * args.reviewers
    per_app = [0] * args.apps
    for a, r in result.pairs:
        loads[r] += 1
        per_app[a] += 1
        assert (a, r) not in conflicts, "conflicted pair assigned"
    assert all(n == args.k for n in per_app), "an application without k reviewers"
    assert max(loads) - min(loads) <= 1, "load not balanced"
    mean_match = result.objective / max(len(result.pairs), 1)
    print(
        f"{args.apps} applications × {args.reviewers} reviewers × {args.k} reviews, {len(conflicts)} conflicted pairs"
    )
    print(
        f"solver={result.solver} status={result.status} objective={result.objective:.0f} bound={result.bound:.0f} "
        f"gap={100 * result.gap:.3f}% solve={result.seconds:.2f}s total(with match matrix)={total:.2f}s "
        f"(matrix {t_match:.2f}s)"
    )
    print(
        f"loads min={min(loads)} max={max(loads)} mean match per review={mean_match:.1f}/100 balanced={result.balanced}"
    )
    with open("/proc/loadavg") as f:
        print("loadavg", f.read().strip())


if __name__ == "__main__":
    main()
