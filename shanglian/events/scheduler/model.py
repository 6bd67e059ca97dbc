"""Data model of the B2B meeting scheduler, input checks and the solution validator.

Pure Python: no Django imports (the Django side builds a ``Problem`` from the database).
"""

from __future__ import annotations

from dataclasses import dataclass, field

REASONS = ("no_common_slot", "party_busy", "no_table", "not_selected")


@dataclass(frozen=True)
class Party:
    """A participant (or a company delegation)."""

    id: int
    available_slots: frozenset[int]  # slots it can meet in (sessions it attends already removed)
    capacity: int = 1  # meetings it can hold in the same slot (company headcount)


@dataclass(frozen=True)
class Request:
    id: int
    a: int  # party id
    b: int  # party id
    weight: int  # priority weight, e.g. must meet = 10, would like = 3


@dataclass
class Problem:
    slots: list[int]
    tables: int  # tables available in every slot, numbered 1..tables
    parties: dict[int, Party]
    requests: list[Request]
    pinned: dict[int, tuple[int, int]] = field(default_factory=dict)  # request id -> (slot, table)


@dataclass
class Solution:
    assignments: dict[int, tuple[int, int]]  # request id -> (slot, table)
    unscheduled: dict[int, str]  # request id -> reason code (see REASONS)
    weight: int
    upper_bound: int  # an upper bound on the achievable weight
    optimal: bool
    method: str  # "cp-sat", "heuristic", "cp-sat+heuristic", "bound"
    meetings: int = 0  # number of scheduled meetings
    wall_time: float = 0.0  # seconds spent in solve()
    stats: dict[str, object] = field(default_factory=dict)  # bound parts, solver status, ...


@dataclass
class Instance:
    """Index-based form of a checked ``Problem`` shared by the solvers.

    Slots are numbered 0..S-1 in the order of ``Problem.slots``; a set of slots is a bit mask.
    Parties are numbered 0..P-1, requests 0..R-1 in the order of ``Problem.requests``.
    """

    slots: list[int]
    tables: int
    party_ids: list[int]
    cap: list[int]
    avail: list[int]  # bit mask per party
    ra: list[int]  # party index of side a, per request
    rb: list[int]
    w: list[int]
    common: list[int]  # bit mask of slots both sides are available in, per request
    request_ids: list[int]
    pin: dict[int, tuple[int, int]]  # request index -> (slot index, table)

    @property
    def n_slots(self) -> int:
        return len(self.slots)


def _check_structure(problem: Problem) -> None:
    if not problem.slots:
        raise ValueError("no meeting slots: the event needs at least one slot to schedule meetings")
    if len(set(problem.slots)) != len(problem.slots):
        raise ValueError("duplicate slot indices in slots")
    if isinstance(problem.tables, bool) or not isinstance(problem.tables, int) or problem.tables < 1:
        raise ValueError(f"no tables: tables must be a positive integer, got {problem.tables!r}")
    for key, party in problem.parties.items():
        if key != party.id:
            raise ValueError(f"party key {key} does not match party id {party.id}")
        if party.capacity < 1:
            raise ValueError(f"party {party.id}: capacity must be at least 1, got {party.capacity}")
    seen: set[int] = set()
    for req in problem.requests:
        if req.id in seen:
            raise ValueError(f"duplicate request id {req.id}")
        seen.add(req.id)
        for side in (req.a, req.b):
            if side not in problem.parties:
                raise ValueError(f"request {req.id}: unknown party id {side}")
        if req.a == req.b:
            raise ValueError(f"request {req.id}: party {req.a} cannot meet itself")
        if req.weight < 0:
            raise ValueError(f"request {req.id}: weight must not be negative, got {req.weight}")


def build_instance(problem: Problem) -> Instance:
    """Check ``problem`` (ValueError with a clear message) and index it."""
    _check_structure(problem)
    slot_index = {s: k for k, s in enumerate(problem.slots)}
    party_ids = list(problem.parties)
    pindex = {pid: i for i, pid in enumerate(party_ids)}
    avail = []
    for pid in party_ids:
        mask = 0
        for s in problem.parties[pid].available_slots:
            k = slot_index.get(s)
            if k is not None:  # slots outside the event are ignored
                mask |= 1 << k
        avail.append(mask)
    ra = [pindex[r.a] for r in problem.requests]
    rb = [pindex[r.b] for r in problem.requests]
    common = [avail[a] & avail[b] for a, b in zip(ra, rb, strict=True)]
    rindex = {r.id: i for i, r in enumerate(problem.requests)}
    inst = Instance(
        slots=list(problem.slots), tables=problem.tables, party_ids=party_ids,
        cap=[problem.parties[pid].capacity for pid in party_ids], avail=avail, ra=ra, rb=rb,
        w=[r.weight for r in problem.requests], common=common,
        request_ids=[r.id for r in problem.requests], pin={},
    )
    _check_pins(problem, inst, slot_index, rindex)
    return inst


def _check_pins(problem: Problem, inst: Instance, slot_index: dict[int, int], rindex: dict[int, int]) -> None:
    used_tables: dict[tuple[int, int], int] = {}
    load: dict[tuple[int, int], int] = {}
    for rid, pin in problem.pinned.items():
        if rid not in rindex:
            raise ValueError(f"pinned request {rid}: no such request")
        try:
            slot, table = pin
        except (TypeError, ValueError):
            raise ValueError(f"pinned request {rid}: expected (slot, table), got {pin!r}")
        if slot not in slot_index:
            raise ValueError(f"pinned request {rid}: slot {slot} is not one of the event's slots")
        if not isinstance(table, int) or not 1 <= table <= inst.tables:
            raise ValueError(f"pinned request {rid}: table {table} is outside 1..{inst.tables}")
        i, k = rindex[rid], slot_index[slot]
        for p in (inst.ra[i], inst.rb[i]):
            if not inst.avail[p] >> k & 1:
                raise ValueError(f"pinned request {rid}: party {inst.party_ids[p]} is not available in slot {slot}")
            load[p, k] = load.get((p, k), 0) + 1
            if load[p, k] > inst.cap[p]:
                raise ValueError(f"pinned request {rid}: party {inst.party_ids[p]} would hold more than "
                                 f"{inst.cap[p]} meeting(s) in slot {slot}")
        if (k, table) in used_tables:
            other = inst.request_ids[used_tables[k, table]]
            raise ValueError(f"pinned request {rid}: table {table} in slot {slot} is already pinned to request {other}")
        used_tables[k, table] = i
        inst.pin[i] = (k, table)


def validate(problem: Problem, solution: Solution) -> list[str]:
    """Every constraint violation of ``solution`` for ``problem``; [] when feasible and consistent.

    Raises ValueError when the problem itself is malformed (see ``build_instance``).
    """
    _check_structure(problem)
    errors: list[str] = []
    requests = {r.id: r for r in problem.requests}
    slots = set(problem.slots)
    party_load: dict[tuple[int, int], list[int]] = {}
    table_use: dict[tuple[int, int], list[int]] = {}
    slot_use: dict[int, int] = {}
    total = 0
    for rid, value in solution.assignments.items():
        req = requests.get(rid)
        if req is None:
            errors.append(f"request {rid}: assigned but no such request")
            continue
        try:
            slot, table = value
        except (TypeError, ValueError):
            errors.append(f"request {rid}: assignment {value!r} is not (slot, table)")
            continue
        total += req.weight
        if slot not in slots:
            errors.append(f"request {rid}: slot {slot} is not one of the event's slots")
        if not isinstance(table, int) or not 1 <= table <= problem.tables:
            errors.append(f"request {rid}: table {table} is outside 1..{problem.tables}")
        for pid in (req.a, req.b):
            if slot not in problem.parties[pid].available_slots:
                errors.append(f"request {rid}: party {pid} is not available in slot {slot}")
            party_load.setdefault((pid, slot), []).append(rid)
        table_use.setdefault((slot, table), []).append(rid)
        slot_use[slot] = slot_use.get(slot, 0) + 1
        if rid in solution.unscheduled:
            errors.append(f"request {rid}: both assigned and listed as unscheduled")
    for (pid, slot), rids in sorted(party_load.items()):
        cap = problem.parties[pid].capacity
        if len(rids) > cap:
            errors.append(f"party {pid}: {len(rids)} meetings in slot {slot} (capacity {cap}): requests {sorted(rids)}")
    for (slot, table), rids in sorted(table_use.items()):
        if len(rids) > 1:
            errors.append(f"slot {slot} table {table}: used by {len(rids)} meetings: requests {sorted(rids)}")
    for slot, n in sorted(slot_use.items()):
        if n > problem.tables:
            errors.append(f"slot {slot}: {n} meetings but only {problem.tables} tables")
    for rid, pin in problem.pinned.items():
        got = solution.assignments.get(rid)
        if got is None or tuple(got) != tuple(pin):
            errors.append(f"request {rid}: pinned to {tuple(pin)} but assigned {got}")
    for rid, reason in solution.unscheduled.items():
        if rid not in requests:
            errors.append(f"request {rid}: listed as unscheduled but no such request")
        if reason not in REASONS:
            errors.append(f"request {rid}: unknown reason code {reason!r}")
    for rid in requests:
        if rid not in solution.assignments and rid not in solution.unscheduled:
            errors.append(f"request {rid}: neither assigned nor listed as unscheduled")
    if total != solution.weight:
        errors.append(f"weight {solution.weight} differs from the assigned requests' total {total}")
    if solution.weight > solution.upper_bound:
        errors.append(f"weight {solution.weight} exceeds the claimed upper bound {solution.upper_bound}")
    return errors
