"""On a phone-sized screen no page scrolls sideways, and the menu opens."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_pages_fit_a_phone(live_server, phone, screenshot_dir, kt_admin, kt_enterprise, kwun_tong):
    base = live_server.url
    pages = {
        "home": "/zh-hant/",
        "directory": "/zh-hant/directory/?q=观塘",
        "directory-en": "/en/directory/?q=kwun",
        "profile": f"/zh-hant/directory/enterprises/{kt_enterprise.pk}/",
        "association": f"/zh-hant/directory/associations/{kwun_tong.slug}/",
        "associations": "/zh-hant/directory/associations/",
        "login": "/zh-hant/login/",
    }
    for name, path in pages.items():
        response = phone.goto(base + path)
        assert response is not None and response.status == 200, name
        assert overflow(phone) <= 0, f"{name} scrolls sideways by {overflow(phone)}px"

    # The menu is behind the ☰ button and opens on tap.
    phone.goto(base + "/zh-hant/")
    directory_link = phone.locator("nav.nav").get_by_role("link", name="會員名錄")
    if not directory_link.is_visible():
        phone.locator("button.nav-button").tap()
    assert directory_link.is_visible()

    # Logged in as an association admin: the edit form and the members page fit too.
    phone.goto(base + "/zh-hant/login/")
    phone.fill("#id_username", kt_admin.username)
    phone.fill("#id_password", PASSWORD)
    with phone.expect_navigation():
        phone.locator("main").get_by_role("button", name="登入").tap()
    assert "/login/" not in phone.url
    for path in (f"/zh-hant/directory/enterprises/{kt_enterprise.pk}/edit/",
                 f"/zh-hant/directory/associations/{kwun_tong.slug}/members/"):
        response = phone.goto(base + path)
        assert response is not None and response.status == 200, path
        assert overflow(phone) <= 0, f"{path} scrolls sideways by {overflow(phone)}px"
    phone.screenshot(path=str(screenshot_dir / "phone-members.png"), full_page=True)


def test_phone_menu_by_keyboard(live_server, phone, kt_admin):
    """At 390 px, Tab reaches the menu button, Enter opens it, and Tab then reaches every link,
    登入 included; the login form is then filled and sent with the keyboard alone."""
    phone.goto(live_server.url + "/zh-hant/")
    button = phone.locator("button.nav-button")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not phone.locator("nav.nav").get_by_role("link", name="登入").is_visible()
    for _ in range(6):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.classList.contains('nav-button')"):
            break
    else:
        raise AssertionError("Tab never reached the menu button")
    phone.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    reached = []
    for _ in range(12):
        reached.append(phone.evaluate("document.activeElement.textContent.trim()"))
        if reached[-1] == "登入":
            break
        phone.keyboard.press("Tab")
    assert reached[-1] == "登入", reached
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "/login/" in phone.url
    phone.locator("#id_username").focus()
    phone.keyboard.type(kt_admin.username)
    phone.keyboard.press("Tab")
    phone.keyboard.type(PASSWORD)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "/login/" not in phone.url
