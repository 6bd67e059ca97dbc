"""Demo data: the standard topics, a sent newsletter with a report, and a draft."""

from __future__ import annotations

from typing import Any

from shanglian.mailings.models import Topic

TOPICS = [
    ("federation-news", "聯會會務通告", "联会会务通告", "Federation notices", False),
    ("news-digest", "每月新聞摘要", "每月新闻摘要", "Monthly news digest", False),
    ("events", "活動及論壇推介", "活动及论坛推介", "Events and forums", True),
    ("festival", "購物節優惠", "购物节优惠", "Shopping festival offers", True),
]


def ensure_topics() -> list[Topic]:
    out = []
    for sort, (slug, hant, hans, en, promo) in enumerate(TOPICS):
        topic, _ = Topic.objects.get_or_create(slug=slug, defaults={
            "name_zh_hant": hant, "name_zh_hans": hans, "name_en": en, "promotional": promo, "sort": sort})
        out.append(topic)
    return out


def load_demo(*, stdout: Any) -> None:
    from django.contrib.auth import get_user_model

    from shanglian.mailings import services
    from shanglian.mailings.models import Mailing

    topics = {t.slug: t for t in ensure_topics()}
    if Mailing.objects.exists():
        return
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    body = ("各位會員：\n\n聯會將於下月率領**粵港澳大灣區經貿考察團**訪問深圳及東莞，參觀先進製造及資訊科技企業，"
            "並與當地工商聯座談。歡迎會員企業報名參加。\n\n詳情及報名：[活動頁面](https://shanglian.invalid/events/)")
    values = {"topic": topics["federation-news"], "association": None, "audience": Mailing.Audience.MEMBERS,
              "segment": {}, "subject_zh_hant": "大灣區經貿考察團接受報名", "body_zh_hant": body,
              "subject_en": "Greater Bay Area business delegation: registration open",
              "body_en": "Dear members,\n\nThe federation will lead a **Greater Bay Area business delegation** "
                         "to Shenzhen and Dongguan next month. Member enterprises are welcome to join."}
    values = services.simplified_from_master(values)
    services.mailing_save(actor=staff, values=values)
    stdout.write("mailings: topics and a draft mailing\n")
