from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from shanglian.consultations import services
from shanglian.consultations.models import Consultation, Response
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_member_answers_once_and_edits(consultation, qids, kt_member, kt_enterprise):
    services.response_save(actor=kt_member, consultation=consultation, enterprise_id=kt_enterprise.pk,
                           answers={qids[0]: "支持", qids[1]: "4", qids[2]: "租金太貴"})
    services.response_save(actor=kt_member, consultation=consultation, enterprise_id=kt_enterprise.pk,
                           answers={qids[0]: "反對"}, proposal="延長寬減", anonymous=True)
    response = Response.objects.get()
    assert response.anonymous and response.proposal == "延長寬減"
    assert [a.choice for a in response.answers.all()] == ["反對"]
    assert response.association.slug == "kwun-tong"


def test_database_refuses_a_second_response(consultation, kt_member, kt_enterprise):
    Response.objects.create(consultation=consultation, enterprise=kt_enterprise, user=kt_member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(consultation=consultation, enterprise=kt_enterprise, user=kt_member)


def test_deadline_is_checked_on_the_server(consultation, qids, kt_member, kt_enterprise):
    late = consultation.deadline + datetime.timedelta(seconds=1)
    with pytest.raises(ValidationError) as exc:
        services.response_save(actor=kt_member, consultation=consultation, enterprise_id=kt_enterprise.pk,
                               answers={qids[0]: "支持"}, now=late)
    assert exc.value.code == "closed"
    assert not Response.objects.exists()


def test_page_after_deadline_refuses(client, consultation, qids, kt_member):
    Consultation.objects.filter(pk=consultation.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    client.login(username="kt-member", password=PASSWORD)
    page = client.get(reverse("consultations:detail", args=[consultation.pk]))
    assert "已截止" in page.content.decode()
    client.post(reverse("consultations:detail", args=[consultation.pk]), {f"q{qids[0]}": "支持"})
    assert not Response.objects.exists()


def test_bad_answers_are_refused_whole(consultation, qids, kt_member, kt_enterprise):
    with pytest.raises(ValidationError):
        services.response_save(actor=kt_member, consultation=consultation, enterprise_id=kt_enterprise.pk,
                               answers={qids[0]: "也許", qids[1]: "9"})
    with pytest.raises(ValidationError):
        services.response_save(actor=kt_member, consultation=consultation, enterprise_id=kt_enterprise.pk,
                               answers={})
    assert not Response.objects.exists()


def test_answer_on_phone_page(client, consultation, qids, kt_member):
    client.login(username="kt-member", password=PASSWORD)
    url = reverse("consultations:detail", args=[consultation.pk])
    assert client.get(url).status_code == 200
    done = client.post(url, {f"q{qids[0]}": "支持", f"q{qids[1]}": "5", f"q{qids[2]}": "人手不足", "anonymous": "on"})
    assert done.status_code == 302
    assert Response.objects.get().anonymous


def test_audience_limited_to_associations(secretariat, kt_member, eastern, client):
    c = services.consultation_create(actor=secretariat, values={
        "title_zh_hant": "東區諮詢", "deadline": timezone.now() + datetime.timedelta(days=1)},
        association_ids=[eastern.pk])
    services.question_add(actor=secretariat, consultation=c, kind="text", prompt_zh_hant="意見？")
    services.consultation_set_status(actor=secretariat, consultation=c, status="open")
    client.login(username="kt-member", password=PASSWORD)
    assert client.get(reverse("consultations:detail", args=[c.pk])).status_code == 404


def test_api_answer(client, consultation, qids, kt_member):
    client.login(username="kt-member", password=PASSWORD)
    r = client.post(f"/api/v1/consultations/consultations/{consultation.pk}/response",
                    {"answers": [{"question": qids[0], "value": "支持"}]}, content_type="application/json")
    assert r.status_code == 200, r.content
    bad = client.post(f"/api/v1/consultations/consultations/{consultation.pk}/response",
                      {"answers": [{"question": qids[1], "value": "0"}]}, content_type="application/json")
    assert bad.status_code == 400
