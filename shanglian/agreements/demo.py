"""Demo agreements (idempotent, a few seconds): external organisations (全國工商聯, 全聯併購公會,
provincial departments, KOTRA, 日本國際貿易促進協會), published MOUs with parties, obligations,
outcomes and provenance, a ceremony at a demo event, and the 濟南 / 惠州 headquarters projects with
pledges. Called by ``manage.py demo`` after the directory, matching and events demos."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from shanglian.agreements import services
from shanglian.agreements.models import Agreement, Organisation, Outcome, Project
from shanglian.directory.models import Association, Enterprise

ORGS = [
    (
        "chamber",
        "中華全國工商業聯合會",
        "中华全国工商业联合会",
        "All-China Federation of Industry and Commerce",
        "中國內地",
        "北京",
    ),
    ("fund", "全聯併購公會", "全联并购公会", "China Mergers & Acquisitions Association", "中國內地", "北京"),
    ("government", "山東省商務廳", "山东省商务厅", "Department of Commerce of Shandong Province", "中國內地", "濟南"),
    ("government", "廣東省商務廳", "广东省商务厅", "Department of Commerce of Guangdong Province", "中國內地", "廣州"),
    ("trade_body", "大韓貿易投資振興公社", "大韩贸易投资振兴公社", "KOTRA", "韓國", "首爾"),
    (
        "trade_body",
        "日本國際貿易促進協會",
        "日本国际贸易促进协会",
        "Japan Association for the Promotion of International Trade",
        "日本",
        "東京",
    ),
]


def load_demo(*, stdout: IO[str] | None = None, **_: Any) -> None:
    if Agreement.objects.filter(reference__startswith="AGR-").filter(title_zh_hant__startswith="【示範】").exists():
        return
    federation = Association.objects.filter(kind=Association.Kind.FEDERATION).first() or Association.objects.first()
    if federation is None:
        return
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    orgs = {}
    for kind, hant, hans, en, country, region in ORGS:
        existing = Organisation.objects.filter(name_zh_hant=hant).first()
        orgs[en] = existing or services.organisation_save(
            actor=staff,
            values={
                "kind": kind,
                "name_zh_hant": hant,
                "name_zh_hans": hans,
                "name_en": en,
                "country": country,
                "region": region,
                "contact_name": "聯絡處",
                "contact_email": "liaison@example.invalid",
            },
        )
    members = list(Association.objects.filter(kind=Association.Kind.MEMBER).order_by("sort")[:3]) or [federation]
    enterprises = list(Enterprise.objects.order_by("pk")[:4])
    today = timezone.localdate()
    specs = [
        (
            "mou",
            "【示範】與全國工商聯合作備忘錄",
            "【示范】与全国工商联合作备忘录",
            "MOU with the ACFIC",
            orgs["All-China Federation of Industry and Commerce"],
            federation,
            400,
            True,
        ),
        (
            "fund",
            "【示範】大灣區併購基金合作協議",
            "【示范】大湾区并购基金合作协议",
            "Greater Bay Area M&A fund agreement",
            orgs["China Mergers & Acquisitions Association"],
            federation,
            300,
            True,
        ),
        (
            "cooperation",
            "【示範】與KOTRA經貿合作備忘錄",
            "【示范】与KOTRA经贸合作备忘录",
            "Trade cooperation MOU with KOTRA",
            orgs["KOTRA"],
            members[0],
            200,
            True,
        ),
        (
            "mou",
            "【示範】與日本國際貿易促進協會合作備忘錄",
            "【示范】与日本国际贸易促进协会合作备忘录",
            "MOU with JAPIT",
            orgs["Japan Association for the Promotion of International Trade"],
            members[-1],
            100,
            False,
        ),
    ]
    made = []
    for i, (kind, hant, hans, en, org, assoc, days_ago, public) in enumerate(specs):
        signed = today - datetime.timedelta(days=days_ago)
        parties = [
            services.PartyIn(association=assoc, signatory_name="盧會長", signatory_title="會長"),
            services.PartyIn(
                organisation=org,
                signatory_name="王主席" if org.country != "韓國" else "Kim Min-jun",
                signatory_title="主席" if org.country != "韓國" else "Director-General",
            ),
        ]
        if enterprises and i == 2:
            parties.append(
                services.PartyIn(enterprise=enterprises[0], signatory_name="陳總經理", signatory_title="總經理")
            )
        a = services.agreement_create(
            actor=staff,
            values={
                "kind": kind,
                "title_zh_hant": hant,
                "title_zh_hans": hans,
                "title_en": en,
                "association": assoc,
                "scope_zh_hant": "推動兩地企業交流、商機配對及投資合作。",
                "scope_en": "Exchanges, matchmaking and investment.",
                "languages": "zh-hant,en",
                "prevailing_language": "zh-hant",
                "is_public": public,
                "expires_on": signed + datetime.timedelta(days=3 * 365),
            },
            parties=parties,
        )
        services.agreement_transition(
            actor=staff,
            agreement=a,
            to="approved",
            values={
                "board_approved_on": signed - datetime.timedelta(days=20),
                "board_resolution": f"理事會 {signed:%Y}-{i + 1:02d}",
            },
        )
        services.agreement_transition(actor=staff, agreement=a, to="signed", values={"signed_on": signed})
        services.agreement_transition(actor=staff, agreement=a, to="active")
        services.obligation_add(
            actor=staff,
            agreement=a,
            values={
                "kind": "milestone",
                "title": "舉辦聯合商貿對接會",
                "owner": staff,
                "due_on": today + datetime.timedelta(days=45 + 30 * i),
            },
        )
        services.outcome_add(
            actor=staff,
            agreement=a,
            values={
                "kind": Outcome.Kind.INVESTMENT if i % 2 == 0 else Outcome.Kind.JOBS,
                "amount": Decimal(5_000_000 * (i + 1)) if i % 2 == 0 else None,
                "jobs": 30 * (i + 1) if i % 2 else None,
                "description": "首批合作項目落地",
                "recorded_on": signed + datetime.timedelta(days=60),
            },
        )
        made.append(a)
    _sources(made, staff)
    _projects(federation, members, enterprises, staff, made)
    if stdout:
        stdout.write(f"agreements: {len(made)} agreements, {len(orgs)} organisations, 2 projects\n")


def _sources(made: list[Agreement], staff: Any) -> None:
    from shanglian.events.models import Event, Meeting
    from shanglian.matching.models import Match

    match = Match.objects.order_by("pk").first()
    if match is not None:
        services.source_add(actor=staff, agreement=made[2], kind="match", target=match)
    meeting = Meeting.objects.exclude(status="cancelled").order_by("pk").first()
    if meeting is not None:
        services.source_add(actor=staff, agreement=made[2], kind="meeting", target=meeting)
    ceremony_event = (
        Event.objects.filter(type="ceremony").order_by("starts_at").first()
        or Event.objects.order_by("-starts_at").first()
    )
    if ceremony_event is not None:
        start = ceremony_event.starts_at + datetime.timedelta(hours=1)
        services.ceremony_schedule(
            actor=staff,
            agreement=made[0],
            event=ceremony_event,
            values={
                "starts_at": start,
                "ends_at": start + datetime.timedelta(minutes=30),
                "room": "主禮台",
                "backdrop_zh_hant": "合作備忘錄簽署儀式",
                "backdrop_zh_hans": "合作备忘录签署仪式",
                "backdrop_en": "Signing Ceremony of the Memorandum of Understanding",
            },
        )


def _projects(
    federation: Association,
    members: list[Association],
    enterprises: list[Enterprise],
    staff: Any,
    made: list[Agreement],
) -> None:
    today = timezone.localdate()
    for name_hant, name_hans, name_en, budget in (
        ("濟南總部大樓", "济南总部大楼", "Jinan headquarters building", 80_000_000),
        ("惠州總部大樓", "惠州总部大楼", "Huizhou headquarters building", 60_000_000),
    ):
        project = services.project_save(
            actor=staff,
            values={
                "name_zh_hant": name_hant,
                "name_zh_hans": name_hans,
                "name_en": name_en,
                "association": federation,
                "budget": Decimal(budget),
                "agreement": made[0] if name_en.startswith("Jinan") else None,
                "description": "聯會會址，由屬會及會員企業認捐興建。",
            },
        )
        for i, assoc in enumerate(members):
            amount = Decimal(1_000_000 * (i + 1))
            pledge = services.pledge_create(
                actor=staff,
                project=project,
                values={"association": assoc, "amount": amount},
                instalments=[(today + datetime.timedelta(days=20 + 180 * k), amount / 2) for k in range(2)],
            )
            if i == 0:
                services.instalment_mark_paid(actor=staff, instalment=pledge.instalments.order_by("due_on").first())
        for e in enterprises[:2]:
            services.pledge_create(
                actor=staff,
                project=project,
                values={"enterprise": e, "amount": Decimal(200_000)},
                instalments=[(today + datetime.timedelta(days=90), Decimal(200_000))],
            )
    assert Project.objects.exists()
