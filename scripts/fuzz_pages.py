"""Quick fuzz of the page routes with hostile query strings (against the database configured,
e.g. the demo one): crawl links from a few start pages as each persona, then request each with
bad values for the query parameters the views read. Prints every answer >= 500.

    .venv/bin/python scripts/fuzz_pages.py [--limit 300]
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import traceback
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("django.request").setLevel(logging.CRITICAL)

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

BAD = ["99999999999999999999", "²", "abc", "Asia", "\u0000"]
PARAMS = ["page", "tz", "brand", "person", "as", "q", "district", "category", "type", "status", "show", "action",
          "edition", "format", "lat", "lng", "sort", "association", "industry", "market", "kind", "rows", "group",
          "partial", "shop", "mine", "past", "all", "next"]
HREF = re.compile(r'href="(/(?:zh-hant|en|zh-hans)/[^"#]*)"')


def crawl(client: Client, start: list[str], limit: int) -> list[str]:
    seen, queue = [], list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen or "logout" in path or "/admin/" in path:
            continue
        seen.append(path)
        try:
            r = client.get(path)
        except Exception:  # noqa: BLE001
            print("500 (crawl)", path)
            continue
        if r.status_code == 200 and "html" in r.get("Content-Type", ""):
            queue += [h.replace("&amp;", "&") for h in HREF.findall(r.content.decode())]
    return seen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--users", default="member1,kwuntong-admin,secretariat,merchant1")
    args = parser.parse_args()
    users = [None, *[u for u in args.users.split(",") if u]]
    failures = requests = 0
    for username in users:
        client = Client(raise_request_exception=True)
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        paths = crawl(client, ["/zh-hant/", "/zh-hant/dashboard/", "/zh-hant/events/", "/zh-hant/festival/",
                               "/zh-hant/matching/", "/zh-hant/directory/"], args.limit)
        print(f"{username or 'anonymous'}: {len(paths)} pages", flush=True)
        for path in paths:
            for param in PARAMS:
                for value in BAD:
                    requests += 1
                    err = ""
                    try:
                        r = client.get(path, {param: value})
                        status = r.status_code
                    except Exception as exc:  # noqa: BLE001
                        status = 500
                        err = "".join(traceback.format_exception_only(exc)).strip()[:200]
                    if status >= 500:
                        failures += 1
                        print(f"{status} {username or 'anonymous'} {path}?{param}={value[:30]!r}: {err}", flush=True)
    print(f"{requests} requests, {failures} server errors")


if __name__ == "__main__":
    main()
