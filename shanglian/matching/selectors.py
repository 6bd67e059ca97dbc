"""Reads scoped to a viewer: public search, own posts, matches, inbox, dashboard figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shanglian.core.search import search_filter
from shanglian.directory.access import own_enterprise_ids
from shanglian.matching.models import Introduction, Match, Notification, Opportunity
from shanglian.matching.services import SEARCH_KIND


@dataclass
class SearchFilters:
    q: str = ""
    kind: str = ""
    industry: str = ""
    market: str = ""

    @classmethod
    def from_mapping(cls, data: Any) -> SearchFilters:
        return cls(q=(data.get("q") or "").strip()[:200], kind=(data.get("kind") or "")[:10],
                   industry=(data.get("industry") or "")[:40], market=(data.get("market") or "")[:40])


def public_opportunities() -> QuerySet[Opportunity]:
    return (Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED, expires_on__gte=timezone.localdate())
            .select_related("enterprise", "industry"))


def search(filters: SearchFilters) -> QuerySet[Opportunity]:
    from shanglian.matching.models import Region

    qs = public_opportunities()
    if filters.kind in ("offer", "need"):
        qs = qs.filter(kind=filters.kind)
    if filters.industry:
        qs = qs.filter(Q(industry__code=filters.industry) | Q(industry__parent__code=filters.industry))
    if filters.market:
        if filters.market in Region.values:
            qs = qs.filter(target_regions__contains=[filters.market]) if _json_contains() else qs.filter(
                target_regions__icontains=f'"{filters.market}"')
        else:
            qs = qs.filter(target_markets__code=filters.market)
    if filters.q:
        return search_filter(qs, kind=SEARCH_KIND, query=filters.q).order_by("-search_rank", "-published_at", "-id")
    return qs.order_by("-published_at", "-id")


def _json_contains() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def own_opportunities(user: Any) -> QuerySet[Opportunity]:
    return (Opportunity.objects.filter(enterprise_id__in=own_enterprise_ids(user))
            .select_related("enterprise", "industry").annotate(n_matches=Count("matches")).order_by("-updated_at"))


def matches_for(opportunity: Opportunity, *, limit: int = 20, enterprises: int = 5) -> list[Match]:
    """Counterpart opportunities first (curated, then by score), then similar enterprises."""
    base = opportunity.matches.select_related("counterpart__enterprise", "counterpart__industry",
                                              "counterpart_enterprise__industry").order_by("-curated", "-score", "id")
    opps = list(base.filter(counterpart__status=Opportunity.Status.PUBLISHED)[:limit])
    ents = list(base.filter(counterpart__isnull=True, counterpart_enterprise__is_active=True)[:enterprises])
    return opps + ents


def external_matches_for(opportunity: Opportunity, *, limit: int = 10) -> list:
    """Counterparts registered by other apps (sharing listings …), scored by the engine."""
    from shanglian.matching.counterparts import external_matches_for as compute

    return compute(opportunity, limit=limit)


def recommended_for(user: Any, *, limit: int = 5) -> list[Match]:
    """The best matches across a member's published posts (dashboard)."""
    own = own_enterprise_ids(user)
    if not own:
        return []
    return list(Match.objects.filter(opportunity__enterprise_id__in=own, opportunity__status="published",
                                     counterpart__status="published")
                .select_related("opportunity", "counterpart__enterprise").order_by("-curated", "-score")[:limit])


def introduction_states(user: Any, matches: list[Match]) -> dict[int, Introduction]:
    """Per match: the introduction between its pair, if any (to show "interest sent" etc.)."""
    from shanglian.matching.models import pair_key

    keys = {pair_key(m.opportunity_id, m.counterpart_id, m.counterpart_enterprise_id): m.pk for m in matches}
    return {keys[i.pair]: i for i in Introduction.objects.filter(pair__in=keys)}


def inbox(user: Any) -> dict[str, QuerySet[Introduction]]:
    own = own_enterprise_ids(user)
    base = (Introduction.objects.exclude(status=Introduction.Status.NOT_INTERESTED)
            .select_related("requester", "target", "opportunity", "counterpart", "meeting_request__event"))
    return {"received": base.filter(target_id__in=own), "sent": base.filter(requester_id__in=own)}


def unread_notices(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True).select_related("opportunity", "introduction")


def dashboard_figures() -> dict[str, Any]:
    """Figures for the secretariat's dashboard; labels are resolved in the viewer's language."""
    from shanglian.core.models import Industry, Place

    opps = Opportunity.objects.all()
    status_labels = dict(Opportunity.Status.choices)
    by_status = [(status_labels[s], n) for s, n in opps.values_list("status").annotate(n=Count("id"))
                 .values_list("status", "n").order_by("status")]
    live = opps.filter(status=Opportunity.Status.PUBLISHED)
    industries = {i.pk: i for i in Industry.objects.all()}
    by_industry = [(industries[i].name if i in industries else "—", n) for i, n in
                   live.values_list("industry").annotate(n=Count("id")).values_list("industry", "n").order_by("-n")]
    places = {p.pk: p for p in Place.objects.all()}
    by_market = [(places[p].name, n) for p, n in live.exclude(target_markets__isnull=True)
                 .values_list("target_markets").annotate(n=Count("id")).values_list("target_markets", "n")
                 .order_by("-n")[:15] if p in places]
    intros = Introduction.objects.exclude(status=Introduction.Status.NOT_INTERESTED)
    intro_labels = dict(Introduction.Status.choices)
    by_intro = [(intro_labels[s], n) for s, n in intros.values_list("status").annotate(n=Count("id"))
                .values_list("status", "n").order_by("status")]
    outcome_labels = dict(Introduction.Outcome.choices)
    outcomes = [(outcome_labels[o], n) for o, n in intros.exclude(outcome="").values_list("outcome")
                .annotate(n=Count("id")).values_list("outcome", "n").order_by("outcome")]
    return {
        "by_status": by_status, "by_industry": by_industry, "by_market": by_market,
        "matches": Match.objects.count(), "curated": Match.objects.filter(curated=True).count(),
        "by_intro": by_intro, "outcomes": outcomes,
        "not_interested": Introduction.objects.filter(status=Introduction.Status.NOT_INTERESTED).count(),
    }


def search_choices() -> dict[str, Any]:
    """Filter lists of the search page: top-level industries, target regions and places."""
    from shanglian.core.selectors import places, top_industries
    from shanglian.matching.models import Region

    return {"industries": top_industries(), "regions": Region.choices, "places": places(exclude_kinds=["hk_district"])}


def own_matches_with(user: Any, opportunity: Opportunity) -> list[Match]:
    """The viewer's own published posts that match someone else's ``opportunity`` (to act from)."""
    own = own_enterprise_ids(user)
    if not own or not opportunity.is_public:
        return []
    return list(Match.objects.filter(counterpart=opportunity, opportunity__enterprise_id__in=own,
                                     opportunity__status="published").select_related("opportunity"))


def posting_enterprises(user: Any) -> list:
    """The enterprises the viewer may post for (their own)."""
    from shanglian.directory.access import own_enterprises

    return list(own_enterprises(user).order_by("name_zh"))


def opportunity_markets(opportunity: Opportunity) -> list:
    return list(opportunity.target_markets.all())


def review_queue() -> QuerySet[Opportunity]:
    return (Opportunity.objects.filter(status=Opportunity.Status.PENDING)
            .select_related("enterprise", "industry", "author").order_by("updated_at"))


def curation_targets(*, counterpart_id: int | None, enterprise_id: int | None) -> tuple[Opportunity | None, Any]:
    """The published opportunity and / or active enterprise a curator names (None when not found)."""
    from shanglian.directory.models import Enterprise

    counterpart = (Opportunity.objects.filter(pk=counterpart_id, status="published").first()
                   if counterpart_id else None)
    enterprise = Enterprise.objects.filter(pk=enterprise_id, is_active=True).first() if enterprise_id else None
    return counterpart, enterprise


def search_with_markets(filters: SearchFilters) -> QuerySet[Opportunity]:
    """``search`` with the target markets fetched in one query (the API lists their codes)."""
    return search(filters).prefetch_related("target_markets")


def market_codes(opportunity: Opportunity) -> list[str]:
    return [p.code for p in opportunity.target_markets.all()]
