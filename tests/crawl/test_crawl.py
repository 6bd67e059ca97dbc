"""The crawl: every page reachable within three clicks, as six personas, in three languages.

0 server errors, 0 unexpected 4xx (a link shown to a persona must work for that persona), and in
Chromium 0 console errors (script errors, CSP violations, failed sub-resources) on one page of
every route.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.crawl.crawler import LANGS, PERSONAS, crawl, login
from tests.crawl.site import ROOT, start_demo_site

pytestmark = [pytest.mark.crawl]


@pytest.fixture(scope="module")
def demo_site():
    yield from start_demo_site()


@pytest.fixture(scope="module")
def sessions(demo_site):
    """One logged-in HTTP session per persona (language cookies do not matter: URLs carry it)."""
    out = {}
    for persona in PERSONAS:
        session = requests.Session()
        if persona != "anonymous":
            login(session, demo_site.url, "zh-hant", persona)
        out[persona] = session
    return out


@pytest.fixture(scope="module")
def crawls(demo_site, sessions):
    jobs = [(persona, lang) for persona in PERSONAS for lang in LANGS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: crawl(demo_site.url, job[0], job[1], session=sessions[job[0]]), jobs))
    total = sum(len(r.visits) for r in results)
    routes = {v.route for r in results for v in r.visits}
    print(f"\ncrawl: {total} page loads, {len(routes)} routes, {len(PERSONAS)} personas x {len(LANGS)} languages")
    return results


def test_no_server_errors_and_no_dead_ends(crawls):
    problems = [p for result in crawls for p in result.problems()]
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems[:60])


def test_each_persona_reaches_its_own_pages(crawls):
    """The crawl really walks the site: each persona reaches the main areas, in every language."""
    by_persona: dict[str, set[str]] = {}
    for result in crawls:
        assert len(result.visits) >= 15, f"{result.persona}/{result.lang} reached only {len(result.visits)} pages"
        by_persona.setdefault(result.persona, set()).update(v.route for v in result.visits if v.status == 200)
    for persona, routes in by_persona.items():
        assert any(r.startswith("directory:") for r in routes), persona
        assert any(r.startswith("festival:") for r in routes), persona
        assert any(r.startswith("events:") for r in routes), persona
    assert "core:dashboard" in by_persona["member1"]


def test_no_console_errors(crawls, demo_site, sessions, browser):
    """One page of each route, in Chromium, as the first persona that reached it; the language
    rotates so every language's pages are opened."""
    chosen: dict[str, tuple[str, str]] = {}
    for result in crawls:
        for visit in result.visits:
            if visit.status == 200 and "text/html" in visit.content_type and visit.route not in chosen:
                chosen[visit.route] = (result.persona, visit.url)
    by_persona: dict[str, list[str]] = {}
    for persona, url in chosen.values():
        by_persona.setdefault(persona, []).append(url)
    errors: list[str] = []
    opened = 0
    for persona, urls in by_persona.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": c.name, "value": c.value, "url": demo_site.url}
                             for c in sessions[persona].cookies])
        page = context.new_page()
        current: list[str] = []
        page.on("console", lambda m, current=current: m.type == "error" and current.append(f"console: {m.text}"))
        page.on("pageerror", lambda e, current=current: current.append(f"page error: {e}"))
        page.on("response", lambda r, current=current: r.status >= 400 and current.append(f"{r.status} {r.url}"))
        for url in urls:
            current.clear()
            page.goto(url, wait_until="load")
            page.wait_for_timeout(150)  # late script errors (deferred scripts, htmx boot)
            opened += 1
            errors.extend(f"{persona} {url}: {msg}" for msg in current)
        context.close()
    print(f"\nbrowser: {opened} pages opened, {len(errors)} console errors")
    assert not errors, "\n".join(errors[:40])


# The main pages people use, by route; axe-core runs on each in 繁體 and English.
AXE_ROUTES = (
    "core:home", "core:dashboard", "login",
    "directory:enterprises", "directory:associations", "directory:association", "directory:enterprise",
    "directory:manage_members", "directory:activity", "directory:import",
    "matching:search", "matching:detail", "matching:new", "matching:mine", "matching:inbox",
    "events:list", "events:detail", "events:register", "events:mine", "events:ticket", "events:meetings",
    "events:checkin",
    "festival:home", "festival:offers", "festival:offer", "festival:phone?next", "festival:my_coupons",
    "festival:merchant", "festival:redeem", "festival:organiser",
)
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def test_accessibility_axe(crawls, demo_site, sessions, browser):
    """axe-core (installed from npm, run locally) on the main pages: 0 critical, 0 serious."""
    if not AXE_JS.exists():
        pytest.fail("node_modules/axe-core is missing: run `make assets` (npm ci)")
    first: dict[str, tuple[str, str]] = {}
    for result in crawls:
        if result.lang != "zh-hant":
            continue
        for visit in result.visits:
            if visit.status == 200 and visit.route in AXE_ROUTES and visit.route not in first:
                first[visit.route] = (result.persona, visit.url)
    missing = sorted(set(AXE_ROUTES) - set(first))
    assert not missing, f"the crawl did not reach {missing}"
    axe = AXE_JS.read_text(encoding="utf-8")
    run_axe = ("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
               ".map(v => ({id: v.id, impact: v.impact, help: v.help, n: v.nodes.length,"
               " target: v.nodes[0].target.join(' ')}))")
    findings: list[str] = []
    checked = 0
    for persona in PERSONAS:
        urls = [url for p, url in first.values() if p == persona]
        if not urls:
            continue
        # axe is injected as an inline script, which our Content-Security-Policy rightly refuses.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        context.add_cookies([{"name": c.name, "value": c.value, "url": demo_site.url}
                             for c in sessions[persona].cookies])
        page = context.new_page()
        for url in urls:
            for lang in ("zh-hant", "en"):
                page.goto(url.replace("/zh-hant/", f"/{lang}/"), wait_until="load")
                page.add_script_tag(content=axe)
                if checked == 0:  # a canary: axe must see a planted image without alt text
                    page.evaluate("document.body.append(Object.assign(document.createElement('img'), {src: '/x.png'}))")
                    assert "image-alt" in {v["id"] for v in page.evaluate(run_axe)}, "axe did not run"
                    page.reload(wait_until="load")
                    page.add_script_tag(content=axe)
                violations = page.evaluate(run_axe)
                checked += 1
                by_impact: dict[str, int] = {}
                for v in violations:
                    by_impact[v["impact"]] = by_impact.get(v["impact"], 0) + v["n"]
                print(f"axe {lang:8} {url.split('/zh-hant', 1)[-1][:60]:60} "
                      + (" ".join(f"{k}={n}" for k, n in sorted(by_impact.items())) or "clean"))
                for v in violations:
                    if v["impact"] in {"critical", "serious"}:
                        findings.append(f"{persona} {page.url}: {v['impact']} {v['id']} ×{v['n']} "
                                        f"({v['help']}; e.g. {v['target']})")
        context.close()
    print(f"\naxe: {checked} page checks, {len(findings)} critical/serious violations")
    assert not findings, "\n".join(findings)
