"""A realistic call (Youth Development Fund–style rules, Cyberport-style rubric) used by the demo,
the tests and the permission world."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from shanglian.incubation import services
from shanglian.incubation.models import Base, Call, Criterion, Panel, Programme

YDF_RULES = [
    {"type": "age", "min": 18, "max": 39},
    {"type": "residency", "allowed": ["hk", "macao"]},
    {"type": "shareholding", "min": 80, "residency": ["hk", "macao"]},
    {"type": "team_size", "min": 1, "max": 6},
    {"type": "stage", "allowed": ["idea", "prototype", "revenue"]},
]

FORM = [
    {
        "key": "summary",
        "type": "textarea",
        "required": True,
        "max_words": 300,
        "label": {"zh_hant": "項目摘要", "zh_hans": "项目摘要", "en": "Project summary"},
    },
    {
        "key": "sector",
        "type": "choice",
        "required": True,
        "label": {"zh_hant": "行業", "zh_hans": "行业", "en": "Sector"},
        "choices": [
            {"value": "ai", "label": {"zh_hant": "人工智能", "zh_hans": "人工智能", "en": "AI"}},
            {"value": "fintech", "label": {"zh_hant": "金融科技", "zh_hans": "金融科技", "en": "Fintech"}},
            {"value": "logistics", "label": {"zh_hant": "物流", "zh_hans": "物流", "en": "Logistics"}},
            {"value": "biotech", "label": {"zh_hant": "生物科技", "zh_hans": "生物科技", "en": "Biotech"}},
        ],
    },
    {
        "key": "has_ip",
        "type": "boolean",
        "label": {"zh_hant": "已有知識產權", "zh_hans": "已有知识产权", "en": "Holds IP"},
    },
    {
        "key": "ip_details",
        "type": "textarea",
        "required": True,
        "max_words": 100,
        "show_if": {"field": "has_ip", "equals": True},
        "label": {"zh_hant": "知識產權詳情", "zh_hans": "知识产权详情", "en": "IP details"},
    },
    {"key": "website", "type": "url", "label": {"zh_hant": "網站", "zh_hans": "网站", "en": "Website"}},
    {
        "key": "deck",
        "type": "file",
        "required": True,
        "accept": ["pdf", "pptx"],
        "max_mb": 5,
        "label": {"zh_hant": "計劃書", "zh_hans": "计划书", "en": "Pitch deck"},
    },
]

RUBRIC = [
    ("團隊", "团队", "Team", 20),
    ("創意", "创意", "Creativity", 20),
    ("市場", "市场", "Market", 30),
    ("技術", "技术", "Technology", 20),
    ("對香港的益處", "对香港的益处", "Benefit to Hong Kong", 10),
]


def sample_call(
    *,
    actor: Any,
    slug: str = "sz-hk-2027",
    base: str = Base.SZ_HK,
    open_now: bool = True,
    blind: bool = False,
    k: int = 3,
    quota: int = 20,
) -> Call:
    programme, _ = Programme.objects.get_or_create(
        code=f"prog-{base}",
        defaults={
            "base": base,
            "name_zh_hant": dict(Base.choices)[base],
            "name_zh_hans": dict(Base.choices)[base],
            "name_en": {
                "sz_hk": "Shenzhen–Hong Kong Youth Innovation Base",
                "hz_hk": "Huizhou–Hong Kong Youth Base",
                "futian": "Futian Trade and Technology Base",
            }[base],
        },
    )
    now = timezone.now()
    opens, closes = (
        (now - datetime.timedelta(days=10), now + datetime.timedelta(days=20))
        if open_now
        else (now - datetime.timedelta(days=60), now - datetime.timedelta(days=5))
    )
    call = Call.objects.create(
        programme=programme,
        slug=slug,
        title_zh_hant="青年創業計劃 2027 春季招募",
        title_zh_hans="青年创业计划 2027 春季招募",
        title_en="Youth Start-up Call, Spring 2027",
        description="為十八至三十九歲港澳青年而設的創業培育計劃：辦公空間、導師及三期資助。",
        opens_at=opens,
        closes_at=closes,
        quota=quota,
        reviews_per_application=k,
        blind_review=blind,
        is_published=True,
    )
    services.call_configure(actor=actor, call=call, eligibility=YDF_RULES, form_fields=FORM)
    for i, (hant, hans, en, weight) in enumerate(RUBRIC):
        Criterion.objects.create(call=call, name_zh_hant=hant, name_zh_hans=hans, name_en=en, weight=weight, sort=i)
    Panel.objects.create(call=call, name="評審小組 A")
    return call


def eligible_member(**extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "name": "陳大文",
        "email": "founder@example.invalid",
        "birth_date": datetime.date(today.year - 28, 6, 1),
        "residency": "hk",
        "share_pct": 90,
        "is_founder": True,
        "role": "CEO",
        **extra,
    }


PDF = b"%PDF-1.4\n% sample\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
