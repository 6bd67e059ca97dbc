"""Match scores as a pair source for the events app's proposed B2B pairs (建議配對).

For the companies at an event, the best match between any of their published opportunities (or
an opportunity and the other company itself) gives the pair's score and reason. Pairs where one
side declined an introduction or marked the match "not interested" are left out.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from shanglian.events.services.proposals import PairScore
from shanglian.matching.models import Introduction, Match, Opportunity
from shanglian.matching.reasons import render_reasons

PUBLISHED = Opportunity.Status.PUBLISHED
REFUSED = (Introduction.Status.DECLINED, Introduction.Status.NOT_INTERESTED)


def pair_scores(enterprise_ids: set[int]) -> list[PairScore]:
    if len(enterprise_ids) < 2:
        return []
    matches = (Match.objects.filter(opportunity__status=PUBLISHED, opportunity__enterprise_id__in=enterprise_ids)
               .filter(Q(counterpart__status=PUBLISHED, counterpart__enterprise_id__in=enterprise_ids)
                       | Q(counterpart_enterprise_id__in=enterprise_ids))
               .select_related("opportunity", "counterpart").order_by("-score", "pk"))
    refused = {frozenset(p) for p in Introduction.objects.filter(
        status__in=REFUSED, requester_id__in=enterprise_ids, target_id__in=enterprise_ids
    ).values_list("requester_id", "target_id")}
    best: dict[frozenset[int], Match] = {}
    for match in matches:  # best first, so the first per pair wins
        key = frozenset((match.opportunity.enterprise_id, match.target_enterprise_id))
        if len(key) == 2 and key not in refused and key not in best:
            best[key] = match
    return [PairScore(a=m.opportunity.enterprise_id, b=m.target_enterprise_id, score=m.score, reason=_reason(m))
            for m in best.values()]


def _reason(match: Match) -> str:
    title = match.opportunity.title
    reasons = _("；").join(render_reasons(match.reasons)[:3])
    return _("商機配對 %(score)s%%：%(title)s%(reasons)s") % {
        "score": round(match.score * 100), "title": title,
        "reasons": _("（%(reasons)s）") % {"reasons": reasons} if reasons else ""}
