"""Upper bounds on the total weight any feasible schedule can reach.

* ``combinatorial_bound``: the minimum of
  - the total weight of requests that have a common slot (``reachable``);
  - the heaviest ``tables x |slots|`` of them (``tables``): no schedule holds more meetings;
  - the party bound (``parties``): party p can hold at most c_p = capacity x |slots usable by p|
    meetings, so the weight of p's meetings is at most the sum of its c_p heaviest requests;
    every meeting is counted by both its parties, hence OPT <= floor(sum_p top_{c_p}(p) / 2).
* ``lp_bound``: the LP relaxation of the aggregated model (one variable y_r in [0, 1] per
  request; per party sum y_r <= c_p; in total sum y_r <= tables x |slots|; pinned y_r = 1),
  solved with HiGHS through scipy. It dominates all three combinatorial bounds above (they are
  feasible duals of it). Slot identities are relaxed away, which keeps it small (one column
  per request) even at 86,000 requests.
Pinned requests are always counted (they are fixed in every schedule).
"""

from __future__ import annotations

import math

import numpy as np

from .model import Instance


def _popcount(masks: np.ndarray, n_slots: int) -> np.ndarray:
    out = np.zeros(masks.shape, dtype=np.int64)
    for k in range(n_slots):
        out += (masks >> k) & 1
    return out


def _party_limits(inst: Instance) -> np.ndarray:
    """c_p = capacity x number of slots in which p has at least one request it could meet."""
    n_parties = len(inst.party_ids)
    usable = [0] * n_parties
    for a, b, c in zip(inst.ra, inst.rb, inst.common, strict=True):
        usable[a] |= c
        usable[b] |= c
    return _popcount(np.asarray(usable, dtype=np.int64), inst.n_slots) * np.asarray(inst.cap, dtype=np.int64)


def combinatorial_bound(inst: Instance) -> dict[str, int]:
    n = len(inst.w)
    if n == 0:
        return {"reachable": 0, "tables": 0, "parties": 0, "bound": 0}
    w = np.asarray(inst.w, dtype=np.int64)
    ok = np.asarray(inst.common, dtype=np.int64) != 0
    reachable = int(w[ok].sum())
    heavy = np.sort(w[ok])[::-1]
    table_bound = int(heavy[: inst.tables * inst.n_slots].sum())
    # per party: sum of its c_p heaviest reachable requests
    limits = _party_limits(inst)
    ra = np.asarray(inst.ra, dtype=np.int64)[ok]
    rb = np.asarray(inst.rb, dtype=np.int64)[ok]
    ww = w[ok]
    party = np.concatenate([ra, rb])
    weight = np.concatenate([ww, ww])
    order = np.lexsort((-weight, party))  # by party, heaviest first
    party, weight = party[order], weight[order]
    starts = np.searchsorted(party, party, side="left")
    rank = np.arange(len(party)) - starts
    keep = rank < limits[party]
    party_bound = int(weight[keep].sum()) // 2
    return {"reachable": reachable, "tables": table_bound, "parties": party_bound,
            "bound": min(reachable, table_bound, party_bound)}


def lp_bound(inst: Instance) -> int | None:
    """floor of the aggregated LP optimum, or None when scipy is unavailable or HiGHS fails."""
    try:
        from scipy.optimize import linprog
        from scipy.sparse import csr_matrix, vstack
    except ImportError:  # pragma: no cover - scipy is a dependency, but keep the scheduler usable
        return None
    idx = [i for i, c in enumerate(inst.common) if c]
    if not idx:
        return 0
    m = len(idx)
    w = np.asarray([inst.w[i] for i in idx], dtype=np.float64)
    ra = np.asarray([inst.ra[i] for i in idx], dtype=np.int64)
    rb = np.asarray([inst.rb[i] for i in idx], dtype=np.int64)
    n_parties = len(inst.party_ids)
    cols = np.arange(m)
    party_rows = csr_matrix((np.ones(2 * m), (np.concatenate([ra, rb]), np.concatenate([cols, cols]))),
                            shape=(n_parties, m))
    total_row = csr_matrix(np.ones((1, m)))
    a_ub = vstack([party_rows, total_row]).tocsr()
    b_ub = np.concatenate([_party_limits(inst).astype(np.float64), [float(inst.tables * inst.n_slots)]])
    lower = np.zeros(m)
    pinned = {r for r in inst.pin}
    for j, i in enumerate(idx):
        if i in pinned:
            lower[j] = 1.0
    res = linprog(-w, A_ub=a_ub, b_ub=b_ub, bounds=np.column_stack([lower, np.ones(m)]), method="highs")
    if res.status != 0:
        return None
    # small tolerance against floating point noise before flooring
    return math.floor(-res.fun + 1e-6)


def upper_bound(inst: Instance) -> tuple[int, dict[str, int]]:
    parts = combinatorial_bound(inst)
    lp = lp_bound(inst)
    best = parts["bound"]
    if lp is not None:
        parts["lp"] = lp
        best = min(best, lp)
    return best, parts
