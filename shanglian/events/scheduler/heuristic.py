"""Matching-based heuristic: priority-ordered greedy slot filling plus relocation chains.

Tables inside a slot are interchangeable, so the heuristic only chooses a slot per request
(tables are numbered afterwards). The state is kept in flat Python lists and slot sets are bit
masks (at most a few dozen slots), which makes one placement attempt a handful of integer
operations; numpy does the ordering.

1. Pinned requests are placed first and never moved.
2. Requests are taken by weight (heaviest first), then by fewest common slots, then by how
   overbooked their parties are. Each one goes to a slot where both sides still have room and a
   table is free, the least loaded such slot (this keeps the slots balanced, i.e. a per-slot
   greedy b-matching).
3. When no such slot exists, a depth-limited relocation search (an ejection chain / Kempe-chain
   style augmenting move) tries to free a common slot: move the meeting blocking one side to
   another slot, which may in turn move the meeting blocking its partner there, and so on.
4. An improvement pass retries the unscheduled requests with a deeper search and swaps in a
   heavier request for lighter blocking meetings when the gain is positive (the lighter ones
   are then re-placed if possible).
"""

from __future__ import annotations

import time
from itertools import islice

import numpy as np

from .lns import lns_improve
from .model import Instance


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class _State:
    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        s = inst.n_slots
        self.S = s
        self.T = inst.tables
        n_parties = len(inst.party_ids)
        self.load = [0] * (n_parties * s)
        self.room = list(inst.avail)  # slots where the party is available and below capacity
        self.at: list[list[int]] = [[] for _ in range(n_parties * s)]
        self.slot_count = [0] * s
        self.slot_members: list[set[int]] = [set() for _ in range(s)]
        self.table_room = (1 << s) - 1
        self.slot_of = [-1] * len(inst.w)
        self.locked = [False] * len(inst.w)
        self.log: list[tuple[int, int, int]] = []
        self.budget = 0
        self.weight = 0
        self.count = 0
        self.by_party: list[list[int]] = [[] for _ in range(n_parties)]
        for r, (a, b) in enumerate(zip(inst.ra, inst.rb, strict=True)):
            if inst.common[r]:
                self.by_party[a].append(r)
                self.by_party[b].append(r)

    # -- primitive moves (logged so they can be undone) ------------------------------------
    def _add(self, r: int, k: int) -> None:
        inst, S = self.inst, self.S
        for p in (inst.ra[r], inst.rb[r]):
            i = p * S + k
            self.load[i] += 1
            self.at[i].append(r)
            if self.load[i] >= inst.cap[p]:
                self.room[p] &= ~(1 << k)
        self.slot_count[k] += 1
        self.slot_members[k].add(r)
        if self.slot_count[k] >= self.T:
            self.table_room &= ~(1 << k)
        self.slot_of[r] = k
        self.weight += inst.w[r]
        self.count += 1

    def _remove(self, r: int) -> int:
        inst, S = self.inst, self.S
        k = self.slot_of[r]
        for p in (inst.ra[r], inst.rb[r]):
            i = p * S + k
            self.load[i] -= 1
            self.at[i].remove(r)
            self.room[p] |= 1 << k
        self.slot_count[k] -= 1
        self.slot_members[k].discard(r)
        self.table_room |= 1 << k
        self.slot_of[r] = -1
        self.weight -= inst.w[r]
        self.count -= 1
        return k

    def assign(self, r: int, k: int) -> None:
        self._add(r, k)
        self.log.append((0, r, k))

    def unassign(self, r: int) -> None:
        k = self._remove(r)
        self.log.append((1, r, k))

    def undo(self, mark: int) -> None:
        log = self.log
        while len(log) > mark:
            op, r, k = log.pop()
            if op == 0:
                self._remove(r)
            else:
                self._add(r, k)

    # -- placement -----------------------------------------------------------------------------
    def least_loaded(self, mask: int) -> int:
        best, best_load = -1, 1 << 60
        counts = self.slot_count
        while mask:
            low = mask & -mask
            k = low.bit_length() - 1
            mask ^= low
            if counts[k] < best_load:
                best, best_load = k, counts[k]
        return best

    def place_direct(self, r: int, exclude: int = 0) -> bool:
        inst = self.inst
        mask = inst.common[r] & self.room[inst.ra[r]] & self.room[inst.rb[r]] & self.table_room & ~exclude
        if not mask:
            return False
        self.assign(r, self.least_loaded(mask))
        return True

    def relocate(self, r: int, depth: int) -> bool:
        """Place ``r`` (moving it if it is placed) into another slot, moving blockers up to ``depth`` deep.

        On failure the state is exactly as before.
        """
        self.budget -= 1
        mark = len(self.log)
        k0 = self.slot_of[r]
        exclude = 0
        if k0 >= 0:
            self.unassign(r)
            exclude = 1 << k0
        if self.place_direct(r, exclude):
            return True
        if depth > 0 and self.budget > 0:
            inst, S = self.inst, self.S
            a, b = inst.ra[r], inst.rb[r]
            cands = inst.common[r] & ~exclude
            # cheapest repairs first: one side blocked (table free), only the table missing,
            # one side blocked and no table, both sides blocked
            room_a, room_b, tables = self.room[a], self.room[b], self.table_room
            one_side = cands & (room_a ^ room_b)
            order = _bits(one_side & tables) + _bits(cands & room_a & room_b & ~tables) + \
                _bits(one_side & ~tables) + _bits(cands & ~room_a & ~room_b)
            for k in order:
                if self.budget <= 0:
                    break
                mark2 = len(self.log)
                ok = True
                for p in (a, b):
                    if self.room[p] >> k & 1:
                        continue
                    moved = False
                    for m in list(self.at[p * S + k]):
                        if self.locked[m]:
                            continue
                        if self.relocate(m, depth - 1):
                            moved = True
                            break
                    if not moved:
                        ok = False
                        break
                if ok and not self.table_room >> k & 1:
                    ok = self._free_table(k, exclude)
                if ok and self.room[a] >> k & 1 and self.room[b] >> k & 1 and self.table_room >> k & 1:
                    self.assign(r, k)
                    return True
                self.undo(mark2)
        self.undo(mark)
        return False

    def _free_table(self, k: int, exclude: int, tries: int = 8) -> bool:
        """Move one meeting out of slot ``k`` to a slot with spare capacity (no chain)."""
        if not self.table_room & ~((1 << k) | exclude):
            return False  # every other slot is full as well
        n = 0
        for m in list(islice(self.slot_members[k], 4 * tries)):
            if self.locked[m]:
                continue
            mark = len(self.log)
            self.unassign(m)
            if self.place_direct(m, (1 << k) | exclude):
                return True
            self.undo(mark)
            n += 1
            if n >= tries:
                break
        return False

    def eject_for(self, r: int, depth: int) -> bool:
        """Place ``r`` in place of the meetings in its way, then re-place those elsewhere.

        Kept only when the net weight gain is positive (an augmenting move); else undone.
        """
        inst, S = self.inst, self.S
        a, b, w = inst.ra[r], inst.rb[r], inst.w[r]
        options = []
        for k in _bits(inst.common[r]):
            victims: list[int] = []
            for p in (a, b):
                if self.room[p] >> k & 1:
                    continue
                cands = [m for m in self.at[p * S + k] if not self.locked[m] and m not in victims]
                if not cands:
                    victims = []
                    break
                victims.append(min(cands, key=lambda m: inst.w[m]))
            else:
                if not victims and not self.table_room >> k & 1:
                    cands = [m for m in islice(self.slot_members[k], 64) if not self.locked[m]]
                    if cands:
                        victims.append(min(cands, key=lambda m: inst.w[m]))
                if victims:
                    options.append((sum(inst.w[m] for m in victims), k, victims))
        options.sort()
        for _cost, k, victims in options[:6]:
            mark = len(self.log)
            for m in victims:
                self.unassign(m)
            if not (self.room[a] >> k & 1 and self.room[b] >> k & 1 and self.table_room >> k & 1):
                self.undo(mark)
                continue
            self.assign(r, k)
            gain, count = w, 1
            for m in victims:
                self.budget = 200
                if self.relocate(m, depth):
                    continue
                gain -= inst.w[m]
                count -= 1
                # the victim's parties have room again: an unscheduled request of theirs may fit now
                for p in (inst.ra[m], inst.rb[m]):
                    for q in self.by_party[p]:
                        if self.slot_of[q] < 0 and q != m and self.place_direct(q):
                            gain += inst.w[q]
                            count += 1
            if gain > 0 or (gain == 0 and count > 0):
                return True
            self.undo(mark)
        return False


def heuristic_slots(inst: Instance, *, time_limit: float = 60.0, depth: int = 3,
                    budget: int = 400, rounds: int = 4, target: int | None = None,
                    lns: bool = True, lns_idle: int | None = None, stats: dict | None = None) -> list[int]:
    """Slot index per request (-1 = unscheduled).

    Stops improving once the weight reaches ``target`` (an upper bound) or at ``time_limit``;
    ``stats`` (if given) receives the weight and time after each phase.
    """
    if stats is None:
        stats = {}
    phases: list[tuple[str, int, float]] = []
    stats["phases"] = phases
    started = time.monotonic()
    st = _State(inst)
    for r, (k, _table) in inst.pin.items():
        st.assign(r, k)
        st.locked[r] = True
    n = len(inst.w)
    if n == 0:
        return st.slot_of
    w = np.asarray(inst.w, dtype=np.int64)
    common = np.asarray(inst.common, dtype=np.int64)
    flex = np.zeros(n, dtype=np.int64)
    for k in range(inst.n_slots):
        flex += (common >> k) & 1
    ra = np.asarray(inst.ra, dtype=np.int64)
    rb = np.asarray(inst.rb, dtype=np.int64)
    n_parties = len(inst.party_ids)
    demand = np.bincount(ra, minlength=n_parties) + np.bincount(rb, minlength=n_parties)
    avail = np.asarray(inst.avail, dtype=np.int64)
    supply = np.zeros(n_parties, dtype=np.int64)
    for k in range(inst.n_slots):
        supply += (avail >> k) & 1
    supply = np.maximum(supply * np.asarray(inst.cap, dtype=np.int64), 1)
    pressure = demand / supply
    pr = pressure[ra] + pressure[rb]
    # lexsort: last key is primary
    order = np.lexsort((-pr, flex, -w))
    todo = [int(r) for r in order if flex[r] > 0 and not st.locked[r]]
    failed: list[int] = []
    for r in todo:
        if st.place_direct(r):
            continue
        if not st.table_room:
            failed.append(r)  # all tables taken: only the improvement pass (ejection) can help
            continue
        st.budget = budget
        if not st.relocate(r, depth):
            failed.append(r)
        st.log.clear()
        if time.monotonic() - started > time_limit * 0.6:
            depth = 1
    phases.append(("greedy", st.weight, round(time.monotonic() - started, 2)))
    # improvement: deeper search, then ejection moves with a positive gain
    for round_ in range(rounds):
        if not failed or time.monotonic() - started > time_limit * 0.8:
            break
        if target is not None and st.weight >= target:
            break
        round_start = st.weight
        for r in failed:
            if st.slot_of[r] >= 0:
                continue
            if time.monotonic() - started > time_limit * 0.9:
                break
            if st.table_room:  # a chain must end in a slot with a free table
                st.budget = budget * 4
                ok = st.relocate(r, depth + 1 + min(round_, 1))
                st.log.clear()
                if ok:
                    continue
            if st.eject_for(r, depth):
                st.log.clear()
                if target is not None and st.weight >= target:
                    break
                continue
            st.log.clear()
        # ejected meetings may be unscheduled now: give them a direct chance
        if st.table_room:
            for r in todo:
                if st.slot_of[r] < 0:
                    st.place_direct(r)
            st.log.clear()
        phases.append((f"improve{round_ + 1}", st.weight, round(time.monotonic() - started, 2)))
        failed = [r for r in todo if st.slot_of[r] < 0]
        if st.weight <= round_start:
            break  # no gain this round: leave the remaining time to the LNS
    if lns and (target is None or st.weight < target):
        gained = lns_improve(st, deadline=started + time_limit * 0.95, target=target, max_idle=lns_idle)
        phases.append(("lns", st.weight, round(time.monotonic() - started, 2)))
        stats["lns_improvements"] = gained
    return st.slot_of

