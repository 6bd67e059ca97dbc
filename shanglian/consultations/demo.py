"""Demo consultations (idempotent): the 2027-28 Budget consultation, open, with answers from
demo member enterprises; and last year's Policy Address consultation with its submission sent
and the government's reply."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from shanglian.consultations import selectors, services
from shanglian.consultations.models import Consultation
from shanglian.directory.access import current_memberships

TEXTS = ["舖租太貴，希望政府寬減差餉", "人手不足，請放寬輸入外勞", "希望降低利得稅，吸引投資", "大灣區通關要更便利",
         "中小企融資困難，希望延長百分百擔保貸款計劃", "希望資助中小企數碼轉型", "旅客消費減少，零售業困難",
         "廢物收費令餐飲業成本上升", "工業用地不足，希望活化工廈", "商铺租金太高，希望减免差饷",
         "请放宽输入外劳，解决人手短缺", "Make cross-border travel in the Greater Bay Area easier",
         "SMEs struggle to get bank loans", "Fund digital transformation for SMEs"]


def _make(staff, *, title: str, title_en: str, days: int, n: int, rng: random.Random) -> Consultation:
    c = services.consultation_create(actor=staff, values={
        "title_zh_hant": title, "title_en": title_en,
        "description_zh_hant": "請就以下問題提出意見，秘書處會整理成意見書提交政府。",
        "description_en": "Tell us your views; the secretariat will compile them into a submission to the government.",
        "deadline": timezone.now() + datetime.timedelta(days=days)})
    q1 = services.question_add(actor=staff, consultation=c, kind="choice", prompt_zh_hant="你是否支持寬減利得稅？",
                               prompt_en="Do you support a profits tax rebate?", choices="支持\n反對\n沒有意見")
    q2 = services.question_add(actor=staff, consultation=c, kind="scale", prompt_zh_hant="你如何評價現時的營商環境？",
                               prompt_en="How do you rate the business environment today?")
    q3 = services.question_add(actor=staff, consultation=c, kind="text", prompt_zh_hant="你最希望政府處理哪些問題？",
                               prompt_en="What should the government tackle first?")
    services.consultation_set_status(actor=staff, consultation=c, status="open")
    members = list(current_memberships().filter(enterprise__isnull=False).order_by("pk")
                   .values_list("enterprise_id", flat=True)[:n])
    for i, enterprise_id in enumerate(members):
        services.response_save(
            actor=None, consultation=c, enterprise_id=enterprise_id, anonymous=i % 4 == 0,
            answers={q1.pk: rng.choice(["支持", "支持", "反對", "沒有意見"]), q2.pk: str(rng.randint(1, 5)),
                     q3.pk: rng.choice(TEXTS)},
            proposal=rng.choice(["", "", "希望加強職業培訓", "延長電費補貼"]),
            now=timezone.now())
    return c


def load_demo(*, stdout: Any = None) -> None:
    if Consultation.objects.exists():
        if stdout:
            stdout.write("consultations: demo data already present")
        return
    staff = get_user_model().objects.filter(username="secretariat").first()
    if staff is None:
        return
    rng = random.Random(17)
    _make(staff, title="2027-28 年度財政預算案諮詢", title_en="2027-28 Budget consultation", days=21, n=60, rng=rng)
    past = _make(staff, title="2026 年施政報告諮詢", title_en="2026 Policy Address consultation", days=1, n=30, rng=rng)
    services.consultation_set_status(actor=staff, consultation=past, status="closed")
    body = selectors.draft_body(past, selectors.synthesis_for(past))
    submission = services.submission_draft(actor=staff, consultation=past, body=body)
    services.submission_approve(actor=staff, submission=submission, council_minute="第 5 屆第 8 次理事會")
    services.submission_send(actor=staff, submission=submission, sent_to="行政長官辦公室",
                             sent_at=timezone.localdate() - datetime.timedelta(days=30))
    services.submission_record_response(actor=staff, submission=submission,
                                        text="政府已收悉 貴會的意見，並會在制定政策時詳加考慮。",
                                        date=timezone.localdate() - datetime.timedelta(days=10))
    if stdout:
        stdout.write("consultations: 2 consultations, 90 responses, 1 submission")
