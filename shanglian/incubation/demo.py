"""Demo data for the youth innovation bases (``manage.py demo`` calls load_demo): three calls
(深港 open and in review, 惠港 decided with incubatees, 福田 open), ~45 applications with teams,
reviewers with expertise, CP-SAT assignments and scores, offers/waitlist/rejections, incubatees
as directory enterprises, spaces with allocations, instalments and KPI reports. Logins founder1
(an incubatee), founder2 (applicant in review), reviewer1 (reviewer), password demo12345.
Idempotent."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from shanglian.incubation import sample, services
from shanglian.incubation.models import (
    Application,
    Assignment,
    Base,
    Call,
    Incubatee,
    Instalment,
    KpiReport,
    Mentor,
    MentoringSession,
    Panel,
    Reviewer,
    Space,
)

DEMO_PASSWORD = "demo12345"
PROJECTS = [
    ("智能物流追蹤平台", ["logistics", "ai"]),
    ("跨境支付結算工具", ["fintech"]),
    ("長者健康監測手環", ["biotech", "ai"]),
    ("中小企網店 AI 客服", ["ai"]),
    ("冷鏈物流溫控系統", ["logistics"]),
    ("綠色建築能源管理", ["ai"]),
    ("大灣區人才配對平台", ["ai"]),
    ("中醫藥數碼化診所", ["biotech"]),
    ("Robo-advisor for GBA families", ["fintech", "ai"]),
    ("跨境電商報關助手", ["logistics", "fintech"]),
    ("智慧農業溫室感應器", ["biotech"]),
    ("港式茶餐廳供應鏈平台", ["logistics"]),
    ("Cross-border e-invoice API", ["fintech"]),
    ("醫療影像輔助判讀", ["ai", "biotech"]),
    ("共享貨櫃碼頭排班", ["logistics", "ai"]),
]
NAMES = ["陳嘉欣", "黃志明", "李詠詩", "張家豪", "劉曉彤", "林俊傑", "吳凱琳", "何子謙", "鄭雅婷", "梁浩然"]


def _user(name: str, **extra: Any):
    User = get_user_model()  # noqa: N806
    user, created = User.objects.get_or_create(username=name, defaults={"email": f"{name}@example.invalid", **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        try:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        except Exception:  # noqa: BLE001, S110 - allauth tables always exist here; the demo must not stop on it
            pass
    return user


def load_demo(*, stdout: Any = None) -> None:
    write = stdout.write if stdout is not None else (lambda s: None)
    if Call.objects.filter(slug="sz-hk-2027-spring").exists():
        write("Incubation demo: already loaded.")
        return
    with transaction.atomic():
        counts = _load()
    write(
        "Incubation demo: {calls} calls, {applications} applications, {incubatees} incubatees, {spaces} spaces; "
        "logins founder1 (incubatee), founder2 (applicant), reviewer1 (reviewer), mentor1 (mentor).".format(**counts)
    )


def _submit(call: Call, user, i: int, rng: random.Random, language: str) -> Application:
    name, tags = PROJECTS[i % len(PROJECTS)]
    app = services.application_start(actor=user, call=call, language=language)
    today = timezone.localdate()
    size = rng.randint(1, 3)
    for m in range(size):
        ineligible = i % 9 == 4 and m == 0
        services.member_add(
            actor=user,
            application=app,
            values={
                "name": NAMES[(i + m) % len(NAMES)],
                "email": f"team{i}-{m}@example.invalid",
                "birth_date": datetime.date(
                    today.year - (42 if ineligible else rng.randint(20, 36)), rng.randint(1, 12), 1
                ),
                "residency": "mainland" if (i % 7 == 3 and m == 1) else "hk",
                "share_pct": Decimal(100 // size) if m < size - 1 else Decimal(100 - (100 // size) * (size - 1)),
                "is_founder": True,
                "role": ["CEO", "CTO", "COO"][m],
            },
        )
    return services.application_save(
        actor=user,
        application=app,
        submit=True,
        files={"deck": SimpleUploadedFile("deck.pdf", sample.PDF)},
        values={
            "project_name": name if i < len(PROJECTS) else f"{name} {i // len(PROJECTS) + 1}",
            "stage": rng.choice(["idea", "prototype", "revenue"]),
            "tags": ",".join(tags),
            "summary": f"{name}：為大灣區中小企提供的創新方案，團隊來自香港，計劃在基地建立研發及市場團隊。",
            "sector": tags[0],
            "has_ip": i % 4 == 0,
            "ip_details": "已申請一項實用新型專利。" if i % 4 == 0 else "",
        },
    )


def _load() -> dict[str, int]:
    rng = random.Random(15)
    staff = get_user_model().objects.filter(is_staff=True).first() or _user("incubation-staff", is_staff=True)
    sz = sample.sample_call(actor=staff, slug="sz-hk-2027-spring", base=Base.SZ_HK)
    hz = sample.sample_call(actor=staff, slug="hz-hk-2026-autumn", base=Base.HZ_HK, quota=5)
    Call.objects.filter(pk=hz.pk).update(
        title_zh_hant="惠港青年創業計劃 2026 秋季招募",
        title_zh_hans="惠港青年创业计划 2026 秋季招募",
        title_en="Huizhou–Hong Kong Youth Call, Autumn 2026",
    )
    ft = sample.sample_call(actor=staff, slug="futian-2027", base=Base.FUTIAN, blind=True, k=2)
    Call.objects.filter(pk=ft.pk).update(
        title_zh_hant="福田深港商貿科技基地 2027 招募",
        title_zh_hans="福田深港商贸科技基地 2027 招募",
        title_en="Futian Trade and Technology Base, 2027",
    )
    reviewers = [_user(f"reviewer{n}") for n in range(1, 9)]
    expertise = [
        ["ai"],
        ["logistics"],
        ["fintech"],
        ["biotech"],
        ["ai", "fintech"],
        ["logistics", "ai"],
        ["biotech", "ai"],
        ["fintech", "logistics"],
    ]
    for call in (sz, hz, ft):
        panel = Panel.objects.get(call=call)
        for user, tags in zip(reviewers, expertise, strict=True):
            Reviewer.objects.create(panel=panel, user=user, expertise=tags)
    founders = [_user(f"founder{n}") for n in range(1, 46)]
    languages = ["zh-hant", "zh-hant", "zh-hans", "en"]
    hz_apps = [_submit(hz, founders[i], i, rng, languages[i % 4]) for i in range(0, 12)]
    for i in range(1, 31):
        _submit(sz, founders[i], i + 12, rng, languages[i % 4])
    for i in range(31, 36):
        _submit(ft, founders[i], i, rng, languages[i % 4])
    services.application_start(actor=founders[40], call=ft)  # a draft
    # 惠港: reviewed and decided; founder1's start-up admitted
    for call, scored in ((hz, 1.0), (sz, 0.6)):
        services.assignments_auto(actor=staff, call=call, time_limit=5)
        for a in Assignment.objects.filter(application__call=call).select_related("reviewer__user", "application"):
            if rng.random() > scored:
                continue
            harsh = a.reviewer.user.username in ("reviewer2", "reviewer5")
            quality = 4 + (a.application_id * 7) % 6
            services.review_submit(
                actor=a.reviewer.user,
                assignment=a,
                comment="團隊完整，市場清晰。",
                scores={
                    str(c.pk): max(0, min(c.max_score, quality - (2 if harsh else 0) + rng.randint(-1, 1)))
                    for c in call.criteria.all()
                },
            )
    from shanglian.incubation.selectors import ranking

    ranked = [r["application"] for r in ranking(hz)]
    for n, app in enumerate(ranked):
        services.decision_make(
            actor=staff, application=app, decision="offer" if n < 5 else "waitlist" if n < 8 else "reject"
        )
    offered = [a for a in ranked[:5]]
    # founder1 (hz_apps[0]) is admitted whatever the rank: make sure of it
    if hz_apps[0] not in offered:
        Application.objects.filter(pk=hz_apps[0].pk).update(
            status=Application.Status.OFFERED, decided_at=timezone.now()
        )
        offered = [hz_apps[0], *offered[:3]]
    incubatees = []
    for app in offered:
        app.refresh_from_db()
        incubatees.append(
            services.offer_accept(
                actor=app.applicant, application=app, agreement=SimpleUploadedFile("agreement.pdf", sample.PDF)
            )
        )
    Call.objects.filter(pk=hz.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=120), closes_at=timezone.now() - datetime.timedelta(days=60)
    )
    # spaces and allocations
    spaces = 0
    for base in Base.values:
        for kind, n in ((Space.Kind.DESK, 20), (Space.Kind.OFFICE, 6), (Space.Kind.ROOM, 2)):
            for k in range(1, n + 1):
                Space.objects.create(
                    base=base,
                    code=f"{kind[0].upper()}-{k:02d}",
                    kind=kind,
                    capacity={"desk": 1, "office": 4, "room": 12}[kind],
                )
                spaces += 1
    today = timezone.localdate()
    for n, inc in enumerate(incubatees):
        for kind, count in ((Space.Kind.OFFICE, 1), (Space.Kind.DESK, 2)):
            for space in Space.objects.filter(base=inc.base, kind=kind, allocations__isnull=True)[:count]:
                services.allocation_create(
                    actor=staff,
                    space=space,
                    incubatee=inc,
                    start=today - datetime.timedelta(days=30),
                    end=today + datetime.timedelta(days=335),
                    licence_ref=f"LIC-{inc.pk:04d}-{n}",
                )
        for number, (amount, milestone) in enumerate(
            ((100_000, "原型完成"), (150_000, "首位付費客戶"), (250_000, "完成種子輪融資")), start=1
        ):
            inst = Instalment.objects.create(incubatee=inc, number=number, amount=Decimal(amount), milestone=milestone)
            if number == 1:
                services.instalment_evidence(
                    actor=inc.application.applicant,
                    instalment=inst,
                    evidence=SimpleUploadedFile("evidence.pdf", sample.PDF),
                )
                if n % 2 == 0:
                    services.instalment_release(actor=staff, instalment=inst)
        year, quarter = today.year, (today.month - 1) // 3 + 1
        for back in range(2):
            q, y = quarter - back, year
            if q < 1:
                q, y = q + 4, y - 1
            KpiReport.objects.create(
                incubatee=inc,
                year=y,
                quarter=q,
                revenue=Decimal(rng.randint(0, 400) * 1000),
                jobs=rng.randint(2, 9),
                funds_raised=Decimal(rng.choice([0, 0, 500_000])),
                ip_count=rng.randint(0, 2),
            )
    # mentors from member enterprises, with a mentoring log for founder1's start-up
    from shanglian.directory.models import Enterprise

    mentor_tags = [["logistics", "ai"], ["fintech"], ["biotech", "ai"]]
    for n, enterprise in enumerate(Enterprise.objects.filter(memberships__isnull=False).order_by("pk")[:3]):
        mentor = Mentor.objects.create(user=_user(f"mentor{n + 1}"), enterprise=enterprise, expertise=mentor_tags[n])
        for inc in incubatees[:2]:
            MentoringSession.objects.create(
                mentor=mentor,
                incubatee=inc,
                minutes=60,
                date=today - datetime.timedelta(days=7 * (n + 1)),
                notes="討論定價策略及大灣區市場進入計劃。",
            )
    return {
        "calls": 3,
        "applications": Application.objects.count(),
        "incubatees": Incubatee.objects.count(),
        "spaces": spaces,
    }
