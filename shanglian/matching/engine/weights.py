"""The ranker's weights, in one place. Chosen by measurement on the evaluation set
(bench/matching_quality.py --tune prints the grid; see bench/matching.md), not by feel."""

from __future__ import annotations

WEIGHTS: dict[str, float] = {
    "lexical": 0.15,  # BM25 over the text pipeline's tokens, scaled by the query's own score
    "dense": 0.8,  # cosine of multilingual sentence embeddings
    "industry": 0.15,  # same industry (1), same parent industry (0.5)
    "category": 0.04,  # product / service category words in common
    "complement": 0.04,  # offer ↔ need subtype fit (product ↔ sourcing …)
    "market": 0.03,  # target markets overlap (city 1, region 0.6)
    "fresh": 0.01,  # recently published
}

# How many counterparts are kept per opportunity, and the floor below which nothing is proposed.
TOP_OPPORTUNITIES = 20
TOP_ENTERPRISES = 5
MIN_SCORE = 0.3
