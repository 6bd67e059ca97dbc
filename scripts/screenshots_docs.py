"""Regenerate docs/screenshots/: the main pages in 繁體, 简体 and English, on a desktop and a phone.

Usage: .venv/bin/python scripts/screenshots_docs.py            (or `make screenshots`)
It starts its own demo site (a fresh SQLite database with `manage.py demo`, like the crawl test),
logs in as the persona each page is for, and writes JPEG files (small enough to keep in git).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.crawl.site import start_demo_site  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
# (name, persona or None, path without the language prefix)
PAGES = [
    ("home", None, "/"),
    ("directory", None, "/directory/?q=電子"),
    ("association", None, "/directory/associations/kwun-tong/"),
    ("festival-offers", None, "/festival/offers/"),
    ("events", None, "/events/"),
    ("matching", None, "/matching/"),
    ("dashboard-member", "member1", "/dashboard/"),
    ("organiser-festival", "secretariat", "/festival/organiser/"),
]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LANGS = ("zh-hant", "zh-hans", "en")


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/zh-hant/login/")
    form = page.locator("main form[method=post]").filter(has=page.locator("input[type=password]"))
    form.locator("input[type=text], input[type=email]").first.fill(username)
    form.locator("input[type=password]").fill("demo12345")
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    site_gen = start_demo_site()
    site = next(site_gen)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for size_name, viewport in SIZES.items():
                contexts = {}
                for name, persona, path in PAGES:
                    if persona not in contexts:
                        contexts[persona] = browser.new_context(viewport=viewport, device_scale_factor=1)
                        if persona:
                            login(contexts[persona].new_page(), site.url, persona)
                    page = contexts[persona].new_page()
                    for lang in LANGS:
                        page.goto(f"{site.url}/{lang}{path}", wait_until="networkidle")
                        target = OUT / f"{name}-{lang}-{size_name}.jpg"
                        page.screenshot(path=str(target), type="jpeg", quality=70,
                                        full_page=size_name == "desktop")
                        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
                    page.close()
                for context in contexts.values():
                    context.close()
            browser.close()
    finally:
        for _ in site_gen:
            pass


if __name__ == "__main__":
    main()
