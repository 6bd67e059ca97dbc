"""Accounts in a real browser: an association admin invites a person of a member enterprise from its
page; the invitee opens the mailed link in another browser, creates a login and acts for the company;
wrong passwords lock the login with a clear message."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from shanglian.directory.models import EnterpriseRole
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, username, password=PASSWORD):
    page.goto(base + "/zh-hant/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main").get_by_role("button", name="登入").click()
    page.wait_for_load_state()


def test_invitation_journey(live_server, browser, page, screenshot_dir, kt_admin, kt_enterprise):
    cache.clear()
    base = live_server.url
    login(page, base, kt_admin.username)
    page.goto(base + kt_enterprise.get_absolute_url())
    page.get_by_role("link", name="邀請人員").click()
    page.fill("#id_email", "new.staff@example.invalid")
    page.select_option("#id_role", "staff")
    page.select_option("#id_language", "en")
    page.get_by_role("button", name="寄出邀請").click()
    page.wait_for_url(re.compile(r"/accounts/invitations/$"))
    assert page.get_by_text("new.staff@example.invalid").count() >= 1
    page.screenshot(path=str(screenshot_dir / "accounts-invitations.png"), full_page=True)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/invitations/accept/\S+/", mail.outbox[0].body).group(0)
    path = link[link.index("/en/"):]
    invitee = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    invitee.goto(base + path)
    invitee.fill("#id_username", "newstaff")
    invitee.fill("#id_password1", "Sturdy-pass-4821")
    invitee.fill("#id_password2", "Sturdy-pass-4821")
    invitee.screenshot(path=str(screenshot_dir / "accounts-accept.png"), full_page=True)
    invitee.get_by_role("button", name="Create account and accept").click()
    invitee.wait_for_url(re.compile(r"/en/dashboard/$"))
    invitee.get_by_role("link", name="Update company profile").wait_for()
    assert EnterpriseRole.objects.filter(user__username="newstaff", enterprise=kt_enterprise, role="staff").exists()
    invitee.context.close()


def test_wrong_passwords_lock_the_login(live_server, page, kt_member):
    cache.clear()
    base = live_server.url
    for _ in range(5):
        login(page, base, kt_member.username, "wrong-password")
    login(page, base, kt_member.username)
    assert "/login/" in page.url
    assert page.get_by_role("alert").filter(has_text="登入失敗次數過多").is_visible()
    cache.clear()
