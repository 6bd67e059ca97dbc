"""Demo opportunities (``manage.py demo``): ~300 posts in 繁 / 简 / English across the demo
enterprises, published, with matches computed, and a few introductions for member1.

Idempotent (does nothing when opportunities exist) and fast: bulk inserts, one embedding batch,
one recompute.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from shanglian.core.models import Industry, Place
from shanglian.core.search import search_index_bulk
from shanglian.directory.models import Enterprise, EnterpriseRole
from shanglian.matching.demo_data import (
    CONCEPTS,
    LANG_CODE,
    NEED_LANGS,
    OFFER_LANGS,
    VECTORS_FILE,
    render,
    text_key,
)
from shanglian.matching.engine.corpus import text_parts
from shanglian.matching.models import Introduction, Opportunity, pair_key
from shanglian.matching.services import SEARCH_KIND

ROUNDS = 1  # one pass over the concepts makes 9 posts each (≈320)

# Who posts a concept: an offer comes from a company of the concept's industry (a knitwear
# factory offers knitwear, it does not look for Bluetooth earphones); a need for goods may also
# come from a trader, wholesaler or retailer that buys them. Some concepts name their kind of
# company more precisely — those words are preferred in the poster's name.
BUYER_INDUSTRIES = ("trading", "wholesale", "retail", "sourcing", "ecommerce")
GOODS_INDUSTRIES = {"electronics", "garments", "plastics", "toys", "metal-machinery", "food", "cosmetics",
                    "jewellery", "printing", "manufacturing"}
# Services every business buys (a hardware maker may well look for a logistics partner or an auditor).
SERVICE_INDUSTRIES = {"logistics", "accounting", "legal", "it", "software", "finance", "creative", "consulting",
                      "property", "environment"}
RELATED_INDUSTRIES = {"manufacturing": ("metal-machinery", "plastics", "electronics"), "it": ("software",),
                      "software": ("it",), "creative": ("printing",)}
NAME_HINTS = {"knitwear-oem": ("針織", "针织", "Knit", "製衣", "服装", "Garment"),
              "sportswear-fabric": ("紡織", "纺织", "Textile"),
              "led-lighting": ("電器", "电器", "Electrical", "照明"),
              "ic-chips": ("電子零件", "电子元件", "半導體", "半导体", "Component", "Semiconductor")}


def fitting_posters(pool: list[Enterprise], concept: str, industry: str, kind: str) -> list[Enterprise]:
    """The enterprises that would plausibly post this side of this concept (best first)."""
    same = [e for e in pool if e.industry_id and e.industry.code in (industry, *RELATED_INDUSTRIES.get(industry, ()))]
    hints = NAME_HINTS.get(concept, ())
    named = [e for e in same if any(h in (e.name_zh + e.name_en) for h in hints)]
    if kind == "need" and industry in GOODS_INDUSTRIES:
        buyers = [e for e in pool if e.industry_id and e.industry.code in BUYER_INDUSTRIES]
        return named + same + buyers
    if kind == "need" and industry in SERVICE_INDUSTRIES:
        same_ids = {e.pk for e in same}
        return same + [e for e in pool if e.pk not in same_ids]
    return named or same


def load_demo(*, stdout: Any = None) -> None:
    if Opportunity.objects.exists():
        if stdout:
            stdout.write("matching: demo opportunities already present")
        return
    enterprises = list(Enterprise.objects.filter(is_active=True).select_related("industry").order_by("pk"))
    if len(enterprises) < 20:
        return
    rng = random.Random(3)  # texts (the shipped vectors are keyed by them)
    pick = random.Random(4)  # who posts what, dates, markets
    industries = {i.code: i for i in Industry.objects.all()}
    places = {p.code: p for p in Place.objects.all()}
    member1 = get_user_model().objects.filter(username="member1").first()
    m1_ent = EnterpriseRole.objects.filter(user=member1).values_list("enterprise_id", flat=True).first()
    now = timezone.now()
    today = timezone.localdate()
    rows: list[tuple[Opportunity, list[str]]] = []
    concepts: list[str] = []
    pool = [e for e in enterprises if e.pk != m1_ent]
    vectors = _shipped_vectors()
    for (concept, kind, sub, lang, industry, markets), (title, desc) in zip(_specs(), demo_texts(rng), strict=True):
        posters = fitting_posters(pool, concept, industry, kind) or pool
        chosen = pick.sample(markets, k=max(1, len(markets) - pick.randint(0, 1)))
        published = now - datetime.timedelta(days=pick.randint(0, 60), hours=pick.randint(0, 23))
        vec = vectors.get(text_key(title, desc))
        opp = Opportunity(
            kind=kind, subtype=sub, title=title, description=desc, language=LANG_CODE[lang],
            enterprise=pick.choice(posters[:12] if NAME_HINTS.get(concept) else posters),
            industry=industries.get(industry), status="published",
            category="", target_regions=["hk"] if "hk" in chosen else [],
            expires_on=today + datetime.timedelta(days=pick.randint(20, 120)),
            published_at=published, reviewed_at=published,
            vector=vec[1] if vec else None, vector_model=vec[0] if vec else "")
        rows.append((opp, [c for c in chosen if c != "hk"]))
        concepts.append(concept)
    # member1's own posts: two published (one HK need, one offer), one pending, one draft.
    if m1_ent:
        m1 = Enterprise.objects.select_related("industry").get(pk=m1_ent)
        picks = _member1_picks(m1, rows, concepts) or [rows[5], rows[27], rows[14], rows[20]]
        for (opp, _codes), status in zip(picks, ["published", "published", "pending", "draft"], strict=True):
            opp.enterprise = m1
            opp.author = member1
            opp.status = status
            if status != "published":
                opp.published_at = None
    with transaction.atomic():
        Opportunity.objects.bulk_create([o for o, _c in rows])
        through = Opportunity.target_markets.through
        through.objects.bulk_create([through(opportunity_id=o.pk, place_id=places[c].pk)
                                     for o, codes in rows for c in codes if c in places])
        search_index_bulk(kind=SEARCH_KIND, rows=((o.pk, text_parts(o.title, o.description, o.category))
                                                  for o, _c in rows))
    from shanglian.matching.ranking import recompute_all, reset_cache

    reset_cache()
    result = recompute_all()
    if m1_ent:
        _introductions(member1, m1_ent)
    if stdout:
        stdout.write(f"matching: {len(rows)} opportunities, {result['matches']} matches")


def _member1_picks(m1: Enterprise, rows: list, concepts: list[str]) -> list:
    """member1's own four posts (two published, one pending, one draft) are ones their company
    would write: one offer and needs of their industry, else needs a buyer would have."""
    fits = [i for i, (opp, _c) in enumerate(rows) if m1 in fitting_posters([m1], concepts[i], _industry(opp), opp.kind)]
    own = m1.industry.code if m1.industry_id else ""
    seen, picks = set(), []
    # Their own trade first (a need first: it has matches), then services they would buy.
    for i in sorted(fits, key=lambda i: (_industry(rows[i][0]) != own, rows[i][0].kind != "need", i)):
        if (concepts[i], rows[i][0].kind) in seen:
            continue
        seen.add((concepts[i], rows[i][0].kind))
        picks.append(rows[i])
        if len(picks) == 4:
            break
    return picks if len(picks) == 4 else []


def _industry(opp: Opportunity) -> str:
    return opp.industry.code if opp.industry_id else ""


def _specs() -> list[tuple[str, str, str, str, str, list[str]]]:
    return [(cid, kind, sub, lang, industry, markets)
            for cid, industry, offer_sub, need_sub, markets, _texts in CONCEPTS
            for kind, langs, sub in (("offer", OFFER_LANGS, offer_sub), ("need", NEED_LANGS, need_sub))
            for lang in langs]


def demo_texts(rng: random.Random) -> list[tuple[str, str]]:
    out = []
    for _cid, _industry, _o, _n, _markets, texts in CONCEPTS:
        for langs, which in ((OFFER_LANGS, 0), (NEED_LANGS, 1)):
            out.extend(render(rng, lang, texts[lang][which]) for lang in langs)
    return out


def _shipped_vectors() -> dict[str, tuple[str, bytes]]:
    """text key → (model name, float32 bytes), when the shipped file matches the configured model."""
    from shanglian.matching.engine.embed import get_embedder

    if not VECTORS_FILE.exists():
        return {}
    data = np.load(VECTORS_FILE)
    name = str(data["model"])
    if name != get_embedder().name:
        return {}
    return {str(k): (name, v.astype(np.float32).tobytes()) for k, v in zip(data["keys"], data["vectors"], strict=True)}


def write_vector_file() -> int:
    """Embed the demo texts and write VECTORS_FILE (run after changing the templates)."""
    from shanglian.matching.engine.embed import get_embedder

    texts = demo_texts(random.Random(3))
    embedder = get_embedder()
    vecs = embedder.encode([f"{t}\n{d}" for t, d in texts])
    VECTORS_FILE.parent.mkdir(exist_ok=True)
    np.savez_compressed(VECTORS_FILE, model=np.array(embedder.name), keys=np.array([text_key(t, d) for t, d in texts]),
                        vectors=vecs.astype(np.float16))
    return len(texts)


def _introductions(member1: Any, m1_ent: int) -> None:
    from shanglian.matching.models import Match

    own = list(Opportunity.objects.filter(enterprise_id=m1_ent, status="published"))
    made = 0
    for opp in own:
        for match in Match.objects.filter(opportunity=opp, counterpart__isnull=False).select_related(
                "counterpart")[:3]:
            cp = match.counterpart
            key = pair_key(opp.pk, cp.pk)
            if Introduction.objects.filter(pair=key).exists():
                continue
            # Alternate: member1 asked (accepted), someone asked member1 (waiting), member1 asked (waiting).
            if made % 3 == 0:
                Introduction.objects.create(pair=key, opportunity=opp, counterpart=cp, requester_id=m1_ent,
                                            target_id=cp.enterprise_id, requested_by=member1, status="accepted",
                                            responded_at=timezone.now(), message="希望了解詳情，可否約見？",
                                            outcome="talks" if made == 0 else "", outcome_at=timezone.now())
            elif made % 3 == 1:
                Introduction.objects.create(pair=key, opportunity=cp, counterpart=opp, requester_id=cp.enterprise_id,
                                            target_id=m1_ent, status="requested",
                                            message="我们对贵公司的需求很感兴趣。")
            else:
                Introduction.objects.create(pair=key, opportunity=opp, counterpart=cp, requester_id=m1_ent,
                                            target_id=cp.enterprise_id, requested_by=member1, status="requested")
            made += 1
