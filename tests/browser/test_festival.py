"""The festival's main journey on a phone-sized browser: search (简体 finds 繁體) → offer →
verify the phone by SMS code → claim → the coupon with its QR → redeemed by shop staff → a
second scan says when and where."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from shanglian.festival import sms
from shanglian.festival.models import Coupon
from tests.conftest import PASSWORD
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


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="zh-HK")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_claim_and_redeem(live_server, phone, browser, screenshot_dir, offer, campaign, shop, cashier):  # noqa: F811
    cache.clear()
    sms.outbox.clear()
    base = live_server.url
    page = phone
    page.goto(base + "/zh-hant/festival/")
    page.fill("#hero-q", "奶茶买一送一")  # 简体 query, 繁體 offer
    page.locator(".fest-hero").get_by_role("button", name="搜尋").click()
    page.wait_for_url(re.compile(r"/festival/offers/\?q="))
    page.screenshot(path=str(screenshot_dir / "festival-search.png"), full_page=True)
    page.locator("#results").get_by_role("link", name="港式奶茶買一送一").click()
    page.wait_for_url(re.compile(rf"/festival/offers/{offer.pk}/$"), wait_until="domcontentloaded")
    assert overflow(page) <= 0
    page.get_by_role("button", name="驗證手機後領取").click()
    page.wait_for_url(re.compile(r"/festival/phone/"))
    page.fill("#phone", "9123 4567")
    page.check("input[name=privacy_consent]")  # the collection notice's consent
    page.get_by_role("button", name="發送驗證碼").click()
    page.locator("#otp-code").wait_for()
    code = re.search(r"(\d{6})", sms.outbox[-1].text).group(1)
    page.fill("#otp-code", code)
    page.get_by_role("button", name="確認").click()
    page.wait_for_url(re.compile(rf"/festival/offers/{offer.pk}/"))
    page.get_by_role("button", name="立即領取").click()
    page.get_by_text("領取成功").wait_for()
    page.screenshot(path=str(screenshot_dir / "festival-claimed.png"), full_page=True)
    page.get_by_role("link", name="查看優惠券").click()
    page.locator("#coupon-code").wait_for()
    code_text = page.locator("#coupon-code").inner_text().strip()
    coupon = Coupon.objects.get()
    assert code_text == coupon.code and page.locator("svg").count() >= 1
    assert overflow(page) <= 0

    # At the counter: the cashier types the code (the camera path feeds the same form).
    staff = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-HK")
    counter = staff.new_page()
    counter.goto(base + "/zh-hant/login/?next=/zh-hant/festival/redeem/")
    counter.fill("#id_username", cashier.username)
    counter.fill("#id_password", PASSWORD)
    counter.locator("main").get_by_role("button", name="登入").click()
    counter.wait_for_url(re.compile(r"/festival/redeem/"))
    counter.fill("#r-code", code_text.lower())
    counter.get_by_role("button", name="使用優惠券").click()
    counter.locator(".scan-result.ok").wait_for()
    counter.fill("#r-code", code_text)
    counter.get_by_role("button", name="使用優惠券").click()
    counter.get_by_text("此優惠券已於").wait_for()
    assert shop.name_zh in counter.locator("#redeem-result").inner_text()
    counter.screenshot(path=str(screenshot_dir / "festival-redeem.png"), full_page=True)
    staff.close()
    coupon.refresh_from_db()
    assert coupon.redeemed_at is not None and coupon.redeemed_shop_id == shop.pk and coupon.redeemed_by_id == cashier.pk


def test_merchant_edits_and_unpublishes(live_server, phone, screenshot_dir, offer, shop, merchant_user):  # noqa: F811
    base = live_server.url
    page = phone
    page.goto(base + f"/zh-hant/login/?next=/zh-hant/festival/merchant/{offer.merchant_id}/")
    page.fill("#id_username", merchant_user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="登入").click()
    page.wait_for_url(re.compile(rf"/festival/merchant/{offer.merchant_id}/$"))
    page.get_by_role("link", name="修改", exact=True).click()
    page.wait_for_url(re.compile(rf"/festival/merchant/offers/{offer.pk}/edit/"))
    assert overflow(page) <= 0
    page.fill("#id_title_en", "Milk tea: buy one get one free")
    page.get_by_role("button", name="儲存").click()
    page.get_by_text("已更新優惠").wait_for()
    page.get_by_role("button", name="暫停發佈").click()
    page.get_by_text("已暫停發佈優惠").wait_for()
    assert page.get_by_role("button", name="重新發佈").is_visible()
    assert overflow(page) <= 0
    page.screenshot(path=str(screenshot_dir / "festival-merchant-unpublished.png"), full_page=True)
    offer.refresh_from_db()
    assert offer.title_en == "Milk tea: buy one get one free" and not offer.is_published
    page.get_by_role("button", name="重新發佈").click()
    page.get_by_text("已重新發佈優惠").wait_for()
    offer.refresh_from_db()
    assert offer.is_published
