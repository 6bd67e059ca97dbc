"""The request boundary for errors that are not the API's own (see ``core.api_errors``)."""

from __future__ import annotations

import json
from collections.abc import Callable

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as _CSPMiddleware
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from shanglian.core.api_errors import error_response
from shanglian.core.errors import DomainError
from shanglian.core.params import INT64_MAX, INT64_MIN

API_PREFIX = "/api/"


class ErrorBoundaryMiddleware:
    """- A DomainError (or a bare ValidationError) escaping a page view becomes its 4xx page with
      the translated message, not a 500.
    - An ``<int:…>`` id in the URL past 64-bit is a 404 (no database can look it up).
    - NUL characters are dropped from query strings and form fields (PostgreSQL text cannot hold
      them; the API's JSON bodies get the same from ``core.api_errors.NulFreeParser``).
    - Under /api/ every error answer is JSON ``{code, message, fields}``: unknown paths (404),
      wrong methods (405), CSRF failures and 500s that happen outside the ninja views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", ""):
            request.GET = without_nul(request.GET)
        # Only url-encoded forms: their body stays readable (a multipart stream would be consumed).
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded" and any(
                "\x00" in k or any("\x00" in v for v in vs) for k, vs in request.POST.lists()):
            request.POST = without_nul(request.POST)
        response = self.get_response(request)
        if (request.path.startswith(API_PREFIX) and response.status_code >= 400
                and not response.get("Content-Type", "").startswith("application/json")):
            replacement = error_response(response.status_code)
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict) -> None:
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
                raise Http404

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (MultiPartParserError, OverflowError)):
            # a form body that cannot be read, or a date/number from the input too large to compute with
            exception = ValidationError(_("網址或提交的資料有誤，請檢查後再試。"))
        if not isinstance(exception, ValidationError) or request.path.startswith(API_PREFIX):
            return None
        error = DomainError.from_validation_error(exception)
        status = error.status if 400 <= error.status < 500 else 400
        if request.headers.get("Accept", "").startswith("application/json"):
            return HttpResponse(json.dumps(error.as_dict(), ensure_ascii=False), status=status,
                                content_type="application/json")
        template = {403: "403.html", 404: "404.html"}.get(status, "400.html")
        return render(request, template, {"message": error.message, "code": error.code}, status=status)


def without_nul(data: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True)
    for key, values in data.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    clean._mutable = False
    return clean


# A JSON answer of the API loads nothing and is never framed: the strictest policy, the same for
# every answer (the OWASP REST advice), instead of the site's policy built again for each response.
API_JSON_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


class CSPMiddleware(_CSPMiddleware):
    """django-csp's middleware, with one shortcut: JSON answered under /api/ gets ``API_JSON_CSP``
    (a constant, stricter than the site policy) without django-csp building the site policy twice
    per response (a tenth of a claim's CPU in bench/festival_claim_profile.py). HTML under /api/
    (the API docs page) and every other response keep the site policy as before."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (request.path_info.startswith(API_PREFIX) and CSP_HEADER not in response
                and not getattr(response, "_csp_exempt", False)
                and response.get("Content-Type", "").startswith("application/json")
                and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)):
            response[CSP_HEADER] = API_JSON_CSP
            if getattr(request, "_csp_nonce", None) is None:  # as django-csp: no nonce after the header
                request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
            return response
        return super().process_response(request, response)
