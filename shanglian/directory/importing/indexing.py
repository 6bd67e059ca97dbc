"""Search tokens and vectors for imported rows, computed BEFORE the write transaction (see services.py).

The parts come from the real ``directory.services.enterprise_search_parts`` applied to a
stand-in carrying the row's final values (the enterprise has no primary key yet), so an imported
enterprise is indexed exactly as ``enterprise_reindex`` would index it. Parts repeated across
rows (association, district and industry names) are tokenised once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from shanglian.core.models import Industry, Place
from shanglian.core.search import search_vectors
from shanglian.directory.importing.validate import CREATE, UPDATE
from shanglian.directory.models import LIVE_STATUSES, Association, Enterprise, Membership
from shanglian.directory.services import enterprise_search_parts
from shanglian.text import index_text, index_words

TEXT = ("name_zh", "name_en", "description", "address")
VECTOR_BATCH = 256  # sentence vectors are encoded in batches (the model's cost is per batch)


def _stand_in(fields: dict[str, Any], industry: Any, place: Any, associations: list[Any]) -> SimpleNamespace:
    # Same interface enterprise_search_parts() reads from an Enterprise.
    return SimpleNamespace(**{k: fields.get(k) or "" for k in TEXT}, industry=industry, place=place,
                           current_associations=lambda: associations)


def row_tokens(rows: list[dict[str, Any]], progress: Callable[[int], None] | None = None,
               every: int = 100) -> None:
    """Add ``tokens`` and ``vector`` (the dense path's, or None without the model) to every
    create/update row (in place), so imported enterprises are found by meaning too."""
    todo = [r for r in rows if r["action"] in (CREATE, UPDATE)]
    industries = {i.pk: i for i in Industry.objects.all()}
    places = {p.pk: p for p in Place.objects.all()}
    associations = {a.pk: a for a in Association.objects.only("pk", "name_zh", "name_en")}
    update_ids = [r["enterprise_id"] for r in todo if r["action"] == UPDATE]
    existing: dict[int, Enterprise] = {}
    member_of: dict[int, list[int]] = {}
    for start in range(0, len(update_ids), 500):
        ids = update_ids[start:start + 500]
        existing.update({e.pk: e for e in Enterprise.objects.filter(pk__in=ids)})
        for enterprise_id, association_id in (Membership.objects.filter(enterprise_id__in=ids,
                                                                        status__in=LIVE_STATUSES)
                                              .values_list("enterprise_id", "association_id").distinct()):
            member_of.setdefault(enterprise_id, []).append(association_id)
    tokenise = lru_cache(maxsize=8192)(index_text)
    words = lru_cache(maxsize=8192)(index_words)
    pending: list[tuple[dict[str, Any], list[str]]] = []

    def encode() -> None:
        if not pending:
            return
        for (target, _), vector in zip(pending, search_vectors([p for _, p in pending]), strict=True):
            target["vector"] = vector
        pending.clear()

    for index, row in enumerate(todo, start=1):
        values = row.get("values") or {}
        if row["action"] == UPDATE:
            base = existing[row["enterprise_id"]]
            fields = {k: values.get(k, getattr(base, k)) for k in TEXT}
            industry_id = values.get("industry_id", base.industry_id)
            place_id = values.get("place_id", base.place_id)
            association_ids = list(member_of.get(base.pk, []))
        else:
            fields, industry_id, place_id, association_ids = values, values.get("industry_id"), \
                values.get("place_id"), []
        if row.get("membership") and row["membership"]["association_id"] not in association_ids:
            association_ids.append(row["membership"]["association_id"])
        parts = enterprise_search_parts(_stand_in(
            fields, industries.get(industry_id), places.get(place_id),
            [associations[a] for a in association_ids if a in associations]))
        row["tokens"] = " ".join(t for t in (tokenise(p) for p in parts) if t)
        row["words"] = sorted(words(*parts))  # the vocabulary nearest words come from (core.search_words)
        pending.append((row, parts))
        if len(pending) >= VECTOR_BATCH:
            encode()
        if progress is not None and (index % every == 0 or index == len(todo)):
            progress(index)
    encode()
