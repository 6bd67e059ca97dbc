"""The crawl reuses the real-browser fixtures (Debian's Chromium driven by Playwright)."""

from tests.browser.conftest import browser  # noqa: F401 (a fixture)
