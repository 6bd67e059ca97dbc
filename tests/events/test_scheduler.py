"""B2B meeting scheduler: validator, known optima, pins, reasons, bad input, heuristic vs CP-SAT."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shanglian.events.scheduler import Party, Problem, Request, Solution, generate_problem, solve, validate
from shanglian.events.scheduler.bounds import combinatorial_bound, lp_bound
from shanglian.events.scheduler.model import build_instance


def party(pid: int, slots, capacity: int = 1) -> Party:
    return Party(id=pid, available_slots=frozenset(slots), capacity=capacity)


def problem(parties, requests, *, slots=(1, 2, 3), tables=5, pinned=None) -> Problem:
    return Problem(slots=list(slots), tables=tables, parties={p.id: p for p in parties},
                   requests=[Request(id=i, a=a, b=b, weight=w) for i, a, b, w in requests],
                   pinned=dict(pinned or {}))


def assert_feasible(prob: Problem, sol: Solution) -> None:
    assert validate(prob, sol) == []
    assert sol.weight <= sol.upper_bound
    assert set(sol.assignments) | set(sol.unscheduled) == {r.id for r in prob.requests}


# ---------------------------------------------------------------- validate()

@pytest.fixture
def two_meetings() -> tuple[Problem, Solution]:
    prob = problem([party(1, {1, 2}), party(2, {1, 2}), party(3, {1, 2}, capacity=2), party(4, {2})],
                   [(10, 1, 2, 10), (11, 3, 4, 3), (12, 1, 3, 3)], slots=(1, 2), tables=2)
    sol = Solution(assignments={10: (1, 1), 11: (2, 1), 12: (2, 2)}, unscheduled={}, weight=16,
                   upper_bound=16, optimal=True, method="hand")
    return prob, sol


def test_validate_accepts_a_feasible_solution(two_meetings):
    prob, sol = two_meetings
    assert validate(prob, sol) == []


@pytest.mark.parametrize(("change", "expected"), [
    (lambda s: s.assignments.update({11: (1, 2)}), "party 4 is not available in slot 1"),
    (lambda s: s.assignments.update({12: (1, 2)}), "party 1: 2 meetings in slot 1 (capacity 1)"),
    (lambda s: s.assignments.update({12: (2, 1)}), "slot 2 table 1: used by 2 meetings"),
    (lambda s: s.assignments.update({12: (2, 3)}), "table 3 is outside 1..2"),
    (lambda s: s.assignments.update({12: (7, 1)}), "slot 7 is not one of the event's slots"),
    (lambda s: s.assignments.update({99: (1, 2)}), "request 99: assigned but no such request"),
    (lambda s: s.assignments.pop(12), "request 12: neither assigned nor listed as unscheduled"),
    (lambda s: s.unscheduled.update({12: "party_busy"}), "request 12: both assigned and listed as unscheduled"),
    (lambda s: (s.assignments.pop(12), s.unscheduled.update({12: "bored"})), "unknown reason code 'bored'"),
    (lambda s: setattr(s, "weight", 15), "weight 15 differs from the assigned requests' total 16"),
    (lambda s: setattr(s, "upper_bound", 12), "weight 16 exceeds the claimed upper bound 12"),
])
def test_validate_catches_each_violation(two_meetings, change, expected):
    prob, sol = two_meetings
    change(sol)
    errors = validate(prob, sol)
    assert any(expected in e for e in errors), errors


def test_validate_catches_more_meetings_than_tables_and_moved_pins(two_meetings):
    prob, sol = two_meetings
    prob.pinned = {10: (1, 1)}
    assert validate(prob, sol) == []
    sol.assignments[10] = (1, 2)
    assert any("pinned to (1, 1)" in e for e in validate(prob, sol))
    prob.tables = 1
    sol.assignments = {10: (2, 1), 11: (2, 1)}
    errors = validate(prob, sol)
    assert any("slot 2: 2 meetings but only 1 tables" in e for e in errors), errors


# ---------------------------------------------------------------- known optima

def test_heavier_request_wins_a_busy_party():
    prob = problem([party(1, {1}), party(2, {1}), party(3, {1})], [(1, 1, 2, 3), (2, 1, 3, 10)], slots=(1,))
    sol = solve(prob)
    assert_feasible(prob, sol)
    assert sol.assignments == {2: (1, 1)}
    assert sol.unscheduled == {1: "party_busy"}
    assert sol.weight == 10 and sol.optimal and sol.upper_bound == 10


def test_company_with_two_representatives_holds_two_meetings_in_one_slot():
    parties = [party(1, {1}, capacity=2), party(2, {1}), party(3, {1})]
    prob = problem(parties, [(1, 1, 2, 10), (2, 1, 3, 10)], slots=(1,), tables=2)
    sol = solve(prob)
    assert_feasible(prob, sol)
    assert sorted(sol.assignments.values()) == [(1, 1), (1, 2)]
    assert sol.weight == 20 and sol.optimal
    # the same with a single representative: one meeting only
    prob.parties[1] = party(1, {1})
    sol = solve(prob)
    assert sol.weight == 10 and len(sol.assignments) == 1


def test_no_common_slot_and_no_table_reasons():
    parties = [party(1, {1}), party(2, {2}), party(3, {1, 2}), party(4, {1, 2}), party(5, {1, 2}), party(6, {1, 2})]
    prob = problem(parties, [(1, 1, 2, 10), (2, 3, 4, 10), (3, 5, 6, 3)], slots=(1, 2), tables=1)
    sol = solve(prob)
    assert_feasible(prob, sol)
    assert sol.unscheduled == {1: "no_common_slot"}
    assert len(sol.assignments) == 2 and sol.weight == 13
    prob.slots = [1]
    sol = solve(prob)
    assert_feasible(prob, sol)
    assert sol.unscheduled[1] == "no_common_slot"
    assert sol.unscheduled[3] == "no_table"
    assert sol.assignments == {2: (1, 1)}


def test_triangle_in_two_slots_is_proven_optimal_below_the_lp_bound():
    # three people who all want to meet each other, two slots: only two of the three meetings fit
    prob = problem([party(1, {1, 2}), party(2, {1, 2}), party(3, {1, 2})],
                   [(1, 1, 2, 10), (2, 2, 3, 10), (3, 1, 3, 3)], slots=(1, 2))
    sol = solve(prob)
    assert_feasible(prob, sol)
    assert sol.weight == 20 and sol.optimal and sol.method == "cp-sat"
    assert sol.unscheduled == {3: "party_busy"}
    assert lp_bound(build_instance(prob)) == 23  # the relaxation takes all three (y = 1)


def test_meetings_move_to_make_room_for_everyone():
    # 1 must meet 2 and 3; 2 is only free in slot 1, so 1-3 has to go to slot 2
    parties = [party(1, {1, 2}), party(2, {1}), party(3, {1, 2}), party(4, {2})]
    prob = problem(parties, [(1, 1, 3, 10), (2, 1, 2, 10), (3, 3, 4, 3)], slots=(1, 2))
    for method in ("heuristic", "cp-sat"):
        sol = solve(prob, method=method)
        assert_feasible(prob, sol)
        assert sol.assignments[2][0] == 1 and sol.assignments[1][0] == 2
        assert sol.weight == 20 and sol.unscheduled == {3: "party_busy"}


def test_pins_are_kept_even_when_they_cost_weight():
    parties = [party(1, {1}), party(2, {1}), party(3, {1})]
    prob = problem(parties, [(1, 1, 2, 3), (2, 1, 3, 10)], slots=(1,), tables=4, pinned={1: (1, 4)})
    sol = solve(prob)
    assert_feasible(prob, sol)
    assert sol.assignments == {1: (1, 4)}
    assert sol.unscheduled == {2: "party_busy"}
    assert sol.weight == 3 and sol.optimal


def test_pinned_tables_are_skipped_when_numbering_the_others():
    parties = [party(i, {1}) for i in range(1, 7)]
    prob = problem(parties, [(1, 1, 2, 3), (2, 3, 4, 3), (3, 5, 6, 3)], slots=(1,), tables=3, pinned={2: (1, 1)})
    sol = solve(prob)
    assert_feasible(prob, sol)
    assert sol.assignments[2] == (1, 1)
    assert sorted(sol.assignments.values()) == [(1, 1), (1, 2), (1, 3)]


def test_empty_request_list():
    prob = problem([party(1, {1})], [], slots=(1,))
    sol = solve(prob)
    assert sol.assignments == {} and sol.unscheduled == {} and sol.weight == 0 and sol.optimal


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize(("mutate", "message"), [
    (lambda p: setattr(p, "slots", []), "no meeting slots"),
    (lambda p: setattr(p, "tables", 0), "no tables"),
    (lambda p: p.requests.append(Request(id=9, a=1, b=42, weight=3)), "request 9: unknown party id 42"),
    (lambda p: p.requests.append(Request(id=9, a=2, b=2, weight=3)), "request 9: party 2 cannot meet itself"),
    (lambda p: p.requests.append(Request(id=1, a=2, b=3, weight=3)), "duplicate request id 1"),
    (lambda p: p.requests.append(Request(id=9, a=2, b=3, weight=-1)), "weight must not be negative"),
    (lambda p: p.pinned.update({77: (1, 1)}), "pinned request 77: no such request"),
    (lambda p: p.pinned.update({1: (3, 1)}), "pinned request 1: party 2 is not available in slot 3"),
    (lambda p: p.pinned.update({1: (1, 6)}), "pinned request 1: table 6 is outside 1..5"),
    (lambda p: p.pinned.update({1: (9, 1)}), "pinned request 1: slot 9 is not one of the event's slots"),
    (lambda p: (p.parties.update({4: party(4, {1}), 5: party(5, {1})}),
                p.requests.append(Request(id=3, a=4, b=5, weight=3)), p.pinned.update({1: (1, 1), 3: (1, 1)})),
     "pinned request 3: table 1 in slot 1 is already pinned to request 1"),
    (lambda p: p.pinned.update({1: (1, 1), 2: (1, 2)}), "party 1 would hold more than 1 meeting(s) in slot 1"),
])
def test_bad_input_raises_a_clear_value_error(mutate, message):
    prob = problem([party(1, {1, 2, 3}), party(2, {1, 2}), party(3, {1, 2, 3})], [(1, 1, 2, 10), (2, 1, 3, 3)])
    mutate(prob)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        solve(prob)


def test_party_key_must_match_its_id():
    prob = problem([party(1, {1}), party(2, {1})], [(1, 1, 2, 3)], slots=(1,))
    prob.parties[5] = party(6, {1})
    with pytest.raises(ValueError, match="party key 5 does not match party id 6"):
        solve(prob)


# ---------------------------------------------------------------- heuristic vs CP-SAT, random instances

@pytest.mark.parametrize("seed", range(12))
def test_heuristic_and_cpsat_agree_on_tiny_instances(seed):
    prob = generate_problem(participants=10, requests=16, slots=4, tables=3, seed=seed)
    exact = solve(prob, method="cp-sat", time_limit=10)
    quick = solve(prob, method="heuristic")
    assert_feasible(prob, exact)
    assert_feasible(prob, quick)
    assert exact.optimal
    assert quick.weight == exact.weight
    assert quick.upper_bound >= exact.weight


def test_bounds_are_ordered_and_above_the_optimum():
    prob = generate_problem(participants=60, requests=200, slots=8, tables=20, seed=3)
    inst = build_instance(prob)
    parts = combinatorial_bound(inst)
    lp = lp_bound(inst)
    assert lp is not None and lp <= parts["bound"] <= parts["reachable"]
    exact = solve(prob, method="cp-sat", time_limit=30)
    assert exact.weight <= lp


def test_large_random_instance_is_feasible_and_reasons_hold():
    prob = generate_problem(participants=300, requests=1500, slots=12, tables=40, seed=7)
    prob.pinned = {prob.requests[0].id: (next(iter(sorted(
        prob.parties[prob.requests[0].a].available_slots & prob.parties[prob.requests[0].b].available_slots))), 40)}
    sol = solve(prob, method="heuristic")
    assert_feasible(prob, sol)
    assert sol.assignments[prob.requests[0].id] == prob.pinned[prob.requests[0].id]
    assert sol.weight >= 0.95 * sol.upper_bound
    # every reason is true of the final schedule
    load: dict[tuple[int, int], int] = {}
    per_slot: dict[int, int] = {}
    for rid, (slot, _t) in sol.assignments.items():
        req = prob.requests[rid - 1]
        for p in (req.a, req.b):
            load[p, slot] = load.get((p, slot), 0) + 1
        per_slot[slot] = per_slot.get(slot, 0) + 1
    for rid, reason in sol.unscheduled.items():
        req = prob.requests[rid - 1]
        common = prob.parties[req.a].available_slots & prob.parties[req.b].available_slots
        free = [s for s in common if all(load.get((p, s), 0) < prob.parties[p].capacity for p in (req.a, req.b))]
        assert reason != "not_selected"
        if reason == "no_common_slot":
            assert not common
        elif reason == "party_busy":
            assert common and not free
        else:
            assert free and all(per_slot.get(s, 0) >= prob.tables for s in free)


# ---------------------------------------------------------------- property: any small problem

@st.composite
def small_problems(draw) -> Problem:
    n_slots = draw(st.integers(1, 4))
    slots = list(range(10, 10 + n_slots))
    n_parties = draw(st.integers(2, 6))
    parties = [party(i, draw(st.sets(st.sampled_from(slots))), capacity=draw(st.integers(1, 2)))
               for i in range(1, n_parties + 1)]
    side = st.integers(1, n_parties)
    pairs = draw(st.lists(st.tuples(side, side).filter(lambda t: t[0] != t[1]), max_size=12))
    weights = draw(st.lists(st.sampled_from([0, 3, 10]), min_size=len(pairs), max_size=len(pairs)))
    requests = [(i + 1, a, b, w) for i, ((a, b), w) in enumerate(zip(pairs, weights, strict=True))]
    return problem(parties, requests, slots=slots, tables=draw(st.integers(1, 3)))


@settings(max_examples=40, deadline=None)
@given(small_problems())
def test_any_small_problem_gets_a_valid_schedule_within_the_bound(prob):
    exact = solve(prob, method="cp-sat", time_limit=10)
    quick = solve(prob, method="heuristic")
    for sol in (exact, quick):
        assert_feasible(prob, sol)
        assert "not_selected" not in sol.unscheduled.values()
    assert exact.optimal
    assert quick.weight <= exact.weight
    assert quick.upper_bound >= exact.weight
