"""The permission matrix, generated from the URL conf and the OpenAPI schema.

Every route (``django.urls.get_resolver()``; i18n routes under the default language prefix; the
Django admin as one staff-only entry) and every API operation (``shanglian.api.api``) is tried as
each of the nine personas and compared with tests/permissions/matrix.py. A route or operation
without a row there fails the test, saying where to add it. Every write (POST) that is not
allowed also checks that nothing changed in the database (every table of our apps, the audit log
and the users). Each attempt runs in a savepoint that is rolled back, so allowed writes do not
leak into the next attempt.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions.apps import modules as app_modules
from tests.permissions.matrix import API, DENY, LOGIN, NOOP, OK, PAGES, PERSONAS, PHONE, Row
from tests.permissions.world import build_world

WHERE = "tests/permissions/matrix.py (later apps: tests/permissions/apps/<app>.py)"
SKIPPED_NAMESPACES = {"admin"}  # one entry, "admin"
API_PAGES = {"openapi-json", "openapi-view"}  # the API's own pages; its operations come from the schema
APPS = ("core", "directory", "matching", "events", "festival", "accounts", "account", "mfa",
        *(label for module in app_modules() for label in getattr(module, "LABELS", ())))


# ----------------------------------------------------------------------------------- enumerate
def _walk(patterns, namespace: str | None = None, prefix: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) if p.namespace else namespace
            yield from _walk(p.url_patterns, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield namespace, p.name, prefix + str(p.pattern)


def routes() -> dict[str, str]:
    """Matrix key → URL pattern, for every route of the URL conf."""
    found: dict[str, str] = {}
    for namespace, name, pattern in _walk(get_resolver().url_patterns):
        top = (namespace or "").split(":")[0]
        if top in SKIPPED_NAMESPACES:
            found["admin"] = "admin/"
        elif top == "api-v1":
            if name in API_PAGES:
                found[f"api-v1:{name}"] = pattern
        elif name:
            found[f"{namespace}:{name}" if namespace else name] = pattern
        else:
            found[pattern] = pattern
    return found


def operations() -> dict[str, tuple[str, str]]:
    from shanglian.api import api

    schema = api.get_openapi_schema()
    return {op["operationId"]: (method.upper(), path) for path, ops in schema["paths"].items()
            for method, op in ops.items()}


# ----------------------------------------------------------------------------------- helpers
def _value(world, value: Any) -> Any:
    """"obj.attr" → that attribute of a world object; anything else as written."""
    if isinstance(value, str) and value.count(".") == 1:
        obj, attr = value.split(".")
        if hasattr(world, obj):
            return getattr(getattr(world, obj), attr)
    if isinstance(value, dict):
        return {k: _value(world, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(world, v) for v in value]
    return value


def page_url(key: str, row: Row, world) -> str:
    route = row.route or key
    if route == "admin":
        url = reverse("admin:index")
    elif route == "api/docs":
        url = "/api/docs"
    else:
        url = reverse(route, kwargs={k: _value(world, v) for k, v in row.kwargs.items()})
    return url + ("?" + urlencode(row.query) if row.query else "")


def database_state() -> dict[str, str]:
    """A fingerprint per table of our apps (and the users): any change shows."""
    models = [m for m in apps.get_models() if m._meta.app_label in APPS] + [get_user_model()]
    state = {}
    for model in models:
        rows = list(model._default_manager.order_by("pk").values_list())
        state[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def classify(response, *, api: bool) -> str:
    status = response.status_code
    if status >= 500 or status == 405:
        return f"error {status}"
    if api:
        return LOGIN if status == 401 else DENY if status in (403, 404) else OK
    if status in (403, 404):
        return DENY
    if status in (301, 302, 303):
        location = response["Location"].split("?")[0]
        if location.startswith((reverse("login"), reverse("account_login"), reverse("admin:login"))):
            return LOGIN
        if location.startswith(reverse("festival:phone")):
            return PHONE
    return OK


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def clients(world) -> dict[str, Client]:
    out = {}
    for persona in PERSONAS:
        client = Client()
        if persona == "consumer":
            session = client.session
            session["festival_phone_token"] = world.phone_token
            session.save()
        elif persona != "anonymous":
            client.force_login(world.users[persona])
        out[persona] = client
    return out


def attempt(client: Client, persona: str, world, method: str, url: str, data: Any, *, api: bool,
            write_checked: bool) -> tuple[str, str]:
    """(outcome, detail) of one request, inside a savepoint that is rolled back."""
    cookies = copy.deepcopy(client.cookies)
    headers = {"HTTP_X_PHONE_TOKEN": world.phone_token} if api and persona == "consumer" else {}
    cache.clear()  # rate limits
    detail = ""
    with transaction.atomic():
        before = database_state() if write_checked else None
        try:
            if method == "GET":
                response = client.get(url, **headers)
            elif api:
                response = client.post(url, json.dumps(data or {}), content_type="application/json", **headers)
            else:
                response = client.post(url, data or {}, **headers)
            outcome = classify(response, api=api)
            detail = f"{response.status_code} {response.get('Location', '')}".strip()
        except Exception as exc:  # noqa: BLE001 - a crash is a finding, reported with the rest
            outcome, detail = "error", f"{type(exc).__name__}: {exc}"[:200]
        if before is not None:
            after = database_state()
            changed = sorted(label for label in before if before[label] != after[label])
            if changed:
                outcome, detail = "changed", f"{detail}; changed {changed}"
        transaction.set_rollback(True)
    client.cookies = cookies
    return outcome, detail


# ----------------------------------------------------------------------------------- tests
def test_every_route_and_operation_has_a_row():
    found = routes()
    missing = sorted(set(found) - {k for k in PAGES if "#" not in k})
    stale = sorted({(r.route or k) for k, r in PAGES.items()} - set(found))
    ops = operations()
    missing_ops = sorted(set(ops) - set(API))
    stale_ops = sorted(set(API) - set(ops))
    problems = [f"route {k!r} ({found[k]}) has no row: add it to PAGES in {WHERE}" for k in missing]
    problems += [f"API operation {k!r} ({' '.join(ops[k])}) has no row: add it to API in {WHERE}"
                 for k in missing_ops]
    problems += [f"row {k!r} in {WHERE} matches no route or operation any more" for k in stale + stale_ops]
    assert not problems, "\n".join(problems)


def test_permission_matrix(world, clients):
    ops = operations()
    failures: list[str] = []
    checks = 0
    only = os.environ.get("MATRIX_ONLY", "")  # a developer's filter: MATRIX_ONLY=directory: pytest …
    for key, row in [*PAGES.items(), *API.items()]:
        if only and only not in key:
            continue
        api = key in API
        if api:
            method, path = ops[key]
            url = path.format(**{k: _value(world, v) for k, v in row.kwargs.items()})
            methods = (method,)
        else:
            url, methods = page_url(key, row, world), row.methods
        for method in methods:
            expect = row.post if method == "POST" and row.post else row.expect
            data = _value(world, row.data)
            for persona in PERSONAS:
                wanted = expect[persona]
                write = method != "GET" and wanted != OK
                outcome, detail = attempt(clients[persona], persona, world, method, url, data, api=api,
                                          write_checked=write)
                checks += 1
                got = OK if outcome == OK and wanted == NOOP else outcome
                if got != (OK if wanted == NOOP else wanted):
                    failures.append(f"{key} {method} {url} as {persona}: expected {wanted}, got {outcome} ({detail})")
    print(f"permission matrix: {len(PAGES)} page rows + {len(API)} API operations x {len(PERSONAS)} personas "
          f"= {checks} checks")
    assert not failures, f"{len(failures)} of {checks} checks differ from {WHERE}:\n" + "\n".join(failures)
