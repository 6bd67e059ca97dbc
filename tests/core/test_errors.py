"""One error boundary: DomainError, the API's JSON errors, the translated error pages, the helpers."""

from __future__ import annotations

import json

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation
from django.views.defaults import bad_request

from shanglian.api import api
from shanglian.core.errors import Conflict, DomainError, Forbidden, NotFound, form_add_domain_error
from shanglian.core.middleware import ErrorBoundaryMiddleware
from shanglian.core.params import INT64_MAX, id_param, int_param, page_window
from shanglian.core.views import server_error

LANGS = ["zh-hant", "zh-hans", "en"]
TEXT = {
    "404": {"zh-hant": "找不到此頁", "zh-hans": "找不到此页", "en": "Page not found"},
    "403": {"zh-hant": "沒有權限", "zh-hans": "没有权限", "en": "Access denied"},
    "400": {"zh-hant": "請求無效", "zh-hans": "请求无效", "en": "Bad request"},
    "500": {"zh-hant": "伺服器發生錯誤", "zh-hans": "伺服器发生错误", "en": "Server error"},
    "csrf": {"zh-hant": "表單已過期", "zh-hans": "表单已过期", "en": "The form has expired"},
}


# ------------------------------------------------------------------------------ error pages
@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_404_page_is_translated_and_on_the_site_layout(client, lang):
    response = client.get(f"/{lang}/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and TEXT["404"][lang] in html
    assert 'class="site-header"' in html and f'href="/{lang}/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_403_page_is_translated(client, outsider, lang):
    client.force_login(outsider)
    response = client.get(f"/{lang}/directory/import/")  # secretariat only: PermissionDenied
    assert response.status_code == 403 and TEXT["403"][lang] in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_400_page_is_translated(rf, lang):
    with translation.override(lang):
        response = bad_request(rf.get(f"/{lang}/"), exception=ValidationError("x"))
    assert response.status_code == 400 and TEXT["400"][lang] in response.content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_500_page_renders_without_database_or_request_context(rf, lang):
    # No django_db mark: any query would raise "Database access not allowed".
    with translation.override(lang):
        response = server_error(rf.get(f"/{lang}/"))
    html = response.content.decode()
    assert response.status_code == 500 and TEXT["500"][lang] in html and "site.css" in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_csrf_failure_page_is_translated(lang):
    response = Client(enforce_csrf_checks=True).post(f"/{lang}/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403 and TEXT["csrf"][lang] in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_domain_error_escaping_a_page_is_its_4xx_page_with_the_message(rf, lang):
    boundary = ErrorBoundaryMiddleware(lambda request: None)
    request = rf.get(f"/{lang}/events/")
    request.user = AnonymousUser()
    with translation.override(lang):
        response = boundary.process_exception(request, Conflict("checked_in", "已簽到，不能取消。"))
        forbidden = boundary.process_exception(request, Forbidden())
    assert response.status_code == 409
    assert "已簽到，不能取消。" in response.content.decode()
    assert forbidden.status_code == 403 and TEXT["403"][lang] in forbidden.content.decode()
    assert boundary.process_exception(request, RuntimeError("not ours")) is None


@pytest.mark.django_db
def test_ids_past_64_bit_in_page_urls_are_404(client):
    assert client.get(f"/zh-hant/directory/enterprises/{INT64_MAX + 1}/").status_code == 404
    assert client.get("/zh-hant/festival/offers/99999999999999999999/").status_code == 404


# ------------------------------------------------------------------------------------- API
def _json(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"code", "message", "fields"}
    return body


@pytest.mark.django_db
def test_api_unknown_path_and_wrong_method_are_json(client):
    assert _json(client.get("/api/v1/no-such-thing"))["code"] == "not_found"
    response = client.put("/api/v1/festival/phone/codes")
    assert response.status_code == 405 and _json(response)["code"] == "method_not_allowed"
    assert response["Allow"] == "POST"


@pytest.mark.django_db
def test_api_bad_input_is_422_with_fields_in_the_callers_language(client):
    response = client.get("/api/v1/events/events", {"page": "abc"}, HTTP_ACCEPT_LANGUAGE="en")
    body = _json(response)
    assert response.status_code == 422 and body["code"] == "invalid" and "page" in body["fields"]
    assert body["message"].startswith("Some of the input")


@pytest.mark.django_db
def test_api_login_required_and_csrf_are_json(client, kt_member):
    response = client.get("/api/v1/events/registrations")
    assert response.status_code == 401 and _json(response)["code"] == "unauthenticated"
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(kt_member)
    response = csrf_client.post("/api/v1/matching/opportunities", {}, content_type="application/json")
    assert response.status_code == 403 and _json(response)["code"] == "csrf_failed"


def test_api_maps_every_exception_once(rf):
    request = rf.get("/api/v1/x")
    cases = [(NotFound(), 404, "not_found"), (Forbidden(), 403, "forbidden"), (PermissionDenied(), 403, "forbidden"),
             (Conflict("sold_out", "賣完了"), 409, "sold_out"), (ValidationError({"title": ["太長"]}), 400, "invalid"),
             (RuntimeError("boom"), 500, "server_error")]
    for exc, status, code in cases:
        response = api.on_exception(request, exc)
        body = _json(response)
        assert (response.status_code, body["code"]) == (status, code), exc
    assert _json(api.on_exception(request, ValidationError({"title": ["太長"]})))["fields"] == {"title": ["太長"]}
    assert "boom" not in api.on_exception(request, RuntimeError("boom")).content.decode()  # logged, not shown


@pytest.mark.django_db
def test_openapi_declares_the_boundarys_errors(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    registrations = schema["paths"]["/api/v1/events/registrations"]["get"]["responses"]
    assert {"200", "401", "403", "422"} <= set(registrations)
    one = schema["paths"]["/api/v1/directory/enterprises/{enterprise_id}"]["get"]["responses"]
    assert "404" in one and one["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


# ---------------------------------------------------------------------------------- helpers
def test_domain_error_is_a_validation_error_with_code_status_and_fields():
    error = DomainError("bad_dates", "日期有誤", fields={"ends_on": "早於開始日期"})
    assert isinstance(error, ValidationError) and error.status == 400
    assert error.message_dict == {"ends_on": ["早於開始日期"]}
    assert error.as_dict() == {"code": "bad_dates", "message": "日期有誤", "fields": {"ends_on": ["早於開始日期"]}}
    with translation.override("en"):
        assert str(NotFound()) == "Not found." and NotFound().status == 404


class _Form(forms.Form):
    title = forms.CharField()


def test_form_helper_puts_field_errors_on_fields_and_the_rest_on_the_form():
    form = _Form({"title": "x"})
    assert form.is_valid()
    form_add_domain_error(form, DomainError("x", "整體", fields={"title": "太短", "nope": "其他"}))
    assert form.errors["title"] == ["太短"] and form.non_field_errors() == ["其他"]
    form = _Form({"title": "x"})
    form.is_valid()
    form_add_domain_error(form, Conflict("sold_out", "已派完"))
    assert form.non_field_errors() == ["已派完"]


@pytest.mark.parametrize("value,expected", [
    ("12", 12), (" 7 ", 7), ("-3", -3), ("²", None), ("٣", None), ("abc", None), ("", None), (None, None),
    ("1e3", None), ("99999999999999999999", None), (str(INT64_MAX), INT64_MAX), (str(INT64_MAX + 1), None),
    ("9" * 5000, None), (True, None), (5, 5),
])
def test_int_param_never_raises(value, expected):
    assert int_param(value) == expected


def test_id_and_page_helpers():
    assert id_param("0") is None and id_param("-1") is None and id_param("42") == 42
    assert page_window(99999999999999999999, 10_000) == (1_000_000, 100)
    assert page_window("²", "abc") == (1, 20) and page_window(-3, 0) == (1, 1)


@pytest.mark.django_db
def test_nul_characters_are_dropped_at_the_boundary(client, kt_member):
    """PostgreSQL text cannot hold NUL: without this, each of these was a 500 there."""
    assert client.get("/api/v1/directory/enterprises", {"association": "a\x00b", "q": "\x00"}).status_code == 200
    assert client.get("/zh-hant/directory/", {"q": "觀塘\x00", "district": "\x00"}).status_code == 200
    client.force_login(kt_member)
    body = {"kind": "need", "subtype": "sourcing", "title": "找\x00供應商", "description": "\x00" * 3,
            "target_markets": ["\x00"]}
    response = client.post("/api/v1/matching/opportunities", body, content_type="application/json")
    assert response.status_code in (201, 400, 403, 422), response.content
