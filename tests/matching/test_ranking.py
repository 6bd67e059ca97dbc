"""The engine on a handful of fixed cases: cross-script, cross-vocabulary, cross-language."""

from __future__ import annotations

import pytest

from shanglian.matching.models import Introduction, Match
from shanglian.matching.ranking import matches_refresh, recompute_all
from shanglian.matching.reasons import render_reasons
from tests.matching.conftest import post


@pytest.fixture
def garment_offer(sz_member, sz_enterprise, secretariat):
    return post(sz_member, sz_enterprise, kind="offer", subtype="capacity", title="针织服装加工厂承接外贸订单",
                description="东莞针织成衣工厂，月产能二十万件，承接OEM来样加工。", industry="garments",
                markets=("dongguan",), regions=(), publish_by=secretariat)


@pytest.fixture
def english_offer(make_user, east_enterprise, secretariat):
    from shanglian.directory.models import EnterpriseRole

    user = make_user("east-member")
    EnterpriseRole.objects.create(user=user, enterprise=east_enterprise)
    return post(user, east_enterprise, kind="offer", subtype="product",
                title="Electronic components and IC chips in stock",
                description="Authorised distributor of electronic components: ICs, resistors, capacitors. "
                            "Small orders welcome, delivery to Hong Kong within two days.",
                markets=(), regions=("hk",), publish_by=secretariat)


def test_traditional_hk_need_finds_simplified_offer_first(hk_need, sz_offer, garment_offer):
    matches_refresh(opportunity_id=hk_need.pk)
    ranked = list(Match.objects.filter(opportunity=hk_need, counterpart__isnull=False).order_by("-score"))
    assert ranked[0].counterpart_id == sz_offer.pk
    assert garment_offer.pk not in [m.counterpart_id for m in ranked[:1]]


def test_english_offer_is_found_from_chinese_need(hk_need, english_offer, garment_offer):
    matches_refresh(opportunity_id=hk_need.pk)
    ranked = [m.counterpart_id for m in Match.objects.filter(opportunity=hk_need, counterpart__isnull=False)
              .order_by("-score")]
    assert ranked.index(english_offer.pk) < ranked.index(garment_offer.pk) if garment_offer.pk in ranked else True
    assert english_offer.pk in ranked


def test_reverse_insertion_and_reasons(hk_need, sz_offer):
    matches_refresh(opportunity_id=sz_offer.pk)
    # The new offer appears in the need's list too, with reasons rendered in the viewer's language.
    m = Match.objects.get(opportunity=hk_need, counterpart=sz_offer)
    texts = render_reasons(m.reasons, "zh-hant")
    assert any("電子" in t for t in texts)
    assert any("深圳" in t for t in texts)
    assert any("Shenzhen" in t for t in render_reasons(m.reasons, "en"))


def test_declined_pair_never_proposed_again(hk_need, sz_offer, kt_enterprise, sz_enterprise):
    Introduction.objects.create(pair=f"o{min(hk_need.pk, sz_offer.pk)}-o{max(hk_need.pk, sz_offer.pk)}",
                                opportunity=hk_need, counterpart=sz_offer, requester=kt_enterprise,
                                target=sz_enterprise, status=Introduction.Status.DECLINED)
    matches_refresh(opportunity_id=hk_need.pk)
    matches_refresh(opportunity_id=sz_offer.pk)
    recompute_all()
    assert not Match.objects.filter(opportunity=hk_need, counterpart=sz_offer).exists()
    assert not Match.objects.filter(opportunity=sz_offer, counterpart=hk_need).exists()


def test_recompute_all_keeps_curated(hk_need, sz_offer, garment_offer, secretariat):
    from shanglian.matching.introductions import match_curate

    match_curate(actor=secretariat, opportunity=hk_need, counterpart=garment_offer, note="聯會推薦")
    result = recompute_all()
    assert result["opportunities"] == 3
    assert Match.objects.filter(opportunity=hk_need, counterpart=garment_offer, curated=True).exists()
    assert Match.objects.filter(opportunity=hk_need, counterpart=sz_offer, curated=False).exists()


def test_reverse_insertion_into_a_full_list_displaces_the_weakest(hk_need, sz_offer):
    from shanglian.matching.engine.weights import TOP_OPPORTUNITIES
    from shanglian.matching.models import Opportunity

    fillers = []
    for n in range(TOP_OPPORTUNITIES):
        o = Opportunity.objects.get(pk=sz_offer.pk)
        o.pk = o.id = None
        o.status, o.title = Opportunity.Status.DRAFT, f"填充 {n}"
        o.save()
        fillers.append(o)
    Match.objects.bulk_create([Match(opportunity=hk_need, counterpart=o, score=0.31 + n / 1000, reasons=[])
                               for n, o in enumerate(fillers)])
    Match.objects.create(opportunity=hk_need, counterpart_enterprise=sz_offer.enterprise, score=0.1, reasons=[])
    weakest = fillers[0]
    for _ in range(2):  # an edit re-runs it: still one row, list still full
        matches_refresh(opportunity_id=sz_offer.pk)
    rows = Match.objects.filter(opportunity=hk_need, counterpart__isnull=False)
    assert rows.count() == TOP_OPPORTUNITIES
    assert rows.filter(counterpart=sz_offer).count() == 1
    assert not rows.filter(counterpart=weakest).exists()
    assert Match.objects.filter(opportunity=hk_need, counterpart_enterprise=sz_offer.enterprise).exists()



def test_recompute_all_stores_the_engines_results(hk_need, sz_offer, garment_offer, english_offer, secretariat):
    """The full recompute writes rows straight from the engine's arrays (reasons as JSON text);
    read back from the database (PostgreSQL: jsonb) they are the engine's ``Scored`` results:
    same counterparts in the same order, rounded scores, reasons as lists of dicts."""
    from django.utils import timezone

    from shanglian.matching.engine.weights import MIN_SCORE, TOP_ENTERPRISES, TOP_OPPORTUNITIES
    from shanglian.matching.introductions import match_curate
    from shanglian.matching.ranking import OPPOSITE, _sync

    # A curated pair the engine also proposes: recomputed in place (score, reasons), not duplicated.
    match_curate(actor=secretariat, opportunity=hk_need, counterpart=sz_offer, note="聯會推薦")
    recompute_all()
    opps, ents = _sync()
    queries = list(opps.docs.values())
    today = timezone.localdate()
    want: dict[int, list] = {}
    for corpus, kinds, top in ((opps, OPPOSITE, TOP_OPPORTUNITIES),
                               (ents, {"offer": ("enterprise",), "need": ("enterprise",)}, TOP_ENTERPRISES)):
        for q, results in corpus.rank_many(queries, kinds_for=kinds, top=top, today=today):
            want.setdefault(q.id, []).extend(
                (s.doc.id if corpus is opps else None, s.doc.id if corpus is ents else None, round(s.score, 4),
                 s.reasons) for s in results if s.score >= MIN_SCORE)
    assert sum(len(v) for v in want.values()) >= 4
    for q in queries:
        rows = Match.objects.filter(opportunity_id=q.id).order_by("pk")
        got = [(m.counterpart_id, m.counterpart_enterprise_id, m.score, m.reasons) for m in rows if not m.curated]
        curated = [(m.counterpart_id, m.counterpart_enterprise_id, m.score, m.reasons) for m in rows if m.curated]
        expected = [w for w in want.get(q.id, []) if (w[0], w[1]) not in {(c[0], c[1]) for c in curated}]
        assert got == expected
        for c in curated:  # the curated row keeps its place and gets the engine's score and reasons
            match = [w for w in want[q.id] if (w[0], w[1]) == (c[0], c[1])]
            assert match and c[3] == [{"code": "curated"}, *match[0][3]] and c[2] == match[0][2]
    assert Match.objects.filter(opportunity=hk_need, counterpart=sz_offer, curated=True).count() == 1
    assert not Match.objects.filter(opportunity=hk_need, counterpart=sz_offer, curated=False).exists()
