"""Forgotten and changed passwords: Django's views with our templates, in the user's language."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD


def test_password_pages_render_in_each_language(client, make_user):
    for lang, heading in (("zh-hant", "忘記密碼"), ("zh-hans", "忘记密码"), ("en", "Forgotten password")):
        page = client.get(f"/{lang}/password/reset/")
        assert page.status_code == 200
        assert heading in page.content.decode()
    make_user("ng")
    client.login(username="ng", password=PASSWORD)
    assert "更改密碼" in client.get("/zh-hant/password/change/").content.decode()


def test_reset_mails_a_link_that_sets_a_new_password(client, make_user):
    user = make_user("chan")
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "chan" in body
    link = re.search(r"https?://[^/]+(/\S+)", body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "設定新密碼" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": "Brand-new-pass-77",
                                                          "new_password2": "Brand-new-pass-77"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-new-pass-77")


def test_reset_for_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.invalid"}, follow=True)
    assert response.status_code == 200
    assert "已寄出重設連結" in response.content.decode()
    assert mail.outbox == []


def test_reset_link_cannot_be_forged(client, make_user):
    make_user("lee")
    response = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "forged-token"}))
    assert "此重設連結無效" in response.content.decode()


def test_reset_mail_in_english_when_asked_in_english(client, make_user):
    user = make_user("wong")
    client.post("/en/password/reset/", {"email": user.email})
    assert mail.outbox[0].subject.startswith("Password reset for ")
    assert "Dear wong" in mail.outbox[0].body


def test_change_password_needs_the_old_one(client, make_user):
    user = make_user("ho")
    client.login(username="ho", password=PASSWORD)
    bad = client.post(reverse("password_change"), {"old_password": "wrong", "new_password1": "Another-pass-88",
                                                   "new_password2": "Another-pass-88"})
    assert bad.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    good = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "Another-pass-88",
                                                    "new_password2": "Another-pass-88"})
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-pass-88")
