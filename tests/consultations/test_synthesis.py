from __future__ import annotations

import datetime
import io
import zipfile

import numpy as np
import pytest
from django.urls import reverse

from shanglian.consultations import selectors, services, synthesis
from shanglian.consultations.models import Submission
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_cluster_groups_by_meaning():
    texts = ["租金太貴，希望政府寬減差餉", "舖租及差餉負擔沉重", "rent and rates are too high",
             "請放寬輸入外勞，人手不足", "招聘困難，需要輸入勞工", "we cannot hire enough staff"]
    themes = synthesis.cluster_texts(list(enumerate(texts)), k=2)
    groups = sorted(sorted(t.members) for t in themes)
    assert groups == [[0, 1, 2], [3, 4, 5]]
    assert all(len(t.quotes) <= 3 for t in themes)


def test_kmeans_on_fixed_vectors():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(10, 8)) + np.array([5, 0, 0, 0, 0, 0, 0, 0])
    b = rng.normal(size=(10, 8)) + np.array([0, 5, 0, 0, 0, 0, 0, 0])
    x = np.vstack([a, b]).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    themes = synthesis.cluster_texts([(i, f"t{i}") for i in range(20)], k=2, vectors=x)
    assert sorted(t.size for t in themes) == [10, 10]


def test_synthesis_submission_flow(client, consultation, qids, kt_member, kt_enterprise, east_enterprise,
                                   secretariat, make_user):
    from shanglian.directory.models import EnterpriseRole

    east_user = make_user("east")
    EnterpriseRole.objects.create(user=east_user, enterprise=east_enterprise)
    services.response_save(actor=kt_member, consultation=consultation, enterprise_id=kt_enterprise.pk,
                           answers={qids[0]: "支持", qids[1]: "4", qids[2]: "租金太貴"}, anonymous=True)
    services.response_save(actor=east_user, consultation=consultation, enterprise_id=east_enterprise.pk,
                           answers={qids[0]: "反對", qids[1]: "2", qids[2]: "請輸入外勞"}, proposal="減稅")
    summary = selectors.synthesis_for(consultation)
    choice = summary["questions"][0]
    assert choice["overall"] == [1, 1, 0]
    assert {name for name, *_ in choice["by_association"]} == {"香港觀塘工商業聯合會", "東區工商業聯合會"}
    assert summary["questions"][1]["mean"] == 3.0
    who = {q["who"] for t in summary["questions"][2]["themes"] for q in t["quotes"]}
    assert who == {"匿名會員", "東區的士車行"}

    client.login(username="secretariat", password=PASSWORD)
    assert client.get(reverse("consultations:synthesis", args=[consultation.pk])).status_code == 200
    client.post(reverse("consultations:submission_new", args=[consultation.pk]))
    submission = Submission.objects.get()
    assert "[#" in submission.body_zh_hant
    url = reverse("consultations:submission", args=[submission.pk])
    # not yet approved: cannot be recorded as sent
    with pytest.raises(Exception):
        services.submission_send(actor=secretariat, submission=submission, sent_to="財政司司長",
                                 sent_at=datetime.date(2026, 12, 1))
    client.post(url, {"action": "approve", "council_minute": "第 12 次理事會"})
    client.post(url, {"action": "send", "sent_to": "財政司司長辦公室", "sent_at": "2026-12-01"})
    client.post(url, {"action": "response", "text": "已收悉", "date": "2026-12-20"})
    submission.refresh_from_db()
    assert submission.status == "sent" and submission.government_response == "已收悉"
    pdf = client.get(reverse("consultations:submission_export", args=[submission.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("consultations:submission_export", args=[submission.pk, "docx"]) + "?lang=en")
    document = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "匿名會員" in document  # the anonymous member is cited without a name
    assert "觀塘資訊科技" not in document
    register = client.get(reverse("consultations:register"))
    assert "財政司司長辦公室" in register.content.decode()


def test_members_cannot_see_synthesis(client, consultation, kt_member):
    client.login(username="kt-member", password=PASSWORD)
    assert client.get(reverse("consultations:synthesis", args=[consultation.pk])).status_code == 404


def test_submission_gets_a_simplified_draft_for_review(client, consultation, secretariat):
    body = "本會建議政府資助中小企的資訊科技升級，並推動網上銷售。詳見 https://example.hk/附件"
    submission = services.submission_draft(actor=secretariat, consultation=consultation, body=body)
    assert submission.zh_hans_machine
    assert submission.title_zh_hans == "就「财政预算案咨询」的意见书"
    assert "信息技术" in submission.body_zh_hans and "线上" in submission.body_zh_hans  # our vocabulary
    assert "https://example.hk/附件" in submission.body_zh_hans  # URLs untouched
    client.force_login(secretariat)
    url = reverse("consultations:submission", args=[submission.pk])
    page = client.get(url).content.decode()
    assert 'id="hans-review"' in page and "信息技术" in page
    # The untouched machine draft follows the 繁體 master when it is edited.
    form = {"action": "save", "title_zh_hant": submission.title_zh_hant, "title_zh_hans": submission.title_zh_hans,
            "title_en": "", "body_zh_hant": body + "另建議設立網上平台。", "body_zh_hans": submission.body_zh_hans,
            "body_en": ""}
    assert client.post(url, form).status_code == 302
    submission.refresh_from_db()
    assert submission.zh_hans_machine and submission.body_zh_hans.endswith("另建议设立线上平台。")
    # The editor corrects the 简体 text: it is no longer a machine draft and is not overwritten.
    form.update(body_zh_hant=submission.body_zh_hant, body_zh_hans="编辑校对后的简体文本。")
    client.post(url, form)
    submission.refresh_from_db()
    assert not submission.zh_hans_machine and submission.body_zh_hans == "编辑校对后的简体文本。"
    form.update(body_zh_hant=submission.body_zh_hant + "補充。")
    client.post(url, form)
    submission.refresh_from_db()
    assert submission.body_zh_hans == "编辑校对后的简体文本。"
    # On request, a fresh draft replaces it.
    client.post(url, {**form, "action": "draft"})
    submission.refresh_from_db()
    assert submission.zh_hans_machine and submission.body_zh_hans.endswith("补充。")
