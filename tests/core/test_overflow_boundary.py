"""The one boundary turns an OverflowError from input (a date too large to compute with) into a 400,
JSON for the API and the translated 400 page for pages, never a 500."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from shanglian.core.middleware import ErrorBoundaryMiddleware


def test_page_overflow_is_a_400_page():
    request = RequestFactory().get("/zh-hant/somewhere/")
    middleware = ErrorBoundaryMiddleware(lambda r: None)
    response = middleware.process_exception(request, OverflowError("date value out of range"))
    assert response is not None and response.status_code == 400


@pytest.mark.django_db
def test_api_overflow_is_a_json_400(client):
    from ninja import NinjaAPI

    from shanglian.core import api_errors

    api = NinjaAPI(urls_namespace="overflow-test")
    api_errors.install(api)

    @api.get("/boom")
    def boom(request):
        raise OverflowError("date value out of range")

    response = api.on_exception(RequestFactory().get("/api/v1/boom"), OverflowError("date value out of range"))
    assert response.status_code == 400 and b'"code": "invalid"' in response.content
