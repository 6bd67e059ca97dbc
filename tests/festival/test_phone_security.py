"""Phone codes under attack: guessing another's verification, spending someone else's attempts,
cross-site and non-JSON posts, missing CSRF token, and the collection notice's consent."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from shanglian.core.models import Consent
from shanglian.core.privacy import NOTICE_VERSION
from shanglian.festival import claims, sms
from shanglian.festival.models import PhoneVerification
from tests.festival.conftest import PHONE, REQUESTER

pytestmark = pytest.mark.django_db
CODES = "/api/v1/festival/phone/codes"
VERIFY = "/api/v1/festival/phone/verify"
OK_BODY = {"phone": "9123 4567", "privacy_consent": True}


@pytest.fixture(autouse=True)
def _clear():
    cache.clear()
    sms.outbox.clear()
    yield
    cache.clear()


def _ask(client, capture, body=OK_BODY):
    with capture(execute=True):
        r = client.post(CODES, body, content_type="application/json")
    assert r.status_code == 202, r.content
    code = re.search(r"(\d{6})", sms.outbox[-1].text).group(1)
    return r.json()["verification_id"], code


def _verify(client, handle, code):
    return client.post(VERIFY, {"verification_id": handle, "code": code}, content_type="application/json")


def _state(handle):
    return PhoneVerification.objects.values("attempts", "verified_at").get(handle=handle)


def test_handles_are_random_not_the_id(client, django_capture_on_commit_callbacks):
    first, _c = _ask(client, django_capture_on_commit_callbacks)
    second, _c = _ask(Client(), django_capture_on_commit_callbacks)
    rows = {r.handle: r.pk for r in PhoneVerification.objects.all()}
    assert set(rows) == {first, second}
    assert all(len(h) >= 40 and h != str(pk) for h, pk in rows.items())


def test_stranger_guessing_a_handle_or_id_gets_nothing(client, django_capture_on_commit_callbacks):
    handle, code = _ask(client, django_capture_on_commit_callbacks)
    stranger = Client()
    pk = PhoneVerification.objects.get(handle=handle).pk
    for guess in (str(pk), str(pk + 1), "1", handle):
        r = _verify(stranger, guess, code)  # even with the right code
        assert r.status_code == 422 and r.json()["code"] == "otp_unknown"
        assert "phone_token" not in r.json()
    assert _state(handle) == {"attempts": 0, "verified_at": None}  # nothing spent
    r = _verify(client, handle, code)  # the requester still can
    assert r.status_code == 200 and claims.phone_from_token(r.json()["phone_token"]) == PHONE


def test_stranger_cannot_spend_the_requesters_attempts(client, django_capture_on_commit_callbacks):
    handle, code = _ask(client, django_capture_on_commit_callbacks)
    stranger = Client()
    _ask(stranger, django_capture_on_commit_callbacks, {"phone": "6123 4567", "privacy_consent": True})
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(claims.OTP_MAX_ATTEMPTS + 2):
        assert _verify(stranger, handle, wrong).json()["code"] == "otp_unknown"
    assert _state(handle)["attempts"] == 0
    assert _verify(client, handle, code).status_code == 200


def test_service_refuses_another_requester():
    verification, code = claims.otp_request(phone=PHONE, requester=REQUESTER)
    with pytest.raises(claims.FestivalError) as err:
        claims.otp_verify(handle=verification.handle, code=code, requester="someone-else")
    assert err.value.code == "otp_unknown"
    with pytest.raises(claims.FestivalError):
        claims.otp_verify(handle=verification.handle, code=code, requester="")
    verification.refresh_from_db()
    assert verification.attempts == 0 and verification.verified_at is None
    assert claims.otp_verify(handle=verification.handle, code=code, requester=REQUESTER).verified_at


@pytest.mark.parametrize("content_type, body", [
    ("text/plain", json.dumps(OK_BODY)),                         # the classic cross-site "simple" post
    ("text/plain;charset=UTF-8", json.dumps(OK_BODY)),
    ("application/x-www-form-urlencoded", "phone=91234567&privacy_consent=1"),
    ("multipart/form-data; boundary=x",
     "--x\r\nContent-Disposition: form-data; name=\"phone\"\r\n\r\n91234567\r\n--x--"),
])
def test_only_json_is_accepted(client, content_type, body):
    r = client.post(CODES, body, content_type=content_type)
    assert r.status_code == 415 and r.json()["code"] == "json_only"
    r = client.post(VERIFY, body, content_type=content_type)
    assert r.status_code == 415
    assert not PhoneVerification.objects.exists() and not sms.outbox


@pytest.mark.parametrize("headers", [{"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": "null"},
                                     {"HTTP_SEC_FETCH_SITE": "cross-site"}])
def test_cross_site_requests_refused(client, headers):
    r = client.post(CODES, OK_BODY, content_type="application/json", **headers)
    assert r.status_code == 403 and r.json()["code"] == "cross_origin"
    assert not PhoneVerification.objects.exists() and not sms.outbox


def test_same_origin_accepted(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(CODES, OK_BODY, content_type="application/json", HTTP_ORIGIN="http://testserver",
                        HTTP_SEC_FETCH_SITE="same-origin")
    assert r.status_code == 202


def test_csrf_token_required(django_capture_on_commit_callbacks):
    browser = Client(enforce_csrf_checks=True)
    r = browser.post(CODES, OK_BODY, content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "csrf"
    assert not PhoneVerification.objects.exists()
    browser.get(reverse("festival:phone"))  # the page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    r = browser.post(CODES, OK_BODY, content_type="application/json", HTTP_X_CSRFTOKEN="x" * 32)
    assert r.status_code == 403 and not PhoneVerification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = browser.post(CODES, OK_BODY, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert r.status_code == 202
    code = re.search(r"(\d{6})", sms.outbox[-1].text).group(1)
    r = browser.post(VERIFY, {"verification_id": r.json()["verification_id"], "code": code},
                     content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert r.status_code == 200


def test_api_consent_required_and_recorded(client, django_capture_on_commit_callbacks):
    r = client.post(CODES, {"phone": "9123 4567"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "privacy_consent_required"
    r = client.post(CODES, {"phone": "+86 138 0013 8000", "privacy_consent": True}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "cross_border_consent_required"
    assert not PhoneVerification.objects.exists() and not Consent.objects.exists() and not sms.outbox
    _ask(client, django_capture_on_commit_callbacks,
         {"phone": "+86 138 0013 8000", "privacy_consent": True, "cross_border_consent": True})
    consent = Consent.objects.get()
    assert (consent.purpose, consent.phone, consent.cross_border, consent.notice_version) == (
        "festival_phone", "+8613800138000", True, NOTICE_VERSION)


def test_phone_page_shows_notice_and_requires_consent(client):
    url = reverse("festival:phone")
    page = client.get(url).content.decode()
    assert "收集個人資料聲明" in page and 'name="privacy_consent"' in page and 'name="cross_border_consent"' in page
    r = client.post(url, {"step": "phone", "phone": "9123 4567"})
    assert "請先閱讀收集個人資料聲明" in r.content.decode()
    r = client.post(url, {"step": "phone", "phone": "+86 138 0013 8000", "privacy_consent": "1"})
    assert "內地手機號碼須另行同意" in r.content.decode()
    assert not PhoneVerification.objects.exists() and not Consent.objects.exists()
    r = client.post(url, {"step": "phone", "phone": "+86 138 0013 8000", "privacy_consent": "1",
                          "cross_border_consent": "1"})
    assert 'id="otp-code"' in r.content.decode()
    assert Consent.objects.get().cross_border and PhoneVerification.objects.count() == 1


def test_phone_page_code_bound_to_the_session(client, django_capture_on_commit_callbacks):
    url = reverse("festival:phone")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"step": "phone", "phone": "9123 4567", "privacy_consent": "1"})
    code = re.search(r"(\d{6})", sms.outbox[-1].text).group(1)
    handle = client.session["festival_otp_handle"]
    # A stranger who learnt the handle cannot use it through the API either.
    assert _verify(Client(), handle, code).json()["code"] == "otp_unknown"
    assert _state(handle)["attempts"] == 0
    assert client.post(url, {"step": "code", "code": code}).status_code == 302
