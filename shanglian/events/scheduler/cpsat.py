"""Exact model for OR-Tools CP-SAT.

One boolean x[r, k] per request r and slot k that both sides are available in (tables in a
slot are interchangeable, so they are numbered afterwards; this removes all table symmetry).
    sum_k x[r, k] <= 1                     each request at most once
    sum_{r of p} x[r, k] <= capacity_p     per party and slot
    sum_r x[r, k] <= tables                per slot
    pinned: x[r, pinned slot] = 1
maximise  (R + 1) * sum w_r x[r, k] + sum x[r, k]    (weight first, then number of meetings)
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Instance


@dataclass
class CpResult:
    slot_of: list[int]
    status: str
    optimal: bool
    weight_bound: int | None


def available() -> bool:
    try:
        from ortools.sat.python import cp_model  # noqa: F401
    except ImportError:  # pragma: no cover
        return False
    return True


def n_variables(inst: Instance) -> int:
    return sum(c.bit_count() for c in inst.common)


def solve_cpsat(inst: Instance, *, time_limit: float, hint: list[int] | None = None,
                workers: int = 2, known_bound: int | None = None, stop_at_bound: bool = True) -> CpResult | None:
    """Solve exactly within ``time_limit`` seconds on ``workers`` threads.

    ``known_bound`` (an upper bound on the weight, e.g. the LP bound) is added as a valid cut and,
    with ``stop_at_bound``, the search stops as soon as a solution reaches it (the weight is then
    proven optimal; the secondary meeting count may not be).
    """
    from ortools.sat.python import cp_model

    class _StopAtBound(cp_model.CpSolverSolutionCallback):
        def __init__(self, target: int) -> None:
            super().__init__()
            self.target = target

        def on_solution_callback(self) -> None:
            if self.objective_value // big >= self.target:
                self.stop_search()

    model = cp_model.CpModel()
    n = len(inst.w)
    big = n + 1
    S = inst.n_slots
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    per_party_slot: dict[tuple[int, int], list] = {}
    per_slot: list[list] = [[] for _ in range(S)]
    objective = []
    for r in range(n):
        mask = inst.common[r]
        pin = inst.pin.get(r)
        row = []
        k = 0
        while mask:
            if mask & 1:
                v = model.new_bool_var(f"x{r}_{k}")
                x[r, k] = v
                row.append(v)
                per_party_slot.setdefault((inst.ra[r], k), []).append(v)
                per_party_slot.setdefault((inst.rb[r], k), []).append(v)
                per_slot[k].append(v)
                objective.append((v, inst.w[r] * big + 1))
                if pin is not None:
                    model.add(v == (1 if pin[0] == k else 0))
            mask >>= 1
            k += 1
        if len(row) > 1:
            model.add_at_most_one(row)
    for (p, _k), vs in per_party_slot.items():
        cap = inst.cap[p]
        if len(vs) > cap:
            if cap == 1:
                model.add_at_most_one(vs)
            else:
                model.add(sum(vs) <= cap)
    for vs in per_slot:
        if len(vs) > inst.tables:
            model.add(sum(vs) <= inst.tables)
    model.maximize(sum(c * v for v, c in objective))
    if known_bound is not None:
        model.add(sum(inst.w[r] * v for (r, _k), v in x.items()) <= known_bound)
    if hint is not None:
        for (r, k), v in x.items():
            model.add_hint(v, 1 if hint[r] == k else 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, float(time_limit))
    solver.parameters.num_workers = workers
    callback = _StopAtBound(known_bound) if known_bound is not None and stop_at_bound else None
    status = solver.solve(model, callback)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    slot_of = [-1] * n
    for (r, k), v in x.items():
        if solver.boolean_value(v):
            slot_of[r] = k
    bound = solver.best_objective_bound
    weight_bound = int(bound // big) if bound == bound else None  # NaN guard
    if known_bound is not None:
        weight_bound = known_bound if weight_bound is None else min(weight_bound, known_bound)
    weight = sum(inst.w[r] for r in range(n) if slot_of[r] >= 0)
    optimal = status == cp_model.OPTIMAL or (weight_bound is not None and weight >= weight_bound)
    return CpResult(slot_of=slot_of, status=solver.status_name(status), optimal=optimal,
                    weight_bound=weight_bound)
