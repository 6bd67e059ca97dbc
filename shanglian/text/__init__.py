"""Text pipeline: Traditional (HK), Simplified (Mainland) and English as one.

Pure Python, no Django. ``normalise`` folds scripts and regional vocabulary;
``index_tokens`` and ``query_terms`` turn text into the tokens stored in the search index.
"""

from shanglian.text.normalise import normalise
from shanglian.text.query import Query, analyse
from shanglian.text.tokenise import QueryTerm, index_text, index_tokens, index_words, query_terms, token_words

__all__ = ["normalise", "index_text", "index_tokens", "index_words", "token_words", "query_terms", "QueryTerm",
           "analyse", "Query"]
