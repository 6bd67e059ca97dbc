"""The ranker's weights, in one place. Chosen by measurement on the evaluation set
(bench/matching_quality.py --tune prints the grid; see bench/matching.md), not by feel.
With the per-language-pair calibration below, the lexical weight went from 0.15 to 0.35: across
languages the lexical part is imputed from the dense one, so weighing it more no longer pushes
English ↔ Chinese pairs down (sweep of 0.15 / 0.25 / 0.35 in bench/matching.md)."""

from __future__ import annotations

WEIGHTS: dict[str, float] = {
    "lexical": 0.35,  # BM25 over the text pipeline's tokens, scaled by the query's own score
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

# Scores comparable across language pairs. Per (query language, candidate language): where the
# dense cosine and the lexical score of NON-matching pairs lie (mean, spread), measured on the
# evaluation set by bench/matching_calibrate.py. Each pair's components are mapped onto the
# Chinese–Chinese scale (z-score → that pair's mean and spread), so English ↔ Chinese pairs, whose
# cosines run lower and whose lexical score is always ~0 (no shared tokens), are neither
# penalised nor cut off by MIN_SCORE. Across languages the lexical component is imputed from the
# dense one (LEXICAL_FROM_DENSE = their correlation on Chinese–Chinese pairs). An enterprise
# with both a Chinese and an English name ("mixed") is scored as is.
CALIBRATION: dict[str, dict[str, tuple[float, float]]] = {
    "zh-zh": {"dense": (0.264, 0.093), "lexical": (0.056, 0.045)},
    "en-en": {"dense": (0.230, 0.096), "lexical": (0.147, 0.077)},
    "en-zh": {"dense": (0.185, 0.077)},
}
LEXICAL_FROM_DENSE = 0.64
