"""Bulk synthetic data for the funnel (the benchmark and its tests): matches, B2B meetings,
agreements and outcomes spread over associations and years. Written with bulk_create only."""

from __future__ import annotations

import datetime
import math
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone


def bulk_funnel_data(
    *, associations: list[Any], matches: int, meetings: int, agreements: int, seed: int = 16
) -> dict[str, int]:
    from shanglian.agreements.models import Agreement, Outcome, Source
    from shanglian.directory.models import Enterprise, Membership
    from shanglian.events.models import Event, Meeting, MeetingRequest, MeetingSlot, Registration
    from shanglian.matching.models import Match, Opportunity

    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    years = (2024, 2025, 2026)
    # enterprises: each opportunity is matched to up to 100 distinct counterpart enterprises
    n_ent = max(2, min(600, matches // 100 + 2))
    tag = rng.randrange(10**9)
    ents = Enterprise.objects.bulk_create(
        [Enterprise(name_zh=f"漏斗企業{tag}-{i}", name_en=f"Funnel {tag}-{i}") for i in range(n_ent)]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                association=associations[i % len(associations)],
                enterprise=e,
                start_date=datetime.date(2024, 1, 1),
                status="active",
            )
            for i, e in enumerate(ents)
        ]
    )
    per_opp = min(100, n_ent)
    n_opp = max(1, (matches + per_opp - 1) // per_opp)
    opps = Opportunity.objects.bulk_create(
        [
            Opportunity(
                kind="offer",
                subtype="product",
                title=f"商機 {i}",
                description="漏斗測試",
                enterprise=ents[i % n_ent],
                status="published",
                expires_on=datetime.date(2030, 1, 1),
            )
            for i in range(n_opp)
        ]
    )
    created = Match.objects.bulk_create(
        [
            Match(
                opportunity=opps[i // per_opp],
                counterpart_enterprise=ents[(i // per_opp + i % per_opp) % n_ent],
                score=rng.random(),
            )
            for i in range(matches)
        ],
        batch_size=2000,
    )
    for year in years:  # spread over years
        ids = [m.pk for m in created[years.index(year) :: len(years)]]
        for start in range(0, len(ids), 900):
            Match.objects.filter(pk__in=ids[start : start + 900]).update(
                created_at=datetime.datetime(year, 6, 1, tzinfo=tz)
            )
    # meetings: one event per association and year, 50 tables a slot
    tables = 50
    n_meet = 0
    for assoc in associations:
        for year in years:
            share = meetings // (len(associations) * len(years))
            if share <= 0:
                continue
            start = datetime.datetime(year, 5, 1, 9, tzinfo=tz)
            event = Event.objects.create(
                slug=f"funnel-{assoc.pk}-{year}-{rng.randrange(10**9)}",
                title_zh_hant=f"配對會 {year}",
                starts_at=start,
                ends_at=start + datetime.timedelta(days=2),
                association=assoc,
            )
            side = max(1, math.isqrt(share - 1) + 1)  # side × side distinct (requester, recipient) pairs
            regs = Registration.objects.bulk_create(
                [
                    Registration(
                        event=event,
                        name_en=f"Guest {i}",
                        email=f"r{i}@example.invalid",
                        ticket_code=f"F{event.pk}-{i}-{rng.randrange(10**6)}",
                    )
                    for i in range(2 * side)
                ]
            )
            n_slots = (share + tables - 1) // tables
            slots = MeetingSlot.objects.bulk_create(
                [
                    MeetingSlot(
                        event=event,
                        starts_at=start + datetime.timedelta(minutes=30 * s),
                        ends_at=start + datetime.timedelta(minutes=30 * s + 25),
                    )
                    for s in range(n_slots)
                ]
            )
            requests = MeetingRequest.objects.bulk_create(
                [
                    MeetingRequest(
                        event=event, requester=regs[i % side], recipient=regs[side + i // side], status="accepted"
                    )
                    for i in range(share)
                ],
                batch_size=2000,
            )
            Meeting.objects.bulk_create(
                [
                    Meeting(event=event, request=r, slot=slots[i // tables], table=i % tables + 1, status="published")
                    for i, r in enumerate(requests)
                ],
                batch_size=2000,
            )
            n_meet += share
    # agreements with sources and outcomes
    now = timezone.now()
    rows = [
        Agreement(
            reference=f"FUN-{i}-{rng.randrange(10**9)}",
            title_zh_hant=f"協議 {i}",
            association=associations[i % len(associations)],
            status="active",
            signed_on=datetime.date(years[i % len(years)], 3, 1),
            last_activity_at=now,
        )
        for i in range(agreements)
    ]
    made = Agreement.objects.bulk_create(rows, batch_size=1000)
    Source.objects.bulk_create(
        [Source(agreement=a, kind="match", match=created[i % len(created)]) for i, a in enumerate(made) if i % 2 == 0],
        batch_size=1000,
    )
    Outcome.objects.bulk_create(
        [
            Outcome(agreement=a, kind="investment", amount=Decimal(1_000_000), recorded_on=a.signed_on)
            for i, a in enumerate(made)
            if i % 3 == 0
        ],
        batch_size=1000,
    )
    return {"matches": len(created), "meetings": n_meet, "agreements": len(made)}
