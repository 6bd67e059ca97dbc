"""Content-Security-Policy in a real browser: the main pages, as the people who use them, log no
CSP violation and no console error; the charts draw, the Swagger UI renders, htmx swaps and the
data-* behaviours (confirm, progress widths) work without inline script."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.events.conftest import forum  # noqa: F401 - fixture
from tests.festival.conftest import (  # noqa: F401 - fixtures
    campaign,
    cashier,
    edition,
    merchant,
    merchant_user,
    offer,
    shop,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watched_page(browser, base, user=None):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-HK")
    context.set_default_timeout(15_000)
    if user is not None:  # log in without going through the login form (another team owns it)
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])
    page = context.new_page()
    problems: list[str] = []

    def on_console(message):
        if message.type == "error" and "favicon.ico" not in (message.location or {}).get("url", ""):
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => console.error("
                         "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    return context, page, problems


def visit(page, url):
    response = page.goto(url, wait_until="load")
    assert response.status == 200, (url, response.status)
    page.wait_for_timeout(150)


def test_main_pages_log_no_csp_violation(live_server, browser, secretariat, forum, offer, campaign,  # noqa: F811
                                         cashier):  # noqa: F811
    base = live_server.url
    context, page, problems = watched_page(browser, base)
    for lang in ("zh-hant", "zh-hans", "en"):
        for path in ("", "directory/", "directory/associations/", "matching/", "events/", "festival/",
                     "festival/offers/"):
            visit(page, f"{base}/{lang}/{path}")
    visit(page, base + forum.get_absolute_url())
    visit(page, base + offer.get_absolute_url())
    assert page.locator(".progress span").first.evaluate("e => e.style.width") == "0%"  # set by behaviours.js
    # htmx search swaps the results in place
    visit(page, base + "/zh-hant/festival/offers/")
    page.fill("input[name=q]", "奶茶")
    page.locator("input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"q="))
    assert "港式奶茶買一送一" in page.locator("main").inner_text()
    # the Swagger UI (django-ninja's own static files) renders under the policy
    visit(page, base + "/api/v1/docs")
    page.locator(".swagger-ui .opblock").first.wait_for()
    context.close()

    context, page, staff_problems = watched_page(browser, base, secretariat)
    for path in ("/zh-hant/", f"/zh-hant/events/{forum.slug}/checkin/",
                 f"/zh-hant/events/{forum.slug}/meetings/manage/", "/zh-hant/directory/import/",
                 "/admin/", "/admin/directory/enterprise/", "/admin/directory/enterprise/add/",
                 "/admin/events/event/add/"):
        visit(page, base + path)
    visit(page, base + "/zh-hant/matching/dashboard/")
    page.wait_for_function("() => !!window.Chart")
    visit(page, base + "/zh-hant/festival/organiser/")
    page.wait_for_function("() => !!window.Chart && document.querySelectorAll('canvas').length > 0")
    drawn = page.evaluate("() => [...document.querySelectorAll('canvas')].filter(c => Chart.getChart(c)).length")
    assert drawn > 0
    context.close()

    context, page, cashier_problems = watched_page(browser, base, cashier)
    visit(page, base + "/zh-hant/festival/redeem/")
    context.close()
    assert problems + staff_problems + cashier_problems == []


def test_confirm_prompt_comes_from_the_static_script(live_server, browser, secretariat, forum):  # noqa: F811
    from shanglian.events.models import Registration
    from tests.events.conftest import person, register

    register(forum, secretariat, person(1))
    reg = Registration.objects.get(event=forum)
    base = live_server.url
    context, page, problems = watched_page(browser, base, secretariat)
    visit(page, base + f"/zh-hant/events/tickets/{reg.pk}/")
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.locator("[data-confirm]").first.click()
    page.wait_for_timeout(300)
    assert asked == ["確定取消報名？"]
    reg.refresh_from_db()
    assert reg.status == "confirmed"  # dismissed: nothing happened
    page.once("dialog", lambda d: d.accept())
    page.locator("[data-confirm]").first.click()
    page.wait_for_load_state()
    page.wait_for_timeout(300)
    reg.refresh_from_db()
    assert reg.status == "cancelled"
    context.close()
    assert problems == []
