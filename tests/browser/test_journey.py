"""One journey through the site in a real browser: languages, cross-script search, a profile,
an association admin editing a member, and the refusal on another association's member."""

from __future__ import annotations

import re

import pytest

from shanglian.core.models import AuditEntry
from tests.conftest import PASSWORD
from tests.directory.conftest import enterprise_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nav(page):
    return page.locator("nav.nav")


def switch_language(page, label: str) -> None:
    page.locator("form.lang-switch").get_by_role("button", name=label).click()
    page.wait_for_load_state()


def test_journey(live_server, page, screenshot_dir, kt_admin, kt_enterprise, east_enterprise):
    base = live_server.url
    east_before = enterprise_state(east_enterprise.pk)

    # Home page in Traditional Chinese by default; switch to 简体, English, and back.
    page.goto(base + "/")
    assert re.search(r"/zh-hant/$", page.url)
    assert nav(page).get_by_role("link", name="會員名錄").is_visible()
    switch_language(page, "简体中文")
    assert re.search(r"/zh-hans/$", page.url)
    assert nav(page).get_by_role("link", name="会员名录").is_visible()
    assert page.locator("html").get_attribute("lang") == "zh-Hans-CN"
    switch_language(page, "English")
    assert re.search(r"/en/$", page.url)
    assert nav(page).get_by_role("link", name="Member directory").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    switch_language(page, "繁體中文")
    assert re.search(r"/zh-hant/$", page.url)
    assert nav(page).get_by_role("link", name="會員名錄").is_visible()

    # Directory: a Simplified query finds the Traditional record; an English query works too.
    nav(page).get_by_role("link", name="會員名錄").click()
    page.wait_for_url(re.compile(r"/zh-hant/directory/"))
    results = page.locator("#results")
    page.fill("#f-q", "观塘")
    page.get_by_role("button", name="搜尋").click()
    page.wait_for_url(re.compile(r"q=%E8%A7%82%E5%A1%98|q=观塘"))
    results.get_by_role("link", name="觀塘資訊科技有限公司").wait_for()
    assert results.get_by_text("東區的士車行").count() == 0
    page.fill("#f-q", "taxi")
    page.get_by_role("button", name="搜尋").click()
    results.get_by_role("link", name="東區的士車行").wait_for()
    assert results.get_by_text("觀塘資訊科技有限公司").count() == 0

    # Back to the Kwun Tong record and open its profile: contacts hidden until logged in.
    page.fill("#f-q", "观塘")
    page.get_by_role("button", name="搜尋").click()
    results.get_by_role("link", name="觀塘資訊科技有限公司").click()
    page.wait_for_url(re.compile(rf"/zh-hant/directory/enterprises/{kt_enterprise.pk}/$"))
    assert page.get_by_role("heading", name="觀塘資訊科技有限公司").is_visible()
    assert "2123 4567" not in page.content() and "21234567" not in page.content()

    # Log in as the Kwun Tong association admin (the login link brings us back here).
    page.locator("article").get_by_role("link", name="登入").click()
    page.fill("#id_username", kt_admin.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="登入").click()
    page.wait_for_url(re.compile(rf"/directory/enterprises/{kt_enterprise.pk}/$"))
    assert "+85221234567" in page.content()

    # Edit the member: change the description, save, see the message and the new text.
    page.get_by_role("link", name="編輯資料").click()
    page.wait_for_url(re.compile(rf"/enterprises/{kt_enterprise.pk}/edit/$"))
    page.fill("#id_description", "瀏覽器測試：雲端及網絡保安服務")
    page.get_by_role("button", name="儲存").click()
    page.wait_for_url(re.compile(rf"/enterprises/{kt_enterprise.pk}/$"))
    assert page.locator(".messages").get_by_text("已儲存企業資料。").is_visible()
    assert page.get_by_text("瀏覽器測試：雲端及網絡保安服務").is_visible()
    kt_enterprise.refresh_from_db()
    assert kt_enterprise.description == "瀏覽器測試：雲端及網絡保安服務"
    assert AuditEntry.objects.filter(action="enterprise.update", actor=kt_admin).count() == 1

    # Another association's member: refused, and nothing changed.
    response = page.goto(f"{base}/zh-hant/directory/enterprises/{east_enterprise.pk}/edit/")
    assert response is not None and response.status == 403
    assert page.locator("#id_description").count() == 0
    assert enterprise_state(east_enterprise.pk) == east_before

    page.goto(f"{base}/zh-hant/directory/enterprises/{kt_enterprise.pk}/")
    page.screenshot(path=str(screenshot_dir / "journey.png"), full_page=True)
