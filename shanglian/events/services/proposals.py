"""Organiser-proposed B2B pairs (建議配對): companies at an event that score high for each other.

Scores come from pair sources other apps register (matchmaking registers its match scores), so
the events app does not import them. A proposal is a ``MeetingRequest`` with status and priority
``proposed``: the scheduler takes it only when the organiser asks, below every request a
participant made, and either side may decline it. A pair of companies that already has any
request between them (pending, accepted, declined, expired, "do not meet" or a declined
proposal) is never proposed, so a "no" is never asked again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError
from shanglian.events.models import Event, MeetingRequest, Registration

R = MeetingRequest.Status
DEFAULT_MIN_SCORE = 0.4
DEFAULT_PER_PERSON = 3


@dataclass(frozen=True)
class PairScore:
    """Two enterprises (ids) and how well they fit, with a short reason for both sides to read."""

    a: int
    b: int
    score: float
    reason: str


PairSource = Callable[[set[int]], Iterable[PairScore]]
_SOURCES: list[PairSource] = []


def register_pair_source(source: PairSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def pair_scores(enterprise_ids: set[int]) -> dict[tuple[int, int], PairScore]:
    """The best score per unordered pair of the given enterprises, over every registered source."""
    best: dict[tuple[int, int], PairScore] = {}
    for source in _SOURCES:
        for pair in source(enterprise_ids):
            if pair.a == pair.b or pair.a not in enterprise_ids or pair.b not in enterprise_ids:
                continue
            key = (min(pair.a, pair.b), max(pair.a, pair.b))
            if key not in best or pair.score > best[key].score:
                best[key] = pair
    return best


def _participants(event: Event) -> dict[int, list[Registration]]:
    """Confirmed registrations of a company that someone can answer for, by enterprise."""
    regs = (Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED, enterprise__isnull=False)
            .filter(Q(user__isnull=False) | Q(registered_by__isnull=False)).order_by("pk"))
    by_enterprise: dict[int, list[Registration]] = {}
    for reg in regs:
        by_enterprise.setdefault(reg.enterprise_id, []).append(reg)
    return by_enterprise


def proposals_refresh(*, actor: Any, event: Event, min_score: float = DEFAULT_MIN_SCORE,
                      per_person: int = DEFAULT_PER_PERSON) -> int:
    """Add proposals for pairs scoring at least ``min_score``, best first, at most ``per_person``
    proposals per participant (earlier proposals count). Returns how many were added."""
    if not 0 <= min_score <= 1:
        raise DomainError("invalid", _("建議配對的最低分數須介乎 0 至 1。"))
    if not 1 <= per_person <= 20:
        raise DomainError("invalid", _("每人建議配對數目須介乎 1 至 20。"))
    by_enterprise = _participants(event)
    enterprise_of = {reg.pk: e for e, regs in by_enterprise.items() for reg in regs}
    load: dict[int, int] = dict.fromkeys(enterprise_of, 0)
    touched: set[tuple[int, int]] = set()
    for req_a, req_b, status in MeetingRequest.objects.filter(event=event).values_list(
            "requester_id", "recipient_id", "status"):
        a, b = enterprise_of.get(req_a), enterprise_of.get(req_b)
        if a is not None and b is not None:
            touched.add((min(a, b), max(a, b)))
        if status == R.PROPOSED:
            for reg_id in (req_a, req_b):
                if reg_id in load:
                    load[reg_id] += 1
    scores = sorted((p for key, p in pair_scores(set(by_enterprise)).items()
                     if p.score >= min_score and key not in touched), key=lambda p: -p.score)
    new: list[MeetingRequest] = []
    for pair in scores:
        sides = []
        for enterprise in (pair.a, pair.b):
            free = [r for r in by_enterprise[enterprise] if load[r.pk] < per_person]
            if free:
                sides.append(min(free, key=lambda r: (load[r.pk], r.pk)))
        if len(sides) < 2:
            continue
        for reg in sides:
            load[reg.pk] += 1
        new.append(MeetingRequest(event=event, requester=sides[0], recipient=sides[1], status=R.PROPOSED,
                                  priority=MeetingRequest.Priority.PROPOSED, reason=pair.reason[:300]))
    with transaction.atomic():
        MeetingRequest.objects.bulk_create(new)
        if new:
            audit_record(actor=actor, action="meetings.propose", target=event, association_id=event.association_id,
                         changes={"proposals": len(new), "min_score": min_score, "per_person": per_person})
    return len(new)


def proposal_decline(*, actor: Any, request: MeetingRequest) -> MeetingRequest:
    """Either side declines an organiser's proposal: its meeting is cancelled (both told when it
    was published) and the pair is never proposed again."""
    from shanglian.events.services.meetings import _live_meetings, meeting_cancel

    with transaction.atomic():
        if MeetingRequest.objects.filter(pk=request.pk, status=R.PROPOSED).update(
                status=R.DECLINED, responded_at=timezone.now()) != 1:
            raise Conflict(None, _("此建議配對已取消或已婉拒。"))
        request.status = R.DECLINED
        for meeting in _live_meetings(request.event).filter(request=request):
            meeting_cancel(actor=actor, meeting=meeting)
        audit_record(actor=actor, action="meetings.proposal_decline", target=request,
                     association_id=request.event.association_id)
    return request
