"""Demo news: delegations, forums and signings, in 繁體 with 简体 drafts and some English."""

from __future__ import annotations

import datetime
from typing import Any

ARTICLES = [
    {
        "slug": "gba-delegation-2026", "tags": "考察團, 大灣區",
        "title_zh_hant": "聯會率團考察大灣區 深化深港產業合作",
        "summary_zh_hant": "四十多位會員企業代表訪問深圳、東莞，參觀先進製造及資訊科技企業，並與當地工商聯座談。",
        "body_zh_hant": "聯會上月率領**大灣區經貿考察團**一行四十餘人，先後訪問深圳前海、南山及東莞松山湖。\n\n"
                        "## 行程重點\n\n- 參觀前海深港現代服務業合作區\n- 與深圳市工商聯座談，探討中小企跨境融資\n"
                        "- 走訪東莞智能製造企業，了解數碼化轉型\n\n"
                        "考察團團長表示，香港企業在專業服務、資訊科技及品牌管理方面具優勢，"
                        "可與內地製造業互補。聯會將於年內舉辦跟進交流會。",
        "title_en": "Federation delegation visits the Greater Bay Area",
        "summary_en": "Over forty member enterprises visited Shenzhen and Dongguan to meet manufacturers and IT firms.",
        "body_en": "The federation led a **Greater Bay Area business delegation** of over forty members to Qianhai, "
                   "Nanshan and Songshan Lake. The delegation met the Shenzhen Federation of Industry and Commerce "
                   "to discuss cross-border financing for small and medium enterprises.",
        "publish": ("zh-hant", "zh-hans", "en"), "days_ago": 6,
    },
    {
        "slug": "belt-road-forum", "tags": "論壇, 一帶一路",
        "title_zh_hant": "「一帶一路」商機論壇圓滿舉行",
        "summary_zh_hant": "逾三百位工商界人士出席，探討東盟及中東市場的貿易及投資機遇。",
        "body_zh_hant": "由聯會主辦的「一帶一路」商機論壇於會展中心舉行，逾三百位工商界人士出席。\n\n"
                        "講者分享東盟、中東市場的最新政策，並介紹香港作為**超級聯繫人**的角色。"
                        "論壇設商貿配對環節，促成四十多場洽談。",
        "title_en": "Belt and Road business forum draws 300",
        "body_en": "Over 300 business leaders attended the federation's Belt and Road forum on ASEAN and "
                   "Middle East markets.",
        "publish": ("zh-hant", "zh-hans", "en"), "days_ago": 14,
    },
    {
        "slug": "mou-shenzhen-chamber", "tags": "簽約, 大灣區",
        "title_zh_hant": "聯會與深圳商會簽署合作備忘錄",
        "summary_zh_hant": "雙方將在會員互訪、商貿配對及青年交流方面加強合作。",
        "body_zh_hant": "聯會與深圳市商會簽署**合作備忘錄**，雙方同意每年互派代表團，"
                        "共同舉辦商貿配對活動，並為兩地青年企業家提供實習及交流機會。",
        "publish": ("zh-hant", "zh-hans"), "days_ago": 20,
        # the master was revised after the 简体 text was saved: shown as "source changed" to editors
        "revise": "\n\n簽約儀式由雙方會長主持，多位立法會議員及政府官員出席見證。",
    },
    {
        "slug": "youth-startup-workshop", "tags": "青年, 論壇",
        "title_zh_hant": "青年創業工作坊：網上商店由零開始",
        "summary_zh_hant": "為會員企業第二代及青年創業者而設，介紹網上開店、電子支付及跨境物流。",
        "body_zh_hant": "聯會青年委員會將舉辦創業工作坊，邀請電子商貿專家講解網上開店、電子支付及跨境物流。\n\n"
                        "名額有限，歡迎會員企業推薦青年同事參加。",
        "publish": ("zh-hant",), "days_ago": 2,
    },
    {
        "slug": "festival-review-draft", "tags": "購物節",
        "title_zh_hant": "全港購物節成果回顧（草稿）",
        "body_zh_hant": "本屆購物節共有五千間商戶參與……（待補充數字）",
        "publish": (), "days_ago": 0,
    },
]


def load_demo(*, stdout: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from shanglian.news import services
    from shanglian.news.models import Article

    if Article.objects.exists():
        return
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    event = None
    try:
        from shanglian.events.selectors import events_for_mailing

        events = events_for_mailing(5)
        event = events[0] if events else None
    except Exception:  # noqa: BLE001 - events demo may not be loaded
        event = None
    for i, spec in enumerate(ARTICLES):
        values = {k: v for k, v in spec.items() if k.startswith(("title_", "summary_", "body_"))}
        values["slug"] = spec["slug"]
        if spec["publish"] and "zh-hans" in spec["publish"]:
            values = services.simplified_from_master(values)
        if i == 0 and event is not None:
            values["event"] = event
        article = services.article_save(actor=staff, values=values, tags=services.tags_from_text(spec["tags"]))
        for language in spec["publish"]:
            article = services.article_publish(actor=staff, article=article, language=language, publish=True)
        if spec.get("revise"):
            article = services.article_save(actor=staff, article=article,
                                            values={"body_zh_hant": article.body_zh_hant + spec["revise"]})
        if spec["publish"]:
            Article.objects.filter(pk=article.pk).update(
                published_at=timezone.now() - datetime.timedelta(days=spec["days_ago"]))
    services.article_reindex_all()
    stdout.write(f"news: {len(ARTICLES)} articles\n")
