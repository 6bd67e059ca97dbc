"""The README's demo logins (usernames, password demo12345) still log in through the page: the demo
marks their e-mail addresses verified. MFA is off in development (the default with DEBUG on)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from shanglian.accounts.models import MembershipApplication
from shanglian.directory.management.commands import demo as demo_command


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr(demo_command, "OTHER_APPS", ("festival", "accounts"))
    call_command("demo", enterprises=20, stdout=io.StringIO())


@pytest.mark.parametrize("username", ["member1", "secretariat", "kwuntong-admin", "merchant1", "cashier1"])
def test_demo_logins_work(client, demo, settings, username):
    assert settings.MFA_REQUIRED_FOR_STAFF is False
    response = client.post("/zh-hant/login/", {"login": username, "password": "demo12345"})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")
    assert client.get("/zh-hant/dashboard/").status_code == 200


def test_demo_application_waits_at_eastern_and_a_second_run_adds_nothing(demo):
    assert MembershipApplication.objects.filter(association__slug="eastern", status="pending").count() == 1
    call_command("demo", enterprises=20, stdout=io.StringIO())
    assert MembershipApplication.objects.count() == 1
