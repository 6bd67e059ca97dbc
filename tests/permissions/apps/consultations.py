"""Permission rows of the consultations app: the secretariat runs consultations; the current
member enterprises in the audience answer them (association A's member here)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.permissions.matrix import GP, P, logged_in, only, row

LABELS = ("consultations",)
C = {"pk": "consultation.pk"}
S = {"pk": "submission.pk"}
MEMBERS = ("member_a", "member_b", "secretariat")  # the consultation asks all members

PAGES = {
    "consultations:list": row(logged_in()),
    "consultations:detail": row(only(*MEMBERS), kwargs=C),
    "consultations:detail#answer": row(only("member_a", "member_b"), route="consultations:detail", kwargs=C,
                                       methods=P, data={"proposal": "減低商業登記費"}),
    "consultations:new": row(only("secretariat"), methods=GP, data={
        "title_zh_hant": "新諮詢", "deadline": "2030-01-01T10:00", "allow_anonymous": "on"}),
    "consultations:register": row(only("secretariat")),
    "consultations:manage": row(only("secretariat"), kwargs=C, methods=GP,
                                data={"kind": "text", "prompt_zh_hant": "意見？"}),
    "consultations:status": row(only("secretariat"), kwargs=C, methods=P, data={"status": "closed"}),
    "consultations:synthesis": row(only("secretariat"), kwargs=C),
    "consultations:submission_new": row(only("secretariat"), kwargs=C, methods=P),
    "consultations:submission": row(only("secretariat"), kwargs=S, methods=GP,
                                    data={"action": "approve", "council_minute": "C-1"}),
    "consultations:submission_export": row(only("secretariat"), kwargs={**S, "fmt": "pdf"}),
}
API = {
    "shanglian_consultations_api_list_consultations": row(logged_in()),
    "shanglian_consultations_api_respond": row(only("member_a", "member_b"),
                                               kwargs={"consultation_id": "consultation.pk"},
                                               data={"proposal": "減低商業登記費"}),
}


def build(w) -> None:
    from shanglian.consultations import services

    w.consultation = services.consultation_create(actor=w.secretariat, values={
        "title_zh_hant": "財政預算案諮詢", "deadline": timezone.now() + datetime.timedelta(days=7)})
    services.question_add(actor=w.secretariat, consultation=w.consultation, kind="text", prompt_zh_hant="意見？")
    services.consultation_set_status(actor=w.secretariat, consultation=w.consultation, status="open")
    w.submission = services.submission_draft(actor=w.secretariat, consultation=w.consultation, body="草稿")
