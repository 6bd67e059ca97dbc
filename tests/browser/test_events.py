"""Events journey in a real browser: register → e-ticket → staff check-in (typed code, the QR
decoded by jsQR from the ticket image, a second scan, and a scan while offline that syncs once)."""

from __future__ import annotations

import re
import time

import pytest

from shanglian.events import services
from shanglian.events.models import CheckIn, Registration
from tests.conftest import PASSWORD
from tests.events.conftest import forum  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, user) -> None:
    page.goto(base + "/zh-hant/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="登入").click()
    page.wait_for_load_state()


def test_register_ticket_checkin(live_server, page, browser, screenshot_dir, forum, outsider,  # noqa: F811
                                 secretariat):
    base = live_server.url
    forum.capacity = 10
    forum.save()
    # A participant registers and sees the QR e-ticket.
    login(page, base, outsider)
    page.goto(base + forum.get_absolute_url())
    page.locator("main").get_by_role("link", name="報名", exact=True).click()
    page.fill("#id_form-0-name_zh", "陳大文")
    page.fill("#id_form-0-name_en", "Chan Tai Man")
    page.fill("#id_form-0-company", "觀塘資訊科技")
    page.fill("#id_form-0-email", "chan@example.invalid")
    page.get_by_role("button", name="確認報名").click()
    page.wait_for_url(re.compile(r"/events/tickets/\d+/$"))
    assert page.locator(".qr svg").is_visible()
    code = page.locator(".ticket-code").get_attribute("data-code")
    page.screenshot(path=str(screenshot_dir / "events-ticket.png"), full_page=True)
    reg = Registration.objects.get(email="chan@example.invalid")
    assert reg.status == "confirmed" and reg.user == outsider
    others = services.registration_create(actor=secretariat, event=forum, language="zh-hant", attendees=[
        services.Attendee(name_zh="李小姐", email="lee@example.invalid"),
        services.Attendee(name_zh="王先生", email="wong@example.invalid")])

    # Staff check in on a phone-sized page.
    staff = browser.new_context(viewport={"width": 420, "height": 900}, locale="zh-HK")
    phone = staff.new_page()
    phone.set_default_timeout(15_000)
    login(phone, base, secretariat)
    phone.goto(base + f"/zh-hant/events/{forum.slug}/checkin/")
    phone.fill("#code", code)
    phone.locator("#code-form").get_by_role("button", name="簽到").click()
    phone.locator("#result.ok").wait_for()
    assert "陳大文" in phone.locator("#result").inner_text() and "觀塘資訊科技" in phone.locator("#result").inner_text()
    phone.locator('[data-count="checked_in"]').filter(has_text="1").wait_for(timeout=30_000)
    # The same ticket again: says when and by whom.
    phone.fill("#code", code)
    phone.locator("#code-form").get_by_role("button", name="簽到").click()
    phone.locator("#result.already").wait_for()
    assert "secretariat" in phone.locator("#result").inner_text()
    # A forged code.
    phone.fill("#code", "AAAA-BBBB-CCCC-DDDD")
    phone.locator("#code-form").get_by_role("button", name="簽到").click()
    phone.locator("#result.invalid").wait_for()
    # The QR image of another ticket, decoded in the page by jsQR (what the camera loop does).
    decoded = phone.evaluate("""async (url) => {
        const img = new Image(); img.src = url; await img.decode();
        const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
        const ctx = c.getContext("2d"); ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height);
        const found = jsQR(d.data, d.width, d.height);
        if (found) await window.shanglianCheckin.scan(found.data);
        return found && found.data; }""", f"/zh-hant/events/tickets/{others[0].pk}/qr.png")
    assert decoded and decoded.replace("-", "") == others[0].ticket_code
    phone.locator("#result.ok").wait_for()
    # Offline: the scan is queued in localStorage, then sent once when back online.
    staff.set_offline(True)
    phone.evaluate("(c) => window.shanglianCheckin.scan(c)", others[1].ticket_code)
    phone.locator("#result.queued").wait_for()
    assert phone.evaluate("window.shanglianCheckin.queue().length") == 1
    assert Registration.objects.get(pk=others[1].pk).checked_in_at is None
    staff.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.wait_for_function("() => window.shanglianCheckin.queue().length === 0")
    phone.evaluate("window.shanglianCheckin.sync()")  # a second sync sends nothing twice
    phone.locator('[data-count="checked_in"]').filter(has_text="3").wait_for(timeout=30_000)
    phone.screenshot(path=str(screenshot_dir / "events-checkin-phone.png"), full_page=True)
    _eventually(lambda: CheckIn.objects.filter(event=forum, result="ok").count() == 3)
    assert Registration.objects.filter(event=forum, checked_in_at__isnull=False).count() == 3
    assert CheckIn.objects.filter(event=forum, result="ok").count() == 3
    staff.close()

    # The participant's own ticket page now shows the check-in.
    page.reload()
    assert "已簽到" in page.content()


def _eventually(condition, seconds: float = 10.0) -> None:
    """Wait for the server thread's last write to commit (it may still be finishing the request
    whose answer the page has already shown); not a timing assertion."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
