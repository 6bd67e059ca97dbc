"""Automatic reviewer assignment with OR-Tools CP-SAT (no Django here: the benchmark and the
service both call ``solve``).

Each application gets exactly ``k`` reviewers; a reviewer never gets an application they declared
a conflict with (those pairs have no variable at all); loads are balanced — every reviewer gets
⌊n·k/R⌋ or ⌈n·k/R⌉ (capped by their own limit); among those assignments the solver maximises the
total expertise match (0–100 per pair). The LP relaxation of this transportation problem is tight,
so CP-SAT usually proves optimality; the result carries the objective, the solver's bound and the
gap either way.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Result:
    status: str  # "optimal", "feasible", "infeasible"
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (application index, reviewer index)
    objective: float = 0.0
    bound: float = 0.0
    gap: float = 0.0  # (bound - objective) / bound
    seconds: float = 0.0
    balanced: bool = True
    short: list[int] = field(default_factory=list)  # applications with fewer than k possible reviewers
    solver: str = ""  # "cp-sat", or "network" when CP-SAT found nothing within the limit


def tag_match(tags: Sequence[str], expertise: Sequence[str]) -> int:
    """0–100: the share of the application's tags the reviewer knows (50 when it has no tags)."""
    wanted = {t.strip().lower() for t in tags if t and t.strip()}
    if not wanted:
        return 50
    known = {t.strip().lower() for t in expertise if t and t.strip()}
    return round(100 * len(wanted & known) / len(wanted))


def solve(
    *,
    n_applications: int,
    n_reviewers: int,
    k: int,
    match: Sequence[Sequence[int]],
    conflicts: set[tuple[int, int]],
    max_load: Sequence[int | None] | None = None,
    time_limit: float = 9.0,
    workers: int = 2,
) -> Result:
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    allowed = [[r for r in range(n_reviewers) if (a, r) not in conflicts] for a in range(n_applications)]
    short = [a for a in range(n_applications) if len(allowed[a]) < k]
    if short or n_applications == 0 or n_reviewers == 0:
        return Result(
            status="infeasible" if short or n_applications else "optimal",
            short=short,
            seconds=time.perf_counter() - started,
        )
    caps = [c if c is not None else 10**9 for c in (max_load or [None] * n_reviewers)]
    total = n_applications * k
    low, high = total // n_reviewers, math.ceil(total / n_reviewers)

    def build(balanced: bool):
        model = cp_model.CpModel()
        x: dict[tuple[int, int], cp_model.IntVar] = {}
        by_reviewer: list[list] = [[] for _ in range(n_reviewers)]
        for a in range(n_applications):
            row = []
            for r in allowed[a]:
                v = model.NewBoolVar("")
                x[a, r] = v
                row.append(v)
                by_reviewer[r].append(v)
            model.Add(cp_model.LinearExpr.Sum(row) == k)
        for r in range(n_reviewers):
            upper = min(high if balanced else caps[r], caps[r])
            lower = min(low, upper) if balanced else 0
            model.AddLinearConstraint(cp_model.LinearExpr.Sum(by_reviewer[r]), lower, upper)
        model.Maximize(cp_model.LinearExpr.WeightedSum(list(x.values()), [int(match[a][r]) for (a, r) in x]))
        return model, x

    for balanced in (True, False):
        flow = _flow(
            n_applications, n_reviewers, k, allowed, match, caps, low if balanced else 0, high if balanced else None
        )
        if flow is None and balanced:
            continue  # no balanced assignment exists: relax to the reviewers' own limits
        model, x = build(balanced)
        if flow is not None:
            chosen = flow[0]  # a complete hint, written in bulk into the model's proto
            hint = model.Proto().solution_hint
            hint.vars.extend(v.Index() for v in x.values())
            hint.values.extend(int(key in chosen) for key in x)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.5, time_limit - (time.perf_counter() - started))
        solver.parameters.num_workers = workers
        solver.parameters.relative_gap_limit = 0.0
        solver.parameters.linearization_level = 2
        callback = _StopAt(flow[1] if flow is not None else None)
        status = solver.Solve(model, callback)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            objective, bound = solver.ObjectiveValue(), solver.BestObjectiveBound()
            if flow is not None:  # the network optimum is the exact LP (= integer) optimum: a valid bound
                bound = min(bound, flow[1])
            pairs = [key for key, v in x.items() if solver.BooleanValue(v)]
            proven = status == cp_model.OPTIMAL or (objective >= bound - 1e-6)
            return Result(
                status="optimal" if proven else "feasible",
                pairs=pairs,
                objective=objective,
                bound=bound,
                gap=(bound - objective) / bound if bound else 0.0,
                seconds=time.perf_counter() - started,
                balanced=balanced,
                solver="cp-sat",
            )
        if flow is not None:
            # CP-SAT ran out of time before its first solution (a loaded machine): the network
            # optimum is itself optimal for this problem (totally unimodular), so use it.
            return Result(
                status="optimal",
                pairs=sorted(flow[0]),
                objective=flow[1],
                bound=flow[1],
                seconds=time.perf_counter() - started,
                balanced=balanced,
                solver="network",
            )
    return Result(status="infeasible", seconds=time.perf_counter() - started)


def _stop_at_class():
    from ortools.sat.python import cp_model

    class StopAt(cp_model.CpSolverSolutionCallback):
        """Stop as soon as a solution reaches the proven network optimum."""

        def __init__(self, target: float | None):
            super().__init__()
            self.target = target

        def on_solution_callback(self) -> None:
            if self.target is not None and self.ObjectiveValue() >= self.target - 1e-6:
                self.StopSearch()

    return StopAt


def _StopAt(target: float | None):  # noqa: N802 - a class factory (ortools imported lazily)
    return _stop_at_class()(target)


def _flow(
    n_applications: int,
    n_reviewers: int,
    k: int,
    allowed: list[list[int]],
    match: Sequence[Sequence[int]],
    caps: Sequence[int],
    low: int,
    high: int | None,
) -> tuple[set[tuple[int, int]], float] | None:
    """The same problem as a min-cost flow (source → application (k) → reviewer (1) → sink). The
    constraint matrix is totally unimodular, so its optimum is the integer optimum and bounds
    CP-SAT's objective; it also seeds CP-SAT with a hint. Loads below ``low`` cost a large penalty."""
    from ortools.graph.python import min_cost_flow

    big = 10_000
    f = min_cost_flow.SimpleMinCostFlow()
    source, sink = n_applications + n_reviewers, n_applications + n_reviewers + 1
    arcs = {}
    for a in range(n_applications):
        f.add_arc_with_capacity_and_unit_cost(source, a, k, 0)
        for r in allowed[a]:
            arcs[f.add_arc_with_capacity_and_unit_cost(a, n_applications + r, 1, -int(match[a][r]))] = (a, r)
    for r in range(n_reviewers):
        upper = min(high if high is not None else caps[r], caps[r])
        lower = min(low, upper)
        if lower:
            f.add_arc_with_capacity_and_unit_cost(n_applications + r, sink, lower, -big)
        if upper - lower:
            f.add_arc_with_capacity_and_unit_cost(n_applications + r, sink, upper - lower, 0)
    f.set_node_supply(source, n_applications * k)
    f.set_node_supply(sink, -n_applications * k)
    if f.solve() != f.OPTIMAL:
        return None
    pairs = {pair for arc, pair in arcs.items() if f.flow(arc)}
    loads = [0] * n_reviewers
    for _a, r in pairs:
        loads[r] += 1
    if any(loads[r] < min(low, caps[r]) for r in range(n_reviewers)):
        return None
    return pairs, float(sum(match[a][r] for a, r in pairs))
