"""The API's error boundary: every error leaves as JSON ``{code, message, fields}``.

``install(api)`` registers the exception handlers on a NinjaAPI (DomainError, Django's
ValidationError / Http404 / PermissionDenied, ninja's ValidationError / HttpError, and any other
exception as a logged 500). ``ErrorOut`` is the schema routes name in ``response={…}``;
``ErrorsDeclaredAPI`` also declares, for every operation, the errors the boundary itself can
produce (422 bad input, 400 unreadable body, 400/409 a service refusing a write, 404 for paths with ids,
401/403 where a login is needed) so the
OpenAPI document matches what clients really receive.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja import errors as ninja_errors
from ninja.parser import Parser

from shanglian.core.errors import DomainError

logger = logging.getLogger("shanglian.api")


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


STATUS_CODES = {
    400: ("invalid", _("請求無效。")),
    401: ("unauthenticated", _("請先登入。")),
    403: ("forbidden", _("你沒有權限進行此操作。")),
    404: ("not_found", _("找不到此項目。")),
    405: ("method_not_allowed", _("不支援此請求方法。")),
    409: ("conflict", _("此操作與目前的狀態衝突。")),
    422: ("invalid", _("輸入資料有誤，請檢查後再試。")),
    429: ("slow_down", _("請求太頻繁，請稍後再試。")),
    500: ("server_error", _("伺服器發生錯誤，我們已記錄此問題，請稍後再試。")),
}


def error_body(status: int, code: str | None = None, message: Any = None,
               fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    default_code, default_message = STATUS_CODES.get(status, STATUS_CODES[400 if status < 500 else 500])
    return {"code": code or default_code, "message": str(message or default_message), "fields": fields or None}


def error_response(status: int, code: str | None = None, message: Any = None,
                   fields: dict[str, list[str]] | None = None) -> JsonResponse:
    return JsonResponse(error_body(status, code, message, fields), status=status,
                        json_dumps_params={"ensure_ascii": False})


def _ninja_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        name = ".".join(loc[1:] if len(loc) > 1 else loc) or "__all__"
        fields.setdefault(name, []).append(str(error.get("msg", "")))
    return fields


def install(api: NinjaAPI) -> None:
    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return JsonResponse(exc.as_dict(), status=exc.status, json_dumps_params={"ensure_ascii": False})

    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return domain(request, DomainError.from_validation_error(exc))

    def ninja_validation(request: HttpRequest, exc: ninja_errors.ValidationError) -> HttpResponse:
        return error_response(422, fields=_ninja_fields(exc.errors))

    def http_error(request: HttpRequest, exc: ninja_errors.HttpError) -> HttpResponse:
        code = "csrf_failed" if exc.status_code == 403 and "CSRF" in str(exc) else None
        message = _("安全檢查失敗（CSRF），請重新載入頁面後再試。") if code else None
        return error_response(exc.status_code, code, message)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(404)

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(403)

    def overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # A date or number from the input too large to compute with (year 9999 moved to UTC, a huge
        # timedelta): bad input, not a server error. Logged so the service can learn to refuse it.
        logger.warning("API overflow on %s %s: %s", request.method, request.path, exc)
        return error_response(400)

    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
        return error_response(500)

    api.add_exception_handler(Exception, server_error)
    api.add_exception_handler(DomainError, domain)
    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(ninja_errors.ValidationError, ninja_validation)
    api.add_exception_handler(ninja_errors.HttpError, http_error)
    api.add_exception_handler(MultiPartParserError, lambda request, exc: error_response(400))  # bad form body
    api.add_exception_handler(OverflowError, overflow)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


class NulFreeParser(Parser):
    """JSON bodies with NUL characters dropped from every string (PostgreSQL text cannot hold them)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return _without_nul(super().parse_body(request))


class ErrorsDeclaredAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document declares the boundary's own error answers too, and whose
    JSON bodies are read without NUL characters."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("parser", NulFreeParser())
        super().__init__(*args, **kwargs)

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ErrorOut", ErrorOut.model_json_schema())
        ref = {"$ref": "#/components/schemas/ErrorOut"}
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                statuses = [422]
                if "requestBody" in operation:
                    statuses.append(400)  # a body that is not JSON
                if method.lower() in ("post", "put", "patch", "delete"):
                    statuses += [400, 409]  # a service's DomainError refusing the write (state conflicts 409)
                if "{" in path:
                    statuses.append(404)
                if operation.get("security"):
                    statuses += [401, 403]
                responses = operation["responses"]
                for status in dict.fromkeys(statuses):
                    if status in responses or str(status) in responses:  # ninja keys them by int
                        continue
                    responses[status] = {"description": str(STATUS_CODES[status][1]),
                                         "content": {"application/json": {"schema": ref}}}
        return schema
