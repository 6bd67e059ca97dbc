"""The matchmaking journey in a real browser: a HK member posts a need in 繁體, the secretariat
approves it, the member sees a Mainland offer written in 简体 ranked with reasons, expresses
interest; the other side accepts in its inbox; only then are contact details shown."""

from __future__ import annotations

import re

import pytest

from shanglian.core.reading import to_script
from shanglian.matching.models import Introduction, Opportunity
from shanglian.matching.ranking import reset_cache
from tests.conftest import PASSWORD
from tests.matching.conftest import post, sz_enterprise, sz_member  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base: str, user) -> None:
    page.context.clear_cookies()
    page.goto(base + "/zh-hant/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="登入").click()
    page.wait_for_load_state()


def test_matching_journey(live_server, page, screenshot_dir, kt_member, sz_member, sz_enterprise,  # noqa: F811
                          secretariat):
    reset_cache()
    base = live_server.url
    offer = post(sz_member, sz_enterprise, kind="offer", subtype="product",
                 title="供应电子元器件及芯片，寻找香港经销商",
                 description="深圳电子元器件厂家，现货供应芯片、电阻电容，支持小批量，可送货到香港。",
                 markets=("shenzhen",), regions=("hk",), publish_by=secretariat)

    # A Hong Kong member posts a need in Traditional Chinese with HK wording (晶片, not 芯片).
    login(page, base, kt_member)
    page.goto(base + "/zh-hant/matching/new/")
    page.check("input[name=kind][value=need]")
    page.select_option("#id_subtype", "sourcing")
    page.fill("#id_title", "長期採購晶片及電子零件")
    page.select_option("#id_industry", label="電子及電器")
    page.fill("#id_description", "本公司在香港生產智能家居產品，需要穩定的晶片及電子零件供應，每月約十萬件。")
    page.check("input[name=target_regions][value=hk]")
    page.get_by_role("button", name="提交審核").click()
    page.wait_for_url(re.compile(r"/matching/mine/"))
    assert "待審核" in page.locator("main").inner_text()
    need = Opportunity.objects.get(title="長期採購晶片及電子零件")

    # The secretariat approves it from the review queue.
    login(page, base, secretariat)
    page.goto(base + "/zh-hant/matching/review/")
    page.locator(f"#review-{need.pk}").get_by_role("button", name="批准發佈").click()
    page.wait_for_load_state()
    need.refresh_from_db()
    assert need.status == "published"

    # The member sees the Simplified offer ranked first (in the reader's script, 繁體 here), with
    # reasons, and expresses interest.
    login(page, base, kt_member)
    page.goto(base + f"/zh-hant/matching/{need.pk}/")
    first = page.locator("ol.matches > li").first
    assert to_script(offer.title, "hant") in first.inner_text()
    assert "同屬" in first.inner_text()
    page.screenshot(path=str(screenshot_dir / "matching-detail.png"), full_page=True)
    first.get_by_role("button", name="表示興趣").click()
    first.get_by_text("已表示興趣").wait_for()
    intro = Introduction.objects.get()
    assert intro.status == "requested"
    page.goto(base + "/zh-hant/matching/introductions/")
    assert sz_enterprise.email not in page.locator("main").inner_text()

    # The other side accepts; now both see contact details.
    login(page, base, sz_member)
    page.goto(base + "/zh-hant/matching/introductions/")
    page.locator(f"#intro-{intro.pk}").get_by_role("button", name="接受").click()
    page.wait_for_load_state()
    login(page, base, kt_member)
    page.goto(base + "/zh-hant/matching/introductions/")
    assert sz_enterprise.email in page.locator("main").inner_text()
