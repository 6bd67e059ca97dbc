"""Large neighbourhood search, the heuristic's last phase (see heuristic.py)."""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .heuristic import _State


def lns_improve(st: _State, *, deadline: float, target: int | None, max_idle: int | None, seed: int = 1) -> int:
    """Large neighbourhood search: clear the schedules of an unscheduled request's two parties,
    insert that request first and the displaced / waiting requests after it (heaviest first,
    random order among equals), keep the result when (weight, meetings) does not get worse.
    Stops at the deadline, at ``target``, or after ``max_idle`` tries without improvement
    (default: 1,000 + 50 per waiting request).
    """
    inst, S = st.inst, st.S
    rng = random.Random(seed)
    waiting = [r for r in range(len(inst.w)) if st.slot_of[r] < 0 and inst.common[r] and not st.locked[r]]
    if max_idle is None:
        max_idle = 1000 + 50 * len(waiting)
    idle = improvements = 0
    tries = 0
    while waiting and idle < max_idle:
        tries += 1
        if tries % 64 == 0 and time.monotonic() > deadline:
            break
        i = rng.randrange(len(waiting))
        r = waiting[i]
        if st.slot_of[r] >= 0:
            waiting[i] = waiting[-1]
            waiting.pop()
            continue
        before = (st.weight, st.count)
        mark = len(st.log)
        a, b = inst.ra[r], inst.rb[r]
        freed: list[int] = []
        for p in (a, b):
            for k in range(S):
                for m in list(st.at[p * S + k]):
                    if not st.locked[m]:
                        st.unassign(m)
                        freed.append(m)
        others = set(freed)
        for p in (a, b):
            for q in st.by_party[p]:
                if st.slot_of[q] < 0 and q != r:
                    others.add(q)
        rest = sorted(others, key=lambda q: (-inst.w[q], rng.random()))
        for q in [r, *rest]:
            if not st.place_direct(q):
                st.budget = 30
                st.relocate(q, 1)
        after = (st.weight, st.count)
        if after < before:
            st.undo(mark)
            idle += 1
        else:
            if after > before:
                improvements += 1
                idle = 0
                waiting = [q for q in waiting if st.slot_of[q] < 0]
                if target is not None and st.weight >= target:
                    break
            else:
                idle += 1
            for q in freed:
                if st.slot_of[q] < 0:
                    waiting.append(q)
        st.log.clear()
    return improvements
