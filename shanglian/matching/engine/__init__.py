"""The match engine: a hybrid ranker behind a small interface.

``Corpus`` holds documents (opportunities or enterprises) with their tokens and embeddings and
ranks counterparts for a query document; ``embed.get_embedder()`` gives the sentence model;
``weights.WEIGHTS`` holds the measured weights. No Django here: the benchmarks use it directly.
"""

from shanglian.matching.engine.corpus import Corpus, Doc, Scored, lexical_tokens
from shanglian.matching.engine.embed import get_embedder
from shanglian.matching.engine.weights import WEIGHTS

__all__ = ["Corpus", "Doc", "Scored", "WEIGHTS", "get_embedder", "lexical_tokens"]
