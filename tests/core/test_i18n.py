"""Languages: URL prefixes, the remembered choice, the switcher, and pages in all three."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from shanglian.core.models import UserPreference
from tests.conftest import PASSWORD

HTML_LANG = {"zh-hant": 'lang="zh-Hant-HK"', "zh-hans": 'lang="zh-Hans-CN"', "en": 'lang="en"'}
# Words of the navigation as each language shows them.
NAV = {"zh-hant": "會員名錄", "zh-hans": "会员名录", "en": "Member directory"}


def url_in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.django_db
def test_root_redirects_to_traditional_chinese_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hant/"


@pytest.mark.django_db
def test_root_follows_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/en/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert client.get("/directory/")["Location"] == "/zh-hans/directory/"


@pytest.mark.django_db
def test_switch_language_sets_cookie_and_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/zh-hant/directory/?q=觀塘"})
    assert response.status_code == 302
    assert response["Location"].startswith("/zh-hans/directory/")
    assert "q=" in response["Location"]
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/zh-hans/directory/associations/"})
    assert response["Location"] == "/en/directory/associations/"
    assert client.get("/")["Location"] == "/en/"


@pytest.mark.django_db
def test_switch_language_is_stored_for_a_logged_in_user(client, outsider):
    assert client.login(username=outsider.username, password=PASSWORD)
    client.post("/i18n/setlang/", {"language": "en", "next": "/zh-hant/"})
    assert UserPreference.objects.get(user=outsider).language == "en"
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/en/"})
    assert UserPreference.objects.get(user=outsider).language == "zh-hans"


@pytest.mark.django_db
def test_unknown_language_changes_nothing(client, outsider):
    assert client.login(username=outsider.username, password=PASSWORD)
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/zh-hant/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert not UserPreference.objects.filter(user=outsider).exists()


@pytest.mark.django_db
def test_switch_refuses_foreign_next(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert "evil.example" not in response.get("Location", "")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hant", "zh-hans", "en"])
@pytest.mark.parametrize("page", ["home", "directory", "associations", "association", "enterprise", "login"])
def test_pages_render_in_every_language(client, kt_enterprise, kwun_tong, language, page):
    url = {
        "home": lambda: url_in(language, "core:home"),
        "directory": lambda: url_in(language, "directory:enterprises"),
        "associations": lambda: url_in(language, "directory:associations"),
        "association": lambda: url_in(language, "directory:association", kwun_tong.slug),
        "enterprise": lambda: url_in(language, "directory:enterprise", kt_enterprise.pk),
        "login": lambda: url_in(language, "login"),
    }[page]()
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert HTML_LANG[language] in html
    assert NAV[language] in html
    for other, word in NAV.items():
        if other != language and word != NAV[language]:
            assert f">{word}<" not in html


# Issue 12: the switcher works whatever the browser's or the cookie's language.
@pytest.mark.django_db
def test_switch_from_a_page_in_another_language_than_the_browser(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/zh-hant/directory/?q=觀塘"},
                           HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response["Location"].startswith("/zh-hans/directory/?q=")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/zh-hant/festival/offers/1/"},
                           HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Location"] == "/en/festival/offers/1/"


@pytest.mark.django_db
def test_switch_against_the_cookie_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/zh-hant/directory/associations/"})
    assert response["Location"] == "/zh-hans/directory/associations/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"


@pytest.mark.django_db
def test_switch_keeps_an_unknown_path_and_its_query(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/zh-hans/no-such-page/?a=1&b=2"},
                           HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert response["Location"] == "/en/no-such-page/?a=1&b=2"


@pytest.mark.django_db
def test_a_failed_switch_saves_no_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/zh-hant/directory/"})
    assert response["Location"] == "/zh-hant/directory/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/zh-hant/directory/?q=觀塘", "/zh-hant/festival/offers/?q=鞋",
                                 "/zh-hant/matching/?q=物流"])
def test_htmx_search_updates_the_switchers_next(client, reference_data, url):
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="lang-next"' in html and 'hx-swap-oob="true"' in html
    oob = html.split('id="lang-next"')[1].split(">")[0]
    assert "?q=" in oob and 'hx-swap-oob="true"' in oob
    full = client.get(url).content.decode()
    assert full.count('id="lang-next"') == 1  # the full page keeps one switcher field
