"""Seeded random instances resembling real brokerage events (for the benchmark and the tests).

* availability: every participant can meet in most slots; each attends 0-3 sessions (a session
  blocks 1-2 consecutive slots) and one in ten arrives late or leaves early (a quarter of the day);
* a share of the parties are companies sending two representatives (capacity 2);
* requests are skewed: the requester is uniform, the requested side is drawn by a log-normal
  popularity, and a popular participant stops accepting once it has about twice as many
  accepted requests as it can hold meetings;
* weights: must meet = 10 (30 %), would like = 3 (70 %); no pair is requested twice.
"""

from __future__ import annotations

import numpy as np

from .model import Party, Problem, Request

MUST, WOULD_LIKE = 10, 3


def generate_problem(*, participants: int, requests: int, slots: int, tables: int, seed: int = 0,
                     two_rep_share: float = 0.15, must_share: float = 0.3) -> Problem:
    rng = np.random.default_rng(seed)
    slot_list = list(range(slots))
    parties: dict[int, Party] = {}
    caps = np.where(rng.random(participants) < two_rep_share, 2, 1)
    for i in range(participants):
        free = set(slot_list)
        for _ in range(int(rng.integers(0, 4))):
            start = int(rng.integers(0, slots))
            for s in range(start, min(slots, start + int(rng.integers(1, 3)))):
                free.discard(s)
        if rng.random() < 0.1:
            quarter = max(1, slots // 4)
            gone = range(quarter) if rng.random() < 0.5 else range(slots - quarter, slots)
            free.difference_update(gone)
        parties[i + 1] = Party(id=i + 1, available_slots=frozenset(free), capacity=int(caps[i]))
    popularity = rng.lognormal(0.0, 1.0, participants)
    popularity /= popularity.sum()
    limit = 2 * slots * caps
    degree = np.zeros(participants, dtype=np.int64)
    pairs: set[tuple[int, int]] = set()
    out: list[Request] = []
    while len(out) < requests:
        batch = max(1024, requests - len(out))
        src = rng.integers(0, participants, batch)
        dst = rng.choice(participants, size=batch, p=popularity)
        must = rng.random(batch) < must_share
        for a, b, m in zip(src.tolist(), dst.tolist(), must.tolist(), strict=True):
            if a == b or degree[b] >= limit[b] or degree[a] >= limit[a]:
                continue
            key = (min(a, b), max(a, b))
            if key in pairs:
                continue
            pairs.add(key)
            degree[a] += 1
            degree[b] += 1
            out.append(Request(id=len(out) + 1, a=a + 1, b=b + 1, weight=MUST if m else WOULD_LIKE))
            if len(out) >= requests:
                break
    return Problem(slots=slot_list, tables=tables, parties=parties, requests=out)
