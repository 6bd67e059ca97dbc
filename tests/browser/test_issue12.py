"""Issue 12 in a real browser: the language switcher against the browser's language and after an
htmx search; on a 390 px phone the offer filters fold so results are on the first screen, and a
refused location is explained with a way to pick a district; the claim button turns to 「已領取」."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from shanglian.festival import sms
from tests.festival.conftest import (  # noqa: F401 - fixtures
    campaign,
    edition,
    merchant,
    merchant_user,
    offer,
    shop,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone_context(browser, locale: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale=locale)
    context.set_default_timeout(15_000)
    return context


def test_switcher_works_for_an_english_browser_on_a_shared_chinese_link(live_server, browser, offer):  # noqa: F811
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    page = context.new_page()
    page.goto(f"{live_server.url}/zh-hant/festival/offers/{offer.pk}/")
    page.locator(".lang-switch button[value=en]").click()
    page.wait_for_url(re.compile(rf"/en/festival/offers/{offer.pk}/$"))
    page.locator(".lang-switch button[value=zh-hans]").click()
    page.wait_for_url(re.compile(rf"/zh-hans/festival/offers/{offer.pk}/$"))
    context.close()


def test_switcher_keeps_an_htmx_search(live_server, browser, offer):  # noqa: F811
    context = browser.new_context(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    page = context.new_page()
    page.goto(f"{live_server.url}/zh-hant/festival/offers/")
    page.fill("#f-q", "奶茶")
    page.locator("#offer-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"\?.*q=%E5%A5%B6%E8%8C%B6|\?.*q=奶茶"))
    page.locator(".lang-switch button[value=en]").click()
    page.wait_for_url(re.compile(r"/en/festival/offers/\?.*q="))
    assert "q=" in page.url
    context.close()


def test_phone_filters_fold_and_refused_location_offers_districts(live_server, browser, offer, campaign):  # noqa: F811
    context = phone_context(browser, "en-US")  # no geolocation permission granted: the browser refuses
    page = context.new_page()
    page.goto(f"{live_server.url}/en/festival/offers/")
    first = page.locator("#results .offer-card").first.bounding_box()
    assert first is not None and first["y"] < 844, first  # a result on the first screen
    assert not page.locator("#f-district").is_visible()
    page.locator(".more-filters > summary").click()
    page.select_option("#f-sort", "distance")
    status = page.locator("#geo-status")
    status.filter(has_text="did not allow").or_(status.filter(has_text="not available")).wait_for()
    assert page.locator("#geo-fallback").is_visible()
    assert page.locator("#f-sort").input_value() == ""
    page.get_by_role("link", name="Pick a district instead").click()
    assert page.evaluate("document.activeElement.id") == "f-district"
    context.close()


def test_claim_turns_into_claimed(live_server, browser, offer, campaign):  # noqa: F811
    cache.clear()
    sms.outbox.clear()
    context = phone_context(browser, "zh-HK")
    page = context.new_page()
    page.goto(f"{live_server.url}/zh-hant/festival/offers/{offer.pk}/")
    page.get_by_role("button", name="驗證手機後領取").click()
    page.fill("#phone", "9123 4567")
    page.check("input[name=privacy_consent]")  # the collection notice's consent
    page.get_by_role("button", name="發送驗證碼").click()
    page.locator("#otp-code").wait_for()
    page.fill("#otp-code", re.search(r"(\d{6})", sms.outbox[-1].text).group(1))
    page.locator("#otp-code").press("Enter")
    page.wait_for_url(re.compile(rf"/festival/offers/{offer.pk}/$"))
    box = page.locator(f"#campaign-{campaign.pk}")
    assert "尚餘 3 / 3 張" in box.inner_text()
    box.get_by_role("button", name="立即領取").click()
    box.get_by_text("領取成功").wait_for()
    assert "尚餘 2 / 3 張" in box.inner_text() and "已領取" in box.inner_text()
    assert box.get_by_role("button", name="立即領取").count() == 0
    context.close()
