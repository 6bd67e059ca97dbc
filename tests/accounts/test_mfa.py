"""MFA_REQUIRED_FOR_STAFF: the secretariat and association managers set up TOTP before anything else;
with it set up, they log in with a code. Codes come from allauth's own TOTP helpers."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from tests.conftest import PASSWORD


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def login(client, user, lang="zh-hant"):
    return client.post(f"/{lang}/login/", {"login": user.username, "password": PASSWORD})


def test_staff_without_mfa_is_sent_to_enrolment_before_any_page(client, mfa_on, secretariat):
    response = login(client, secretariat)
    assert client.session.get("_auth_user_id") == str(secretariat.pk)
    for path in (response["Location"], reverse("core:dashboard"), reverse("directory:import"), "/zh-hant/admin/",
                 reverse("accounts:invitations")):
        page = client.get(path)
        assert page.status_code == 302 and page["Location"] == reverse("mfa_activate_totp"), path
    api = client.get("/api/v1/events/registrations")
    assert api.status_code == 403 and api.json()["code"] == "mfa_required"
    # Enrolment itself (after entering the password again), logging out and the language switch stay open.
    reauth = client.get(reverse("mfa_activate_totp"))
    assert reauth["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(reauth["Location"]).status_code == 200
    assert client.get(reverse("logout")).status_code == 200


def test_association_admin_must_enrol_too_but_a_member_need_not(client, mfa_on, kt_admin, kt_member):
    login(client, kt_admin)
    assert client.get(reverse("core:dashboard"))["Location"] == reverse("mfa_activate_totp")
    client.post(reverse("logout"))
    login(client, kt_member)
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_off_in_development_the_demo_logins_work_without_an_authenticator(client, settings, secretariat):
    settings.MFA_REQUIRED_FOR_STAFF = False
    login(client, secretariat)
    assert client.get(reverse("core:dashboard")).status_code == 200


def reauthenticate(client):
    """allauth asks for the password again before an authenticator is added."""
    response = client.post(reverse("account_reauthenticate") + "?next=" + reverse("mfa_activate_totp"),
                           {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_enrolment_then_recovery_codes_then_free(client, mfa_on, secretariat):
    login(client, secretariat)
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    html = page.content.decode()
    assert "設定雙重驗證" in html and "data:image/svg+xml" in html
    secret = client.session["mfa.totp.secret"]
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if code_for(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=secretariat).exists()
    done = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_staff_with_totp_logs_in_with_the_code(client, mfa_on, secretariat):
    secret = generate_totp_secret()
    TOTP.activate(secretariat, secret)
    response = login(client, secretariat)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.session.get("_auth_user_id") is None  # the password alone is not enough
    page = client.get(reverse("mfa_authenticate"))
    assert "雙重驗證" in page.content.decode()
    bad = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert bad.status_code == 200 and client.session.get("_auth_user_id") is None
    good = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert good.status_code == 302
    assert client.session.get("_auth_user_id") == str(secretariat.pk)
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_authenticate_page_in_english(client, mfa_on, secretariat):
    TOTP.activate(secretariat, generate_totp_secret())
    login(client, secretariat, lang="en")
    html = client.get("/en/accounts/2fa/authenticate/").content.decode()
    assert "Two-factor authentication" in html and "authenticator app" in html
