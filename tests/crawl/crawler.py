"""Walk a running site as one persona in one language: every page reachable within three clicks.

Plain HTTP (requests) for breadth; the browser pass (test_crawl.py) then opens one page of each
route in Chromium for console errors. Pages of the same route are sampled (at most
`PER_ROUTE` per route and query-string shape), so "every page" means every kind of page rather
than all 4,000 enterprise profiles.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import requests

LANGS = ("zh-hant", "zh-hans", "en")
PERSONAS = ("anonymous", "member1", "kwuntong-admin", "secretariat", "merchant1", "cashier1")
DEMO_PASSWORD = "demo12345"
MAX_DEPTH = 3
PER_ROUTE = 2
MAX_PAGES = 400
# Not pages: logging out ends the persona's session; the admin is Django's own (its index is kept).
SKIP = re.compile(r"/(logout|accounts/logout)/|/admin/.+|^/media/|^/static/|/i18n/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href") and "download" not in a:
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "inputs": []}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None:
            self._form["inputs"].append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


@dataclass
class Visit:
    url: str
    status: int
    referrer: str
    depth: int
    route: str
    content_type: str = ""


@dataclass
class CrawlResult:
    persona: str
    lang: str
    visits: list[Visit] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = []
        for v in self.visits:
            if v.status >= 500:
                out.append(f"{self.persona}/{self.lang}: {v.status} {v.url} (linked from {v.referrer})")
            elif v.status >= 400:
                out.append(f"{self.persona}/{self.lang}: unexpected {v.status} {v.url} (linked from {v.referrer})")
        return out


def route_key(path: str, query: str, lang: str) -> str:
    """The route a URL belongs to: its resolved view name plus the shape of its query string."""
    from django.urls import Resolver404, resolve
    from django.utils import translation

    try:
        with translation.override(lang):  # the language prefix resolves only in its own language
            name = resolve(path).view_name
    except Resolver404:
        name = "unresolved:" + path
    keys = sorted({k for k, _ in parse_qsl(query, keep_blank_values=True)})
    return name + ("?" + "&".join(keys) if keys else "")


def login(session: requests.Session, base: str, lang: str, username: str) -> None:
    """Log in through the site's own login page, whichever form it shows."""
    response = session.get(f"{base}/{lang}/login/", timeout=30)
    response.raise_for_status()
    form = next(f for f in parse(response.text).forms
                if f["method"] == "post" and any(i.get("type") == "password" for i in f["inputs"]))
    data = {}
    for field_ in form["inputs"]:
        kind, name = field_.get("type", "text"), field_.get("name")
        if not name:
            continue
        if kind == "password":
            data[name] = DEMO_PASSWORD
        elif kind == "hidden":
            data[name] = field_.get("value", "")
        elif kind in {"text", "email", ""} and name not in data:
            data[name] = username
    action = urljoin(response.url, form["action"] or response.url)
    done = session.post(action, data=data, headers={"Referer": response.url}, timeout=30)
    if "sessionid" not in session.cookies:
        raise AssertionError(f"could not log in as {username} ({done.status_code} at {done.url})")


def crawl(base: str, persona: str, lang: str, *, session: requests.Session | None = None) -> CrawlResult:
    session = session or requests.Session()
    if persona != "anonymous" and "sessionid" not in session.cookies:
        login(session, base, lang, persona)
    result = CrawlResult(persona, lang)
    start = f"{base}/{lang}/"
    queue: deque[tuple[str, str, int]] = deque([(start, "(start)", 0)])
    seen: set[str] = {start}
    per_route: dict[str, int] = {}
    origin = urlsplit(base).netloc
    while queue and len(result.visits) < MAX_PAGES:
        url, referrer, depth = queue.popleft()
        parts = urlsplit(url)
        key = route_key(parts.path, parts.query, lang)
        if per_route.get(key, 0) >= PER_ROUTE:
            continue
        per_route[key] = per_route.get(key, 0) + 1
        response = session.get(url, timeout=60, allow_redirects=True)
        content_type = response.headers.get("content-type", "")
        result.visits.append(Visit(url, response.status_code, referrer, depth, key, content_type))
        if depth >= MAX_DEPTH or "text/html" not in content_type or response.status_code >= 400:
            continue
        if urlsplit(response.url).netloc != origin:
            continue
        for href in parse(response.text).links:
            target, _ = urldefrag(urljoin(response.url, href))
            t = urlsplit(target)
            if t.scheme not in {"http", "https"} or t.netloc != origin or SKIP.search(t.path):
                continue
            if not t.path.startswith(f"/{lang}/") and not t.path.startswith("/api/"):
                continue  # another language's page: crawled in that language's pass
            if target not in seen:
                seen.add(target)
                queue.append((target, url, depth + 1))
    return result
