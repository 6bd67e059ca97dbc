"""Incubation fixtures: an open call with YDF-style rules and a Cyberport-style rubric, an
applicant, and reviewers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shanglian.incubation import sample, services
from shanglian.incubation.models import Panel, Reviewer
from tests.conftest import PASSWORD


def login(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def pdf(name: str = "deck.pdf", size: int = 0) -> SimpleUploadedFile:
    body = sample.PDF + b"0" * size
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def call(secretariat, reference_data):
    return sample.sample_call(actor=secretariat)


@pytest.fixture
def applicant(make_user):
    return make_user("applicant")


@pytest.fixture
def draft(call, applicant):
    app = services.application_start(actor=applicant, call=call, language="en")
    services.member_add(actor=applicant, application=app, values=sample.eligible_member())
    return app


GOOD = {
    "project_name": "智能物流平台",
    "stage": "prototype",
    "tags": "logistics, ai",
    "summary": "用人工智能優化跨境物流。",
    "sector": "logistics",
    "has_ip": False,
}


@pytest.fixture
def submitted(draft, applicant):
    return services.application_save(
        actor=applicant, application=draft, values=GOOD, files={"deck": pdf()}, submit=True
    )


@pytest.fixture
def reviewers(call, make_user):
    panel = Panel.objects.get(call=call)
    out = []
    for i, tags in enumerate([["ai"], ["logistics"], ["fintech"], ["biotech", "ai"]]):
        out.append(Reviewer.objects.create(panel=panel, user=make_user(f"reviewer{i}"), expertise=tags))
    return out
