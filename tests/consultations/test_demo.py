"""The demo data of consultations, charity and competition load once, on top of a small directory demo."""

from __future__ import annotations

import io

import pytest

from shanglian.charity import demo as charity_demo
from shanglian.charity.models import Campaign, Pledge
from shanglian.competition import demo as competition_demo
from shanglian.competition.models import Entry
from shanglian.consultations import demo as consultations_demo
from shanglian.consultations.models import Response, Submission
from shanglian.directory.demo.loader import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_demos_load_once(reference_data, client):
    load_demo(enterprises=80, stdout=io.StringIO())
    for module in (consultations_demo, charity_demo, competition_demo):
        module.load_demo(stdout=io.StringIO())
        module.load_demo(stdout=io.StringIO())
    assert Response.objects.count() >= 40 and Submission.objects.get().status == "sent"
    assert Campaign.objects.count() == 2 and Pledge.objects.filter(status="received").exists()
    assert Entry.objects.count() == 12
    assert client.login(username="secretariat", password="demo12345")
    for url in ("/zh-hant/consultations/", "/en/charity/", "/zh-hans/competition/"):
        assert client.get(url).status_code == 200, url
    # the hooks on the home page and the dashboard (the other second-wave apps' hooks may be missing here)
    from django.contrib.auth import get_user_model
    from django.template.loader import render_to_string

    user = get_user_model().objects.get(username="secretariat")
    for app in ("consultations", "charity", "competition"):
        home = render_to_string(f"{app}/_home.html", {"user": user})
        dashboard = render_to_string(f"{app}/_dashboard.html", {"user": user})
        assert f"/{app}/" in home and f"/{app}/" in dashboard
