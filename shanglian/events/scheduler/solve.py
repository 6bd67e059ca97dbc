"""``solve()``: check the problem, bound it, run the heuristic and (when small enough) CP-SAT."""

from __future__ import annotations

import time

from . import cpsat
from .bounds import upper_bound
from .heuristic import heuristic_slots
from .model import Instance, Problem, Solution, build_instance

# CP-SAT is used up to this many x[r, slot] booleans (the EEN scale has ~35,000); beyond it the
# heuristic alone (IMEX scale: ~1.8 million booleans would not even be built in a minute).
CPSAT_MAX_VARS = 150_000


def solve(problem: Problem, *, time_limit: float = 60.0, method: str = "auto") -> Solution:
    """Schedule the requests of ``problem``.

    ``method``: "auto" (heuristic, then CP-SAT when the bound is not reached and the model is
    small enough, keeping the better), "heuristic", or "cp-sat" (always runs CP-SAT, seeded with
    the heuristic, until it proves optimality or the time limit). Raises ValueError on bad input,
    including an infeasible pin.
    """
    if method not in ("auto", "heuristic", "cp-sat"):
        raise ValueError(f"unknown method {method!r}")
    started = time.monotonic()
    inst = build_instance(problem)
    bound, parts = upper_bound(inst)
    stats: dict[str, object] = {"bound_parts": parts}
    n_vars = cpsat.n_variables(inst)
    want_cp = cpsat.available() and (method == "cp-sat" or (method == "auto" and n_vars <= CPSAT_MAX_VARS))
    h_stats: dict = {}
    h_limit = time_limit * 0.5 if want_cp else time_limit
    slot_of = heuristic_slots(inst, time_limit=max(h_limit - (time.monotonic() - started), 0.1), target=bound,
                              stats=h_stats)
    stats["heuristic_phases"] = h_stats["phases"]
    weight = _weight(inst, slot_of)
    stats["heuristic_weight"] = weight
    used = "heuristic"
    optimal = weight >= bound
    if want_cp and (method == "cp-sat" or not optimal):
        remaining = time_limit - (time.monotonic() - started)
        result = cpsat.solve_cpsat(inst, time_limit=max(remaining, 0.5), hint=slot_of, known_bound=bound,
                                   stop_at_bound=method != "cp-sat")
        if result is not None:
            stats["cp_status"] = result.status
            if result.weight_bound is not None:
                stats["cp_bound"] = result.weight_bound
                bound = min(bound, result.weight_bound)
            cp_weight = _weight(inst, result.slot_of)
            if (cp_weight, _count(result.slot_of)) >= (weight, _count(slot_of)):
                slot_of, weight, used = result.slot_of, cp_weight, "cp-sat"
            optimal = result.optimal or weight >= bound
    if _fill(inst, slot_of):  # a schedule cut short by the time limit may leave room
        weight = _weight(inst, slot_of)
        optimal = optimal or weight >= bound
    if optimal:
        bound = weight  # proven: the optimum weight is reached
    assignments = _number_tables(inst, slot_of)
    solution = Solution(
        assignments=assignments, unscheduled=_reasons(inst, slot_of), weight=weight,
        upper_bound=bound, optimal=optimal, method=used, meetings=len(assignments),
        wall_time=time.monotonic() - started, stats=stats,
    )
    return solution


def _weight(inst: Instance, slot_of: list[int]) -> int:
    return sum(w for w, k in zip(inst.w, slot_of, strict=True) if k >= 0)


def _count(slot_of: list[int]) -> int:
    return sum(1 for k in slot_of if k >= 0)


def _fill(inst: Instance, slot_of: list[int]) -> int:
    """Put every unscheduled request that still fits into a slot (heaviest first); how many."""
    S = inst.n_slots
    load = [0] * (len(inst.party_ids) * S)
    per_slot = [0] * S
    for r, k in enumerate(slot_of):
        if k >= 0:
            load[inst.ra[r] * S + k] += 1
            load[inst.rb[r] * S + k] += 1
            per_slot[k] += 1
    added = 0
    for r in sorted((r for r, k in enumerate(slot_of) if k < 0 and inst.common[r]), key=lambda r: -inst.w[r]):
        a, b = inst.ra[r], inst.rb[r]
        for k in range(S):
            if (inst.common[r] >> k & 1 and per_slot[k] < inst.tables and load[a * S + k] < inst.cap[a]
                    and load[b * S + k] < inst.cap[b]):
                slot_of[r] = k
                load[a * S + k] += 1
                load[b * S + k] += 1
                per_slot[k] += 1
                added += 1
                break
    return added


def _number_tables(inst: Instance, slot_of: list[int]) -> dict[int, tuple[int, int]]:
    """Pinned meetings keep their table; the others take the free tables of their slot in order."""
    taken: list[set[int]] = [set() for _ in range(inst.n_slots)]
    out: dict[int, tuple[int, int]] = {}
    for r, (k, table) in inst.pin.items():
        taken[k].add(table)
        out[inst.request_ids[r]] = (inst.slots[k], table)
    nxt = [1] * inst.n_slots
    for r, k in enumerate(slot_of):
        if k < 0 or r in inst.pin:
            continue
        t = nxt[k]
        while t in taken[k]:
            t += 1
        nxt[k] = t + 1
        out[inst.request_ids[r]] = (inst.slots[k], t)
    return out


def _reasons(inst: Instance, slot_of: list[int]) -> dict[int, str]:
    """Reason per unscheduled request, judged against the final schedule.

    no_common_slot: the two sides share no available slot; party_busy: in every common slot one
    side is at capacity; no_table: some common slot has both sides free but all such slots are
    full; not_selected: it would still fit (only when the solver stopped early).
    """
    S = inst.n_slots
    load = [0] * (len(inst.party_ids) * S)
    per_slot = [0] * S
    for r, k in enumerate(slot_of):
        if k >= 0:
            load[inst.ra[r] * S + k] += 1
            load[inst.rb[r] * S + k] += 1
            per_slot[k] += 1
    out: dict[int, str] = {}
    for r, k in enumerate(slot_of):
        if k >= 0:
            continue
        rid = inst.request_ids[r]
        common = inst.common[r]
        if not common:
            out[rid] = "no_common_slot"
            continue
        a, b = inst.ra[r], inst.rb[r]
        free = [s for s in range(S) if common >> s & 1 and load[a * S + s] < inst.cap[a]
                and load[b * S + s] < inst.cap[b]]
        if not free:
            out[rid] = "party_busy"
        elif all(per_slot[s] >= inst.tables for s in free):
            out[rid] = "no_table"
        else:
            out[rid] = "not_selected"
    return out
