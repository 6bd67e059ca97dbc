"""The in-memory dense store (core.search._DenseKind): grown in steps, its sign-bit shortlist
finds what an exact search finds."""

import numpy as np

from shanglian.core.search import _DenseKind
from shanglian.text import embed


def _rows(vectors: np.ndarray, first_id: int = 1) -> list[tuple[int, int, bytes]]:
    return [(first_id + i, first_id + i, blob) for i, blob in enumerate(embed.quantise(vectors))]


def test_the_sign_bit_shortlist_finds_the_exact_nearest_records():
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((3000, embed.DIM)).astype(np.float32)
    rows = _rows(vectors)
    store = _DenseKind("t_dense")
    store.EXACT_BELOW = 100  # the shortlist path, as past 20,000 records
    store._append(rows[:1000])
    store._append(rows[1000:])  # grown in two steps, as new entries arrive
    assert store.bits.shape == (embed.DIM // 64, 3000)
    exact = _DenseKind("t_dense_exact")
    exact._append(rows)
    for target in (5, 1500, 2999):
        query = vectors[target] + 0.3 * rng.standard_normal(embed.DIM).astype(np.float32)
        shortlisted = store.nearest(query, 10)
        assert shortlisted[0][0] == target + 1
        assert [oid for oid, _ in shortlisted[:3]] == [oid for oid, _ in exact.nearest(query, 3)]


def test_a_replaced_record_is_found_once():
    rng = np.random.default_rng(8)
    vectors = rng.standard_normal((300, embed.DIM)).astype(np.float32)
    store = _DenseKind("t_dense_replace")
    store.EXACT_BELOW = 10
    store._append(_rows(vectors))
    # Record 1 written again (a new entry id, the same object): only its new vector counts.
    store._append([(301, 1, embed.quantise(vectors[200:201])[0])])
    found = store.nearest(vectors[200], 5)
    assert [oid for oid, _ in found].count(1) == 1
    assert found[0][0] in (1, 201)
