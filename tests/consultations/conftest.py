from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from shanglian.consultations import services


@pytest.fixture
def consultation(secretariat):
    c = services.consultation_create(actor=secretariat, values={
        "title_zh_hant": "財政預算案諮詢", "title_en": "Budget consultation",
        "deadline": timezone.now() + datetime.timedelta(days=7)})
    services.question_add(actor=secretariat, consultation=c, kind="choice", prompt_zh_hant="是否支持減稅？",
                          choices="支持\n反對\n沒有意見")
    services.question_add(actor=secretariat, consultation=c, kind="scale", prompt_zh_hant="營商環境評分")
    services.question_add(actor=secretariat, consultation=c, kind="text", prompt_zh_hant="你最關注甚麼？")
    services.consultation_set_status(actor=secretariat, consultation=c, status="open")
    return c


@pytest.fixture
def qids(consultation):
    return [q.pk for q in consultation.questions.all()]
