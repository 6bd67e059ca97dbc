"""Expertise matched through the matching engine's sentence model (``matching.similarity``):
reviewers against applications, mentors against start-ups' needs. Multilingual — an application
tagged 金融科技 meets a reviewer who knows "fintech" or 金融科技.

A profile is a list of terms (tags, expertise) and a text (what the project or the mentor's
enterprise is about). For an application with terms, the score is the **coverage** of its terms:
for each term, the best cosine to any of the person's terms, averaged, rescaled so unrelated
words (cosine ≤ 0.3) give 0 and the same word gives 100. Without terms the application's text
is compared with the person's terms and text. Reasons are the pairs behind the score
(application term ≈ person term, with the cosine), strongest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

FLOOR, CEILING = 0.3, 1.0  # term cosine → 0 … 100
TEXT_FLOOR, TEXT_CEILING = 0.1, 0.7  # whole texts are less alike than single terms
REASON_MIN = 0.55  # a pair is named as a reason from this cosine up
NEUTRAL = 50  # nothing to compare (no terms, no text): neither for nor against


@dataclass
class Profile:
    terms: list[str] = field(default_factory=list)
    text: str = ""


def _terms(values: Any) -> list[str]:
    if not isinstance(values, list | tuple):
        return []
    return list(dict.fromkeys(str(v).strip() for v in values if v and str(v).strip()))[:20]


def application_profile(application: Any) -> Profile:
    answers = application.answers if isinstance(application.answers, dict) else {}
    words = [str(v) for v in answers.values() if isinstance(v, str) and len(v) > 3][:3]
    return Profile(terms=_terms(application.tags), text="\n".join([application.project_name, *words])[:1000])


def reviewer_profile(reviewer: Any) -> Profile:
    terms = _terms(reviewer.expertise)
    return Profile(terms=terms, text=", ".join(terms))


def mentor_profile(mentor: Any) -> Profile:
    terms = _terms(mentor.expertise)
    enterprise = mentor.enterprise
    about = [getattr(enterprise, name, "") for name in ("name_zh", "name_en", "description")]
    return Profile(terms=terms, text="\n".join([", ".join(terms), *[a for a in about if a]])[:1000])


def _scale(cosine: np.ndarray | float, floor: float = FLOOR, ceiling: float = CEILING) -> np.ndarray:
    return np.clip((np.asarray(cosine, dtype=np.float32) - floor) / (ceiling - floor), 0.0, 1.0) * 100.0


@dataclass
class Match:
    scores: np.ndarray  # (len(left), len(right)) ints 0–100
    _terms: list[str]
    _sim: np.ndarray  # term × term cosine
    _left: list[Profile]
    _right: list[Profile]
    _index: dict[str, int]

    def reasons(self, i: int, j: int, limit: int = 3) -> list[list]:
        """[[application term, person term, cosine %], …] strongest first."""
        left, right = self._left[i].terms, self._right[j].terms
        if not left or not right:
            return []
        cols = [self._index[t] for t in right]
        out = []
        for term in left:
            row = self._sim[self._index[term], cols]
            best = int(np.argmax(row))
            if row[best] >= REASON_MIN:
                out.append([term, right[best], round(float(row[best]) * 100)])
        out.sort(key=lambda r: -r[2])
        return out[:limit]


def match(left: Sequence[Profile], right: Sequence[Profile]) -> Match:
    """Score every (left, right) pair. The terms of both sides are embedded once (and remembered);
    texts only for left profiles without terms."""
    from shanglian.matching.similarity import text_vectors

    left, right = list(left), list(right)
    terms = list(dict.fromkeys(t for p in [*left, *right] for t in p.terms))
    index = {t: k for k, t in enumerate(terms)}
    vectors = text_vectors(terms) if terms else np.zeros((0, 1), dtype=np.float32)
    sim = vectors @ vectors.T if terms else np.zeros((0, 0), dtype=np.float32)
    scores = np.full((len(left), len(right)), NEUTRAL, dtype=np.int32)
    if not left or not right:
        return Match(scores, terms, sim, left, right, index)
    # best[t, j]: the best cosine of term t to any of right[j]'s terms (−1 when j has none)
    best = np.full((len(terms), len(right)), -1.0, dtype=np.float32)
    for j, person in enumerate(right):
        if person.terms:
            best[:, j] = sim[:, [index[t] for t in person.terms]].max(axis=1)
    bare = [i for i, p in enumerate(left) if not p.terms and p.text.strip()]
    if bare:
        texts = text_vectors([left[i].text for i in bare] + [p.text for p in right])
        text_sim = texts[: len(bare)] @ texts[len(bare) :].T
        for row, i in enumerate(bare):
            scores[i] = np.rint(_scale(text_sim[row], TEXT_FLOOR, TEXT_CEILING)).astype(np.int32)
    for i, profile in enumerate(left):
        if not profile.terms:
            continue
        coverage = best[[index[t] for t in profile.terms]].mean(axis=0)
        scores[i] = np.rint(_scale(coverage)).astype(np.int32)  # a person without terms: 0
    return Match(scores, terms, sim, left, right, index)
